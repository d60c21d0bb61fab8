"""The purge review (hävityskierros): what is due for destruction, by category and by
client, what stays and why, and the holds; choose, confirm with the passphrase, purge.

Opened from the menu (Register, Purge review) and from the banner. The plan and the
clients' names come from the services on the worker (showing a name is logged there);
the purge runs there too (``app.ui.purge_run``), and the purge record is shown at the
end (``app.ui.purge_result``). Names never reach the window title or a log.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.vault import Secret
from app.domain.errors import VakkaError, WrongSecretError
from app.domain.purge import LINKED_RECORDS
from app.domain.retention import Category
from app.services import purge, retention
from app.services.purge import PlanClient, PurgeCancelled, PurgePlan, PurgeRecord
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, hint_label
from app.ui.feedback import error_text, report_bug
from app.ui.icons import icon
from app.ui.passphrase_widgets import secret_line_edit
from app.ui.purge_models import (
    CategoryModel,
    ClientModel,
    HoldModel,
    KeptModel,
    category_rows,
    client_rows,
    hold_rows,
    kept_rows,
)
from app.ui.purge_result import PurgeResultPage
from app.ui.purge_run import PurgeRunner
from app.ui.table_model import record_table
from app.ui.texts import _, format_date, ngettext
from app.ui.window_watch import WindowHidden


@dataclass(frozen=True)
class ReviewData:
    plan: PurgePlan
    clients: dict[str, PlanClient]
    rules: dict[str, str]  # category -> rule code


def load_review(session: Session) -> ReviewData:
    """On the worker: the plan of everything due today, the names of its clients (logged
    by the service) and the rule of each category."""
    plan = purge.plan_purge(session)
    ids = set(plan.by_client()) | plan.held_clients()
    policy = retention.policy(session)
    rules = {c: purge.rule_code(c, policy) for c in plan.counts()}
    return ReviewData(plan, purge.plan_clients(session, ids), rules)


class PurgeReviewDialog(QDialog):
    """Review, choose, confirm and purge; then the purge record."""

    purged = Signal()  # something was destroyed: the window refreshes its lists and banner

    REVIEW_PAGE, RESULT_PAGE = range(2)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: ReviewData | None = None
        self.runner: PurgeRunner | None = None
        self.setWindowTitle(_("Purge review — Vakka"))
        self.setWindowIcon(icon("remove"))
        self.resize(1100, 620)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))

        self.clinical_note = hint_label(
            _(
                "The patient records are locked, so patient records, social care client "
                "records, copies of statements and notes of other services are not reviewed "
                "here. Unlock them to include them."
            )
        )
        self.unlock_button = QPushButton(icon("lock"), _("&Unlock patient records…"))
        self.unlock_button.clicked.connect(self.unlock_clinical)
        clinical_row = QHBoxLayout()
        clinical_row.addWidget(self.clinical_note, 1)
        clinical_row.addWidget(self.unlock_button)
        self.clinical_box = QWidget()
        self.clinical_box.setLayout(clinical_row)
        self.clinical_box.hide()

        self.categories = CategoryModel()
        self.clients = ClientModel()
        self.kept = KeptModel()
        self.holds = HoldModel()
        self.category_table = record_table(
            self.categories, _("What goes, by category"), stretch_columns=(3,)
        )
        self.client_table = record_table(self.clients, _("What goes, by client"))
        self.kept_table = record_table(self.kept, _("What stays and why"))
        self.hold_table = record_table(self.holds, _("Clients under a hold"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.category_table, _("By cate&gory"))
        self.tabs.addTab(self.client_table, _("By c&lient"))
        self.tabs.addTab(self._with_note(self.kept_table, self._kept_note()), _("What &stays"))
        self.tabs.addTab(self._with_note(self.hold_table, self._hold_note()), _("&Holds"))
        self.categories.checks_changed.connect(self._update_selection)
        self.clients.checks_changed.connect(self._update_selection)

        self.selection = QLabel()
        self.selection.setWordWrap(True)
        self.selection.setAccessibleName(_("Selected for destruction"))
        self.passphrase = secret_line_edit(_("Passphrase"))
        passphrase_label = QLabel(_("Confirm with your &passphrase:"))
        passphrase_label.setBuddy(self.passphrase)
        self.passphrase.textChanged.connect(lambda _t: self._update_buttons())
        self.passphrase.returnPressed.connect(self.start_purge)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(passphrase_label)
        confirm_row.addWidget(self.passphrase, 1)
        self.error = ErrorLabel()

        review = QWidget()
        review_layout = QVBoxLayout(review)
        review_layout.setContentsMargins(0, 0, 0, 0)
        review_layout.addWidget(self.summary)
        review_layout.addWidget(self.clinical_box)
        review_layout.addWidget(self.tabs, 1)
        review_layout.addWidget(self.selection)
        review_layout.addLayout(confirm_row)
        review_layout.addWidget(self.error)

        self.result_page = PurgeResultPage(ctx)
        self.pages = QStackedWidget()
        self.pages.addWidget(review)
        self.pages.addWidget(self.result_page)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.purge_button = self.buttons.addButton(
            _("&Destroy the selected records"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.purge_button.setIcon(icon("remove"))
        self.purge_button.setDefault(False)
        self.purge_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.start_purge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._update_buttons()
        # Names must not stay on screen when the main window hides (the app locks).
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self.reload()

    # --- building ------------------------------------------------------------------------

    @staticmethod
    def _with_note(table: QWidget, note: QLabel) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        return page

    @staticmethod
    def _kept_note() -> QLabel:
        return hint_label(
            _(
                "When a client's contact details go, their invoices stay for bookkeeping with "
                "the payer's name and address as they were on the invoice; the other rows that "
                "stay carry only the client's number."
            )
        )

    @staticmethod
    def _hold_note() -> QLabel:
        return hint_label(
            _(
                "Nothing of a client under a legal hold or with an open access, rectification "
                "or erasure request is destroyed, although these records are due."
            )
        )

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.purge_button.setEnabled(False)
        self.ctx.db.run(load_review, self._show, self._load_failed)

    def _show(self, data: ReviewData) -> None:
        self.data = data
        plan = data.plan
        self.categories.set_rows(category_rows(plan, data.rules))
        self.clients.set_rows(client_rows(plan, data.clients))
        self.kept.set_rows(kept_rows(plan))
        self.holds.set_rows(hold_rows(plan, data.clients))
        self.clinical_box.setVisible(plan.clinical_locked)
        day = format_date(plan.today)
        if plan.empty:
            self.summary.setText(_("Nothing is due for destruction on {date}.").format(date=day))
        else:
            clients = self.clients.rowCount()
            self.summary.setText(
                ngettext(
                    "Records of {count} client are due for destruction on {date}.",
                    "Records of {count} clients are due for destruction on {date}.",
                    max(clients, 0),
                ).format(count=max(clients, 0), date=day)
                + " "
                + _(
                    "Uncheck what should not go now. The rest stays, and the holds keep their "
                    "clients' records."
                )
            )
        held = len(plan.held_clients())
        self.tabs.setTabText(3, _("&Holds ({count})").format(count=held) if held else _("&Holds"))
        self._update_selection()
        self.category_table.setFocus()

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, VakkaError):
            self.error.set_error(error_text(error))
        else:
            report_bug(self, error)

    # --- choosing ------------------------------------------------------------------------

    def chosen_categories(self) -> set[Category]:
        return {Category(c) for c in self.categories.checked() if c != LINKED_RECORDS}

    def chosen_clients(self) -> set[str] | None:
        """None: every client (then the old log rows go too)."""
        return None if self.clients.all_checked() else self.clients.checked()

    def selected_count(self) -> int:
        if self.data is None:
            return 0
        categories = {c.value for c in self.chosen_categories()}
        clients = self.chosen_clients()
        return sum(
            1
            for r in self.data.plan.records
            if r.category in categories
            and (clients is None or (r.client_id is not None and r.client_id in clients))
        )

    def _update_selection(self) -> None:
        count = self.selected_count()
        self.selection.setText(
            ngettext(
                "Selected for destruction: {count} record.",
                "Selected for destruction: {count} records.",
                count,
            ).format(count=count)
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.runner is not None and self.runner.running
        on_review = self.pages.currentIndex() == self.REVIEW_PAGE
        self.purge_button.setVisible(on_review)
        self.purge_button.setEnabled(
            on_review and not running and self.selected_count() > 0 and bool(self.passphrase.text())
        )

    # --- purging -------------------------------------------------------------------------

    def start_purge(self) -> None:
        if not self.purge_button.isEnabled():
            return
        self.error.clear_error()
        secret = Secret(passphrase=self.passphrase.text())
        if self.runner is not None:
            self.runner.deleteLater()
        self.runner = PurgeRunner(self.ctx, self)
        self.runner.finished.connect(self._purged)
        self.runner.failed.connect(self._purge_failed)
        self.runner.start(secret, self.chosen_categories(), self.chosen_clients())
        self._update_buttons()

    def _purged(self, record: PurgeRecord) -> None:
        self.passphrase.clear()
        self.pages.setCurrentIndex(self.RESULT_PAGE)
        self.result_page.show_record(record)
        self._update_buttons()
        if record.entries:
            self.ctx.events.clients_changed.emit()
            self.purged.emit()

    def _purge_failed(self, error: BaseException) -> None:
        self._update_buttons()
        if isinstance(error, WrongSecretError):
            self.error.set_error(error_text(error))
            self.passphrase.setFocus()
            self.passphrase.selectAll()
        elif isinstance(error, PurgeCancelled):
            self.error.set_error(error_text(error))
            self.passphrase.clear()
            self.reload()
        elif isinstance(error, VakkaError):
            self.error.set_error(error_text(error))
            self.reload()
        else:
            report_bug(self, error)

    def unlock_clinical(self) -> None:
        from app.ui.dialogs.clinical_unlock_dialog import ClinicalUnlockDialog

        dialog = ClinicalUnlockDialog(self.ctx, self)
        dialog.unlocked.connect(self.reload)
        dialog.exec()

    # --- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        if self.runner is not None and self.runner.running:
            return  # the purge answers first (Cancel is on its progress dialog)
        super().reject()

    def clear(self) -> None:
        """Drop every name from the window (on lock)."""
        self.data = None
        for model in (self.categories, self.clients, self.kept, self.holds):
            model.clear()
        self.passphrase.clear()
        self.summary.clear()

    def hideEvent(self, event: QHideEvent) -> None:
        """Closed or hidden (also by the lock): no name stays behind in the window."""
        super().hideEvent(event)
        if not event.spontaneous():
            self.clear()

    def _close_with_window(self) -> None:
        self.clear()
        QDialog.reject(self)


def open_purge_review(ctx: UiContext, parent: QWidget | None) -> PurgeReviewDialog:
    """Show the purge review (window-modal, not blocking)."""
    dialog = PurgeReviewDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
