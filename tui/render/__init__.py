"""Markdown to terminal lines: parsing, wrapping, tables and code, with rich and no Textual."""
