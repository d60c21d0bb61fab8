"""Sorting exceptions from the disk and the database into what the user can act on.

Whatever the environment caused (a full disk, a read-only folder, a damaged page met
by an ordinary read) becomes a VakkaError with a code and a clear message; anything
else is a bug. Messages carry error names only, never paths' contents or values.
"""

from __future__ import annotations

import errno

import sqlcipher3

from app.domain.errors import RegisterDamagedError, VakkaError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def as_user_error(error: BaseException) -> VakkaError | None:
    """The user-facing error this exception stands for, or None for a bug."""
    if isinstance(error, VakkaError):
        return error
    if isinstance(error, sqlcipher3.OperationalError):
        text = str(error).lower()
        if "disk is full" in text or "database or disk is full" in text:
            return VakkaError("io.disk_full")
        if "readonly" in text or "read-only" in text:
            return VakkaError("io.no_permission")
        if "disk i/o error" in text:
            return VakkaError("io.failed", reason="I/O")
        return None
    if isinstance(error, sqlcipher3.DatabaseError):
        text = str(error).lower()
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return RegisterDamagedError("register.store_damaged", store="register.db")
        return None
    if isinstance(error, OSError):
        if error.errno in _DISK_FULL:
            return VakkaError("io.disk_full")
        if error.errno in _NO_PERMISSION:
            return VakkaError("io.no_permission")
        if isinstance(error, NotADirectoryError | FileExistsError | IsADirectoryError):
            return VakkaError("io.not_a_folder")
        return VakkaError("io.failed", reason=errno.errorcode.get(error.errno or 0, "OSError"))
    return None
