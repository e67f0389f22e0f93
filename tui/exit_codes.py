"""Provides the exit statuses every command and both front ends share (see README)."""

OK = 0
"""Success; a run completed and its record was saved."""
PROBLEMS = 1
"""A check found problems (`flows lint`, `verify`)."""
USAGE = 2
"""Bad usage or bad input: one sentence on stderr says what."""
STOPPED = 3
"""A run was stopped and saved; `signoff resume ID` continues it."""
ABORTED = 4
"""An irreversible goal was not confirmed; nothing was recorded."""
INCOMPLETE = 5
"""A run was finished with required steps not done; its record is saved as incomplete."""
NOT_SAVED = 6
"""A run was stopped but could not be saved (disk full, read-only folder): the
message says what is missing from disk."""
INTERRUPTED = 130
"""Ctrl-C outside a run."""
