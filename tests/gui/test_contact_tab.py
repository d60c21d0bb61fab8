"""The contact details tab and its dialogs, driven with qtbot on a real demo register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.kinds import Controller, RecordsKept, RegisterKind
from app.domain.models import Client, ClientSummary
from app.services import clients, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.client_dialog import ClientDialog, ContactPersonDialog, open_new_client_dialog
from app.ui.dialogs.relationship_dialog import (
    TRI_STATE_DATA,
    EndRelationshipDialog,
    RelationshipDialog,
)
from app.ui.main_window import MainWindow
from app.ui.tabs.contact_tab import ContactTab
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as call
from tests.gui.drive import tick, type_text

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def pick_client(
    qtbot: QtBot, ctx: UiContext, predicate: Callable[[ClientSummary], bool]
) -> ClientSummary:
    summaries = call(qtbot, ctx, clients.list_clients)
    return next(s for s in summaries if predicate(s))


def active_client(qtbot: QtBot, ctx: UiContext, secure: bool = False) -> ClientSummary:
    """A client of the practice with an active relationship."""
    return pick_client(
        qtbot,
        ctx,
        lambda s: s.active and bool(s.register_kinds) and s.secure_address is secure,
    )


def open_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> ContactTab:
    tab = ContactTab(ctx)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.resize(1000, 700)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    assert tab.data is not None
    return tab


def model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(row, column), role)
                if value:
                    texts.append(str(value))
    return texts


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person could read in labels, inputs and tables under ``root``."""
    texts: list[str] = []
    for label in root.findChildren(QLabel):
        texts.append(label.text())
    for edit in root.findChildren(QLineEdit):
        texts.append(edit.text())
    for plain in root.findChildren(QPlainTextEdit):
        texts.append(plain.toPlainText())
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            texts.extend(model_texts(model))
    return [t for t in texts if t]


def the_dialog(tab: ContactTab, kind: type[T]) -> T:
    dialog = tab.dialog
    assert isinstance(dialog, kind), dialog
    return dialog


# --- ClientDialog --------------------------------------------------------------------------


