"""A note being written, kept as a draft while the app is locked (no Qt, no SQL).

The draft is stored encrypted in the clinical store (never in a temp file) and read back only
while the patient records are open. It is serialised as JSON; a damaged or foreign value
reads as no draft."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class NoteDraft:
    client_id: str
    relationship_id: int
    kind: str
    body: str
    author_name: str = ""
    author_title: str = ""
    specially_protected: bool = False
    statement_copy: bool = False
    session_date: date | None = None

    def to_json(self) -> str:
        data = asdict(self)
        data["session_date"] = self.session_date.isoformat() if self.session_date else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> NoteDraft | None:
        try:
            data = json.loads(text)
            session_date = data.get("session_date")
            return cls(
                client_id=str(data["client_id"]),
                relationship_id=int(data["relationship_id"]),
                kind=str(data["kind"]),
                body=str(data["body"]),
                author_name=str(data.get("author_name", "")),
                author_title=str(data.get("author_title", "")),
                specially_protected=bool(data.get("specially_protected", False)),
                statement_copy=bool(data.get("statement_copy", False)),
                session_date=date.fromisoformat(session_date) if session_date else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
