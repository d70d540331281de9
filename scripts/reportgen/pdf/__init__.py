"""One typeset PDF per language from the built site."""
