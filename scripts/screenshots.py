"""Screenshots of the app for people (the README shows the Finnish ones).

    .venv/bin/python scripts/screenshots.py            # fi and sv into docs/screenshots

Each language runs in its own process (the UI language is chosen at start), on a fresh
demo register of invented clients, offscreen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "Screenshot demo passphrase 2026"


def shoot(lang: str, out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["VAKKA_INSECURE_FAST_KDF"] = "1"
    # The app saves its preferences (language, recent registers) at unlock: into a home of
    # its own, never the user's real one.
    home = Path(tempfile.mkdtemp(prefix="vakka-shots-home-"))
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        os.environ[name] = str(home / sub)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.domain.kinds import RegisterKind
    from app.services import register as register_service
    from app.services.demo import populate_demo
    from app.services.preferences import Preferences
    from app.ui.main import VakkaApp
    from app.ui.purge_review import PurgeReviewDialog
    from app.ui.tabs.clinical_tab import ClinicalTab
    from app.ui.texts import set_ui_language

    app = QApplication([])
    app.setStyle("Fusion")
    set_ui_language(lang, app)
    work = Path(tempfile.mkdtemp(prefix="vakka-shots-"))
    folder = work / "register"
    created = register_service.create(folder, PASSPHRASE)
    populate_demo(created.session, clients=200)
    created.session.close()
    out.mkdir(parents=True, exist_ok=True)

    vakka = VakkaApp(app, folder, Preferences(language=lang))
    vakka.begin()
    window = vakka.window
    window.resize(1280, 800)

    def unlock() -> None:
        # The unlock window comes after the keyring was asked (on the worker).
        dialog = vakka.unlock_dialog
        assert dialog is not None
        dialog.adjustSize()
        dialog.grab().save(str(out / f"{lang}-unlock.png"))
        dialog.secret.setText(PASSPHRASE)
        dialog.open_button.click()
        wait(
            lambda: window.isVisible() and window.model.rowCount() > 0 and not vakka.db.busy,
            main_window,
        )

    def wait(condition: object, then: object, tries: int = 100) -> None:
        def check() -> None:
            if condition() or tries <= 0:  # type: ignore[operator]
                then()  # type: ignore[operator]
            else:
                wait(condition, then, tries - 1)

        QTimer.singleShot(100, check)

    def main_window() -> None:
        window.grab().save(str(out / f"{lang}-main.png"))
        window.agenda_pages.show_view("week")
        wait(lambda: not vakka.db.busy and window.calendar.grid.blocks, calendar)

    def calendar() -> None:
        QTimer.singleShot(
            300, lambda: (window.grab().save(str(out / f"calendar-{lang}.png")), patient_tab())
        )

    def patient_tab() -> None:
        window.agenda_pages.show_view("list")
        patient = next(
            window.model.summary(r)
            for r in range(window.model.rowCount())
            if RegisterKind.PATIENT in window.model.summary(r).register_kinds
            and window.model.summary(r).active
        )
        window.select_client(patient.id)
        view = window.client_view
        view.tabs.setCurrentWidget(view.tab(ClinicalTab))
        wait(lambda: not vakka.db.busy, clinical)

    def clinical() -> None:
        QTimer.singleShot(
            500, lambda: (window.grab().save(str(out / f"{lang}-clinical.png")), purge_review())
        )

    def purge_review() -> None:
        # The demo has records due and a held client: the review opens from the banner.
        window.banner.purge_button.click()
        wait(lambda: review() is not None and review().categories.rowCount() > 0, shoot_review)

    def review() -> PurgeReviewDialog | None:
        return next(
            (
                w
                for w in app.topLevelWidgets()
                if isinstance(w, PurgeReviewDialog) and w.isVisible()
            ),
            None,
        )

    def shoot_review() -> None:
        dialog = review()
        if dialog is None:
            app.quit()
            return
        dialog.resize(1280, 640)
        QTimer.singleShot(
            300, lambda: (dialog.grab().save(str(out / f"{lang}-purge-review.png")), app.quit())
        )

    wait(lambda: vakka.unlock_dialog is not None and vakka.unlock_dialog.isVisible(), unlock)
    app.exec()
    vakka.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["fi", "sv", "en"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if args.lang:
        shoot(args.lang, args.out)
        return 0
    for lang in ("fi", "sv"):
        subprocess.run(
            [sys.executable, __file__, "--lang", lang, "--out", str(args.out)], check=True
        )
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
