"""Contact details tab: the client's details, contact persons and client relationships.

A secure-address client's address (turvakielto) stays hidden behind "Show address"
(RULES.md); it is never put into a label before that click.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import Controller, RegisterKind
from app.domain.models import Client, ContactPerson, Relationship, Service
from app.i18n import N_
from app.services import clients, register, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.client_dialog import ClientDialog, ContactPersonDialog, contact_language_label
from app.ui.dialogs.county_delivery_dialogs import ConfirmDeliveryDialog, CountyPacketDialog
from app.ui.dialogs.form_helpers import FormDialog
from app.ui.dialogs.relationship_dialog import (
    EndRelationshipDialog,
    RelationshipDialog,
    controller_text,
    records_kept_text,
    register_kind_label,
    service_task_label,
)
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab, button_row
from app.ui.texts import _, format_date

EMPTY = "—"


@dataclass(frozen=True)
class ContactData:
    client: Client
    contact_persons: list[ContactPerson]
    relationships: list[Relationship]
    services: list[Service] = field(default_factory=list)
    confirmed_kinds: frozenset[RegisterKind] = frozenset()


def load_contact_data(session: Session, client_id: str) -> ContactData:
    """Everything the tab shows, in one job (opening the client is logged once)."""
    return ContactData(
        client=clients.open_client(session, client_id),
        contact_persons=clients.contact_persons(session, client_id),
        relationships=relationships.relationships_of(session, client_id),
        services=register.services(session),
        confirmed_kinds=frozenset(relationships.confirmed_kinds(session)),
    )


def address_text(client: Client) -> str:
    place = " ".join(p for p in (client.postal_code, client.city) if p)
    return "\n".join(p for p in (client.street_address, place) if p)


class ContactPersonsModel(RecordTableModel[ContactPerson]):
    HEADERS = (N_("Name"), N_("Relation"), N_("Phone"), N_("Email"), N_("Consent given on"))

    def cell(self, person: ContactPerson, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return person.name
        if column == 1:
            return person.relation
        if column == 2:
            return person.phone
        if column == 3:
            return person.email
        return format_date(person.consent_on) if person.consent_on else _("not recorded")


class RelationshipsModel(RecordTableModel[Relationship]):
    # Seven columns that fit the tab at the default size in every language: the register
    # carries its service task, the period its start and end (issue 11, item 13).
    HEADERS = (
        N_("Service"),
        N_("Register"),
        N_("Controller"),
        N_("Client records"),
        N_("Started–ended"),
        N_("Reason for ending"),
        N_("Privacy notice given"),
    )
    RECORDS = 3

    def __init__(self) -> None:
        super().__init__()
        self._service_names: dict[int, str] = {}

    def set_rows(self, rows: Iterable[Relationship], services: list[Service] | None = None) -> None:
        self._service_names = {s.id: s.name for s in services or [] if s.id is not None}
        super().set_rows(rows)

    def relationship(self, row: int) -> Relationship:
        return self.record(row)

    def cell(self, rel: Relationship, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole value of a narrowed column
            return self.cell(rel, column, Qt.ItemDataRole.DisplayRole) or None
        if role == Qt.ItemDataRole.ForegroundRole and rel.ended_on is not None:
            from PySide6.QtGui import QPalette

            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:  # the service first: Psychotherapy, Coaching (issue 11, item 13)
            return self._service_names.get(rel.service_id or -1, "")
        if column == 1:
            register = register_kind_label(rel.register_kind, short=True)
            task = service_task_label(rel.service_task)
            return f"{register}: {task}" if task else register
        if column == 2:
            return controller_text(rel)
        if column == 3:
            return records_kept_text(rel)
        if column == 4:
            ended = format_date(rel.ended_on) if rel.ended_on else _("continues")
            return f"{format_date(rel.started_on)}–{ended}"
        if column == 5:
            return rel.end_reason
        return format_date(rel.privacy_notice_given_on) if rel.privacy_notice_given_on else ""


class ContactTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = date.today
        self.data: ContactData | None = None
        self.dialog: FormDialog | None = None
        self._address_shown = False
        self._select_after_reload: int | None = None

        # --- contact details ---------------------------------------------------------------
        details = QGroupBox(_("Contact details"))
        details_form = QFormLayout()
        details_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.value_labels: dict[str, QLabel] = {}

        def value_row(key: str, title: str) -> QLabel:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setAccessibleName(title.rstrip(":"))
            self.value_labels[key] = value
            return value

        self.name_value = value_row("name", _("Name:"))
        self.nickname_value = value_row("nickname", _("Nickname:"))
        self.address_value = value_row("address", _("Address:"))
        self.municipality_value = value_row("municipality", _("Municipality of residence:"))
        self.phone_value = value_row("phone", _("Phone:"))
        self.email_value = value_row("email", _("Email:"))
        self.language_value = value_row("language", _("Contact language:"))
        self.secure_value = value_row("secure", _("Non-disclosure for personal safety:"))

        self.show_address_button = QPushButton(icon("reveal"), _("Sho&w address"))
        self.show_address_button.setToolTip(
            _("This client has a non-disclosure for personal safety (turvakielto).")
        )
        self.show_address_button.clicked.connect(self.toggle_address)
        self.show_address_button.hide()
        address_row = QHBoxLayout()
        address_row.setContentsMargins(0, 0, 0, 0)
        address_row.addWidget(self.address_value, 1)
        address_row.addWidget(self.show_address_button, 0, Qt.AlignmentFlag.AlignTop)

        details_form.addRow(_("Name:"), self.name_value)
        details_form.addRow(_("Nickname:"), self.nickname_value)
        details_form.addRow(_("Address:"), address_row)
        details_form.addRow(_("Municipality of residence:"), self.municipality_value)
        details_form.addRow(_("Phone:"), self.phone_value)
        details_form.addRow(_("Email:"), self.email_value)
        details_form.addRow(_("Contact language:"), self.language_value)
        details_form.addRow(_("Non-disclosure for personal safety:"), self.secure_value)

        self.edit_button = QPushButton(icon("edit"), _("&Edit…"))
        self.edit_button.setAccessibleName(_("Edit contact details"))
        self.edit_button.clicked.connect(self.edit_client)
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(details_form)
        details_layout.addStretch(1)
        details_layout.addLayout(button_row(self.edit_button, align_right=True))

        # --- contact persons -------------------------------------------------------------------
        persons = QGroupBox(_("Contact persons"))
        self.persons_model = ContactPersonsModel()
        self.persons_table = record_table(self.persons_model, _("Contact persons"), word_wrap=False)
        self.add_person_button = QPushButton(icon("add"), _("Add contact &person…"))
        self.add_person_button.clicked.connect(self.add_contact_person)
        persons_layout = QVBoxLayout(persons)
        persons_layout.addWidget(self.persons_table)
        persons_layout.addLayout(button_row(self.add_person_button, align_right=True))

        # --- relationships -------------------------------------------------------------------
        rels = QGroupBox(_("Client relationships"))
        self.relationships_model = RelationshipsModel()
        # Nine columns in the width left: long values wrap (the records' place, a Swedish
        # register name) and no column grows past a readable width (issue 11, item 13).
        self.relationships_table = record_table(
            self.relationships_model,
            _("Client relationships"),
            stretch_columns=(RelationshipsModel.RECORDS,),
        )
        header = self.relationships_table.horizontalHeader()
        header.setMaximumSectionSize(140)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed title ends in …
        self.relationships_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.relationships_table.selectionModel().selectionChanged.connect(
            self._relationship_selected
        )
        self.relationships_table.doubleClicked.connect(lambda _i: self.edit_relationship())
        self.start_button = QPushButton(icon("add"), _("&Start relationship…"))
        self.start_button.clicked.connect(self.start_relationship)
        self.edit_relationship_button = QPushButton(icon("edit"), _("Ed&it…"))
        self.edit_relationship_button.setAccessibleName(_("Edit relationship"))
        self.edit_relationship_button.clicked.connect(self.edit_relationship)
        self.end_button = QPushButton(_("E&nd relationship…"))
        self.end_button.clicked.connect(self.end_relationship)
        self.packet_button = QPushButton(_("Delivery packet for the c&ounty…"))
        self.packet_button.clicked.connect(self.county_packet)
        self.confirm_delivery_button = QPushButton(_("Confirm deli&very…"))
        self.confirm_delivery_button.clicked.connect(self.confirm_delivery)
        self.notice_button = QPushButton(icon("print"), _("Privacy no&tice…"))
        self.notice_button.setToolTip(
            _("Print or save the privacy notice and record the day the client was given it")
        )
        self.notice_button.clicked.connect(self.privacy_notice)
        rels_layout = QVBoxLayout(rels)
        rels_layout.addWidget(self.relationships_table)
        rels_layout.addLayout(
            button_row(
                self.packet_button,
                self.confirm_delivery_button,
                self.notice_button,
                self.start_button,
                self.edit_relationship_button,
                self.end_button,
                align_right=True,
            )
        )

        top = QHBoxLayout()
        top.addWidget(details, 3)
        top.addWidget(persons, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(rels, 1)
        self._update_buttons()

    def title(self) -> str:
        return _("Contact details")

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.load(load_contact_data, self._show)

    def _show(self, data: ContactData) -> None:
        selected = self.selected_relationship()
        select_id = self._select_after_reload or (selected.id if selected else None)
        self._select_after_reload = None
        self.data = data
        client = data.client
        self.name_value.setText(f"{client.first_name} {client.last_name}".strip() or EMPTY)
        self.nickname_value.setText(client.nickname or EMPTY)
        self.municipality_value.setText(client.municipality or EMPTY)
        self.phone_value.setText(client.phone or EMPTY)
        self.email_value.setText(client.email or EMPTY)
        self.language_value.setText(contact_language_label(client.contact_language))
        self.secure_value.setText(
            _("Yes: the address is not shown in lists") if client.secure_address else _("No")
        )
        self._address_shown = not client.secure_address
        self._show_address()
        self.persons_model.set_rows(data.contact_persons)
        self.relationships_model.set_rows(data.relationships, data.services)
        if select_id is None:  # the latest active relationship, else the latest one
            active = [r for r in data.relationships if r.ended_on is None]
            latest = active or data.relationships
            select_id = latest[-1].id if latest else None
        if select_id is not None:
            self.select_relationship(select_id)
        self._update_buttons()

    def _show_address(self) -> None:
        client = self.data.client if self.data else None
        secure = client is not None and client.secure_address
        self.show_address_button.setVisible(secure)
        if client is None:
            self.address_value.clear()
        elif self._address_shown:
            self.address_value.setText(address_text(client) or EMPTY)
        else:
            self.address_value.setText(_("Hidden"))
        self.show_address_button.setText(
            _("Hi&de address") if self._address_shown else _("Sho&w address")
        )

    def toggle_address(self) -> None:
        """The explicit request to see a secure-address client's address (RULES.md)."""
        self._address_shown = not self._address_shown
        self._show_address()

    def clear(self) -> None:
        super().clear()
        self.close_dialog()
        self.data = None
        self._address_shown = False
        self._select_after_reload = None
        for label in self.value_labels.values():
            label.clear()
        self.show_address_button.hide()
        self.persons_model.clear()
        self.relationships_model.clear()
        self._update_buttons()

    # --- relationships -------------------------------------------------------------------

    def selected_relationship(self) -> Relationship | None:
        rows = self.relationships_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.relationships_model.relationship(rows[0].row())

    def select_relationship(self, relationship_id: int | None) -> None:
        row = self.relationships_model.row_of(relationship_id)
        if row is not None:
            self.relationships_table.selectRow(row)

    def _relationship_selected(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        loaded = self.data is not None
        rel = self.selected_relationship() if loaded else None
        for button in (self.edit_button, self.add_person_button, self.start_button):
            button.setEnabled(loaded)
        self.edit_relationship_button.setEnabled(rel is not None)
        self.notice_button.setEnabled(rel is not None and rel.ended_on is None)
        self.end_button.setEnabled(rel is not None and rel.ended_on is None)
        deliverable = (
            rel is not None and rel.controller is Controller.COUNTY and rel.ended_on is not None
        )
        for button in (self.packet_button, self.confirm_delivery_button):
            button.setVisible(rel is not None and rel.controller is Controller.COUNTY)
        self.packet_button.setEnabled(deliverable)
        self.confirm_delivery_button.setEnabled(
            deliverable and rel is not None and rel.delivered_on is None
        )

    # --- dialogs -------------------------------------------------------------------------

    def close_dialog(self) -> None:
        """Dialogs hold personal data: they go when the tab is cleared (on lock)."""
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close_now()
            dialog.deleteLater()

    def privacy_notice(self) -> None:
        rel = self.selected_relationship()
        if self.data is None or rel is None:
            return
        from app.ui.privacy_notice_dialog import PrivacyNoticeDialog

        self.close_dialog()
        dialog = PrivacyNoticeDialog(
            self.ctx, self.today(), rel, self.data.client.contact_language, self
        )
        dialog.finished.connect(lambda _r: self.reload() if dialog.given else None)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def edit_client(self) -> None:
        if self.data is None:
            return
        dialog = ClientDialog(self.ctx, self.data.client, self)
        dialog.saved.connect(lambda _client: self.reload())
        self.open_dialog(dialog)

    def add_contact_person(self) -> None:
        if self.data is None or self.client_id is None:
            return
        dialog = ContactPersonDialog(self.ctx, self.client_id, self.today(), self)
        dialog.saved.connect(lambda _person: self.reload())
        self.open_dialog(dialog)

    def start_relationship(self) -> None:
        self._open_relationship_dialog(None)

    def edit_relationship(self) -> None:
        rel = self.selected_relationship()
        if rel is not None:
            self._open_relationship_dialog(rel)

    def _open_relationship_dialog(self, rel: Relationship | None) -> None:
        """A new relationship (``rel`` None) or a change to ``rel``."""
        if self.data is None or self.client_id is None:
            return
        dialog = RelationshipDialog(
            self.ctx,
            self.client_id,
            self.today(),
            self.data.services,
            self.data.confirmed_kinds,
            rel,
            self,
        )
        dialog.saved.connect(self._relationship_saved)
        self.open_dialog(dialog)

    def end_relationship(self) -> None:
        rel = self.selected_relationship()
        if rel is None or rel.ended_on is not None:
            return
        dialog = EndRelationshipDialog(self.ctx, rel, self.today(), self)
        dialog.saved.connect(self._relationship_saved)
        self.open_dialog(dialog)

    def county_packet(self) -> None:
        rel = self.selected_relationship()
        if rel is None or self.data is None:
            return
        dialog = CountyPacketDialog(self.ctx, rel, self.data.client.secure_address, self)
        self.open_dialog(dialog)

    def confirm_delivery(self) -> None:
        rel = self.selected_relationship()
        if rel is None or rel.delivered_on is not None:
            return
        dialog = ConfirmDeliveryDialog(self.ctx, rel, self.today(), self)
        dialog.saved.connect(self._relationship_saved)
        self.open_dialog(dialog)

    def _relationship_saved(self, rel: Relationship) -> None:
        self._select_after_reload = rel.id
        self.reload()