def test_new_client_typed_into_the_dialog_is_saved(qtbot: QtBot, ctx: UiContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    created: list[str] = []
    before = len(call(qtbot, ctx, clients.list_clients))

    open_new_client_dialog(ctx, parent, on_created=created.append)
    dialog = parent.findChild(ClientDialog)
    assert isinstance(dialog, ClientDialog)
    assert dialog.isVisible()
    type_text(qtbot, dialog.first_name, "Väinö")
    type_text(qtbot, dialog.last_name, "Hämäläinen-Öberg")
    type_text(qtbot, dialog.street_address, "Länsikatu 5 B 12")
    qtbot.keyClicks(dialog.postal_code, "33100")
    qtbot.keyClicks(dialog.city, "Tampere")
    qtbot.keyClicks(dialog.municipality, "Tampere")
    qtbot.keyClicks(dialog.phone, "040 123 4567")
    qtbot.keyClicks(dialog.email, "vaino@example.fi")
    with qtbot.waitSignal(ctx.events.clients_changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)

    assert len(created) == 1
    summaries = call(qtbot, ctx, clients.list_clients)
    assert len(summaries) == before + 1
    saved = next(s for s in summaries if s.id == created[0])
    assert saved.name == "Väinö Hämäläinen-Öberg"
    client = call(qtbot, ctx, lambda s: clients.open_client(s, created[0]))
    assert (client.street_address, client.postal_code, client.city) == (
        "Länsikatu 5 B 12",
        "33100",
        "Tampere",
    )
    assert client.email == "vaino@example.fi"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_new_client_from_the_main_window_is_selected(qtbot: QtBot, ctx: UiContext) -> None:
    window = MainWindow(ctx, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.start()
    wait_db(qtbot, ctx)
    open_new_client_dialog(ctx, window, on_created=window.select_client)
    dialog = window.findChild(ClientDialog)
    assert isinstance(dialog, ClientDialog)
    type_text(qtbot, dialog.first_name, "Åsa")
    type_text(qtbot, dialog.last_name, "Söderström")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    wait_db(qtbot, ctx)  # the header and tab loads that the selection started
    assert window.current_client_id() is not None
    assert "Åsa Söderström" in window.client_view.header.text()
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_bad_email_is_shown_inline_and_nothing_is_saved(qtbot: QtBot, ctx: UiContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    before = len(call(qtbot, ctx, clients.list_clients))
    created: list[str] = []
    open_new_client_dialog(ctx, parent, on_created=created.append)
    dialog = parent.findChild(ClientDialog)
    assert isinstance(dialog, ClientDialog)
    type_text(qtbot, dialog.first_name, "Öljy")
    type_text(qtbot, dialog.last_name, "Mäkelä")
    qtbot.keyClicks(dialog.email, "oljy.example.fi")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)

    assert dialog.isVisible()  # kept open
    assert dialog.error.isVisible()
    assert "e-mail address is not valid" in dialog.error.text()
    assert dialog.error.text().startswith("Email:")
    assert dialog.focusWidget() is dialog.email
    assert dialog.save_button.isEnabled()
    assert created == []
    assert len(call(qtbot, ctx, clients.list_clients)) == before

    # Corrected, it saves.
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "oljy@example.fi")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert len(created) == 1
    assert len(call(qtbot, ctx, clients.list_clients)) == before + 1


def test_missing_name_moves_focus_to_the_name(qtbot: QtBot, ctx: UiContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    open_new_client_dialog(ctx, parent)
    dialog = parent.findChild(ClientDialog)
    assert isinstance(dialog, ClientDialog)
    qtbot.keyClicks(dialog.phone, "040 765 4321")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert "name or a nickname" in dialog.error.text()
    assert dialog.focusWidget() is dialog.last_name


def test_edit_contact_details(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    changed: list[str] = []
    ctx.events.client_changed.connect(changed.append)
    qtbot.mouseClick(tab.edit_button, LEFT)
    dialog = the_dialog(tab, ClientDialog)
    assert dialog.first_name.text() == summary.name.split()[0]
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "050 111 2233")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert tab.phone_value.text() == "050 111 2233"
    assert summary.id in changed


# --- contact persons ------------------------------------------------------------------------


def test_add_contact_person(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    before = tab.persons_model.rowCount()
    qtbot.mouseClick(tab.add_person_button, LEFT)
    dialog = the_dialog(tab, ContactPersonDialog)
    type_text(qtbot, dialog.name, "Kerttu Hämäläinen")
    line_edit = dialog.relation.lineEdit()
    assert line_edit is not None
    qtbot.keyClicks(line_edit, "sisar")
    qtbot.keyClicks(dialog.phone, "044 222 3344")
    assert dialog.consent_on.value() == TODAY
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)

    assert tab.dialog is None
    assert tab.persons_model.rowCount() == before + 1
    assert "Kerttu Hämäläinen" in model_texts(tab.persons_model)
    persons = call(qtbot, ctx, lambda s: clients.contact_persons(s, summary.id))
    added = next(p for p in persons if p.name == "Kerttu Hämäläinen")
    assert (added.relation, added.phone, added.consent_on) == ("sisar", "044 222 3344", TODAY)


def test_contact_person_needs_a_name(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    before = len(call(qtbot, ctx, lambda s: clients.contact_persons(s, summary.id)))
    qtbot.mouseClick(tab.add_person_button, LEFT)
    dialog = the_dialog(tab, ContactPersonDialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert dialog.error.isVisible()
    assert dialog.focusWidget() is dialog.name
    assert len(call(qtbot, ctx, lambda s: clients.contact_persons(s, summary.id))) == before


# --- relationships -------------------------------------------------------------------------


def _forget_confirmations(qtbot: QtBot, ctx: UiContext) -> None:
    """The demo confirms the legal note for both sote registers; start from none."""

    def forget(session: Session) -> None:
        with session.transaction() as conn:
            conn.execute("DELETE FROM legal_note_confirmations")

    call(qtbot, ctx, forget)
    assert call(qtbot, ctx, relationships.confirmed_kinds) == set()


def _new_client(qtbot: QtBot, ctx: UiContext, name: str = "Iida Mäkelä") -> Client:
    first, last = name.split()
    return call(
        qtbot, ctx, lambda s: clients.add_client(s, Client(first_name=first, last_name=last))
    )


def test_patient_records_in_vakka_need_the_legal_note_confirmed(
    qtbot: QtBot, ctx: UiContext
) -> None:
    _forget_confirmations(qtbot, ctx)
    client = _new_client(qtbot, ctx)
    assert client.id is not None
    client_id = client.id
    tab = open_tab(qtbot, ctx, client_id)
    assert tab.relationships_model.rowCount() == 0

    qtbot.mouseClick(tab.start_button, LEFT)
    dialog = the_dialog(tab, RelationshipDialog)
    dialog.register_kind.setCurrentIndex(dialog.register_kind.findData(RegisterKind.PATIENT))
    assert not dialog.legal_box.isVisible()  # on paper by default: no note needed
    dialog.records_kept.setCurrentIndex(dialog.records_kept.findData(RecordsKept.VAKKA))
    assert dialog.legal_box.isVisible()
    assert "703/2023 § 67" in dialog.legal_text.toPlainText()

    # 1. Without the confirmation nothing is saved.
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert dialog.isVisible()
    assert "checked your obligations" in dialog.error.text()
    assert call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id)) == []
    assert call(qtbot, ctx, relationships.confirmed_kinds) == set()

    # 2. Confirmed, but the relationship itself fails its checks: still nothing saved.
    tick(qtbot, dialog.legal_confirm)
    assert dialog.legal_confirm.isChecked()
    dialog.started_on.set_value(TODAY + timedelta(days=3))
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert "cannot start in the future" in dialog.error.text()
    assert call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id)) == []
    assert call(qtbot, ctx, relationships.confirmed_kinds) == set()

    # 3. Confirmed and valid: saved, and the confirmation recorded.
    dialog.started_on.set_value(TODAY)
    tick(qtbot, dialog.privacy_notice.check)
    with qtbot.waitSignal(ctx.events.client_changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    saved = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))
    assert len(saved) == 1
    rel = saved[0]
    assert (rel.register_kind, rel.records_kept, rel.started_on) == (
        RegisterKind.PATIENT,
        RecordsKept.VAKKA,
        TODAY,
    )
    assert rel.privacy_notice_given_on == TODAY
    assert call(qtbot, ctx, relationships.confirmed_kinds) == {RegisterKind.PATIENT}
    assert tab.relationships_model.rowCount() == 1
    assert tab.selected_relationship() is not None

    # Once confirmed, the note is not asked again for that register.
    qtbot.mouseClick(tab.start_button, LEFT)
    again = the_dialog(tab, RelationshipDialog)
    again.register_kind.setCurrentIndex(again.register_kind.findData(RegisterKind.PATIENT))
    again.records_kept.setCurrentIndex(again.records_kept.findData(RecordsKept.VAKKA))
    assert not again.legal_box.isVisible()
    again.register_kind.setCurrentIndex(again.register_kind.findData(RegisterKind.SOCIAL_CARE))
    assert again.legal_box.isVisible()  # social care needs its own confirmation
    again.reject()


