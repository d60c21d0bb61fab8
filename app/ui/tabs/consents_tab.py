"""Consents, data-sharing permissions and prohibitions with their versions; disclosures;
legal holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import Consent, Disclosure, LegalHold, Relationship
from app.i18n import N_
from app.services import consents, decisions, holds, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.consent_dialog import (
    ConsentDialog,
    HoldDialog,
    WithdrawDialog,
    consent_kind_label,
    hold_ground_label,
)
from app.ui.dialogs.disclosure_dialog import DisclosureDialog
from app.ui.icons import icon
from app.ui.printing import ask_save_path, print_in_background
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab, button_row
from app.ui.tabs.billing_tab import ID_ROLE, dim_brush
from app.ui.texts import _, format_date


@dataclass
class ConsentsData:
    consents: list[Consent] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    holds: list[LegalHold] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    today: date = date.min


def load_consents(session: Session, client_id: str) -> ConsentsData:
    return ConsentsData(
        consents.consents_of(session, client_id),
        consents.disclosures_of(session, client_id),
        holds.holds_of(session, client_id),
        relationships.relationships_of(session, client_id),
        session.today(),
    )


def in_version_order(all_consents: list[Consent]) -> list[Consent]:
    """Each current version (newest given first) followed by the versions it replaced."""
    by_id = {c.id: c for c in all_consents}
    current = sorted(
        (c for c in all_consents if c.current),
        key=lambda c: (c.withdrawn_on is not None, -c.given_on.toordinal(), -(c.id or 0)),
    )
    ordered: list[Consent] = []
    seen: set[int | None] = set()
    for head in current:
        consent: Consent | None = head
        while consent is not None and consent.id not in seen:
            ordered.append(consent)
            seen.add(consent.id)
            consent = by_id.get(consent.supersedes_id) if consent.supersedes_id else None
    ordered.extend(c for c in all_consents if c.id not in seen)  # chains without a head
    return ordered


def consent_status(consent: Consent) -> str:
    if consent.replaced_at is not None:
        return _("Replaced on {date}").format(date=format_date(consent.replaced_at.date()))
    if consent.withdrawn_on is not None:
        return _("Withdrawn on {date}").format(date=format_date(consent.withdrawn_on))
    return _("In force")


class ConsentModel(RecordTableModel[Consent]):
    """Each version in force, followed by the versions it replaced (dimmed)."""

    HEADERS = (
        N_("Kind"),
        N_("What it covers"),
        N_("Recipient or person"),
        N_("Given"),
        N_("Version"),
        N_("Status"),
    )

    def ordered(self, rows: list[Consent]) -> list[Consent]:
        return in_version_order(rows)

    def consent(self, row: int) -> Consent:
        return self.record(row)

    def cell(self, consent: Consent, column: int, role: int) -> Any:
        replaced = not consent.current
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                kind = consent_kind_label(consent.kind)
                return f"    {kind}" if replaced else kind
            if column == 1:
                return " ".join(consent.scope.split())
            if column == 2:
                return consent.recipient
            if column == 3:
                return format_date(consent.given_on)
            if column == 4:
                return str(consent.version)
            return consent_status(consent)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return consent.scope
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and replaced:
            return _("Replaced by version {version}").format(version=consent.version + 1)
        if role == Qt.ItemDataRole.ForegroundRole and replaced:
            return dim_brush()
        if role == Qt.ItemDataRole.FontRole and replaced:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ID_ROLE:
            return consent.id
        return None


def basis_text(disclosure: Disclosure, by_id: dict[int | None, Consent]) -> str:
    parts = []
    if disclosure.legal_basis:
        parts.append(disclosure.legal_basis)
    if disclosure.consent_id is not None:
        consent = by_id.get(disclosure.consent_id)
        if consent is None:
            parts.append(_("a consent"))
        else:
            parts.append(
                _("{kind} of {given} (version {version})").format(
                    kind=consent_kind_label(consent.kind),
                    given=format_date(consent.given_on),
                    version=consent.version,
                )
            )
    return "; ".join(parts)


class DisclosureModel(RecordTableModel[Disclosure]):
    """Newest disclosure first."""

    HEADERS = (
        N_("Date"),
        N_("Recipient"),
        N_("Data disclosed"),
        N_("Purpose"),
        N_("Legal basis or consent"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._consents: dict[int | None, Consent] = {}

    def set_rows(self, rows: Iterable[Disclosure], all_consents: Iterable[Consent] = ()) -> None:
        self._consents = {c.id: c for c in all_consents}
        super().set_rows(rows)

    def ordered(self, rows: list[Disclosure]) -> list[Disclosure]:
        return sorted(rows, key=lambda d: (d.disclosed_on, d.id or 0), reverse=True)

    def disclosure(self, row: int) -> Disclosure:
        return self.record(row)

    def cell(self, disclosure: Disclosure, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return format_date(disclosure.disclosed_on)
            if column == 1:
                return disclosure.recipient
            if column == 2:
                return " ".join(disclosure.data_disclosed.split())
            if column == 3:
                return disclosure.purpose
            return basis_text(disclosure, self._consents)
        if role == ID_ROLE:
            return disclosure.id
        return None


class HoldModel(RecordTableModel[LegalHold]):
    """Holds in force first, then released ones (dimmed)."""

    HEADERS = (N_("Ground"), N_("Description"), N_("Placed on"), N_("Released"))

    def ordered(self, rows: list[LegalHold]) -> list[LegalHold]:
        return sorted(rows, key=lambda h: (h.released_on is not None, -h.placed_on.toordinal()))

    def hold(self, row: int) -> LegalHold:
        return self.record(row)

    def cell(self, hold: LegalHold, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return hold_ground_label(hold.ground)
            if column == 1:
                return " ".join(hold.description.split())
            if column == 2:
                return format_date(hold.placed_on)
            if hold.released_on is None:
                return _("in force")
            return format_date(hold.released_on)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return hold.description
        if role == Qt.ItemDataRole.ForegroundRole and hold.released_on is not None:
            return dim_brush()
        if role == ID_ROLE:
            return hold.id
        return None


def confirm_release(parent: QWidget, hold: LegalHold) -> bool:
    """Asked before a hold is released (tests replace this function)."""
    answer = QMessageBox.question(
        parent,
        _("Release the legal hold"),
        _(
            "Release the legal hold placed on {date}? The client's records can then be "
            "purged when their retention periods have passed."
        ).format(date=format_date(hold.placed_on)),
    )
    return answer == QMessageBox.StandardButton.Yes


class ConsentsTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = ConsentsData()
        self._select_next: int | None = None  # a version just saved

        self.consent_model = ConsentModel()
        self.consents = record_table(
            self.consent_model,
            _("Consents, permissions and prohibitions"),
            stretch_columns=(1,),
        )
        self.consents.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.record_button = QPushButton(icon("add"), _("Rec&ord…"))
        self.record_button.setToolTip(
            _("Record a consent, a data-sharing permission or a prohibition")
        )
        self.record_button.clicked.connect(self.record_consent)
        self.version_button = QPushButton(icon("edit"), _("New &version…"))
        self.version_button.clicked.connect(self.new_version)
        self.withdraw_button = QPushButton(_("&Withdraw…"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.printout_button = QPushButton(icon("print"), _("&Printout for the client…"))
        self.printout_button.setToolTip(
            _("Every consent, permission and prohibition with its versions (Act 703/2023 § 58)")
        )
        self.printout_button.clicked.connect(self.printout)

        self.disclosure_model = DisclosureModel()
        self.disclosures = record_table(
            self.disclosure_model, _("Disclosures"), stretch_columns=(2, 4)
        )
        self.disclose_button = QPushButton(icon("add"), _("Record d&isclosure…"))
        self.disclose_button.clicked.connect(self.record_disclosure)

        self.hold_model = HoldModel()
        self.holds = record_table(self.hold_model, _("Legal holds"), stretch_columns=(1,))
        self.holds.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.hold_button = QPushButton(icon("add"), _("Place le&gal hold…"))
        self.hold_button.clicked.connect(self.place_hold)
        self.release_button = QPushButton(_("R&elease"))
        self.release_button.clicked.connect(self.release_hold)
        self.hold_state = QLabel()
        self.hold_state.setAccessibleName(_("Legal hold"))

        consent_box = QGroupBox(_("Consents, data-sharing permissions and prohibitions"))
        box = QVBoxLayout(consent_box)
        box.addLayout(
            button_row(
                self.record_button, self.version_button, self.withdraw_button, self.printout_button
            )
        )
        box.addWidget(self.consents)
        disclosure_box = QGroupBox(_("Disclosures"))
        box = QVBoxLayout(disclosure_box)
        box.addLayout(button_row(self.disclose_button))
        box.addWidget(self.disclosures)
        hold_box = QGroupBox(_("Legal holds"))
        box = QVBoxLayout(hold_box)
        row = button_row(self.hold_button, self.release_button)
        row.addWidget(self.hold_state)
        box.addLayout(row)
        box.addWidget(self.holds)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((consent_box, 3), (disclosure_box, 2), (hold_box, 1)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def title(self) -> str:
        return _("Consents")

    # --- data ----------------------------------------------------------------------

    def reload(self) -> None:
        self.load(load_consents, self._show)

    def _show(self, data: ConsentsData) -> None:
        selected = self.selected_consent()
        wanted, self._select_next = self._select_next, None
        self.data = data
        self.consent_model.set_rows(data.consents)
        self.disclosure_model.set_rows(data.disclosures, data.consents)
        self.hold_model.set_rows(data.holds)
        in_force = [h for h in data.holds if h.released_on is None]
        self.hold_state.setText(
            _("Under legal hold: nothing of this client is purged.") if in_force else ""
        )
        row = self.consent_model.row_of(wanted)
        if row is None:
            row = self.consent_model.row_of(selected.id if selected else None)
        if row is not None:
            self.consents.selectRow(row)
        self._update_buttons()

    def selected_consent(self) -> Consent | None:
        rows = self.consents.selectionModel().selectedRows()
        return self.consent_model.consent(rows[0].row()) if rows else None

    def selected_hold(self) -> LegalHold | None:
        rows = self.holds.selectionModel().selectedRows()
        return self.hold_model.hold(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        loaded = self.client_id is not None
        consent = self.selected_consent()
        changeable = consent is not None and consent.current and consent.withdrawn_on is None
        hold = self.selected_hold()
        for button in (
            self.record_button, self.disclose_button, self.hold_button, self.printout_button
        ):  # fmt: skip
            button.setEnabled(loaded)
        self.version_button.setEnabled(loaded and changeable)
        self.withdraw_button.setEnabled(loaded and changeable)
        self.release_button.setEnabled(loaded and hold is not None and hold.released_on is None)

    # --- actions ------------------------------------------------------------------------

    def record_consent(self) -> None:
        if self.client_id is not None:
            self._open_dialog(
                ConsentDialog(
                    self.ctx, self.client_id, self.data.relationships, self.data.today, None, self
                )
            )

    def new_version(self) -> None:
        consent = self.selected_consent()
        if self.client_id is None or consent is None or not consent.current:
            return
        self._open_dialog(
            ConsentDialog(
                self.ctx, self.client_id, self.data.relationships, self.data.today, consent, self
            )
        )

    def printout(self) -> None:
        """The client's consents as PDF in their language, then printed if wanted."""
        client_id = self.client_id
        if client_id is None:
            return
        path = ask_printout_path(self, "consents.pdf")
        if path is None:
            return

        def saved(_result: object) -> None:
            self.reload_and_announce()
            answer = QMessageBox.question(
                self,
                _("Consents printout"),
                _("The printout was saved as {name}. Print it now?").format(name=path.name),
            )
            if answer == QMessageBox.StandardButton.Yes:
                print_in_background(self, path.read_bytes(), _("Consents printout"), lambda: None)

        self.ctx.db.run(
            lambda s: decisions.write_consents_printout(s, client_id, path),
            saved,
            lambda error: self.ctx.show_error(self, error),
        )

    def withdraw(self) -> None:
        consent = self.selected_consent()
        if self.client_id is None or consent is None or not consent.current:
            return
        self._open_dialog(WithdrawDialog(self.ctx, consent, self.data.today, self))

    def record_disclosure(self) -> None:
        if self.client_id is not None:
            self._open_dialog(
                DisclosureDialog(
                    self.ctx,
                    self.client_id,
                    self.data.relationships,
                    self.data.consents,
                    self.data.today,
                    self,
                )
            )

    def place_hold(self) -> None:
        if self.client_id is not None:
            self._open_dialog(HoldDialog(self.ctx, self.client_id, self.data.today, self))

    def release_hold(self) -> None:
        hold = self.selected_hold()
        if self.client_id is None or hold is None or hold.id is None or hold.released_on:
            return
        if not confirm_release(self, hold):
            return
        hold_id = hold.id
        self.ctx.db.run(
            lambda s: holds.release_hold(s, hold_id, s.today()),
            lambda _h: self._changed(),
            lambda error: self.ctx.show_error(self, error),
        )

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.accepted.connect(lambda: self._changed(dialog))
        self.open_dialog(dialog)

    def _changed(self, dialog: QDialog | None = None) -> None:
        if self.client_id is None:
            return
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, Consent):
            self._select_next = saved.id
        self.reload_and_announce()

    def clear(self) -> None:
        super().clear()
        self.close_dialog()
        self.data = ConsentsData()
        self._select_next = None
        self.consent_model.clear()
        self.disclosure_model.clear()
        self.hold_model.clear()
        self.hold_state.clear()
        self._update_buttons()


def ask_printout_path(parent: QWidget, suggested_name: str) -> Path | None:
    """Where to save the consents printout; tests replace this function."""
    return ask_save_path(parent, suggested_name)
