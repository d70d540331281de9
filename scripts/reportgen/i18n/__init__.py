"""Languages: wording per language, Traditional Chinese through OpenCC, translation state."""
