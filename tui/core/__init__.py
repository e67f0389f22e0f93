"""Provides signoff's core: the flow library, the decision tree, the records and what is
made from them. It imports no UI toolkit and no platformdirs (import-linter contracts
in pyproject.toml hold it to that), so the plain mode, the commands and the tests can
use it without paying for one.

The packages say where a change goes: `flows/` (what the library says), `records/`
(what was done, on disk), `reports/` (what is made from records); `engine` walks the
decision tree and `run` works through one checklist.
"""
