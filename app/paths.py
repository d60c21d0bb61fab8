"""Where Vakka keeps things on this computer (platformdirs), unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from app.domain.errors import UsageError

APP_NAME = "Vakka"


def default_register_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "register"


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_folder() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_path(text: str | Path) -> Path:
    """A path the user gave (``~`` expanded), or UsageError when it cannot be a path at all.

    The file system's own refusals (too long, a link loop, no permission) come later,
    from the call that meets them, as OSErrors that ``app.db.errors`` names.
    """
    raw = str(text)
    if not raw.strip():
        raise UsageError("path.empty")
    if "\0" in raw:
        raise UsageError("path.nul_character")
    try:
        return Path(raw).expanduser()
    except RuntimeError:  # "~name/…" for a user this computer does not know
        raise UsageError("path.unknown_user") from None