def test_social_care_relationship_on_paper_with_service_task(qtbot: QtBot, ctx: UiContext) -> None:
    client = _new_client(qtbot, ctx, "Sami Järvinen")
    assert client.id is not None
    client_id = client.id
    tab = open_tab(qtbot, ctx, client_id)
    qtbot.mouseClick(tab.start_button, LEFT)
    dialog = the_dialog(tab, RelationshipDialog)
    dialog.register_kind.setCurrentIndex(dialog.register_kind.findData(RegisterKind.SOCIAL_CARE))
    assert dialog.service_task.isVisible()
    dialog.records_kept.setCurrentIndex(dialog.records_kept.findData(RecordsKept.PAPER))
    qtbot.keyClicks(dialog.records_location, "Lukittu kaappi")
    # No service task yet: the service's message, inline, focus on the task.
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert "service task" in dialog.error.text()
    assert dialog.focusWidget() is dialog.service_task
    dialog.service_task.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    rel = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))[0]
    assert rel.register_kind is RegisterKind.SOCIAL_CARE
    assert rel.service_task is not None
    assert rel.records_location == "Lukittu kaappi"


def test_county_controller_minor_and_service(qtbot: QtBot, ctx: UiContext) -> None:
    client = _new_client(qtbot, ctx, "Eino Nyström")
    assert client.id is not None
    client_id = client.id
    tab = open_tab(qtbot, ctx, client_id)
    qtbot.mouseClick(tab.start_button, LEFT)
    dialog = the_dialog(tab, RelationshipDialog)
    # Choosing a service sets its register and task.
    services = [dialog.service.itemData(i) for i in range(1, dialog.service.count())]
    family = next(s for s in services if s.register_kind is RegisterKind.SOCIAL_CARE)
    dialog.service.setCurrentIndex(services.index(family) + 1)
    assert dialog.kind() is RegisterKind.SOCIAL_CARE
    assert dialog.service_task.currentData() == family.service_task
    assert not dialog.county_name.isVisible()
    dialog.controller.setCurrentIndex(dialog.controller.findData(Controller.COUNTY))
    assert dialog.county_name.isVisible()
    qtbot.keyClicks(dialog.records_location, "Paperikansio")
    assert not dialog.minor_can_decide.isVisible()
    tick(qtbot, dialog.minor)
    assert dialog.minor_can_decide.isVisible()
    assert not dialog.minor_reasons.isVisible()
    dialog.minor_allows.setCurrentIndex(dialog.minor_allows.findData(TRI_STATE_DATA[False]))
    assert dialog.minor_reasons.isVisible()
    dialog.minor_can_decide.setCurrentIndex(dialog.minor_can_decide.findData(TRI_STATE_DATA[True]))
    type_text(qtbot, dialog.minor_reasons, "Ei halua, että äiti näkee")

    qtbot.mouseClick(dialog.save_button, LEFT)  # the county is not named yet
    wait_db(qtbot, ctx)
    assert "county" in dialog.error.text()
    assert dialog.focusWidget() is dialog.county_name
    type_text(qtbot, dialog.county_name, "Pirkanmaan hyvinvointialue")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    rel = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))[0]
    assert rel.service_id == family.id
    assert (rel.controller, rel.county_name) == (Controller.COUNTY, "Pirkanmaan hyvinvointialue")
    assert rel.minor and rel.minor_can_decide is True
    assert rel.minor_allows_guardian_disclosure is False
    assert rel.minor_prohibition_reasons == "Ei halua, että äiti näkee"
    assert "Pirkanmaan hyvinvointialue" in model_texts(tab.relationships_model)

    # Editing keeps what was saved and saves the change.
    qtbot.mouseClick(tab.edit_relationship_button, LEFT)
    edit = the_dialog(tab, RelationshipDialog)
    assert edit.county_name.text() == "Pirkanmaan hyvinvointialue"
    assert edit.minor.isChecked() and edit.minor_reasons.isVisible()
    edit.records_location.clear()
    qtbot.keyClicks(edit.records_location, "Toinen kansio")
    qtbot.mouseClick(edit.save_button, LEFT)
    wait_db(qtbot, ctx)
    saved = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))
    assert len(saved) == 1
    assert saved[0].records_location == "Toinen kansio"
    assert saved[0].minor_prohibition_reasons == "Ei halua, että äiti näkee"


