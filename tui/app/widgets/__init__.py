"""Provides the app's widgets; they draw state and post messages, never touch disk."""
