"""The built site: menu rules, the table-cell Markdown extension, post-build fixes."""
