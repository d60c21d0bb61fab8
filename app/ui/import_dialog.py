"""Import clients from a booking system's CSV file, step by step (issue 14 item 2):
choose the file, check which column holds what, see every row's result, then import.

Nothing is written before "Import"; the import is one transaction with its progress
shown and a Cancel, so a cancelled or failed import adds nobody.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.client_import import FIELDS, SKIP, automatic_mapping
from app.i18n import N_
from app.services import client_import
from app.services.client_import import CsvFile, ImportPreview
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel
from app.ui.feedback import error_text, report_inline
from app.ui.long_job import LongJob
from app.ui.texts import _, ngettext
from app.ui.window_watch import WindowHidden

IMPORT_FIELD_LABELS = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "name": N_("Whole name"),
    "nickname": N_("Nickname"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "street_address": N_("Street address"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "municipality": N_("Municipality of residence"),
    "contact_language": N_("Contact language"),
}
PREVIEW_ROWS = 200


def ask_csv_path(parent: QWidget) -> Path | None:
    """The file to import; tests replace this function."""
    chosen, _filter = file_dialogs.open_file_name(
        parent, _("Import clients"), "", _("CSV files (*.csv *.txt);;All files (*)")
    )
    return Path(chosen) if chosen else None


class ImportDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.file: CsvFile | None = None
        self.plan: ImportPreview | None = None
        self.added = 0
        self.setWindowTitle(_("Import clients"))
        self.resize(820, 560)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        self.error = ErrorLabel()
        self.back_button = QPushButton(_("< &Back"))
        self.back_button.clicked.connect(lambda: self._show(max(self.pages.currentIndex() - 1, 0)))
        self.next_button = QPushButton(_("&Next >"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.job = LongJob(ctx, self, _("Import clients"), _("Adding the clients…"))
        self.job.finished.connect(self._imported)
        self.job.failed.connect(self._failed)
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self._show(0)

    # --- pages ---------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            _(
                "Export the clients from your booking system as a CSV file (UTF-8 or "
                "Windows-1252, separated by commas or semicolons), then choose it here. "
                "Nothing is added before you confirm."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(_("&Choose the file…"))
        self.choose_button.clicked.connect(self.choose)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.file_label)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(_("Which field does each column hold? Columns left out are not imported."))
        intro.setWordWrap(True)
        self.columns = QTableWidget(0, 3)
        self.columns.setHorizontalHeaderLabels([_("Column"), _("First value"), _("Field")])
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setAccessibleName(_("Column mapping"))
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.columns, 1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows = QTableWidget(0, 3)
        self.rows.setHorizontalHeaderLabels([_("Line"), _("Client"), _("Result")])
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.setAccessibleName(_("The rows of the file"))
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 1)
        return page

    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        self.error.clear_error()
        if index == 2:
            count = len(self.plan.checked.importable) if self.plan else 0
            self.next_button.setText(
                ngettext("&Import {count} client", "&Import {count} clients", count).format(
                    count=count
                )
            )
            self.next_button.setEnabled(count > 0 and not self.added)
        else:
            self.next_button.setText(_("&Next >"))
            self.next_button.setEnabled(index != 0 or self.file is not None)

    # --- step 1: the file -----------------------------------------------------------

    def choose(self) -> None:
        path = ask_csv_path(self)
        if path is None:
            return
        self.path = path
        self.ctx.db.call(lambda: client_import.read_file(path), self._read, self._failed)

    def _read(self, file: CsvFile) -> None:
        self.file = file
        self.file_label.setText(
            ngettext(
                "{name}: {rows} row ({encoding}).",
                "{name}: {rows} rows ({encoding}).",
                len(file.rows),
            ).format(
                name=self.path.name if self.path else "",
                rows=len(file.rows),
                encoding=file.encoding,
            )
        )
        automatic = automatic_mapping(file.headers)
        first = file.rows[0][1] if file.rows else []
        self.columns.setRowCount(len(file.headers))
        for index, header in enumerate(file.headers):
            self.columns.setItem(index, 0, QTableWidgetItem(header))
            value = first[index] if index < len(first) else ""
            self.columns.setItem(index, 1, QTableWidgetItem(value))
            combo = QComboBox()
            combo.setAccessibleName(_("Field of the column {column}").format(column=header))
            combo.addItem(_("Leave out"), SKIP)
            for name in FIELDS:
                combo.addItem(_(IMPORT_FIELD_LABELS[name]), name)
            combo.setCurrentIndex(max(combo.findData(automatic.get(index, SKIP)), 0))
            self.columns.setCellWidget(index, 2, combo)
        self.columns.resizeColumnsToContents()
        self._show(0)

    # --- step 2 and 3 ---------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        if self.file is None:
            return {}
        result = {}
        for index, header in enumerate(self.file.headers):
            combo = self.columns.cellWidget(index, 2)
            if isinstance(combo, QComboBox):
                result[header] = str(combo.currentData())
        return result

    def next(self) -> None:
        index = self.pages.currentIndex()
        if index == 0 and self.file is not None:
            self._show(1)
        elif index == 1 and self.path is not None:
            path, chosen = self.path, self.chosen()
            self.ctx.db.run(lambda s: client_import.preview(s, path, chosen), self._previewed,
                            self._failed)  # fmt: skip
        elif index == 2 and self.plan is not None:
            plan = self.plan
            self.next_button.setEnabled(False)
            self.job.start(
                lambda progress, cancelled: (
                    lambda s: client_import.run_import(s, plan, progress, cancelled)
                )
            )

    def _previewed(self, plan: ImportPreview) -> None:
        self.plan = plan
        checked = plan.checked
        self.summary.setText(
            _(
                "{ok} can be imported; {problems} have a problem and {duplicates} are already "
                "in the register or earlier in the file: these are left out."
            ).format(
                ok=len(checked.importable),
                problems=len(checked.problems),
                duplicates=len(checked.duplicates),
            )
        )
        shown = [r for r in checked.rows if not r.importable] + [
            r for r in checked.rows if r.importable
        ]
        shown = shown[:PREVIEW_ROWS]
        self.rows.setRowCount(len(shown))
        for row, result in enumerate(shown):
            name = result.client.display_name if result.client else ""
            if result.problem is not None:
                outcome = error_text(result.problem)
            elif result.duplicate_of:
                kind, _sep, ref = result.duplicate_of.partition(":")
                outcome = (
                    _("The same person as client {number}")
                    if kind == "client"
                    else _("The same person as line {number}")
                ).format(number=ref)
            else:
                outcome = _("Imported")
            for column, text in enumerate((str(result.line), name, outcome)):
                self.rows.setItem(row, column, QTableWidgetItem(text))
        self.rows.resizeColumnsToContents()
        self._show(2)

    def _imported(self, count: int) -> None:
        self.added = count
        self.summary.setText(
            ngettext("{count} client added.", "{count} clients added.", count).format(count=count)
        )
        self.next_button.setEnabled(False)
        self.ctx.events.clients_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.next_button.setEnabled(self.pages.currentIndex() != 0 or self.file is not None)
        report_inline(self.error, self, error)

    def _close_with_window(self) -> None:
        self.reject()
