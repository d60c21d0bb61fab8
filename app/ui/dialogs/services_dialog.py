"""The services the practice offers, after the first-run wizard too: add one, rename
one, stop or start offering it. A service's register kind changes only while no client
relationship uses it (the service refuses otherwise, with the reason inline)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import RegisterKind, ServiceTask
from app.domain.models import Service
from app.services import register as register_service
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, LabelledForm, run_dialog_job
from app.ui.dialogs.invoice_dialog import VAT_CHOICES, euros_text, parse_euros, parse_vat, vat_text
from app.ui.dialogs.relationship_dialog import register_kind_label, service_task_label
from app.ui.texts import _, format_money
from app.ui.window_watch import WindowHidden


class ServicesDialog(QDialog):
    NAME, KIND, TASK, VAT, PRICE, ACTIVE = range(6)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Services"))
        self.setMinimumWidth(620)
        self.services: list[Service] = []
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Service"), _("Register kind"), _("Service task"), _("VAT"), _("Price"),
             _("Offered")]
        )  # fmt: skip
        self.table.setAccessibleName(_("Services"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            self.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.kind = QComboBox()
        for kind in RegisterKind:
            self.kind.addItem(register_kind_label(kind), kind)
        self.task = QComboBox()
        for task in ServiceTask:
            self.task.addItem(service_task_label(task), task)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.vat = QComboBox()
        self.vat.setEditable(True)
        for permille in VAT_CHOICES:
            self.vat.addItem(vat_text(permille), permille)
        self.vat.setToolTip(
            _(
                "The rate is 0 for health care by a registered professional (AVL § 34) and "
                "25.5 for coaching and work supervision. A practice not registered for VAT "
                "charges none."
            )
        )
        self.price = QLineEdit()
        self.price.setPlaceholderText(euros_text(8500))
        self.price.setMaximumWidth(120)
        self.active = QCheckBox(_("Offered (shown when a relationship is started)"))
        self.active.setChecked(True)
        form = LabelledForm()
        form.add_row(_("Na&me:"), self.name, field="name")
        form.add_row(_("Register &kind:"), self.kind, field="register_kind")
        form.add_row(_("Service &task:"), self.task, field="service_task")
        form.add_row(_("&VAT rate:"), self.vat, field="vat_rate_permille")
        form.add_row(_("&Price, €:"), self.price, field="price_cents")
        form.add_wide(self.active)
        self.form = form
        self.error = ErrorLabel()

        self.add_button = QPushButton(_("&Add as a new service"))
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton(_("Save &changes"))
        self.save_button.clicked.connect(self.save_changes)
        for button in (self.add_button, self.save_button):
            button.setAutoDefault(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self._selection_changed()
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self.reload()

    # --- loading ----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        self.ctx.db.run(
            register_service.services, lambda rows: self._show(rows, select_id), self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.ctx.show_error(self, error)

    def _show(self, rows: list[Service], select_id: int | None) -> None:
        self.services = rows
        self.table.setRowCount(0)
        for service in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in (
                (self.NAME, service.name),
                (self.KIND, register_kind_label(service.register_kind)),
                (self.TASK, service_task_label(service.service_task)),
                (self.VAT, vat_text(service.vat_rate_permille)),
                (self.PRICE, format_money(service.price_cents)),
                (self.ACTIVE, _("yes") if service.active else _("no")),
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        ids = [s.id for s in rows]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        self._selection_changed()

    # --- editing ----------------------------------------------------------------------------

    def selected(self) -> Service | None:
        rows = self.table.selectionModel().selectedRows()
        return self.services[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        service = self.selected()
        self.save_button.setEnabled(service is not None)
        if service is None:
            return
        self.name.setText(service.name)
        self.kind.setCurrentIndex(self.kind.findData(service.register_kind))
        if service.service_task is not None:
            self.task.setCurrentIndex(self.task.findData(service.service_task))
        self.active.setChecked(service.active)
        self.vat.setEditText(vat_text(service.vat_rate_permille))
        self.price.setText(
            euros_text(service.price_cents) if service.price_cents is not None else ""
        )
        self.error.clear_error()

    def _kind_changed(self) -> None:
        self.task.setEnabled(self.kind.currentData() == RegisterKind.SOCIAL_CARE)

    def _from_form(self, service_id: int | None) -> Service | None:
        """The service as the form has it; None (the error shown) when the VAT rate or
        the price cannot be read."""
        rate = parse_vat(self.vat.currentText())
        if rate is None:
            self.error.set_error(
                _(
                    "Enter the VAT rate as a percentage between 0 and 100, for example {example}."
                ).format(example=vat_text(255))
            )
            self.vat.setFocus()
            return None
        price = None
        if self.price.text().strip():
            price = parse_euros(self.price.text())
            if price is None:
                self.error.set_error(
                    _("Enter the price in euros, for example {example}.").format(
                        example=euros_text(8500)
                    )
                )
                self.price.setFocus()
                return None
        kind = RegisterKind(self.kind.currentData())
        task = ServiceTask(self.task.currentData()) if kind is RegisterKind.SOCIAL_CARE else None
        return Service(
            name=self.name.text().strip(),
            register_kind=kind,
            service_task=task,
            active=self.active.isChecked(),
            id=service_id,
            vat_rate_permille=rate,
            price_cents=price,
        )

    def _run(self, job_service: Service, new: bool) -> None:
        def job(session: Session) -> Service:
            if new:
                return register_service.add_service(session, job_service)
            return register_service.update_service(session, job_service)

        def focus(field: str) -> None:
            widget = self.form.fields.get(field)
            if widget is not None:
                widget.setFocus()

        run_dialog_job(
            self.ctx,
            job,
            lambda saved: self.reload(saved.id),
            error_label=self.error,
            focus_field=focus,
            busy=[self.buttons],
        )

    def add(self) -> None:
        service = self._from_form(None)
        if service is not None:
            self._run(service, new=True)

    def save_changes(self) -> None:
        selected = self.selected()
        service = self._from_form(selected.id) if selected is not None else None
        if service is not None:
            self._run(service, new=False)

    def _close_with_window(self) -> None:
        if self.isVisible():
            self.reject()
