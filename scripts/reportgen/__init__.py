"""Generator of the trilingual report: load -> validate -> derive -> render -> site and PDF."""
