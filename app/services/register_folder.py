"""What the unlock window asks of a register folder before anything is open.

Light on purpose (standard library only underneath): the unlock window asks these on the
GUI thread at start, before the database layer is loaded (see app.db.register_folder).
"""

from __future__ import annotations

from app.db.register_folder import looks_like_register, unlock_wait_seconds

__all__ = ["looks_like_register", "unlock_wait_seconds"]
