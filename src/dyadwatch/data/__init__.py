"""Built-in data tables (see README.md in this folder)."""
