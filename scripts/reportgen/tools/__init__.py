"""Tools for contributors and reviewers."""
