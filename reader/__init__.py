"""Reader: an offline desktop reader for a small annotated corpus of source texts."""

__version__ = "0.1.0"
