"""Sync between devices through a shared folder, on a pycrdt (Yrs) replicated document."""
