"""Page images of a sample access answer in fi, sv and en, for docs/screenshots.

    .venv/bin/python scripts/answer_pages.py

Makes a demo register of invented clients in a temporary folder, answers an access
request of a client with patient records, an identity code and entries, and renders the
first pages of each language's PDF to PNG with QtPdf (no other tool needed). The PDFs
themselves are not kept.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "Answer pages demo passphrase 2026"
PAGES = (1, 2, 3, 6)
WIDTH = 900  # pixels across a page


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["VAKKA_INSECURE_FAST_KDF"] = "1"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication

    from app.db.keyfile import FAST_INSECURE_KDF
    from app.domain.kinds import IdentityMethod, RegisterKind, RequestKind
    from app.services import access_answer, clients, clinical, relationships, requests
    from app.services import register as register_service
    from app.services.demo import populate_demo

    app = QApplication.instance() or QApplication([])
    out = ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory(prefix="vakka-answer-") as work:
        created = register_service.create(
            Path(work) / "register", PASSPHRASE, kdf=FAST_INSECURE_KDF
        )
        session = created.session
        try:
            populate_demo(session, clients=30)
            chosen = ""
            for summary in clients.list_clients(session):
                rels = relationships.relationships_of(session, summary.id)
                if any(r.register_kind is RegisterKind.PATIENT for r in rels) and (
                    clinical.identity_masked(session, summary.id) is not None
                    and len(clinical.notes_of(session, summary.id)) >= 3
                ):
                    chosen = summary.id
                    break
            request = requests.record_request(session, chosen, RequestKind.ACCESS, session.today())
            requests.record_identity_check(
                session, request.id or 0, IdentityMethod.IN_PERSON_ID_DOCUMENT,
                "Eeva Esimerkki", session.today(),
            )  # fmt: skip
            for lang in ("fi", "sv", "en"):
                pdf = Path(work) / f"answer-{lang}.pdf"
                access_answer.write_answer(session, request.id or 0, pdf, lang=lang)
                document = QPdfDocument()
                document.load(str(pdf))
                for page in PAGES:
                    if page > document.pageCount():
                        continue
                    points = document.pagePointSize(page - 1)
                    size = QSize(WIDTH, round(WIDTH * points.height() / points.width()))
                    rendered = document.render(page - 1, size)
                    image = QImage(size, QImage.Format.Format_RGB32)
                    image.fill(QColor("white"))
                    painter = QPainter(image)
                    painter.drawImage(0, 0, rendered)
                    painter.end()
                    target = out / f"answer-{lang}-{page}.png"
                    image.save(str(target))
                    print(target.relative_to(ROOT))
                document.close()
        finally:
            session.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
