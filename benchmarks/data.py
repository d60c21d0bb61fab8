"""A synthetic register at practice scale, written fast: bulk inserts in one transaction.

The rows go straight into the stores through ``app.db``'s tables (the services would
check each one; a benchmark's data needs only to look real). Names mix Finnish, Swedish
and Cyrillic spellings; one client has the most notes (1,000 at the default scale).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.db import repositories as repo
from app.db.connection import Connection
from app.db.tables import Table
from app.domain.hetu import temporary_hetu
from app.services import register as register_service

PASSPHRASE = "Benchmark register passphrase, invented 2026"
DEFAULT_CLIENTS = 5_000
DEFAULT_APPOINTMENTS = 100_000
DEFAULT_NOTES = 100_000
DEFAULT_INVOICES = 20_000
HEAVY_NOTES = 1_000

FIRST_NAMES = (
    "Aino",
    "Eino",
    "Väinö",
    "Helmi",
    "Jönssi",
    "Kerttu",
    "Lyyti",
    "Mökö",
    "Otso",
    "Pärttyli",
    "Säde",
    "Tyyne",
    "Ukko",
    "Ääpeli",
    "Öljy",
    "Åsa",
    "Björn",
    "Märta",
    "Göran",
    "Ülle",
    "Anna",
    "Kalle",
    "Liisa",
    "Matti",
    "Nelli",
    "Onni",
    "Pihla",
    "Reino",
    "Sointu",
    "Veera",
)
LAST_NAMES = (
    "Mäkinen",
    "Äijälä",
    "Törmänen",
    "Kärkkäinen",
    "Öhman",
    "Väisänen",
    "Hämäläinen",
    "Söderström",
    "Åkerlund",
    "Lindqvist",
    "Nyström",
    "Pöyhönen",
    "Kivelä",
    "Järvinen",
    "Räsänen",
    "Heikkilä",
    "Laaksonen",
    "Koskela",
    "Niemelä",
    "Salminen",
    "Ylönen",
    "Tähtinen",
    "Mäenpää",
    "Aaltonen",
    "Björklund",
    "Ekström",
    "Östman",
    "Kääriäinen",
)
CYRILLIC_NAMES = (
    ("Дмитрий", "Иванов"),
    ("Ольга", "Смирнова"),
    ("Юрий", "Кузнецов"),
    ("Анна", "Попова"),
    ("Светлана", "Васильева"),
    ("Ёжик", "Туманов"),
    ("Людмила", "Соколова"),
)
WORDS = (
    "asiakas",
    "kertoi",
    "viikon",
    "aikana",
    "unesta",
    "jännityksestä",
    "työstä",
    "perheestä",
    "harjoitus",
    "sovittiin",
    "seuraavaksi",
    "tavoite",
    "mieliala",
    "parempi",
    "väsymys",
    "ahdistus",
    "äänestä",
    "öisin",
    "kävely",
    "hengitys",
    "kotitehtävä",
    "keskustelu",
    "voimavarat",
    "huoli",
    "ilo",
    "tukiverkosto",
    "lapset",
    "esimies",
    "lomalla",
    "kipu",
    "liikunta",
    "ruokailu",
    "päivärytmi",
    "muistiinpano",
    "arvio",
    "suunnitelma",
    "jatko",
)


@dataclass(frozen=True)
class Scale:
    clients: int
    appointments: int
    notes: int
    invoices: int
    heavy_notes: int

    @classmethod
    def of(cls, factor: float) -> Scale:
        clients = max(round(DEFAULT_CLIENTS * factor), 8)
        notes = max(round(DEFAULT_NOTES * factor), 2 * clients)
        return cls(
            clients=clients,
            appointments=max(round(DEFAULT_APPOINTMENTS * factor), clients),
            notes=notes,
            invoices=max(round(DEFAULT_INVOICES * factor), clients),
            heavy_notes=min(HEAVY_NOTES, notes // 4),
        )


@dataclass(frozen=True)
class Generated:
    folder: Path
    scale: Scale
    heavy_client: str  # the client with the most notes
    client_ids: list[str]
    names: list[str]


CLIENT_COLUMNS = (
    "id",
    "client_number",
    "first_name",
    "last_name",
    "nickname",
    "street_address",
    "postal_code",
    "city",
    "municipality",
    "phone",
    "email",
    "contact_language",
    "secure_address",
    "created_at",
)
IDENTITY_COLUMNS = (
    "client_id",
    "name_as_recorded",
    "hetu",
    "hetu_temporary",
    "birth_date",
    "death_date",
    "recorded_at",
)
RELATIONSHIP_COLUMNS = (
    "id",
    "client_id",
    "register_kind",
    "service_task",
    "service_id",
    "controller",
    "county_name",
    "records_kept",
    "records_location",
    "started_on",
    "ended_on",
    "end_reason",
    "privacy_notice_given_on",
    "minor",
    "minor_can_decide",
    "minor_allows_guardian_disclosure",
    "minor_prohibition_reasons",
    "health_data_consent_on",
    "disability_need_ended_on",
    "family_law_child_born_on",
    "other_notes_kept_by_agreement",
    "delivered_on",
    "delivered_how",
    "delivered_to",
    "source",
    "source_name",
)
NOTE_COLUMNS = (
    "id",
    "client_id",
    "relationship_id",
    "register_kind",
    "kind",
    "body",
    "written_at",
    "author_name",
    "author_title",
    "specially_protected",
    "amends_id",
    "amendment_reason",
    "removed_at",
    "removed_by",
    "removed_by_title",
    "removal_reason",
    "removed_content_kind",
    "session_date",
    "statement_copy",
)
APPOINTMENT_COLUMNS = (
    "id",
    "client_id",
    "relationship_id",
    "starts_at",
    "duration_min",
    "service",
    "place",
    "remote",
    "status",
    "fee_cents",
    "payment_commitment_id",
    "created_at",
    "cancelled_by",
    "cancel_reason",
    "cancelled_at",
    "series_id",
)
INVOICE_COLUMNS = (
    "id",
    "number",
    "client_id",
    "relationship_id",
    "issued_on",
    "due_on",
    "payer_kind",
    "payer_name",
    "payer_address",
    "payer_business_id",
    "paid_on",
    "created_at",
    "sent_on",
    "credit_of",
)
LINE_COLUMNS = (
    "id",
    "invoice_id",
    "description",
    "quantity",
    "unit_price_cents",
    "vat_rate_permille",
    "appointment_id",
)


def _insert(
    conn: Connection, table: Table[Any], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Rows given in ``columns`` order, which must be the table's own columns."""
    assert sorted(columns) == sorted(table.columns), table.name
    if rows:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        conn.executemany(sql, rows)


