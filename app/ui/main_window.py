"""The main window: client list, agenda, the client's tabs, banner and status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import VakkaError
from app.domain.models import ClientSummary
from app.services import appointments, managed_backups, retention
from app.services import register as register_service
from app.services.managed_backups import BackupSettings, ManagedBackup
from app.services.register import OlderState, RegisterStatus
from app.services.retention import DueSummary
from app.services.session import FailedUnlocksNotice, Session
from app.ui import file_dialogs
from app.ui.agenda import AGENDA_DAYS, AgendaWidget
from app.ui.agenda_pages import LIST, AgendaPages
from app.ui.banner import Banner, due_text
from app.ui.calendar_panel import CalendarPanel
from app.ui.client_list import (
    SUMMARY_ROLE,
    ClientFilterProxy,
    ClientListModel,
    PreparedClients,
    StatusFilter,
    load_clients,
)
from app.ui.client_view import ClientView
from app.ui.context import UiContext
from app.ui.feedback import error_text
from app.ui.icons import icon
from app.ui.identity_search import IdentitySearch
from app.ui.idle import IdleWatcher
from app.ui.long_job import LongJob
from app.ui.reopen_drafts import DraftReopener
from app.ui.screen_lock import ScreenLockWatcher
from app.ui.table_model import record_table
from app.ui.texts import _, format_date, ngettext

Today = Callable[[], date]
# The idle watch's event filter comes once the window has painted and the list has come.
IDLE_FILTER_AFTER_MS = 1000


class MainWindow(QMainWindow):
    lock_requested = Signal()  # the app asks for the unlock window after this
    restore_requested = Signal(Path)  # a managed backup to restore (Backups window)
    closed = Signal()  # the window was closed: the app closes the register and quits

    def __init__(self, ctx: UiContext, today: Today = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        self.setWindowTitle("Vakka")
        self.setWindowIcon(icon("lock"))
        self.resize(1200, 760)

        self.model = ClientListModel()
        self.proxy = ClientFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(ClientListModel.NAME, Qt.SortOrder.AscendingOrder)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search (Ctrl+F)"))
        self.search.setAccessibleName(_("Search clients"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_no_match)
        self.no_match = QLabel()
        self.no_match.setObjectName("noMatch")
        self.no_match.setWordWrap(True)
        self.no_match.setAccessibleName(_("Search result"))
        self.no_match.hide()
        self.search.returnPressed.connect(self._open_first_match)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Which clients to show"))
        self.status_filter.addItem(_("Active"), StatusFilter.ACTIVE)
        self.status_filter.addItem(_("Ended"), StatusFilter.ENDED)
        self.status_filter.addItem(_("All"), StatusFilter.ALL)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData())
        )
        self.status_filter.currentIndexChanged.connect(lambda _i: self._update_no_match())

        self.list = record_table(
            self.proxy,
            _("Clients"),
            alternating_rows=False,
            word_wrap=False,  # one line per client: a long name is elided, its tip whole
            stretch_columns=(ClientListModel.NAME,),
        )
        # Thousands of rows: the number column is as wide as the longest number when the
        # clients arrive, not measured again at every keystroke (Qt would ask Python for
        # 1,000 rows' sizes each time); other sizes look at the rows on screen only.
        header = self.list.horizontalHeader()
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(ClientListModel.NUMBER, QHeaderView.ResizeMode.Fixed)
        self._fit_number_column()
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(ClientListModel.NAME, Qt.SortOrder.AscendingOrder)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        header.setSectionResizeMode(ClientListModel.BORN, QHeaderView.ResizeMode.ResizeToContents)
        self.identity_search = IdentitySearch(
            ctx, self.search, self.model, self.proxy, self.list, self._update_no_match
        )

        self.today_label = QLabel()
        self.today_label.setAccessibleName(_("Appointments today"))
        self.agenda_button = QPushButton(_("&Agenda"))
        self.agenda_button.setToolTip(
            _("Appointments today and this week, the next 7 days (Ctrl+G)")
        )
        self.agenda_button.clicked.connect(self.show_agenda)

        left = QWidget()
        left.setMinimumWidth(300)  # name, number and birth year side by side
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.no_match)
        left_layout.addWidget(self.status_filter)
        left_layout.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.today_label, 1)
        bottom.addWidget(self.agenda_button)
        left_layout.addLayout(bottom)

        self.agenda = AgendaWidget()
        self.agenda.client_activated.connect(self.select_client)
        self.calendar = CalendarPanel(ctx, self.model, today)
        self.calendar.client_activated.connect(self.select_client)
        self.agenda_pages = AgendaPages(self.agenda, self.calendar)
        for view_action in self.agenda_pages.view_actions.values():
            # Ctrl+1, 2, 3 also from a client's tabs: the agenda comes back in that view.
            self.addAction(view_action)
            view_action.triggered.connect(self._agenda_view_chosen)
        self.client_view = ClientView(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.agenda_pages)
        self.stack.addWidget(self.client_view)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 880])

        self.banner = Banner()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.status_text = QLabel()
        self.status_text.setAccessibleName(_("Register status"))
        self.statusBar().addPermanentWidget(self.status_text, 1)

        self.idle = IdleWatcher(
            ctx.prefs.idle_lock_minutes * 60_000, ctx.prefs.clinical_lock_minutes * 60_000, self
        )
        self.idle.idle_lock.connect(self.lock)
        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.screen_locked.connect(self.lock)
        self._unlocked = False
        self._rest_after_clients = False  # agenda, status and due once the list is in
        self._lock_pending = False
        ctx.events.lock_hold_released.connect(self._lock_hold_released)
        self.idle.clinical_idle_lock.connect(self.lock_clinical)

        self._build_menus()
        ctx.events.clients_changed.connect(self.refresh_clients)
        ctx.events.appointments_changed.connect(self.refresh_agenda)
        ctx.events.clinical_state_changed.connect(lambda _open: self.refresh_status())
        ctx.events.clinical_state_changed.connect(lambda _open: self.refresh_due())
        self.drafts = DraftReopener(self)
        ctx.events.client_changed.connect(lambda _client_id: self.refresh_status())
        self.banner.requests_button.clicked.connect(self.show_requests)
        self.banner.purge_button.clicked.connect(self.show_purge_review)
        self.banner.backup_button.clicked.connect(self.show_backups)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(60_000)
        self._status_timer.timeout.connect(self.refresh_status)
        # Managed backups: once a day while open (checked every half hour), and at close.
        self._backup_settings: BackupSettings | None = None
        self._closing_backed_up = False
        self._daily_backup_timer = QTimer(self)
        self._daily_backup_timer.setInterval(30 * 60_000)
        self._daily_backup_timer.timeout.connect(self._daily_backup)
        self.ctx.events.backup_settings_changed.connect(self._set_backup_settings)

    # --- menus -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        register_menu = bar.addMenu(_("&Register"))
        self.lock_action = self._action(_("&Lock"), "Ctrl+L", self.lock_by_hand, "lock")
        self.lock_clinical_action = self._action(
            _("Lock &patient records"), "Ctrl+Shift+L", self.lock_clinical
        )
        self.quit_action = self._action(_("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.backup_action = self._action(_("&Back up…"), "Ctrl+Shift+B", self.back_up, "backup")
        self.purge_action = self._action(
            _("P&urge review…"), "Ctrl+Shift+P", self.show_purge_review, "remove"
        )
        self.backups_action = self._action(_("Bac&kups…"), None, self.show_backups)
        self.register_actions: list[QAction] = [
            self.backup_action,
            self.backups_action,
            self.purge_action,
            self.lock_action,
            self.lock_clinical_action,
        ]
        for action in self.register_actions:
            register_menu.addAction(action)
        register_menu.addSeparator()
        self.settings_action = self._action(
            _("&Settings…"), QKeySequence.StandardKey.Preferences, self.open_settings, "settings"
        )
        self.passphrase_action = self._action(
            _("C&hange passphrase…"), None, self.change_passphrase
        )
        self.recovery_code_action = self._action(
            _("New &recovery code…"), None, self.new_recovery_code
        )
        self.notice_action = self._action(_("Privacy &notice…"), None, self.show_privacy_notice)
        self.import_action = self._action(_("&Import clients…"), None, self.import_clients)
        self.hand_over_action = self._action(
            _("H&and over all registers…"), None, self.hand_over_registers
        )
        self.services_action = self._action(_("Ser&vices…"), None, self.edit_services)
        for action in (
            self.settings_action,
            self.services_action,
            self.notice_action,
            self.import_action,
            self.hand_over_action,
            self.passphrase_action,
            self.recovery_code_action,
        ):
            register_menu.addAction(action)
        register_menu.addSeparator()
        self.register_menu = register_menu
        register_menu.addAction(self.quit_action)

        client_menu = bar.addMenu(_("&Client"))
        self.new_client_action = self._action(
            _("&New client…"), QKeySequence.StandardKey.New, self.new_client, "add"
        )
        self.new_note_action = self._action(_("New &note…"), "Ctrl+Shift+N", self.new_note)
        self.requests_action = self._action(_("Open &requests…"), None, self.show_requests)
        self.unpaid_action = self._action(
            _("&Unpaid invoices…"), "Ctrl+Shift+U", self.show_unpaid_invoices
        )
        client_menu.addAction(self.new_client_action)
        client_menu.addAction(self.new_note_action)
        client_menu.addSeparator()
        self.find_action = self._action(
            _("&Find client"), QKeySequence.StandardKey.Find, self.focus_search, "search"
        )
        self.agenda_action = self._action(_("&Agenda"), "Ctrl+G", self.show_agenda)
        client_menu.addAction(self.find_action)
        client_menu.addAction(self.agenda_action)
        client_menu.addAction(self.requests_action)
        client_menu.addAction(self.unpaid_action)
        self.client_menu = client_menu

        self.help_menu = bar.addMenu(_("&Help"))
        self.help_menu.addAction(self._action(_("&Legal note"), None, self.show_legal_note, "help"))
        for action in (
            self.find_action,
            self.agenda_action,
            self.purge_action,
            self.new_client_action,
            self.new_note_action,
            self.unpaid_action,
        ):
            self.addAction(action)

    # --- data --------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_clients()
        # The agenda, the status and the due computation (which reads every store) are
        # queued once the client list is in place, so the worker reads and prepares the
        # list first and nothing shares the GIL with it while the window becomes usable
        # (issue 12).
        self._rest_after_clients = True
        self._status_timer.start()

    def refresh_clients(self) -> None:
        self.ctx.db.run(load_clients, self._set_clients)

    def _set_clients(self, prepared: PreparedClients) -> None:
        selected = self.client_view.client_id
        self.model.set_prepared(prepared)
        self._fit_number_column()
        if selected is not None:
            self._select_in_list(selected)
        if self._rest_after_clients:
            self._rest_after_clients = False
            self.refresh_agenda()
            self.refresh_status()
            self.refresh_due()

    def _fit_number_column(self) -> None:
        widest = max((s.client_number for s in self.model.summaries()), default=0)
        digits = max(len(str(widest)), 3)
        header = self.list.horizontalHeader()
        needed = self.list.fontMetrics().horizontalAdvance("0" * digits) + 16
        header.resizeSection(
            ClientListModel.NUMBER, max(needed, header.sectionSizeHint(ClientListModel.NUMBER))
        )

    def refresh_agenda(self) -> None:
        today = self.today()
        self.ctx.db.run(
            lambda s: appointments.agenda_with_names(s, today, AGENDA_DAYS),
            lambda rows: self._set_agenda(rows, today),
        )
        if self.agenda_pages.view() != LIST:
            self.calendar.refresh()

    def _set_agenda(self, rows: list, today: date) -> None:  # type: ignore[type-arg]
        self.agenda.set_rows(rows, today)
        self.today_label.setText(self.agenda.today_text(today))

    def refresh_status(self) -> None:
        self.ctx.db.run(register_service.status, self._set_status)

    def _set_status(self, status: RegisterStatus) -> None:
        title = f"Vakka — {status.practice_name}" if status.practice_name else "Vakka"
        self.setWindowTitle(title)
        folder = str(self.ctx.register_folder)
        self.status_text.setToolTip(_("Register folder: {folder}").format(folder=folder))
        parts = [
            _("Register open: {folder}").format(folder=folder),
            _("patient records open") if status.clinical_open else _("patient records locked"),
            backup_age_text(status.last_backup_at, self.today()),
        ]
        self.status_text.setText(" · ".join(parts))
        self.banner.set_requests(status.requests_near_deadline)
        self.banner.set_backup_folder_unseen(status.backup_folder_unseen_since)

    def refresh_due(self) -> None:
        """What is due for destruction, computed on the worker (at unlock, after a purge
        and after the settings change); the banner shows counts only."""
        self.ctx.db.run(retention.due_summary, self._set_due)

    def _set_due(self, due: DueSummary) -> None:
        if self._unlocked:
            self.banner.set_due(due)

    # --- navigation ------------------------------------------------------------

    def _update_no_match(self, _text: str = "") -> None:
        """A search that finds nothing says so, and what the list does not search."""
        text = self.search.text().strip()
        if not text or self.proxy.rowCount() > 0:
            self.no_match.hide()
            return
        self.no_match.setText(self.identity_search.no_match_text(text))
        self.no_match.show()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_agenda(self) -> None:
        self.list.clearSelection()
        self.client_view.clear()
        self.stack.setCurrentWidget(self.agenda_pages)
        self.refresh_agenda()

    def _agenda_view_chosen(self) -> None:
        if self.stack.currentWidget() is not self.agenda_pages:
            self.show_agenda()

    def select_client(self, client_id: str) -> None:
        if self.model.row_of(client_id) is None:
            return
        if not self._select_in_list(client_id):
            self.status_filter.setCurrentIndex(self.status_filter.findData(StatusFilter.ALL))
            self.search.clear()
            self._select_in_list(client_id)

    def _select_in_list(self, client_id: str) -> bool:
        row = self.model.row_of(client_id)
        if row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            return False
        self.list.selectRow(proxy_index.row())
        self.list.scrollTo(proxy_index)
        return True

    def _open_first_match(self) -> None:
        if self.proxy.rowCount() > 0:
            self.list.selectRow(0)
            self.list.setFocus()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        summary = self.proxy.data(indexes[0], SUMMARY_ROLE)
        if isinstance(summary, ClientSummary) and summary.id != self.client_view.client_id:
            self.stack.setCurrentWidget(self.client_view)
            self.client_view.show_client(summary.id)

    def current_client_id(self) -> str | None:
        return self.client_view.client_id

    # --- locking -----------------------------------------------------------------

    @property
    def unlocked(self) -> bool:
        """The register is open in this window (not locked, not closing)."""
        return self._unlocked

    def start(self) -> None:
        self._unlocked = True
        self.refresh_all()
        self.identity_search.start()
        self.idle.start(filter_after_ms=IDLE_FILTER_AFTER_MS)
        self.ctx.db.run(register_service.recovery_code_unconfirmed, self._code_unconfirmed)
        self.ctx.db.run(register_service.failed_unlocks_notice, self._announce_failed_unlocks)
        self.ctx.db.run(register_service.older_state, self._announce_older_state)
        self.ctx.db.run(managed_backups.settings, self._set_backup_settings)
        self._daily_backup_timer.start()

        self.drafts.after_unlock()  # forms kept at the lock come back

    def _set_backup_settings(self, chosen: BackupSettings) -> None:
        self._backup_settings = chosen

    def _daily_backup(self) -> None:
        """While open: a managed backup once a day, quietly, when the folder is there."""
        if not self._unlocked or self.ctx.db.busy:
            return

        def job(session: Session) -> ManagedBackup | None:
            if managed_backups.daily_due(session) and managed_backups.folder_reachable(session):
                return managed_backups.make_backup(session)
            return None

        def done(made: ManagedBackup | None) -> None:
            if made is not None:
                self.statusBar().showMessage(_("A backup was made and checked."), 8000)
                self.refresh_status()

        self.ctx.db.run(job, done, lambda _error: None)  # told by the status's backup age

    def _back_up_then_close(self) -> None:
        """The backup at close, with its progress; the window closes when it has ended.
        A failure is told (the register itself is intact) and the window closes."""
        job = LongJob(self.ctx, self, _("Backups"), _("Backing up before closing…"))

        def finish() -> None:
            self._closing_backed_up = True
            self.close()

        def failed(error: BaseException) -> None:
            if job.cancelled:
                return finish()
            QMessageBox.warning(
                self,
                _("Backups"),
                _("The backup at closing could not be made: {reason}").format(
                    reason=error_text(error)
                    if isinstance(error, VakkaError)
                    else type(error).__name__
                ),
            )
            finish()

        job.finished.connect(lambda _r: finish())
        job.failed.connect(failed)
        job.start(lambda _progress, _cancelled: managed_backups.make_backup)

    def show_backups(self) -> None:
        from app.ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.ctx, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.restore_requested.connect(self.restore_requested)
        dialog.open()

    def offer_purge_after_restore(self) -> None:
        """A restored backup may hold records that became due while it was stored: the
        due computation runs first, and the purge review is offered if anything is due."""
        self.ctx.db.run(retention.due_summary, self._ask_purge_after_restore)

    def _ask_purge_after_restore(self, due: DueSummary) -> None:
        if not self._unlocked or not due.records:
            return
        title = _("Restored register — Vakka")
        box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=self)
        box.setObjectName("purgeAfterRestore")
        box.setText(
            _(
                "While this backup was stored, records came due for destruction: {due}. "
                "Review the purge now?"
            ).format(due=due_text(due))
        )
        review = box.addButton(_("&Review the purge"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(review)
        box.setEscapeButton(later)
        box.finished.connect(
            lambda _r: self.show_purge_review() if box.clickedButton() is review else None
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _announce_older_state(self, older: OlderState | None) -> None:
        """An older copy of the register was put back: say so, with the dates, and let the
        practitioner accept it (recorded in the log) or leave it for a backup to mend."""
        if older is None or not self._unlocked:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Older register — Vakka"), "", parent=self)
        box.setObjectName("olderStateNotice")
        box.setText(
            _(
                "This register is older than this computer last saw it on {date}: then its log "
                "had {seen} entries, now {now}."
            ).format(
                date=format_date(older.seen_at.date()),
                seen=older.seen_entries,
                now=older.entries_now,
            )
        )
        box.setInformativeText(
            _(
                "An older copy of the register or of a backup may have been put back. If you "
                "did that on purpose, accept this state. If not, close Vakka and restore your "
                "newest backup."
            )
        )
        accept = box.addButton(_("&Accept this state"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("&Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered() -> None:
            if box.clickedButton() is accept:
                self.ctx.db.run(register_service.accept_older_state)

        box.finished.connect(lambda _r: answered())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _code_unconfirmed(self, unconfirmed: bool) -> None:
        if unconfirmed and self._unlocked:
            from app.ui.security_dialogs import open_unconfirmed_recovery_code

            # After the unlock's own events: the window is on screen behind the dialog.
            QTimer.singleShot(0, self, lambda: open_unconfirmed_recovery_code(self.ctx, self))

    def _announce_failed_unlocks(self, notice: FailedUnlocksNotice) -> None:
        """Tell, once per unlock, that someone typed a wrong passphrase or code meanwhile."""
        if notice.count == 0:
            return
        text = ngettext(
            "{count} failed attempt to open the register since you last opened it.",
            "{count} failed attempts to open the register since you last opened it.",
            notice.count,
        ).format(count=notice.count)
        if notice.last_at is not None:
            when = notice.last_at.astimezone()
            text += " " + _("The last one: {date} at {time}.").format(
                date=format_date(when.date()), time=when.strftime("%H:%M")
            )
        box = QMessageBox(
            QMessageBox.Icon.Information, _("Failed attempts — Vakka"), text, parent=self
        )
        box.setInformativeText(
            _("If it was not you, change the passphrase (Register, Change passphrase).")
        )
        box.setObjectName("failedUnlocksNotice")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def clear_views(self) -> None:
        """Drop every personal value from the window (before it is hidden on lock)."""
        self.search.clear()
        self.client_view.clear()
        self.identity_search.clear()
        self.model.clear()
        self.agenda.clear()
        self.calendar.clear()
        self.today_label.clear()
        self.banner.clear()
        self.stack.setCurrentWidget(self.agenda_pages)

    def lock(self) -> None:
        if not self._unlocked:
            return
        if self.ctx.lock_holds:
            # A rekey is running or a new recovery code is on screen: lock right after.
            self._lock_pending = True
            return
        self._lock_pending = False
        self._unlocked = False
        self.idle.stop()
        self._status_timer.stop()
        close_modal_windows(self)
        self.ctx.clipboard.clear()
        self.clear_views()
        self.ctx.db.lock()
        self.lock_requested.emit()

    def lock_by_hand(self) -> None:
        """Ctrl+L: a form with typed text that a lock would lose (an invoice, a request;
        a note is kept as a draft) is named first, and the lock waits for a yes. The idle
        lock does not ask: nobody is there to answer."""
        from app.ui.dialogs.form_helpers import FormDialog
        from app.ui.dialogs.note_dialogs import NoteDialog

        losing = [
            widget.windowTitle()
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, FormDialog)
            and not isinstance(widget, NoteDialog)
            and not widget.keeps_drafts
            and widget.isVisible()
            and widget.has_typed_text()
        ]
        if losing and not confirm_lock_losing(self, losing):
            return
        self.lock()

    def _lock_hold_released(self) -> None:
        if self._lock_pending:
            self.lock()

    def lock_clinical(self) -> None:
        from app.ui.dialogs.note_dialogs import close_note_dialogs

        close_note_dialogs()  # their drafts are saved before the records close
        self.ctx.db.run(
            register_service.lock_clinical,
            lambda _r: self.ctx.events.clinical_state_changed.emit(False),
        )

    def new_client(self) -> None:
        from app.ui.dialogs.client_dialog import open_new_client_dialog

        open_new_client_dialog(self.ctx, self, on_created=self.select_client)

    def new_note(self, relationship_id: int | None = None) -> None:
        from app.ui.tabs.clinical_tab import ClinicalTab

        if self.client_view.client_id is None:
            self.statusBar().showMessage(_("Choose a client first."), 5000)
            return
        tab = self.client_view.tab(ClinicalTab)
        assert isinstance(tab, ClinicalTab)
        self.client_view.tabs.setCurrentWidget(tab)
        tab.new_note(relationship_id)

    def import_clients(self) -> None:
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def hand_over_registers(self) -> None:
        from app.ui.hand_over_dialog import HandOverDialog

        name = f"vakka-hand-over-{self.today().isoformat()}"
        dialog = HandOverDialog(self.ctx, name, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def show_privacy_notice(self) -> None:
        from app.ui.privacy_notice_dialog import PrivacyNoticeDialog

        dialog = PrivacyNoticeDialog(self.ctx, self.today(), parent=self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def show_requests(self) -> None:
        from app.ui.requests_overview import RequestsOverviewDialog

        dialog = RequestsOverviewDialog(self.ctx, self, on_open_client=self.select_client)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_unpaid_invoices(self) -> None:
        from app.ui.unpaid_invoices import UnpaidInvoicesDialog

        dialog = UnpaidInvoicesDialog(self.ctx, self, on_open_client=self.select_client)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_purge_review(self) -> None:
        from app.ui.purge_review import open_purge_review

        dialog = open_purge_review(self.ctx, self)
        dialog.purged.connect(self.refresh_due)
        dialog.purged.connect(self.refresh_agenda)

    def open_settings(self) -> None:
        from app.ui.settings_dialog import open_settings

        if open_settings(self.ctx, self):
            prefs = self.ctx.prefs
            self.idle.set_intervals(
                prefs.idle_lock_minutes * 60_000, prefs.clinical_lock_minutes * 60_000
            )
            self.idle.poke()
            self.refresh_status()
            self.refresh_due()

    def change_passphrase(self) -> None:
        from app.ui.security_dialogs import open_change_passphrase

        open_change_passphrase(self.ctx, self)

    def edit_services(self) -> None:
        """The services the practice offers, changeable after the wizard too."""
        from app.ui.dialogs.services_dialog import ServicesDialog

        dialog = ServicesDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def choose_new_passphrase(self) -> None:
        """After an unlock with the recovery code: a new passphrase, asked at once."""
        from app.ui.security_dialogs import ChangePassphraseDialog

        if not self._unlocked:
            return
        dialog = ChangePassphraseDialog(self.ctx, self, after_recovery_code=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # not blocking: the app keeps running (and can lock) behind it

    def new_recovery_code(self) -> None:
        from app.ui.security_dialogs import open_new_recovery_code

        open_new_recovery_code(self.ctx, self)

    def back_up(self) -> None:
        import os

        from app.services.backup import BackupInfo, create_backup

        suggested = str(Path.home() / f"vakka-backup-{self.today().isoformat()}.vakka")
        chosen, _filter = file_dialogs.save_file_name(
            self, _("Back up the register"), suggested, _("Vakka backups (*.vakka)")
        )
        if not chosen:
            return
        target = Path(chosen)
        # The dialog has asked before returning a path that exists: only then may the
        # service replace it (and never a link, a folder or a device, whatever was said).
        confirmed = os.path.lexists(target)
        self.statusBar().showMessage(_("Backing up and checking the backup…"))
        self.setCursor(Qt.CursorShape.BusyCursor)

        def done(info: BackupInfo) -> None:
            self.unsetCursor()
            self.statusBar().clearMessage()
            self.refresh_status()
            QMessageBox.information(
                self,
                _("Backup ready"),
                _(
                    "The backup was written and checked: {path}\n\nIt opens with the passphrase "
                    "and recovery code in use today, also after you change them later."
                ).format(path=info.path),
            )

        def failed(error: BaseException) -> None:
            self.unsetCursor()
            self.statusBar().clearMessage()
            self.ctx.show_error(self, error)

        self.ctx.db.run(lambda s: create_backup(s, target, overwrite=confirmed), done, failed)

    def show_legal_note(self) -> None:
        from app.ui.legal import legal_note_text

        QMessageBox.information(self, _("Legal note"), legal_note_text())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.lock_holds:
            event.ignore()  # a rekey or a recovery-code hand-over must finish first
            return
        chosen = self._backup_settings
        if (
            self._unlocked
            and not self._closing_backed_up
            and chosen is not None
            and (chosen.at_close and chosen.folder is not None and chosen.folder.is_dir())
        ):
            event.ignore()
            self._back_up_then_close()
            return
        self._daily_backup_timer.stop()
        self.idle.stop()
        self.ctx.clipboard.clear()
        self.clear_views()
        event.accept()
        self.closed.emit()


def confirm_lock_losing(parent: QWidget, titles: list[str]) -> bool:
    """Ask before Ctrl+L throws typed text away (tests replace this function)."""
    answer = QMessageBox.question(
        parent,
        _("Lock"),
        _("Text typed in {windows} is not saved and is lost when Vakka locks. Lock now?").format(
            windows=", ".join(f"“{t}”" for t in titles)
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def close_modal_windows(owner: QWidget) -> None:
    """Close dialogs and message boxes left open (they may show personal data or hold
    a question whose answer would go to a locked register)."""
    from PySide6.QtWidgets import QApplication, QDialog

    for _attempt in range(20):
        modal = QApplication.activeModalWidget()
        if modal is None or modal is owner:
            return
        if isinstance(modal, QDialog):
            modal.done(QDialog.DialogCode.Rejected)
        else:
            modal.close()
        if QApplication.activeModalWidget() is modal:
            modal.hide()


def backup_age_text(last: datetime | None, today: date) -> str:
    if last is None:
        return _("no backup yet")
    days = (today - last.date()).days
    if days <= 0:
        return _("latest backup today")
    return ngettext("latest backup {days} day ago", "latest backup {days} days ago", days).format(
        days=days
    )
