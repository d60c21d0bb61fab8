"""Process settings that keep personal data out of places the practitioner never sees."""

from __future__ import annotations

import contextlib


def disable_core_dumps() -> bool:
    """No core dump of this process: a crash would otherwise write its memory (the data
    key, decrypted records) to disk. Returns True when the limit is now zero.

    POSIX: RLIMIT_CORE = 0 for the soft and the hard limit (the hard limit can only be
    lowered, so nothing in the process can turn dumps back on). Windows writes no core
    files by itself; Windows Error Reporting's local dumps are a system setting, left as
    the administrator has set them."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
