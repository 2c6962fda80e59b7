"""One importer per file format, each turning its format into the same pieces + provenance.

This package's ``__init__`` stays light (the corpus loader imports :mod:`.blocktext` on
every start); the format libraries are imported by :func:`.formats.import_bytes` only.
"""
