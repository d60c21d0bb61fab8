"""Error codes and their message templates (English source strings, translated by gettext).

Every code any layer raises has its entry here; a test checks that. Placeholders are
filled from the error's ``params``, which never hold personal data.
"""

from __future__ import annotations

from app.i18n import N_

ERROR_MESSAGES: dict[str, str] = {
    "internal.unknown_code": N_("Something unexpected happened (code {code})."),
    # --- register (vault, keys, locking) ---
    "register.not_found": N_(
        "There is no register in that folder. Check the folder, or create a register first."
    ),
    "register.already_exists": N_(
        "That folder already holds a register. Choose an empty folder; nothing was changed."
    ),
    "register.wrong_passphrase": N_(
        "The passphrase is not right. Check Caps Lock and the keyboard layout and try again; "
        "if it is forgotten, use the recovery code."
    ),
    "register.wrong_recovery_code": N_(
        "That recovery code does not open this register. Check that it belongs to this register."
    ),
    "recovery_code.malformed": N_(
        "The recovery code has a typing error: it has 54 letters and digits in nine groups. "
        "Check each group and try again."
    ),
    "register.keyring_key_stale": N_(
        "The key remembered on this computer no longer opens the register. "
        "Open it with the passphrase."
    ),
    "register.no_secret": N_("A passphrase or the recovery code is needed to open the register."),
    "register.clinical_needs_passphrase": N_(
        "The patient records open only with the passphrase or the recovery code."
    ),
    "register.key_file_missing": N_(
        "The register's key file is missing. Open the register with the recovery code and set a "
        "new passphrase, or restore a backup."
    ),
    "register.key_file_damaged": N_(
        "The register's key file is damaged. Open the register with the recovery code and set a "
        "new passphrase, or restore a backup."
    ),
    "register.key_file_mismatch": N_(
        "The recovery code is right, but the key file (vakka.key) belongs to another register, "
        "not to these files. Restore the key file from a backup of this register, or move "
        "vakka.key and vakka.key.bak out of the register folder, open the register with the "
        "recovery code and set a new passphrase."
    ),
    "register.store_missing": N_(
        "A file of the register ({store}) is missing. Restore the register from a backup."
    ),
    "register.store_damaged": N_(
        "A file of the register ({store}) is damaged and cannot be opened. "
        "Restore the register from a backup; do not delete the damaged files."
    ),
    "register.in_use": N_(
        "The register is open in another Vakka window or program (process {pid} on {host}). "
        "Close it there first."
    ),
    "register.newer_version": N_(
        "This register was saved by a newer version of Vakka (schema {version}). "
        "Update Vakka to open it."
    ),
    "register.version_mismatch": N_(
        "The two files of the register are from different versions. Restore a backup."
    ),
    "clinical.locked": N_("The patient records are locked. Unlock them with the passphrase."),
    "passphrase.mismatch": N_("The two passphrases were not the same. Nothing was changed."),
    "cli.passphrase_needed": N_(
        "A passphrase is needed: type it at the prompt, or set VAKKA_PASSPHRASE for automation."
    ),
    "cli.sheet_folder_missing": N_(
        "The folder for the emergency sheet does not exist. Nothing was created."
    ),
    "register.folder_is_file": N_("That path is a file, not a folder. Choose a folder."),
    "register.folder_not_empty": N_(
        "That folder is not empty. A new register goes into an empty or new folder."
    ),
    "register.code_or_store": N_(
        "The recovery code does not open this register, or the register is damaged. "
        "Check the code; if it is right, restore a backup."
    ),
    "io.disk_full": N_("The disk is full. Free some space and try again; nothing was saved."),
    "io.no_permission": N_(
        "Vakka may not write to the register folder (no permission or a read-only disk)."
    ),
    "io.not_a_folder": N_("That path is not a folder Vakka can use."),
    "io.failed": N_("Reading or writing a file failed ({reason}). Check the disk and try again."),
    # --- check, audit log, backups ---
    "check.failed": N_(
        "The register check found problems. Make a note of them and restore the latest "
        "good backup; keep the damaged files."
    ),
    "check.key_file_damaged": N_("The key file is damaged (its copy may still work)."),
    "check.key_file_copy_damaged": N_("The copy of the key file (vakka.key.bak) is damaged."),
    "check.key_file_repaired": N_(
        "One copy of the key file differed from the other and was repaired at this unlock."
    ),
    "check.register_pages": N_("Pages of the register store (register.db) are damaged."),
    "check.clinical_pages": N_("Pages of the patient-record store (clinical.db) are damaged."),
    "audit.chain_broken": N_("The audit log has been altered: its chain is broken."),
    "audit.row_altered": N_("The audit log has been altered: an entry was changed."),
    "audit.row_missing": N_("The audit log has been altered: entries are missing."),
    "audit.start_missing": N_("The audit log has been altered: its oldest entries are missing."),
    "audit.newest_rows_missing": N_(
        "The audit log has been altered: the newest entries are missing."
    ),
    "audit.head_missing": N_("The audit log's head file (audit.head) is missing."),
    "audit.head_forged": N_("The audit log's head file (audit.head) has been altered."),
    "audit.head_mismatch": N_("The audit log does not match its head file (audit.head)."),
    "audit.checkpoint_forged": N_("An audit log checkpoint has been altered."),
    "audit.unreadable": N_("The audit log cannot be read: the register store is damaged."),
    "backup.inside_register": N_(
        "Save the backup outside the register folder, preferably on another disk."
    ),
    "backup.write_failed": N_(
        "The backup could not be written ({reason}). Check the disk and its free space; "
        "the register is unchanged."
    ),
    "backup.verify_failed": N_(
        "The backup was written but did not pass its check, so it was not kept. Try another disk."
    ),
    "backup.damaged": N_("The backup file is damaged or is not a Vakka backup."),
    "backup.newer_version": N_("The backup was made by a newer version of Vakka. Update Vakka."),
    "restore.target_not_empty": N_(
        "Restore goes into a new, empty folder; that folder is not empty. Nothing was changed."
    ),
    "restore.no_backup_file": N_("There is no backup file at that path."),
    # --- validation ---
    # hetu (app.domain.hetu)
    "hetu.empty": N_("Enter the personal identity code."),
    "hetu.length": N_(
        "A personal identity code has {length} characters: the birth date as six digits, "
        "a century sign, three digits and a check character. Check the code and enter it again."
    ),
    "hetu.format": N_(
        "The personal identity code is not in the right form. It has the birth date as six "
        "digits, a century sign, three digits and a check character. Check the code and enter "
        "it again."
    ),
    "hetu.century_sign": N_(
        "The century sign of the personal identity code (the seventh character) is not valid. "
        "It is + for the 1800s; -, Y, X, W, V or U for the 1900s; or A, B, C, D, E or F for "
        "the 2000s. Check the code and enter it again."
    ),
    "hetu.date": N_(
        "The birth date in the personal identity code (the first six digits) is not a real "
        "date. Check the day, month and year and enter the code again."
    ),
    "hetu.individual_number": N_(
        "The individual number of the personal identity code (the three digits after the "
        "century sign) cannot be 000 or 001. Check the code and enter it again."
    ),
    "hetu.checksum": N_(
        "The check character of the personal identity code (the last character) does not "
        "match the rest of the code. There is probably a typing error: check the code against "
        "the original and enter it again."
    ),
    # other fields (app.domain.validation)
    "business_id.invalid": N_(
        "The business ID is not valid. Enter it as seven digits, a hyphen and a check digit "
        "(for example 1234567-1) and check it for typing errors."
    ),
    "email.invalid": N_(
        "The e-mail address is not valid. Check that it has one @ sign, a domain such as "
        "example.fi after it, and no spaces."
    ),
    "phone.invalid": N_(
        "The phone number is not valid. Use {min_digits} to {max_digits} digits; spaces, "
        "hyphens, brackets and a + at the start are allowed."
    ),
    "postal_code.invalid": N_(
        "The postal code is not valid. A Finnish postal code has five digits, for example "
        "00100. Check the code and enter it again."
    ),
    "date.format": N_(
        "The date is not in a form Vakka understands. Enter it as day.month.year with a "
        "four-digit year, for example 23.11.2026."
    ),
    "date.invalid": N_("There is no such date in the calendar. Check the day and the month."),
    "date.in_future": N_("The date is in the future. Check the date and enter it again."),
    "date.implausible": N_(
        "The date is before the year {min_year}. Check the year and enter the date again."
    ),
    "date.death_before_birth": N_(
        "The date of death is before the date of birth. Check both dates."
    ),
    "date.end_before_start": N_("The end date is before the start date. Check both dates."),
    "field.required": N_("This information is required. Fill in the field."),
    "name.too_long": N_("The name is too long. Shorten it to at most {max_length} characters."),
    "name.invalid_characters": N_(
        "The name contains a line break, a tab or another invisible control character. "
        "Remove it so that the name is on one line."
    ),
    # passphrase (app.domain.passphrase)
    "passphrase.too_short": N_(
        "The passphrase is too short. Use at least {min_length} characters; a few unrelated "
        "words make a passphrase that is long and easy to remember."
    ),
    "passphrase.too_weak": N_(
        "The passphrase is too easy to guess. Make it longer with more unrelated words, and "
        "avoid names, dates, keyboard patterns and well-known phrases."
    ),
    # --- rules ---
    "client.name_required": N_("Give the client's name or a nickname."),
    "client.not_found": N_("There is no such client."),
    "relationship.not_found": N_("There is no such client relationship."),
    "relationship.service_task_required": N_(
        "Choose the social care service task: it decides how long the records are kept."
    ),
    "relationship.service_task_only_social_care": N_(
        "A service task is chosen only for social care relationships."
    ),
    "relationship.county_name_required": N_(
        "Name the wellbeing services county that is the controller."
    ),
    "relationship.start_in_future": N_("The relationship cannot start in the future."),
    "relationship.end_in_future": N_("The relationship cannot end in the future."),
    "relationship.already_ended": N_("This client relationship has already ended."),
    "relationship.end_reason_required": N_("Give the reason the relationship ended."),
    "relationship.notes_need_confirmation": N_(
        "Keeping patient or social care notes in Vakka must first be switched on: read the legal "
        "note and confirm that you have checked your obligations."
    ),
    "relationship.records_location_required": N_(
        "Say where the client records are kept (on paper, or the name of the system)."
    ),
    "relationship.notice_date_in_future": N_(
        "The date the privacy notice was given cannot be in the future."
    ),
    "appointment.duration": N_("The duration must be between 1 minute and 24 hours."),
    "appointment.not_found": N_("There is no such appointment."),
    "money.negative": N_("The amount cannot be negative."),
    "invoice.no_lines": N_("Add at least one line to the invoice."),
    "invoice.quantity": N_("The quantity must be at least 1."),
    "invoice.number_taken": N_("An invoice with that number already exists."),
    "invoice.not_found": N_("There is no such invoice."),
    "invoice.paid_before_issued": N_("The payment date cannot be before the invoice date."),
    "commitment.nothing_granted": N_("Give the visits or the amount granted."),
    "commitment.negative_visits": N_("The number of visits cannot be negative."),
    "consent.not_found": N_("There is no such consent."),
    "consent.already_withdrawn": N_("This consent has already been withdrawn."),
    "consent.withdrawal_date": N_(
        "The withdrawal date must be between the date the consent was given and today."
    ),
    "disclosure.basis_required": N_(
        "Every disclosure needs its legal basis or the consent it rests on."
    ),
    "request.not_found": N_("There is no such request."),
    "request.fee_reason_required": N_("A fee or a refusal needs its reasons written down."),
    "request.extension_reason_required": N_("An extension needs its reasons written down."),
    "request.extension_too_late": N_(
        "The deadline can be extended only within the first month, and the client told."
    ),
    "request.already_closed": N_("This request has already been closed."),
    "request.date_before_received": N_("The date cannot be before the request was received."),
    "request.identity_not_checked": N_(
        "Record how the requester's identity was verified before closing the request."
    ),
    "hold.description_required": N_("Describe the ground of the legal hold."),
    "hold.not_found": N_("There is no such legal hold."),
    "hold.already_released": N_("This legal hold has already been released."),
    "identity.exists": N_("The identity is already recorded; correct it instead."),
    "identity.not_found": N_("No identity has been recorded for this client."),
    "identity.birth_date_mismatch": N_("The birth date does not match the personal identity code."),
    "identity.field_unknown": N_("That part of the identity cannot be corrected here."),
    "note.not_found": N_("There is no such entry."),
    "note.body_required": N_("The entry is empty."),
    "note.author_required": N_("Give the author's name."),
    "note.reason_required": N_("Give the reason; it is kept with the entry."),
    "note.already_removed": N_("The content of this entry has already been removed."),
    "note.use_amend": N_("Use Amend to correct an entry."),
    "note.records_kept_elsewhere": N_(
        "This relationship's client records are kept outside Vakka, so no notes are written here."
    ),
}


FIELD_LABELS: dict[str, str] = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "nickname": N_("Nickname"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "postal_code": N_("Postal code"),
    "business_id": N_("Business ID"),
    "hetu": N_("Personal identity code"),
    "passphrase": N_("Passphrase"),
    "name": N_("Name"),
    "birth_date": N_("Birth date"),
    "death_date": N_("Date of death"),
    "ended_on": N_("End date"),
    "started_on": N_("Start date"),
    "service_task": N_("Service task"),
    "county_name": N_("Wellbeing services county"),
    "records_kept": N_("Where the client records are kept"),
    "records_location": N_("Where the client records are kept"),
    "end_reason": N_("Reason for ending"),
    "clients": N_("Number of clients"),
    "register": N_("Register folder"),
}


def field_label(field: str, lang: str) -> str:
    """The translated label of an input field (the field name itself when unknown)."""
    from app.i18n import tr

    template = FIELD_LABELS.get(field)
    return tr(lang).gettext(template) if template else field
