"""Provides start-up and thread helpers (stdlib only), used by every layer above."""
