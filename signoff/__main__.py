"""Provides `python -m signoff`, the same as the `signoff` command."""

from tui.cli import main

raise SystemExit(main())
