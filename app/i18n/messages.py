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
    "register.rekey_failed": N_(
        "A new recovery code could not be made ({reason}). The register is unchanged and "
        "still opens with the current recovery code."
    ),
    "register.rekey_disk_full": N_(
        "A new recovery code could not be made: the disk is full (re-encrypting needs room for "
        "a second copy of the register). The register is unchanged; free some space and try "
        "again."
    ),
    "register.rekey_unfinished": N_(
        "A new recovery code was being made when Vakka stopped, and its files do not match "
        "what was recorded. Nothing was changed or deleted. Restore the register from a "
        "backup; keep these files."
    ),
    "retention.statutory_fixed": N_(
        "This retention period is set by law and cannot be changed: the records must be "
        "destroyed without delay when it ends (703/2023 § 24)."
    ),
    "retention.below_floor": N_(
        "This retention period cannot be shorter than {floor} years (the legal minimum)."
    ),
    "retention.years_out_of_range": N_("Give the retention period in whole years, 0 to 200."),
    "clinical.locked": N_("The patient records are locked. Unlock them with the passphrase."),
    "passphrase.mismatch": N_("The two passphrases were not the same. Nothing was changed."),
    "cli.passphrase_needed": N_(
        "A passphrase is needed: type it at the prompt, or set VAKKA_PASSPHRASE for automation."
    ),
    "cli.record_folder_missing": N_(
        "The folder for the purge record does not exist. Nothing was destroyed."
    ),
    "purge.confirmation_needed": N_(
        "The purge needs a confirmation: run it at a terminal, or add --yes. Nothing was destroyed."
    ),
    "purge.cancelled": N_("The purge was cancelled. Nothing was destroyed."),
    "cli.out_folder_missing": N_(
        "The folder for the file does not exist. Create it first, or choose another one."
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
    "register.read_only": N_(
        "The register is read-only (no write permission, or a read-only disk), so Vakka cannot "
        "write its audit log there, and without it shows no client data and changes nothing. "
        "Copy the register folder to a place you can write to, or restore a backup there "
        "(vakka restore, or Restore a backup in the app), and open the copy."
    ),
    "register.read_only_rekey_pending": N_(
        "A change of the recovery code was interrupted and must be finished first, which "
        "needs write access, but the register is read-only. Copy the register folder to a "
        "place you can write to and open the copy."
    ),
    "register.read_only_needs_update": N_(
        "This register was saved by an older version of Vakka and must be updated first, which "
        "needs write access, but the register is read-only. Copy the register folder to a "
        "place you can write to and open the copy."
    ),
    "path.empty": N_("The path is empty. Give a folder or a file."),
    "path.nul_character": N_(
        "The path contains a NUL character, which no file or folder name can have. Check the path."
    ),
    "path.unknown_user": N_(
        "The path starts with ~ and a user name that this computer does not know. Check the path."
    ),
    "io.disk_full": N_("The disk is full. Free some space and try again; nothing was saved."),
    "io.no_permission": N_(
        "Vakka has no permission to use that file or folder. Check its permissions, "
        "or choose another place."
    ),
    "io.read_only_disk": N_(
        "The disk is read-only, so nothing can be written there. Choose another place."
    ),
    "io.path_too_long": N_(
        "The path is too long for the file system (too many nested folders, or a name that "
        "is too long). Choose a shorter path."
    ),
    "io.link_loop": N_(
        "The path leads through a loop of symbolic links, or through too many of them. "
        "Check the path."
    ),
    "io.not_found": N_("A folder on that path does not exist. Check the path."),
    "io.is_a_folder": N_("That path is a folder; a file is needed there. Give a file name."),
    "io.cannot_open": N_(
        "A file of the register cannot be opened (no permission, or the disk is not "
        "available). Check the disk and the folder's permissions."
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
    "check.records_without_relationship": N_(
        "{count} consents, disclosures, invoices or payment commitments saved by an earlier "
        "version name no client relationship, because the client had none or several. They "
        "need a relationship chosen for them."
    ),
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
    "audit.head_damaged": N_("The audit log's head file (audit.head) is damaged."),
    "audit.head_forged": N_("The audit log's head file (audit.head) has been altered."),
    "audit.head_mismatch": N_("The audit log does not match its head file (audit.head)."),
    "audit.checkpoint_forged": N_("An audit log checkpoint has been altered."),
    "audit.disclosure_altered": N_(
        "The disclosure log has been altered: a disclosure differs from what was logged."
    ),
    "audit.disclosure_missing": N_(
        "The disclosure log has been altered: a logged disclosure has been deleted."
    ),
    "audit.disclosure_unlogged": N_(
        "The disclosure log has been altered: it holds a disclosure that was never logged."
    ),
    "audit.disclosure_seal_forged": N_("A seal of the disclosure log has been altered."),
    "audit.unreadable": N_("The audit log cannot be read: the register store is damaged."),
    "backup.inside_register": N_(
        "Save the backup outside the register folder, preferably on another disk."
    ),
    "purge.not_compacted": N_(
        "The records were destroyed, but the disk is too full to compact the register's "
        "files afterwards. Free some space."
    ),
    "backup.disk_full": N_(
        "There is not enough space for the backup on that drive. Free some space or choose "
        "another place; the register is unchanged."
    ),
    "backup.write_failed": N_(
        "The backup could not be written ({reason}). Check the disk and its free space; "
        "the register is unchanged."
    ),
    "backup.verify_failed": N_(
        "The backup was written but did not pass its check, so it was not kept. Try another disk."
    ),
    "backup.target_exists": N_(
        "There is already a file at that path, and it was left as it is. Choose another name, "
        "or replace the file on purpose (on the command line: --force)."
    ),
    "backup.target_is_link": N_(
        "That path is a symbolic link. A backup is never written through a link; "
        "choose another name. Nothing was changed."
    ),
    "backup.target_not_a_file": N_(
        "That path is a folder, a device or another special file, not a regular file. "
        "Choose a file name for the backup. Nothing was changed."
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
    "client.secure_address_not_confirmed": N_(
        "This client has a secure address (non-disclosure for personal safety). The address "
        "goes only on documents to the client, and only after you confirm it: confirm it, or "
        "leave the address out. Nothing was saved."
    ),
    "relationship.not_found": N_("There is no such client relationship."),
    "county_delivery.not_county_controlled": N_(
        "This client relationship is controlled by the practice, not by a wellbeing services "
        "county: there is nothing to deliver. Nothing was changed."
    ),
    "county_delivery.relationship_open": N_(
        "The client relationship has not ended. The records are delivered to the county "
        "when it ends. Nothing was changed."
    ),
    "county_delivery.already_confirmed": N_(
        "The delivery of this relationship's records has already been confirmed."
    ),
    "county_delivery.before_end": N_(
        "The delivery cannot be before the client relationship ended. Check the date."
    ),
    "cli.import_map_usage": N_(
        '--map takes COLUMN=FIELD, for example --map "Asiakkaan nimi=name".'
    ),
    "cli.county_delivery_packet_usage": N_(
        "Give the folder for the packet: --out DIR (without --on, --how or --to)."
    ),
    "cli.county_delivery_confirm_usage": N_(
        "Confirming the delivery needs --on DATE, --how TEXT and --to TEXT (and no --out)."
    ),
    "county_delivery.no_folder": N_(
        "The folder for the delivery packet does not exist. Choose an existing folder."
    ),
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
    "relationship.minor_prohibition_reasons_required": N_(
        "In social care a minor's prohibition of disclosure to their guardians is recorded "
        "with its reasons. Give the reasons; nothing was saved."
    ),
    "relationship.need_ended_only_disability": N_(
        "The date the service need ended is given only for social care relationships with "
        "the service task disability services; nothing was saved."
    ),
    "relationship.need_ended_in_future": N_(
        "The date the service need ended cannot be in the future."
    ),
    "relationship.need_ended_before_start": N_(
        "The date the service need ended cannot be before the relationship started."
    ),
    "relationship.child_born_only_family_law": N_(
        "The child's birth date is given only for social care relationships with the "
        "service task family law; nothing was saved."
    ),
    "relationship.child_born_in_future": N_("The child's birth date cannot be in the future."),
    "relationship.kept_by_agreement_only_other": N_(
        "Keeping the notes after the end by agreement applies only to services outside "
        "social and health care; nothing was saved."
    ),
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
    "relationship.required": N_(
        "Choose the client relationship this belongs to: every record belongs to the register "
        "of one relationship. If the client has none yet, start one first."
    ),
    "relationship.kind_fixed": N_(
        "The register kind and service task of this relationship cannot change: it already has "
        "notes, appointments, invoices or consents. Start a new relationship of the right kind "
        "instead."
    ),
    "relationship.kind_change_needs_clinical": N_(
        "Unlock the patient records to change the register kind or service task: their notes "
        "must be checked first."
    ),
    "relationship.cannot_reopen": N_(
        "An ended relationship cannot be re-opened. Start a new relationship instead."
    ),
    "legal_note.practitioner_name_required": N_(
        "Add the practitioner's name in the practice settings first: the confirmation of the "
        "legal note records who gave it."
    ),
    "appointment.duration": N_("The duration must be between 1 minute and 24 hours."),
    "service.duplicate": N_("There is already a service with that name."),
    "service.not_found": N_("The service was not found; it may have been removed meanwhile."),
    "service.kind_in_use": N_(
        "The register kind of a service cannot change once client relationships use it: "
        "their rules and retention periods follow it. Add a new service instead."
    ),
    "appointment.not_booked": N_(
        "Only a booked visit can be changed; a held, missed or cancelled one stays as it was."
    ),
    "appointment.not_yet": N_(
        "A visit still to come cannot be marked as held or missed; wait until it has started."
    ),
    "appointment.not_found": N_("There is no such appointment."),
    "invoice.due_passed": N_(
        "The draft's due date has passed. Edit the draft's invoice date and due date, then "
        "send it."
    ),
    "invoice.number_format": N_(
        "An invoice number is the year, a dash and a running number, for example 2026-0042."
    ),
    "invoice.reference_taken": N_(
        "Another invoice already has the reference number this invoice number gives. Choose "
        "another invoice number."
    ),
    "invoice.other_client": N_("A draft invoice stays with its client."),
    "appointment.already_cancelled": N_(
        "The visit was cancelled; it stays cancelled. Book a new visit instead."
    ),
    "appointment.status_back": N_(
        "A held or missed visit does not go back to booked. Book a new visit instead."
    ),
    "appointment.invoiced": N_(
        "An invoice charges this visit, so it stays held. Make a credit note for the invoice "
        "first if the visit was not held."
    ),
    "appointment.cancel_reason": N_("Write why the visit is cancelled."),
    "appointment.cancel_reason_long": N_("The reason is too long (at most {most} characters)."),
    "appointment.cancelled_by": N_("Choose who cancelled the visit."),
    "series.every_weeks": N_("A series repeats every week or every other week."),
    "series.count": N_("A series has from 2 to {most} visits."),
    "series.conflicts": N_(
        "Some visits of the series overlap other appointments. Check the dates and book again."
    ),
    "money.negative": N_("The amount cannot be negative."),
    "invoice.no_lines": N_("Add at least one line to the invoice."),
    "invoice.quantity": N_("The quantity must be at least 1."),
    "invoice.number_taken": N_("An invoice with that number already exists."),
    "invoice.not_found": N_("There is no such invoice."),
    "invoice.paid_before_issued": N_("The payment date cannot be before the invoice date."),
    "invoice.already_sent": N_(
        "The invoice has been sent and can no longer be changed. Only its payment is "
        "recorded; to cancel it, make a credit note."
    ),
    "invoice.not_sent": N_("The invoice is still a draft: send it first."),
    "invoice.already_paid": N_("The invoice has already been marked paid."),
    "invoice.credited_not_payable": N_(
        "A credit note, or an invoice a credit note cancels, is not marked paid."
    ),
    "invoice.credit_of_credit": N_("A credit note cannot itself be credited."),
    "invoice.already_credited": N_("A credit note already cancels this invoice."),
    "invoice.sent_before_issued": N_("The invoice cannot be sent before its invoice date."),
    "invoice.visit_not_held": N_("Only a held visit (marked done) is invoiced."),
    "invoice.visit_already_invoiced": N_(
        "That visit is already on another invoice. Credit that invoice first to invoice the "
        "visit again."
    ),
    "invoice.visit_no_price": N_(
        "A chosen visit has no fee and its service no price. Give the visit a fee or the "
        "service a price in the services list."
    ),
    "invoice.no_visits": N_("Choose at least one held visit to invoice."),
    "invoice.visits_of_several_relationships": N_(
        "The chosen visits belong to different client relationships. An invoice belongs to "
        "one register: invoice each relationship's visits separately."
    ),
    "invoice.vat_rate": N_("The VAT rate must be between 0 and 100 %."),
    "reference.invalid": N_("The reference number is not valid (its check digit is wrong)."),
    "reference.invoice_number": N_(
        "The invoice number must hold 3 to 19 digits (not counting leading zeros): the "
        "reference number is made from them."
    ),
    "barcode.invalid": N_("That is not a version 4 bank barcode of 54 digits."),
    "barcode.no_iban": N_("the practice's bank account (IBAN) is not given in the settings."),
    "barcode.not_finnish_iban": N_("the bank barcode needs a Finnish (FI) bank account."),
    "barcode.amount_too_large": N_("the bank barcode holds amounts up to 999 999,99 € only."),
    "barcode.negative_amount": N_("the amount is negative."),
    "iban.invalid": N_(
        "The IBAN is not valid. Check it against your bank's papers, for example "
        "FI21 1234 5600 0007 85."
    ),
    "bic.invalid": N_("The BIC is not valid: 8 or 11 letters and digits, for example NDEAFIHH."),
    "payment_term.invalid": N_("The payment term is 0 to 365 days."),
    "service.price_negative": N_("The price cannot be negative."),
    "commitment.nothing_granted": N_("Give the visits or the amount granted."),
    "commitment.negative_visits": N_("The number of visits cannot be negative."),
    "consent.not_found": N_("There is no such consent."),
    "consent.already_withdrawn": N_("This consent has already been withdrawn."),
    "consent.withdrawal_date": N_(
        "The withdrawal date must be between the date the consent was given and today."
    ),
    "note.content_kind_unknown": N_(
        "Choose what kind of content is removed from the list. Nothing was removed."
    ),
    "disclosure.consent_is_prohibition": N_(
        "A prohibition cannot be the basis of a disclosure: it forbids one. "
        "Choose a consent or permission in force, or give the legal basis. Nothing was recorded."
    ),
    "disclosure.consent_withdrawn": N_(
        "That consent has been withdrawn, so a disclosure cannot rest on it. Nothing was recorded."
    ),
    "disclosure.consent_superseded": N_(
        "That is an earlier version of the consent; a disclosure rests only on the version in "
        "force. Nothing was recorded."
    ),
    "disclosure.consent_after_disclosure": N_(
        "The consent was given after the disclosure date, so the disclosure cannot rest on it. "
        "Nothing was recorded."
    ),
    "disclosure.minor_prohibits_guardians": N_(
        "The minor client has prohibited disclosing their data to their guardians, and the "
        "minor's prohibition prevails (Act 703/2023 § 58). Nothing was recorded."
    ),
    "disclosure.health_consent_required": N_(
        "A service outside social and health care discloses health information only with the "
        "client's explicit consent (GDPR art. 9(2)(a)), recorded on the client relationship "
        "on or before the disclosure date. Nothing was recorded."
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
    "request.requester_name_required": N_(
        "A request made by a guardian or a representative needs their name."
    ),
    "request.first_copy_free": N_(
        "The first copy is always free: a fee can be asked only for a further copy, after an "
        "earlier answer was given."
    ),
    "request.no_answer_written": N_(
        "The answer has not been made yet. Make the answer first, then mark it delivered."
    ),
    "access_answer.not_access_request": N_("Only an access request is answered with this answer."),
    "access_answer.withhold_reason": N_(
        "An entry can be withheld only when giving it could seriously endanger the client's "
        "health or care or someone else's rights (Data Protection Act § 34)."
    ),
    "access_answer.withhold_explanation": N_(
        "Write the reasons for withholding the entry, or choose that the reasons are not "
        "given because giving them would defeat the restriction."
    ),
    "access_answer.nothing_for_ombudsman": N_(
        "Nothing was withheld under section 34 of the Data Protection Act, so there is nothing "
        "to deliver to the Data Protection Ombudsman."
    ),
    "check.rolled_back": N_(
        "The register is older than this computer last saw it: its newest log entries are "
        "missing. An older copy of the register or of a backup may have been put back. If "
        "that was done on purpose, accept the older state (vakka check --accept-older, or "
        "in the app); otherwise restore the newest backup."
    ),
    "backups.no_folder": N_("That folder does not exist. Choose an existing folder."),
    "backups.no_folder_chosen": N_(
        "No backup folder is chosen yet. Choose one under Register, Backups."
    ),
    "backups.folder_unreachable": N_(
        "The backup folder cannot be reached. Is the backup drive plugged in?"
    ),
    "hand_over.target_exists": N_(
        "Something already has that name. The export goes into a new folder: choose a name "
        "that is not in use; nothing was written."
    ),
    "hand_over.cancelled": N_("The export was cancelled; nothing was written."),
    "import.empty": N_("The file is empty."),
    "import.not_csv": N_(
        "The file is not a CSV file (text with columns separated by commas or semicolons). "
        "Export the clients from the booking system as CSV and try again."
    ),
    "import.no_file": N_("There is no such file."),
    "import.too_big": N_("The file is too big to be a list of clients (over 200 MB)."),
    "import.unknown_column": N_('The file has no column "{column}".'),
    "import.unknown_field": N_(
        '"{name}" is not a field of a client. Use first_name, last_name, name, nickname, '
        "phone, email, street_address, postal_code, city, municipality, contact_language "
        "or skip."
    ),
    "import.field_twice": N_('Two columns are mapped to the field "{name}".'),
    "import.no_name_column": N_(
        "No column holds the clients' names (for example Etunimi and Sukunimi, or Name). "
        'Say which column holds them, for example --map "Asiakas=name".'
    ),
    "import.unknown_language": N_("The language is not Finnish, Swedish or English."),
    "import.confirmation_needed": N_(
        "The import needs a confirmation: run it on a terminal, or add --yes."
    ),
    "import.cancelled": N_("The import was cancelled; no client was added."),
    "privacy_notice.unknown_section": N_("There is no such section in the privacy notice."),
    "privacy_notice.format": N_("The privacy notice is made as PDF or HTML."),
    "decision.wrong_kind": N_("This decision is not made on a request of this kind."),
    "decision.what_required": N_("Write what was corrected."),
    "decision.reasons_required": N_("A refusal needs its reasons written down."),
    "access_answer.already_withheld": N_("That entry is already withheld from this answer."),
    "export.no_folder": N_(
        "That folder does not exist. Choose an existing folder; nothing was written."
    ),
    "request.date_before_received": N_("The date cannot be before the request was received."),
    "request.identity_not_checked": N_(
        "Record how the requester's identity was verified before closing the request."
    ),
    "hold.description_required": N_("Describe the ground of the legal hold."),
    "hold.not_found": N_("There is no such legal hold."),
    "hold.already_released": N_("This legal hold has already been released."),
    "hold.released_before_placed": N_(
        "A legal hold cannot be released before the date it was placed. Check the date."
    ),
    "identity.exists": N_("The identity is already recorded; correct it instead."),
    "identity.not_found": N_("No identity has been recorded for this client."),
    "identity.birth_date_mismatch": N_("The birth date does not match the personal identity code."),
    "identity.field_unknown": N_("That part of the identity cannot be corrected here."),
    "identity.hetu_not_needed": N_(
        "A personal identity code is recorded only for a client of the patient register or "
        "the social care client register (Data Protection Act 1050/2018 § 29). Start such a "
        "client relationship first, or leave the code out. Nothing was saved."
    ),
    "identity.correction_unchanged": N_(
        "The new value is the same as the recorded one, so there is nothing to correct."
    ),
    "note.not_found": N_("There is no such entry."),
    "note.body_required": N_("The entry is empty."),
    "note.author_required": N_("Give the author's name."),
    "note.reason_required": N_("Give the reason; it is kept with the entry."),
    "note.already_removed": N_("The content of this entry has already been removed."),
    "note.use_amend": N_("Use Amend to correct an entry."),
    "note.records_kept_elsewhere": N_(
        "This relationship's client records are kept outside Vakka, so no notes are written here."
    ),
    "note.legal_note_not_confirmed": N_(
        "Keeping patient or social care notes in Vakka needs the current legal note confirmed: "
        "read it and confirm it in the client relationship first."
    ),
    "note.practitioner_title_required": N_(
        "A health care entry carries its author's professional title: add your title in the "
        "practice settings first."
    ),
    "note.session_date_in_future": N_("The date of the session cannot be in the future."),
    "note.statement_copy_only_statement": N_(
        "Only a statement entry of a patient or social care relationship can be marked as a "
        "copy of a statement written for others; nothing was saved."
    ),
    # --- reminders (the due summary, the purge-review schedule, the OS scheduler) ---
    "reminders.bad_day_month": N_(
        "Give the yearly review dates as day and month, for example 1.3. for 1 March, "
        "separated by commas; 29 February is not accepted. Nothing was saved."
    ),
    "reminders.bad_date": N_(
        "Give purge review dates as month and day (for example 03-01 for 1 March), "
        "or the word monthly; 29 February is not accepted."
    ),
    "reminders.no_dates": N_(
        "The purge review needs at least one date: keep the monthly review or add dates."
    ),
    "due.summary_not_written": N_(
        "What is due was counted, but the summary could not be written beside the register. "
        "Check that the register folder can be written and has free space."
    ),
    "scheduler.systemd_unavailable": N_(
        "The user's systemd does not answer here (systemctl --user), so the daily check is "
        "not active. The timer files are written; it starts when you log in to a desktop "
        "that runs systemd and run 'vakka reminders install' again."
    ),
    "scheduler.not_active": N_(
        "The daily check is written but not active. Run 'vakka reminders install' again."
    ),
    "scheduler.enable_failed": N_("The scheduler did not take the daily check."),
    "scheduler.cron_failed": N_("The crontab could not be read or written."),
    "scheduler.command_too_long": N_(
        "The command is too long for Task Scheduler (261 characters). Move the register "
        "or Vakka to a shorter folder and try again."
    ),
}

# The retention categories of `vakka due` (RULES.md), as the CLI and the app show them.
CATEGORY_LABELS: dict[str, str] = {
    "contact_details": N_("Contact details"),
    "appointments_other": N_("Appointments (other and social care services)"),
    "appointments_patient": N_("Appointments (patients)"),
    "bookkeeping": N_("Bookkeeping"),
    "payment_commitments": N_("Payment commitments"),
    "patient_records": N_("Patient records"),
    "statement_copies": N_("Copies of statements"),
    "social_care_records": N_("Social care client records"),
    "superseded_consents": N_("Earlier versions of consents"),
    "other_notes": N_("Notes of other services"),
    "requests": N_("Requests"),
    "audit_log": N_("Log entries"),
    "purge_records": N_("Purge records"),
}


def category_label(category: str, lang: str) -> str:
    from app.i18n import tr

    template = CATEGORY_LABELS.get(category)
    return tr(lang).gettext(template) if template else category


FIELD_LABELS: dict[str, str] = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "nickname": N_("Nickname"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "street_address": N_("Street address"),
    "postal_code": N_("Postal code"),
    "business_id": N_("Business ID"),
    "hetu": N_("Personal identity code"),
    "passphrase": N_("Passphrase"),
    "name": N_("Name"),
    "birth_date": N_("Birth date"),
    "death_date": N_("Date of death"),
    "ended_on": N_("End date"),
    "delivered_on": N_("Date of delivery"),
    "delivered_how": N_("How delivered"),
    "delivered_to": N_("Delivered to"),
    "started_on": N_("Start date"),
    "service_task": N_("Service task"),
    "county_name": N_("Wellbeing services county"),
    "records_kept": N_("Where the client records are kept"),
    "records_location": N_("Where the client records are kept"),
    "end_reason": N_("Reason for ending"),
    "clients": N_("Number of clients"),
    "register": N_("Register folder"),
    "sheet": N_("Emergency sheet"),
    "record": N_("Purge record"),
    "out": N_("Folder for the delivery packet"),
    "date": N_("Date"),
    "end_date": N_("End date"),
    "privacy_notice_given_on": N_("Privacy notice given on"),
    "relationship_id": N_("Client relationship"),
    "reason": N_("Reason"),
    "description": N_("Description"),
    # the identity kept with the records, notes
    "name_as_recorded": N_("Name in the records"),
    "kind": N_("Kind of entry"),
    "body": N_("Text of the entry"),
    "author_name": N_("Author's name"),
    "removed_by": N_("Removed by"),
    "content_kind": N_("Kind of content removed"),
    # appointments, invoices, payment commitments
    "starts_at": N_("Time of the visit"),
    "duration_min": N_("Duration"),
    "cancel_reason": N_("Reason for cancelling"),
    "cancelled_by": N_("Cancelled by"),
    "every_weeks": N_("Repeat"),
    "count": N_("Number of visits"),
    "fee_cents": N_("Fee"),
    "number": N_("Invoice number"),
    "issued_on": N_("Invoice date"),
    "due_on": N_("Due date"),
    "paid_on": N_("Payment date"),
    "payer_name": N_("Billing name"),
    "payer_address": N_("Billing address"),
    "lines": N_("Invoice lines"),
    "quantity": N_("Quantity"),
    "unit_price_cents": N_("Unit price"),
    "vat_rate_permille": N_("VAT rate"),
    "payer_business_id": N_("Business ID"),
    "sent_on": N_("Date sent"),
    "iban": N_("Bank account (IBAN)"),
    "bic": N_("BIC code"),
    "payment_term_days": N_("Payment term"),
    "price_cents": N_("Price"),
    "reference": N_("Reference number"),
    "barcode": N_("Bank barcode"),
    "valid_until": N_("Valid until"),
    "visits_granted": N_("Visits granted"),
    # consents and disclosures
    "scope": N_("Scope"),
    "given_on": N_("Given on"),
    "withdrawn_on": N_("Withdrawn on"),
    "disclosed_on": N_("Date of disclosure"),
    "legal_basis": N_("Legal basis"),
    # requests and legal holds
    "received_on": N_("Received on"),
    "identity_checked_by": N_("Identity checked by"),
    "identity_checked_on": N_("Identity checked on"),
    "identity_method": N_("How the identity was checked"),
    "fee_reason": N_("Reasons for the fee or refusal"),
    "extension_reason": N_("Reasons for the extension"),
    "extended_to": N_("Extended deadline"),
    "extension_told_on": N_("Client told of the extension on"),
    "fee_rule": N_("Fee"),
    "requester_name": N_("Name of the requester"),
    "explanation": N_("Reasons for withholding"),
    "note_id": N_("Entry"),
    "withheld": N_("Withheld information"),
    "packet_id": N_("Answer"),
    "json": N_("JSON file"),
    "what": N_("What was corrected"),
    "section": N_("Section"),
    "file": N_("File"),
    "folder": N_("Folder"),
    "contact_language": N_("Contact language"),
    "map": N_("Column mapping"),
    "format": N_("Format"),
    "reasons": N_("Reasons"),
    "status": N_("Status of the request"),
    "closed_on": N_("Closed on"),
    "placed_on": N_("Placed on"),
    "released_on": N_("Released on"),
    "minor_prohibition_reasons": N_("Reasons for the minor's prohibition"),
    "register_kind": N_("Register"),
    "consent_id": N_("Consent the disclosure rests on"),
    "to_guardian": N_("Disclosed to a guardian"),
    "health_data": N_("Health information disclosed"),
    "session_date": N_("Date of the session"),
    "practitioner_title": N_("Professional title"),
    "practitioner_name": N_("Practitioner's name"),
    "years": N_("Retention period in years"),
    "reminder_dates": N_("Purge review dates"),
    "disability_need_ended_on": N_("Date the service need ended"),
    "family_law_child_born_on": N_("Child's date of birth"),
    "other_notes_kept_by_agreement": N_("Notes kept by agreement"),
    "statement_copy": N_("Copy of a statement written for others"),
}


def field_label(field: str, lang: str) -> str:
    """The translated label of an input field (the field name itself when unknown)."""
    from app.i18n import tr

    template = FIELD_LABELS.get(field)
    return tr(lang).gettext(template) if template else field
