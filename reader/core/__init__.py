"""Qt-free core: documents, anchoring, the editorial layer, notes with undo, store, search, formats."""
