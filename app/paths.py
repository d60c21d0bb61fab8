"""Where Vakka keeps things on this computer (platformdirs), unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Vakka"


def default_register_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "register"


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_folder() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
