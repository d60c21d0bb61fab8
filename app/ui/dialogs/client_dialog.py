"""New and edited clients, and their contact persons (omainen / läheinen)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.kinds import ContactLanguage
from app.domain.models import Client, ContactPerson
from app.i18n import N_
from app.services import clients
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import FormDialog, OptionalDateEdit, hint_label
from app.ui.icons import icon
from app.ui.texts import _

CONTACT_LANGUAGE_LABELS = {
    ContactLanguage.FI: N_("Finnish (suomi)"),
    ContactLanguage.SV: N_("Swedish (svenska)"),
    ContactLanguage.EN: N_("English"),
    ContactLanguage.OTHER: N_("Other"),
}
# Suggestions only: the relation is free text (RULES.md: omainen / läheinen).
RELATION_SUGGESTIONS = (
    N_("next of kin"),
    N_("close person"),
    N_("guardian"),
    N_("spouse or partner"),
    N_("parent"),
    N_("adult child"),
)
ADDRESS_FIELDS = ("street_address", "postal_code", "city")


def contact_language_label(language: ContactLanguage) -> str:
    return _(CONTACT_LANGUAGE_LABELS[language])


def _line_edit(text: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(max_length)
    return edit


class ClientDialog(FormDialog):
    """Create a client (``client`` None) or edit one. Validation happens in the services;
    their ValidationError shows inline and moves the focus to the field."""

    saved = Signal(object)  # the saved Client

    def __init__(
        self, ctx: UiContext, client: Client | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New client") if client is None else _("Edit contact details")
        super().__init__(ctx, title, parent)
        self.original = client
        c = client or Client()
        self.setMinimumWidth(480)

        self.first_name = _line_edit(c.first_name)
        self.last_name = _line_edit(c.last_name)
        self.nickname = _line_edit(c.nickname)
        self.nickname.setPlaceholderText(_("Where the service allows it"))
        self.street_address = _line_edit(c.street_address)
        self.postal_code = _line_edit(c.postal_code, 12)
        self.city = _line_edit(c.city)
        self.municipality = _line_edit(c.municipality)
        self.phone = _line_edit(c.phone, 40)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email = _line_edit(c.email, 254)
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.contact_language = QComboBox()
        for language in ContactLanguage:
            self.contact_language.addItem(contact_language_label(language), language)
        self.contact_language.setCurrentIndex(self.contact_language.findData(c.contact_language))
        self.secure_address = QCheckBox(_("&Non-disclosure for personal safety"))
        self.secure_address.setAccessibleName(_("Non-disclosure for personal safety"))
        self.secure_address.setChecked(c.secure_address)
        secure_hint = hint_label(
            _(
                "The address is then never shown in lists, and it is printed only on "
                "documents to the client."
            )
        )
        self.secure_address.setAccessibleDescription(secure_hint.text())

        form = self.form
        form.add_row(_("&First name:"), self.first_name, field="first_name")
        form.add_row(_("&Last name:"), self.last_name, field="last_name")
        form.add_row(_("Nic&kname:"), self.nickname, field="nickname")

        # A secure-address client's address stays hidden until asked for (RULES.md).
        self.address_hidden = QLabel(_("Hidden (non-disclosure for personal safety)"))
        self.show_address_button = QPushButton(icon("reveal"), _("Sho&w address"))
        self.show_address_button.clicked.connect(self.reveal_address)
        hidden_row = QWidget()
        hidden_layout = QHBoxLayout(hidden_row)
        hidden_layout.setContentsMargins(0, 0, 0, 0)
        hidden_layout.addWidget(self.address_hidden, 1)
        hidden_layout.addWidget(self.show_address_button)
        self.address_placeholder = hidden_row
        form.add_row(_("Address:"), hidden_row, accessible_name=_("Address hidden"))

        form.add_row(_("Stree&t address:"), self.street_address, field="street_address")
        form.add_row(_("&Postal code:"), self.postal_code, field="postal_code")
        form.add_row(_("Cit&y:"), self.city, field="city")
        form.add_row(_("&Municipality of residence:"), self.municipality, field="municipality")
        form.add_row(_("P&hone:"), self.phone, field="phone")
        form.add_row(_("&Email:"), self.email, field="email")
        form.add_row(_("Contact lan&guage:"), self.contact_language, field="contact_language")
        form.add_wide(self.secure_address, field="secure_address")
        form.add_wide(secure_hint)

        self._address_revealed = not (client is not None and client.secure_address)
        self._show_address_rows(self._address_revealed)
        self.first_name.setFocus()

    def _show_address_rows(self, shown: bool) -> None:
        self.form.set_row_visible(self.address_placeholder, not shown)
        for widget in (self.street_address, self.postal_code, self.city):
            self.form.set_row_visible(widget, shown)

    def reveal_address(self) -> None:
        self._address_revealed = True
        self._show_address_rows(True)
        self.street_address.setFocus()

    def focus_field(self, field: str) -> None:
        if field in ADDRESS_FIELDS and not self._address_revealed:
            self.reveal_address()
        super().focus_field(field)

    def client_from_form(self) -> Client:
        base = self.original or Client()
        language = self.contact_language.currentData()
        return dataclasses.replace(
            base,
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            nickname=self.nickname.text(),
            street_address=self.street_address.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            municipality=self.municipality.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            contact_language=ContactLanguage(language),
            secure_address=self.secure_address.isChecked(),
        )

    def submit(self) -> None:
        client = self.client_from_form()
        if self.original is None:
            self.run_job(lambda s: clients.add_client(s, client), self._saved)
        else:
            self.run_job(lambda s: clients.update_client(s, client), self._saved)

    def _saved(self, client: Client) -> None:
        events = self.ctx.events
        events.clients_changed.emit()
        if client.id is not None:
            events.client_changed.emit(client.id)
        self.saved.emit(client)
        self.accept()


def open_new_client_dialog(
    ctx: UiContext,
    parent: QWidget | None,
    on_created: Callable[[str], None] | None = None,
) -> None:
    """The main window's "New client" (Ctrl+N). When the client is saved,
    ``ctx.events.clients_changed`` is emitted and then ``on_created`` gets the new client's
    id, once the jobs started by that signal (such as the list's refresh) have finished, so
    the caller can select it. The dialog is window-modal and deletes itself."""
    dialog = ClientDialog(ctx, None, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_created is not None:
        callback = on_created

        def created(client: Client) -> None:
            client_id = client.id
            if client_id is not None:
                # Queued behind the jobs that clients_changed started (the list's
                # refresh): when it runs, the new client is in the list to be selected.
                ctx.db.run(lambda _s: None, lambda _r: callback(client_id))

        dialog.saved.connect(created)
    dialog.open()


class ContactPersonDialog(FormDialog):
    """A contact person (omainen / läheinen) with the date of the client's consent."""

    saved = Signal(object)  # the saved ContactPerson

    def __init__(
        self, ctx: UiContext, client_id: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Add contact person"), parent)
        self.client_id = client_id
        self.setMinimumWidth(440)
        intro = hint_label(
            _(
                "A next of kin or close person whom the client has agreed may be contacted. "
                "Record the date of the client's consent."
            )
        )
        self.body.insertWidget(0, intro)

        self.name = _line_edit()
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems([_(text) for text in RELATION_SUGGESTIONS])
        self.relation.setCurrentText("")
        self.phone = _line_edit(max_length=40)
        self.email = _line_edit(max_length=254)
        self.consent_on = OptionalDateEdit(_("Given on"), default=today)
        self.consent_on.set_value(today)

        self.form.add_row(_("&Name:"), self.name, field="name")
        self.form.add_row(_("&Relation to the client:"), self.relation, field="relation")
        self.form.add_row(_("P&hone:"), self.phone, field="phone")
        self.form.add_row(_("&Email:"), self.email, field="email")
        self.form.add_row(
            _("Client's &consent:"),
            self.consent_on,
            field="consent_on",
            accessible_name=_("Client's consent given on"),
        )
        self.name.setFocus()

    def person_from_form(self) -> ContactPerson:
        return ContactPerson(
            client_id=self.client_id,
            name=self.name.text(),
            relation=self.relation.currentText().strip(),
            phone=self.phone.text(),
            email=self.email.text(),
            consent_on=self.consent_on.value(),
        )

    def submit(self) -> None:
        person = self.person_from_form()
        self.run_job(lambda s: clients.add_contact_person(s, person), self._saved)

    def _saved(self, person: ContactPerson) -> None:
        self.ctx.events.client_changed.emit(self.client_id)
        self.saved.emit(person)
        self.accept()
