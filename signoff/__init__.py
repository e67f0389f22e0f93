"""Provides `python -m signoff`: the command's own name as a module (the package that
holds the code is `tui`). Imports nothing, like tui/__init__.py."""
