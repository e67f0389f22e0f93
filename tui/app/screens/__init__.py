"""Provides the app's screens; each owns its handlers and saves through the Run."""
