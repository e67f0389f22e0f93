"""signoff: sign out of chat and work accounts safely, with a record of what was done."""

__version__ = "0.1.0"