def _body(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 70))).capitalize() + "."


def generate(folder: Path, factor: float, seed: int = 12) -> Generated:
    """Create the register in ``folder`` (which must not exist) and fill it."""
    scale = Scale.of(factor)
    rng = random.Random(seed)
    created = register_service.create(folder, PASSPHRASE)
    session = created.session
    now = datetime(2026, 11, 23, 9, 30).astimezone()
    stamp = now.isoformat(timespec="seconds")
    try:
        ids = [secrets.token_hex(8) for _ in range(scale.clients)]
        names: list[str] = []
        client_rows: list[tuple[Any, ...]] = []
        identity_rows: list[tuple[Any, ...]] = []
        relationship_rows: list[tuple[Any, ...]] = []
        for number, client_id in enumerate(ids, start=1):
            if rng.random() < 0.04:
                first, last = rng.choice(CYRILLIC_NAMES)
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            names.append(f"{last} {first}")
            phone = f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            email = f"asiakas{number}@example.invalid" if rng.random() < 0.6 else ""
            client_rows.append(
                (
                    client_id,
                    number,
                    first,
                    last,
                    "",
                    "Esimerkkikatu 1",
                    "00100",
                    "Helsinki",
                    "Helsinki",
                    phone,
                    email,
                    "fi",
                    0,
                    stamp,
                )
            )
            born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 25_000))
            identity_rows.append(
                (
                    client_id,
                    f"{last} {first}",
                    temporary_hetu(born, 900 + number % 100),
                    1,
                    born.isoformat(),
                    None,
                    stamp,
                )
            )
            started = date(2007, 1, 1) + timedelta(days=rng.randint(0, 7000))
            ended = rng.random() < 0.3
            relationship_rows.append(
                (
                    number,
                    client_id,
                    "patient",
                    None,
                    None,
                    "practice",
                    "",
                    "vakka",
                    "",
                    started.isoformat(),
                    (started + timedelta(days=400)).isoformat() if ended else None,
                    "done" if ended else "",
                    None,
                    0,
                    None,
                    None,
                    "",
                    None,
                    None,
                    None,
                    0,
                    None,
                    "",
                    "",
                    "client",
                    "",
                )
            )
        with session.transaction() as conn:
            _insert(conn, repo.CLIENTS, CLIENT_COLUMNS, client_rows)
            _insert(conn, repo.IDENTITIES, IDENTITY_COLUMNS, identity_rows)
            _insert(conn, repo.RELATIONSHIPS, RELATIONSHIP_COLUMNS, relationship_rows)

            heavy = 0  # the first client gets the most notes
            note_rows: list[tuple[Any, ...]] = []
            owners = [heavy] * scale.heavy_notes + [
                rng.randrange(1, scale.clients) for _ in range(scale.notes - scale.heavy_notes)
            ]
            for note_id, owner in enumerate(owners, start=1):
                written = now - timedelta(days=rng.randint(1, 7000), minutes=rng.randint(0, 600))
                note_rows.append(
                    (
                        note_id,
                        ids[owner],
                        owner + 1,
                        "patient",
                        "session_note",
                        _body(rng),
                        written.isoformat(timespec="seconds"),
                        "Terapeutti Esimerkki",
                        "psykoterapeutti",
                        0,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        written.date().isoformat(),
                        0,
                    )
                )
                if len(note_rows) >= 5000:
                    _insert(conn, repo.NOTES, NOTE_COLUMNS, note_rows)
                    note_rows = []
            _insert(conn, repo.NOTES, NOTE_COLUMNS, note_rows)

            appointment_rows: list[tuple[Any, ...]] = []
            for appointment_id in range(1, scale.appointments + 1):
                owner = rng.randrange(scale.clients)
                starts = now + timedelta(days=rng.randint(-7000, 60), hours=rng.randint(-1, 7))
                status = "booked" if starts > now else rng.choice(("done", "done", "cancelled"))
                cancelled = status == "cancelled"
                appointment_rows.append(
                    (
                        appointment_id,
                        ids[owner],
                        owner + 1,
                        starts.isoformat(timespec="seconds"),
                        60,
                        "Psykoterapia",
                        "Vastaanotto",
                        0,
                        status,
                        9000,
                        None,
                        stamp,
                        "client" if cancelled else "",
                        "Sairastuminen" if cancelled else "",
                        stamp if cancelled else None,
                        "",
                    )
                )
            _insert(conn, repo.APPOINTMENTS, APPOINTMENT_COLUMNS, appointment_rows)

            invoice_rows: list[tuple[Any, ...]] = []
            line_rows: list[tuple[Any, ...]] = []
            for invoice_id in range(1, scale.invoices + 1):
                owner = rng.randrange(scale.clients)
                issued = date(2007, 1, 1) + timedelta(days=rng.randint(0, 7200))
                paid = (issued + timedelta(days=10)).isoformat() if rng.random() < 0.9 else None
                invoice_rows.append(
                    (
                        invoice_id,
                        f"{issued.year}-{invoice_id:06d}",
                        ids[owner],
                        owner + 1,
                        issued.isoformat(),
                        (issued + timedelta(days=14)).isoformat(),
                        "client",
                        names[owner],
                        "",
                        "",
                        paid,
                        stamp,
                        None,  # sent below, after its lines (a sent invoice takes none)
                        None,
                    )
                )
                line_rows.append((invoice_id, invoice_id, "Psykoterapia 60 min", 1, 9000, 0, None))
            _insert(conn, repo.INVOICES, INVOICE_COLUMNS, invoice_rows)
            _insert(conn, repo.INVOICE_LINES, LINE_COLUMNS, line_rows)
            # Sent on their invoice dates: a sent invoice takes no more lines (schema 5).
            conn.execute("UPDATE invoices SET sent_on = issued_on")
        return Generated(folder, scale, ids[heavy], ids, names)
    finally:
        session.close()
