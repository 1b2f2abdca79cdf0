"""Typed errors. The library raises these; the CLI turns them into messages and exit codes."""

from __future__ import annotations


class DyadwatchError(Exception):
    """Base class: an expected failure with a message a user can act on."""


class InputError(DyadwatchError):
    """An input file or record cannot be read. Names the input and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ModelNotFoundError(DyadwatchError):
    """No usable spaCy English model is installed."""


class DataTableError(DyadwatchError):
    """A built-in or user-supplied data table is malformed."""


class StoreError(DyadwatchError):
    """The database cannot be opened or written."""
