"""The user's preferences on this computer (JSON in the config folder).

Never personal data: language, idle times and the folders of recently used registers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from app.files import atomic_write_bytes
from app.paths import config_folder

MAX_RECENT = 5


@dataclass
class Preferences:
    language: str = "system"  # or fi, sv, en
    idle_lock_minutes: int = 5
    clinical_lock_minutes: int = 2
    recent_registers: list[str] = field(default_factory=list)

    def remember_register(self, folder: Path) -> None:
        text = str(Path(folder).expanduser().resolve())
        self.recent_registers = [text, *(r for r in self.recent_registers if r != text)]
        del self.recent_registers[MAX_RECENT:]


def preferences_path() -> Path:
    return config_folder() / "preferences.json"


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences; defaults when there are none or the file is unreadable."""
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    prefs = Preferences()
    for key, value in data.items():
        if key in known and isinstance(value, type(getattr(prefs, key))):
            setattr(prefs, key, value)
    prefs.idle_lock_minutes = min(max(prefs.idle_lock_minutes, 1), 240)
    prefs.clinical_lock_minutes = min(max(prefs.clinical_lock_minutes, 1), prefs.idle_lock_minutes)
    if prefs.language not in ("system", "fi", "sv", "en"):
        prefs.language = "system"
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(asdict(prefs), indent=2).encode("utf-8"))
