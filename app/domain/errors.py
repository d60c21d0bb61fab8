"""Errors with codes.

The domain and the storage layers raise these; the layer that shows them (CLI, GUI,
PDF) turns the code into a message in the reader's language through ``app.i18n``.
The exception text is the code alone, so no name, identity code or note text can
ever reach a log or a traceback through it. ``params`` hold only safe values
(field names, counts, dates, process ids), never personal data.
"""

from __future__ import annotations

ParamValue = str | int | float


class VakkaError(Exception):
    """Something the user or the environment caused: shown as a clear message."""

    exit_code = 1

    def __init__(self, code: str, **params: ParamValue) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, ParamValue] = params


class ValidationError(VakkaError):
    """Invalid input; nothing was changed. ``field`` names the input concerned."""

    def __init__(self, code: str, field: str = "", **params: ParamValue) -> None:
        super().__init__(code, **params)
        self.field = field


class UsageError(VakkaError):
    """The command was given something it cannot use at all (e.g. a path with a NUL)."""

    exit_code = 2


class NotFoundError(VakkaError):
    """A record that was asked for does not exist (or no register at that path)."""


class WrongSecretError(VakkaError):
    """Wrong passphrase or recovery code."""

    exit_code = 3


class RegisterDamagedError(VakkaError):
    """A store, the key file or the audit chain is damaged."""

    exit_code = 4


class RegisterInUseError(VakkaError):
    """Another process holds the register open."""

    exit_code = 5


class RuleViolationError(VakkaError):
    """An operation the domain rules forbid (e.g. changing an append-only note)."""
