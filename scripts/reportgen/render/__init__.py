"""Rendering: figures, tables, pages and the escaping every text passes through."""