def test_end_relationship_with_a_reason(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    selected = tab.selected_relationship()
    assert selected is not None and selected.ended_on is None  # the active one is chosen
    assert tab.end_button.isEnabled()
    qtbot.mouseClick(tab.end_button, LEFT)
    dialog = the_dialog(tab, EndRelationshipDialog)
    assert dialog.ended_on.value() == TODAY

    qtbot.mouseClick(dialog.save_button, LEFT)  # no reason yet
    wait_db(qtbot, ctx)
    assert "reason" in dialog.error.text()
    assert dialog.isVisible()

    line_edit = dialog.reason.lineEdit()
    assert line_edit is not None
    type_text(qtbot, line_edit, "Terapia päättyi sovitusti")
    with qtbot.waitSignal(ctx.events.clients_changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)

    rels = call(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    ended = next(r for r in rels if r.id == selected.id)
    assert ended.ended_on == TODAY
    assert ended.end_reason == "Terapia päättyi sovitusti"
    assert "Terapia päättyi sovitusti" in model_texts(tab.relationships_model)
    chosen = tab.selected_relationship()
    assert chosen is not None and chosen.id == selected.id
    assert not tab.end_button.isEnabled()  # already ended


# --- secure address ----------------------------------------------------------------------


def test_secure_address_hidden_until_show_address(qtbot: QtBot, ctx: UiContext) -> None:
    summary = pick_client(qtbot, ctx, lambda s: s.secure_address)
    client = call(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    assert client.street_address
    tab = open_tab(qtbot, ctx, summary.id)

    texts = visible_texts(tab)
    assert summary.name in " ".join(texts)  # the tab did load
    assert not any(client.street_address in t for t in texts)
    assert not any(client.postal_code and client.postal_code in t for t in texts)
    assert tab.show_address_button.isVisible()

    qtbot.mouseClick(tab.show_address_button, LEFT)
    assert client.street_address in tab.address_value.text()
    qtbot.mouseClick(tab.show_address_button, LEFT)  # and hidden again
    assert client.street_address not in tab.address_value.text()

    # The edit dialog hides it the same way until asked.
    qtbot.mouseClick(tab.edit_button, LEFT)
    dialog = the_dialog(tab, ClientDialog)
    assert not dialog.street_address.isVisible()
    qtbot.mouseClick(dialog.show_address_button, LEFT)
    assert dialog.street_address.isVisible()
    assert dialog.street_address.text() == client.street_address
    dialog.reject()


def test_plain_client_address_shown(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    client = call(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    tab = open_tab(qtbot, ctx, summary.id)
    assert not tab.show_address_button.isVisible()
    if client.street_address:
        assert client.street_address in tab.address_value.text()


# --- models and clearing ---------------------------------------------------------------


def test_models_pass_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester: Any) -> None:
    summaries = call(qtbot, ctx, clients.list_clients)
    with_persons = next(
        s
        for s in summaries
        if call(qtbot, ctx, lambda ss, cid=s.id: clients.contact_persons(ss, cid))
    )
    tab = open_tab(qtbot, ctx, with_persons.id)
    assert tab.persons_model.rowCount() > 0
    assert tab.relationships_model.rowCount() > 0
    qtmodeltester.check(tab.persons_model)
    qtmodeltester.check(tab.relationships_model)
    tab.clear()
    qtmodeltester.check(tab.persons_model)
    qtmodeltester.check(tab.relationships_model)


def test_clear_leaves_nothing_personal(qtbot: QtBot, ctx: UiContext) -> None:
    summaries = call(qtbot, ctx, clients.list_clients)
    summary = next(
        s
        for s in summaries
        if not s.secure_address
        and s.phone
        and call(qtbot, ctx, lambda ss, cid=s.id: clients.contact_persons(ss, cid))
    )
    client = call(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    persons = call(qtbot, ctx, lambda s: clients.contact_persons(s, summary.id))
    tab = open_tab(qtbot, ctx, summary.id)
    qtbot.mouseClick(tab.edit_button, LEFT)  # a dialog full of personal data is open
    assert isinstance(tab.dialog, ClientDialog)
    personal = [client.first_name, client.last_name, client.phone, client.email]
    personal += [client.street_address, client.municipality]
    personal += [p.name for p in persons] + [p.phone for p in persons if p.phone]
    personal = [p for p in personal if p]
    assert any(p in t for t in visible_texts(tab) for p in personal)

    tab.clear()
    qtbot.waitUntil(lambda: not tab.findChildren(ClientDialog))
    assert tab.dialog is None
    assert tab.client_id is None
    texts = visible_texts(tab)
    leaks = [p for p in personal if any(p in t for t in texts)]
    assert leaks == []
    assert tab.persons_model.rowCount() == 0
    assert tab.relationships_model.rowCount() == 0
    assert not tab.edit_button.isEnabled()
    assert not tab.show_address_button.isVisible()
