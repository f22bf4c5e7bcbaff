"""Data shipped with the search: the synonym dictionary (see README.md here)."""
