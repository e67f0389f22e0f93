"""Provides the flow library: its model, loader, linter and cache."""
