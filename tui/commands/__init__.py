"""Provides the non-UI subcommands; none of them imports Textual."""
