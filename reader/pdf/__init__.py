"""The annotated PDF export: typesetting with QtGui, native annotations and metadata with pypdf."""
