"""Where a document the practitioner asked for may be written."""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import ValidationError


def require_folder_of(path: Path, field: str = "out") -> Path:
    """The file goes only into a folder that exists (refused before anything is built)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError("export.no_folder", field=field)
    return path
