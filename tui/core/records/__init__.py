"""Provides the records: the record, its file form, the store, the chain and the index."""
