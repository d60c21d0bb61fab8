"""The client's access, rectification, erasure and log-information requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import FeeRule, RequestKind, RequestStatus
from app.domain.models import DataRequest
from app.domain.request_rules import is_near_deadline
from app.i18n import N_
from app.services import register, requests
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.request_dialogs import (
    CloseRequestDialog,
    ExtendDialog,
    FeeDialog,
    IdentityDialog,
    RecordRequestDialog,
    days_left_text,
    deadline_text,
    fee_rule_label,
    identity_label,
    request_kind_label,
)
from app.ui.icons import icon
from app.ui.printing import print_in_background
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab, button_row
from app.ui.tabs.billing_tab import ID_ROLE, dim_brush
from app.ui.texts import _, format_date

NEAR_COLOUR = QColor("#b00020")


@dataclass
class RequestsData:
    requests: list[DataRequest] = field(default_factory=list)
    practitioner_name: str = ""
    today: date = date.min


def load_requests(session: Session, client_id: str) -> RequestsData:
    return RequestsData(
        requests.requests_of(session, client_id),
        register.practice(session).practitioner_name,
        session.today(),
    )


def identity_text(request: DataRequest) -> str:
    if request.identity_method is None:
        return _("not checked")
    parts = [identity_label(request.identity_method)]
    if request.identity_checked_on is not None:
        parts.append(format_date(request.identity_checked_on))
    return ", ".join(parts)


def status_text(request: DataRequest) -> str:
    if request.status is RequestStatus.OPEN:
        return _("Open")
    return _("Closed {date}").format(
        date=format_date(request.closed_on) if request.closed_on else ""
    )


class RequestModel(RecordTableModel[DataRequest]):
    """Open requests first, nearest deadline first; then closed ones, newest first."""

    HEADERS = (
        N_("Kind"),
        N_("Received"),
        N_("Deadline"),
        N_("Days left"),
        N_("Identity"),
        N_("Fee"),
        N_("Status"),
    )
    DAYS_LEFT = 3

    def __init__(self) -> None:
        super().__init__()
        self._today = date.min

    def set_rows(self, rows: Iterable[DataRequest], today: date = date.min) -> None:
        self._today = today
        super().set_rows(rows)

    def ordered(self, rows: list[DataRequest]) -> list[DataRequest]:
        open_ = sorted(
            (r for r in rows if r.status is RequestStatus.OPEN),
            key=lambda r: (r.deadline, r.id or 0),
        )
        closed = sorted(
            (r for r in rows if r.status is not RequestStatus.OPEN),
            key=lambda r: (r.received_on, r.id or 0),
            reverse=True,
        )
        return open_ + closed

    def request(self, row: int) -> DataRequest:
        return self.record(row)

    def near(self, request: DataRequest) -> bool:
        return request.status is RequestStatus.OPEN and is_near_deadline(
            request.deadline, self._today
        )

    def cell(self, request: DataRequest, column: int, role: int) -> Any:
        closed = request.status is not RequestStatus.OPEN
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(request, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and request.outcome:
            return request.outcome
        if role == Qt.ItemDataRole.ForegroundRole:
            if closed:
                return dim_brush()
            if column == self.DAYS_LEFT and self.near(request):
                return QBrush(NEAR_COLOUR)
        if role == Qt.ItemDataRole.DecorationRole and column == self.DAYS_LEFT:
            return icon("warning") if self.near(request) else None
        if role == ID_ROLE:
            return request.id
        return None

    def _display(self, request: DataRequest, column: int) -> str:
        if column == 0:
            return request_kind_label(request.kind)
        if column == 1:
            return format_date(request.received_on)
        if column == 2:
            return deadline_text(request)
        if column == self.DAYS_LEFT:
            if request.status is not RequestStatus.OPEN:
                return "–"
            return days_left_text(request.deadline, self._today)
        if column == 4:
            return identity_text(request)
        if column == 5:
            return fee_rule_label(request.fee_rule)
        return status_text(request)


def details_text(request: DataRequest) -> str:
    lines = []
    if request.details:
        lines.append(_("Details: {text}").format(text=request.details))
    if request.identity_method is not None:
        lines.append(
            _("Identity checked: {how}, by {who}").format(
                how=identity_text(request), who=request.identity_checked_by
            )
        )
    if request.extended_to is not None:
        lines.append(
            _("Deadline extended from {due} to {extended}: {reason}").format(
                due=format_date(request.due_on),
                extended=format_date(request.extended_to),
                reason=request.extension_reason,
            )
        )
    if request.fee_rule is not FeeRule.FREE:
        lines.append(
            _("{rule}: {reason}").format(
                rule=fee_rule_label(request.fee_rule), reason=request.fee_reason
            )
        )
    if request.status is RequestStatus.CLOSED:
        lines.append(
            _("Outcome ({date}): {outcome}").format(
                date=format_date(request.closed_on) if request.closed_on else "",
                outcome=request.outcome or "",
            )
        )
    return "\n".join(lines)


class RequestsTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = RequestsData()

        self.model = RequestModel()
        self.table = record_table(self.model, _("Requests"), stretch_columns=(6,))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(_("The selected request"))
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.record_button = QPushButton(icon("add"), _("Record re&quest…"))
        self.record_button.clicked.connect(self.record_request)
        self.identity_button = QPushButton(_("&Identity checked…"))
        self.identity_button.clicked.connect(self.identity_verified)
        self.extend_button = QPushButton(_("E&xtend deadline…"))
        self.extend_button.clicked.connect(self.extend_deadline)
        self.fee_button = QPushButton(_("&Fee or refusal…"))
        self.fee_button.clicked.connect(self.fee_or_refusal)
        self.close_button = QPushButton(_("Cl&ose…"))
        self.close_button.clicked.connect(self.close_request)
        self.answer_button = QPushButton(icon("print"), _("Ans&wer…"))
        self.answer_button.setToolTip(
            _("Prepare, preview and print the answer to an access request (GDPR art. 15)")
        )
        self.answer_button.clicked.connect(self.answer)
        self.decision_button = QPushButton(_("&Decision…"))
        self.decision_button.setToolTip(
            _("A written decision: refusal, log information, rectification or erasure")
        )
        self.decision_button.clicked.connect(self.decision)

        intro = QLabel(
            _(
                "Answer within one month of receipt (GDPR art. 12(3)); the deadline moves off "
                "weekends and public holidays and can be extended by two further months with "
                "reasons. Verify the requester's identity before answering."
            )
        )
        intro.setWordWrap(True)
        box = QGroupBox(_("Requests"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(intro)
        box_layout.addLayout(
            button_row(
                self.record_button,
                self.answer_button,
                self.decision_button,
                self.identity_button,
                self.extend_button,
                self.fee_button,
                self.close_button,
            )
        )
        box_layout.addWidget(self.table, 1)
        box_layout.addWidget(self.details)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        self._update_buttons()

    def title(self) -> str:
        return _("Requests")

    # --- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.load(load_requests, self._show)

    def _show(self, data: RequestsData) -> None:
        selected = self.selected_request()
        self.data = data
        self.model.set_rows(data.requests, data.today)
        row = self.model.row_of(selected.id if selected else None)
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._selected()

    def selected_request(self) -> DataRequest | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.request(rows[0].row()) if rows else None

    def select_request(self, request_id: int | None) -> None:
        row = self.model.row_of(request_id)
        if row is not None:
            self.table.selectRow(row)

    def _selected(self) -> None:
        request = self.selected_request()
        self.details.setText(details_text(request) if request else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        loaded = self.client_id is not None
        request = self.selected_request()
        is_open = loaded and request is not None and request.status is RequestStatus.OPEN
        self.record_button.setEnabled(loaded)
        self.identity_button.setEnabled(is_open)
        self.extend_button.setEnabled(
            is_open
            and request is not None
            and request.extended_to is None
            and self.data.today <= request.due_on
        )
        self.fee_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.decision_button.setEnabled(is_open)
        self.answer_button.setEnabled(
            is_open
            and request is not None
            and request.kind is RequestKind.ACCESS
            and request.identity_method is not None
        )

    # --- actions -----------------------------------------------------------------------

    def _open_request(self) -> DataRequest | None:
        request = self.selected_request()
        if self.client_id is None or request is None or request.status is not RequestStatus.OPEN:
            return None
        return request

    def record_request(self) -> None:
        client_id = self.client_id
        if client_id is None:
            return
        if self.data.today == date.min:  # the tab's data has not arrived yet: ask the day
            self.ctx.db.run(lambda s: s.today(), lambda today: self._record(client_id, today))
        else:
            self._record(client_id, self.data.today)

    def _record(self, client_id: str, today: date) -> None:
        if client_id == self.client_id:
            self._open_dialog(RecordRequestDialog(self.ctx, client_id, today, self))

    def identity_verified(self) -> None:
        if request := self._open_request():
            self._open_dialog(
                IdentityDialog(
                    self.ctx, request, self.data.practitioner_name, self.data.today, self
                )
            )

    def extend_deadline(self) -> None:
        if request := self._open_request():
            self._open_dialog(ExtendDialog(self.ctx, request, self.data.today, self))

    def fee_or_refusal(self) -> None:
        if request := self._open_request():
            self._open_dialog(FeeDialog(self.ctx, request, self))

    def close_request(self) -> None:
        if request := self._open_request():
            self._open_dialog(CloseRequestDialog(self.ctx, request, self.data.today, self))

    def answer(self) -> None:
        request = self._open_request()
        if request is not None and request.kind is RequestKind.ACCESS:
            from app.ui.access_answer_dialog import AccessAnswerDialog

            self._open_dialog(AccessAnswerDialog(self.ctx, request, self.data.today, self))

    def decision(self) -> None:
        if request := self._open_request():
            from app.ui.dialogs.decision_dialog import DecisionDialog

            dialog = DecisionDialog(self.ctx, request, self)
            dialog.accepted.connect(lambda: self._offer_print(dialog.path))
            self._open_dialog(dialog)

    def _offer_print(self, path: Path | None) -> None:
        """The letter is saved; print it too if the practitioner wants it on paper."""
        if path is None or not path.exists():
            return
        answer = QMessageBox.question(
            self,
            _("Decision on the request"),
            _("The decision was saved as {name}. Print it now?").format(name=path.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            print_in_background(self, path.read_bytes(), _("Decision on the request"), lambda: None)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.accepted.connect(lambda: self._changed(dialog))
        self.open_dialog(dialog)

    def _changed(self, dialog: QDialog) -> None:
        if self.client_id is None:
            return
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, DataRequest):
            # Keep the request just recorded or changed selected after the reload.
            self.data.requests = [r for r in self.data.requests if r.id != saved.id] + [saved]
            self.model.set_rows(self.data.requests, self.data.today)
            self.select_request(saved.id)
        self.reload_and_announce()

    def clear(self) -> None:
        super().clear()
        self.close_dialog()
        self.data = RequestsData()
        self.model.clear()
        self.details.clear()
        self._update_buttons()
