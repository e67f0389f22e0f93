"""Provides what is made from records: exports, reports and reviews due."""
