"""Settings, passphrase change and a new recovery code, driven through the real dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.domain.models import Practice
from app.services import register as register_service
from app.services.preferences import Preferences, load_preferences
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.texts import set_ui_language
from app.ui.worker import Database
from tests.conftest import PASSPHRASE, fixed_clock
from tests.gui.conftest import wait_db

LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "Copper kettle harbour 2029 softly"


def _practice(qtbot: QtBot, ctx: UiContext) -> Practice:
    found: list[Practice] = []
    ctx.db.run(register_service.practice, found.append)
    wait_db(qtbot, ctx)
    return found[0]


def _settings(qtbot: QtBot, ctx: UiContext) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    return dialog


def _retype(qtbot: QtBot, edit: object, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(edit, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_settings_save_practice_details_and_preferences(qtbot: QtBot, ctx: UiContext) -> None:
    before = _practice(qtbot, ctx)
    dialog = _settings(qtbot, ctx)
    assert dialog.name.text() == before.name
    assert dialog.location.isReadOnly()
    assert dialog.location.text() == str(ctx.register_folder)

    _retype(qtbot, dialog.name, "Perhetyo Esimerkki")
    _retype(qtbot, dialog.business_id, "2345678-0")
    _retype(qtbot, dialog.street_address, "Esimerkkikatu 1 A")
    _retype(qtbot, dialog.postal_code, "00100")
    _retype(qtbot, dialog.city, "Helsinki")
    _retype(qtbot, dialog.phone, "040 123 4567")
    _retype(qtbot, dialog.email, "info@esimerkki.fi")
    _retype(qtbot, dialog.practitioner_name, "Ville Esimerkki")
    _retype(qtbot, dialog.practitioner_title, "sosionomi (AMK)")
    _retype(qtbot, dialog.privacy_contact, "Ville Esimerkki")
    _retype(qtbot, dialog.home_municipality, "Helsinki")
    dialog.systems_used.clear()
    qtbot.keyClicks(dialog.systems_used, "Paper records in a locked cabinet")
    dialog.fiscal_month.setFocus()
    for _ in range(6):  # -> July, if it started in January
        qtbot.keyClick(dialog.fiscal_month, Qt.Key.Key_Down)
    expected_month = min(before.fiscal_year_start_month + 6, 12)

    dialog.tabs.setCurrentIndex(dialog.GENERAL_TAB)
    dialog.language.setCurrentIndex(dialog.language.findData("sv"))
    assert "next time Vakka starts" in dialog.language_note.text()
    dialog.idle_minutes.setValue(10)
    dialog.clinical_minutes.setValue(12)  # more than the app's: capped
    assert dialog.clinical_minutes.value() == 10
    dialog.idle_minutes.setValue(3)
    assert dialog.clinical_minutes.value() == 3

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)

    saved = _practice(qtbot, ctx)
    assert saved.name == "Perhetyo Esimerkki"
    assert saved.business_id == "2345678-0"
    assert saved.street_address == "Esimerkkikatu 1 A"
    assert (saved.postal_code, saved.city) == ("00100", "Helsinki")
    assert saved.phone == "040 123 4567"
    assert saved.email == "info@esimerkki.fi"
    assert (saved.practitioner_name, saved.practitioner_title) == (
        "Ville Esimerkki",
        "sosionomi (AMK)",
    )
    assert saved.privacy_contact == "Ville Esimerkki"
    assert saved.home_municipality == "Helsinki"
    assert saved.systems_used == "Paper records in a locked cabinet"
    assert saved.fiscal_year_start_month == expected_month
    assert saved.backup_overdue_days == before.backup_overdue_days  # not on the form: kept

    prefs = load_preferences()
    assert (prefs.language, prefs.idle_lock_minutes, prefs.clinical_lock_minutes) == ("sv", 3, 3)
    assert ctx.prefs.language == "sv"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_a_bad_business_id_is_refused_inline(qtbot: QtBot, ctx: UiContext) -> None:
    before = _practice(qtbot, ctx)
    dialog = _settings(qtbot, ctx)
    _retype(qtbot, dialog.name, "Changed name")
    _retype(qtbot, dialog.business_id, "1234567-8")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "business ID is not valid" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.business_id
    assert _practice(qtbot, ctx).name == before.name  # nothing was saved
    assert load_preferences() == Preferences()  # nor the preferences

    _retype(qtbot, dialog.business_id, "1234567-1")
    _retype(qtbot, dialog.phone, "12")  # too few digits: checked before sending
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "phone number is not valid" in dialog.error.text()
    assert dialog.focusWidget() is dialog.phone

    dialog.phone.clear()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert _practice(qtbot, ctx).business_id == "1234567-1"


# --- passphrase change and a new recovery code, on a fresh register with a known code ---


@pytest.fixture
def fresh(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[UiContext, str]]:
    """A new register open on the worker, and its recovery code."""
    set_ui_language("en")
    folder = tmp_path / "register"
    created = register_service.create(
        folder,
        PASSPHRASE,
        Practice(name="Testi", practitioner_name="Tessa"),
        kdf=FAST_INSECURE_KDF,
        clock=fixed_clock,
    )
    code = created.recovery_code
    created.session.close()
    errors: list[BaseException] = []
    db = Database(errors.append)
    context = UiContext(
        db=db,
        prefs=Preferences(),
        events=UiEvents(),
        clipboard=SecureClipboard(),
        register_folder=folder,
    )
    db.adopt(lambda: register_service.unlock(folder, Secret(passphrase=PASSPHRASE)))
    wait_db(qtbot, context)
    context.errors = errors  # type: ignore[attr-defined]
    yield context, code
    db.shutdown()


def _close_register(qtbot: QtBot, ctx: UiContext) -> Path:
    ctx.db.lock()
    wait_db(qtbot, ctx)
    return ctx.register_folder


def _opens(folder: Path, secret: Secret) -> bool:
    try:
        register_service.unlock(folder, secret).close()
    except WrongSecretError:
        return False
    return True


def _close_button(dialog: ChangePassphraseDialog | NewRecoveryCodeDialog) -> QPushButton:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert button is not None
    return button


def test_change_passphrase(qtbot: QtBot, fresh: tuple[UiContext, str]) -> None:
    ctx, code = fresh
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "old passphrase" in dialog.note.text()
    assert not dialog.save_button.isEnabled()

    # A wrong current passphrase: told inline, nothing changed.
    qtbot.keyClicks(dialog.current.edit, "not the passphrase at all")
    qtbot.keyClicks(dialog.pair.first, NEW_PASSPHRASE)
    assert not dialog.save_button.isEnabled()  # not typed twice yet
    qtbot.keyClicks(dialog.pair.second, NEW_PASSPHRASE)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "passphrase is not right" in dialog.error.text()
    assert not dialog.finished_label.isVisible()

    dialog.current.edit.clear()
    qtbot.keyClicks(dialog.current.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.finished_label.isVisible(), timeout=10_000)
    assert "old passphrase" in dialog.finished_label.text()
    assert dialog.passphrase_changed
    assert dialog.pair.first.text() == "" and dialog.current.edit.text() == ""
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.mouseClick(_close_button(dialog), LEFT)

    folder = _close_register(qtbot, ctx)
    assert not _opens(folder, Secret(passphrase=PASSPHRASE))
    assert _opens(folder, Secret(passphrase=NEW_PASSPHRASE))
    assert _opens(folder, Secret(recovery_code=code))  # the code did not change
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_change_passphrase_with_the_recovery_code(
    qtbot: QtBot, fresh: tuple[UiContext, str]
) -> None:
    ctx, code = fresh
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.current.use_code, Qt.Key.Key_Space)
    assert dialog.current.use_code.isChecked()
    qtbot.keyClicks(dialog.current.edit, code.lower())
    qtbot.keyClicks(dialog.pair.first, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.second, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.finished_label.isVisible(), timeout=10_000)
    folder = _close_register(qtbot, ctx)
    assert _opens(folder, Secret(passphrase=NEW_PASSPHRASE))


def test_a_weak_new_passphrase_cannot_be_submitted(
    qtbot: QtBot, fresh: tuple[UiContext, str]
) -> None:
    ctx, _code = fresh
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current.edit, PASSPHRASE)
    qtbot.keyClicks(dialog.pair.first, "password1234")
    qtbot.keyClicks(dialog.pair.second, "password1234")
    assert not dialog.save_button.isEnabled()
    assert "too easy to guess" in dialog.pair.meter.advice.text()


def test_new_recovery_code(qtbot: QtBot, fresh: tuple[UiContext, str]) -> None:
    ctx, old_code = fresh
    dialog = NewRecoveryCodeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "old code" in dialog.intro.text()

    qtbot.keyClicks(dialog.passphrase, "wrong passphrase here")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "passphrase is not right" in dialog.error.text()
    assert not dialog.has_new_code

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.hand_over.isVisible(), timeout=20_000)
    assert dialog.has_new_code
    assert dialog.passphrase.text() == ""
    close = _close_button(dialog)
    assert not close.isEnabled()  # not before the code is handed over
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()

    hand_over = dialog.hand_over
    qtbot.mouseClick(hand_over.show_button, LEFT)
    new_code = hand_over.code_label.text().replace("\n", "")
    assert new_code != old_code and new_code.count("-") == 8
    qtbot.keyClicks(hand_over.confirm, new_code.split("-")[-1])
    assert close.isEnabled()
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.mouseClick(close, LEFT)
    assert hand_over.code_label.text() == ""  # forgotten with the dialog

    folder = _close_register(qtbot, ctx)
    assert not _opens(folder, Secret(recovery_code=old_code))
    assert _opens(folder, Secret(recovery_code=new_code))
    assert _opens(folder, Secret(passphrase=PASSPHRASE))
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_a_new_recovery_code_replaces_a_remembered_key(
    qtbot: QtBot, fresh: tuple[UiContext, str]
) -> None:
    import keyring

    from app.services import remembered_key
    from tests.unit.services.test_remembered_key import MemoryKeyring

    ctx, _old_code = fresh
    old_backend = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        ids: list[tuple[str, bytes]] = []
        ctx.db.run(
            lambda s: (s.register.register_id, s.register.data_key_for_keyring()), ids.append
        )
        wait_db(qtbot, ctx)
        register_id, old_key = ids[0]
        assert remembered_key.remember(register_id, old_key)

        dialog = NewRecoveryCodeDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.save_button, LEFT)
        qtbot.waitUntil(lambda: dialog.has_new_code, timeout=20_000)
        new_key = remembered_key.recall(register_id)
        assert new_key is not None and new_key != old_key

        folder = _close_register(qtbot, ctx)
        assert _opens(folder, Secret(data_key=new_key))
        assert not _opens(folder, Secret(data_key=old_key))
    finally:
        keyring.set_keyring(old_backend)


def _unconfirmed(qtbot: QtBot, ctx: UiContext) -> bool:
    answers: list[bool] = []
    ctx.db.run(register_service.recovery_code_unconfirmed, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    return answers[0]


def test_new_recovery_code_is_confirmed_by_the_hand_over(
    qtbot: QtBot, fresh: tuple[UiContext, str]
) -> None:
    ctx, _old_code = fresh
    dialog = NewRecoveryCodeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.hand_over.isVisible(), timeout=20_000)
    assert _unconfirmed(qtbot, ctx)  # shown, not yet kept
    hand_over = dialog.hand_over
    qtbot.mouseClick(hand_over.show_button, LEFT)
    code = hand_over.code_label.text().replace("\n", "")
    qtbot.keyClicks(hand_over.confirm, code.split("-")[-1])
    assert not _unconfirmed(qtbot, ctx)


def test_an_unconfirmed_code_is_handed_over_again(
    qtbot: QtBot, fresh: tuple[UiContext, str]
) -> None:
    """Vakka was stopped after a rekey, before the hand-over: the code is shown again."""
    ctx, old_code = fresh
    ctx.db.run(lambda s: register_service.new_recovery_code(s, PASSPHRASE))
    wait_db(qtbot, ctx)
    dialog = NewRecoveryCodeDialog(ctx, show_again=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "no longer opens" in dialog.intro.text()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.hand_over.isVisible(), timeout=20_000)
    hand_over = dialog.hand_over
    qtbot.mouseClick(hand_over.show_button, LEFT)
    code = hand_over.code_label.text().replace("\n", "")
    assert code != old_code
    qtbot.keyClicks(hand_over.confirm, code.split("-")[-1])
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.mouseClick(_close_button(dialog), LEFT)
    assert not _unconfirmed(qtbot, ctx)
    folder = _close_register(qtbot, ctx)
    assert _opens(folder, Secret(recovery_code=code))
    assert not _opens(folder, Secret(recovery_code=old_code))
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_bank_details_vat_and_payment_term(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = _settings(qtbot, ctx)
    before = _practice(qtbot, ctx)
    assert dialog.iban.text() == before.iban
    dialog.tabs.setCurrentIndex(dialog.BILLING_TAB)
    _retype(qtbot, dialog.iban, "FI21 1234 5600 0007 86")  # a wrong check digit
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "IBAN is not valid" in dialog.error.text()
    assert dialog.tabs.currentIndex() == dialog.BILLING_TAB
    assert dialog.focusWidget() is dialog.iban
    assert _practice(qtbot, ctx).iban == before.iban

    _retype(qtbot, dialog.iban, "fi2112345600000785")
    _retype(qtbot, dialog.bic, "ndeafihh")
    dialog.vat_registered.setChecked(False)
    dialog.payment_term.setValue(21)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    saved = _practice(qtbot, ctx)
    assert (saved.iban, saved.bic) == ("FI21 1234 5600 0007 85", "NDEAFIHH")
    assert not saved.vat_registered and saved.payment_term_days == 21
    assert saved.name == before.name  # the other details as they were
    assert ctx.errors == []  # type: ignore[attr-defined]
