"""Provides LazySubParsers: argparse's subcommands, each subcommand's parser built the
first time it is looked up rather than on every start.

It reaches into argparse's `_SubParsersAction` (the one private name this package uses
of the standard library); tests/cli/test_lazy_parser.py holds every help, completion
script, man page and error to what building every parser at once gives, so a Python
whose argparse changes fails there first.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


class LazyParsers(dict[str, Any]):
    """A subcommand's name -> its parser, built the first time it is looked up.

    `signoff` (the wizard) needs no subcommand's parser and `signoff history` one; the
    two dozen, with their options and the global ones each repeats, took about 8 ms to
    build on every start, some 7% of `history --json` and of the plain mode's first
    prompt. Iterating over values or items (shtab's completion, the man page) builds
    them all, in the order they were added."""

    def __init__(self, build: Callable[[str], argparse.ArgumentParser]) -> None:
        super().__init__()
        self._build = build

    def add_later(self, name: str) -> None:
        super().__setitem__(name, None)

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        parser = super().__getitem__(name)
        if parser is None:
            parser = self._build(name)
            super().__setitem__(name, parser)
        return parser  # type: ignore[no-any-return]

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def values(self) -> Any:
        return [self[name] for name in self]

    def items(self) -> Any:
        return [(name, self[name]) for name in self]


class LazySubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """argparse's subcommands, each parser made when it is first needed (see
    LazyParsers). `add_later` does what `add_parser` does, in two parts: the line in
    the list of commands now, the parser (with the `prog` add_parser would give it)
    when argparse, shtab or the man page looks it up through `choices`, which is the
    lazy map. tests/cli/test_lazy_parser.py checks that every help, completion script,
    man page and error reads the same as with every parser made at once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._later: dict[str, Callable[[str], argparse.ArgumentParser]] = {}
        self._parsers = LazyParsers(self._build)
        self._name_parser_map = self.choices = self._parsers

    def add_later(self, name: str, make: Callable[[str], argparse.ArgumentParser], *,
                  help: str) -> None:
        """A subcommand listed with `help`, whose parser `make(prog)` returns."""
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        self._later[name] = make
        self._parsers.add_later(name)

    def _build(self, name: str) -> argparse.ArgumentParser:
        return self._later.pop(name)(f"{self._prog_prefix} {name}")
