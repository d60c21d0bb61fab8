"""Sorting exceptions from the disk and the database into what the user can act on.

Whatever the environment caused (a full disk, a read-only folder, a damaged page met
by an ordinary read) becomes a VakkaError with a code and a clear message; anything
else is a bug. Messages carry error names only, never paths' contents or values.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

import sqlcipher3

from app.domain.errors import RegisterDamagedError, RuleViolationError, UsageError, VakkaError

# The codes the schema's triggers raise (RAISE(ABORT, code)): rules the store keeps itself.
TRIGGER_CODES = frozenset({"invoice.already_sent"})

# What the disk said, by errno; anything else is "reading or writing failed (ENAME)".
_BY_ERRNO: dict[int, str] = {
    errno.ENOSPC: "io.disk_full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "io.disk_full",
    errno.EROFS: "io.read_only_disk",
    errno.EACCES: "io.no_permission",
    errno.EPERM: "io.no_permission",
    errno.ENAMETOOLONG: "io.path_too_long",
    errno.ELOOP: "io.link_loop",
    errno.ENOTDIR: "io.not_a_folder",
    errno.EEXIST: "io.not_a_folder",
    errno.EISDIR: "io.is_a_folder",
    errno.ENOENT: "io.not_found",
}
# The only ValueErrors the environment causes: a path with a NUL character in it.
_NUL_IN_PATH = ("embedded null byte", "embedded null character")


def as_user_error(error: BaseException) -> VakkaError | None:
    """The user-facing error this exception stands for, or None for a bug."""
    if isinstance(error, VakkaError):
        return error
    refused = trigger_refusal(error)
    if refused is not None:
        return refused
    if isinstance(error, sqlcipher3.OperationalError):
        text = str(error).lower()
        if "disk is full" in text or "database or disk is full" in text:
            return VakkaError("io.disk_full")
        if "readonly" in text or "read-only" in text:
            return VakkaError("io.no_permission")
        if "disk i/o error" in text:
            return VakkaError("io.failed", reason="I/O")
        if "unable to open database file" in text:
            return VakkaError("io.cannot_open")
        return None
    if isinstance(error, sqlcipher3.DatabaseError):
        text = str(error).lower()
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return RegisterDamagedError("register.store_damaged", store="register.db")
        return None
    if isinstance(error, OSError):
        return os_error(error)
    if isinstance(error, ValueError) and str(error) in _NUL_IN_PATH:
        return UsageError("path.nul_character")
    return None


def os_error(error: OSError) -> VakkaError:
    """The message for what the file system refused, named by its errno."""
    code = _BY_ERRNO.get(error.errno or 0)
    if code is not None:
        return VakkaError(code)
    return VakkaError("io.failed", reason=errno.errorcode.get(error.errno or 0, "OSError"))


def trigger_refusal(error: BaseException) -> RuleViolationError | None:
    """The rule a schema trigger refused the change by, or None."""
    if isinstance(error, sqlcipher3.IntegrityError) and str(error) in TRIGGER_CODES:
        return RuleViolationError(str(error))
    return None


@contextmanager
def refused_by_triggers() -> Iterator[None]:
    """Turn a trigger's refusal inside the block into its RuleViolationError."""
    try:
        yield
    except sqlcipher3.DatabaseError as error:
        refused = trigger_refusal(error)
        if refused is None:
            raise
        raise refused from None
