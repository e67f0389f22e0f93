"""Provides the full-screen Textual front end."""
