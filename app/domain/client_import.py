"""Clients from a booking system's CSV file: the columns mapped, each row checked (issue 14).

Pure functions over decoded rows: which column holds which field (the common Finnish,
Swedish and English column names, or the user's ``COLUMN=FIELD`` choices), each row
made a client and checked with the same rules as a client typed in (clean_client),
and duplicates found: the same name and the same phone or email, within the file and
against the register's clients. Nothing here reads a file or writes a store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from app.domain.client_rules import clean_client
from app.domain.errors import ValidationError
from app.domain.kinds import ContactLanguage
from app.domain.models import Client

# The fields a column can fill; "name" is a whole name, split at its last space.
FIELDS: Final[tuple[str, ...]] = (
    "first_name",
    "last_name",
    "name",
    "nickname",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "city",
    "municipality",
    "contact_language",
)
SKIP = "skip"  # a column the user chose to leave out

_HEADERS: dict[str, tuple[str, ...]] = {
    "first_name": ("etunimi", "etunimet", "förnamn", "firstname", "givenname", "forename"),
    "last_name": ("sukunimi", "efternamn", "lastname", "surname", "familyname"),
    "name": ("nimi", "namn", "name", "fullname", "koko nimi", "asiakas"),
    "nickname": ("kutsumanimi", "tilltalsnamn", "nickname"),
    "phone": ("puhelin", "puhelinnumero", "matkapuhelin", "telefon", "telefonnummer",
              "phone", "phonenumber", "mobile", "puh"),
    "email": ("sähköposti", "sähköpostiosoite", "epost", "email", "emailaddress", "mail"),
    "street_address": ("osoite", "katuosoite", "lähiosoite", "adress", "gatuadress",
                       "address", "streetaddress"),
    "postal_code": ("postinumero", "postnummer", "postalcode", "postcode", "zip", "zipcode"),
    "city": ("postitoimipaikka", "postanstalt", "postort", "ort", "city", "town", "kaupunki"),
    "municipality": ("kotikunta", "hemkommun", "municipality", "kunta", "kommun"),
    "contact_language": ("kieli", "asiointikieli", "språk", "language"),
}  # fmt: skip


def normalize_header(text: str) -> str:
    """Case, spaces, hyphens, dots and underscores do not matter ("E-mail" = "email")."""
    return re.sub(r"[\s\-_.:]+", "", text.strip().casefold())


HEADER_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {normalize_header(alias): name for name, aliases in _HEADERS.items() for alias in aliases}
)

_LANGUAGES: Final[Mapping[str, ContactLanguage]] = MappingProxyType(
    {
        **dict.fromkeys(("fi", "suomi", "finska", "finnish", "fin"), ContactLanguage.FI),
        **dict.fromkeys(("sv", "ruotsi", "svenska", "swedish", "swe"), ContactLanguage.SV),
        **dict.fromkeys(("en", "englanti", "engelska", "english", "eng"), ContactLanguage.EN),
    }
)


def automatic_mapping(headers: Sequence[str]) -> dict[int, str]:
    """The columns whose names Vakka knows, and the field each holds."""
    mapping: dict[int, str] = {}
    for position, header in enumerate(headers):
        found = HEADER_FIELDS.get(normalize_header(header))
        if found is not None and found not in mapping.values():
            mapping[position] = found
    return mapping


def map_columns(headers: Sequence[str], chosen: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index -> field. ``chosen`` maps a column name (as written in the file) to a
    field or to SKIP and wins over the automatic mapping. Refused (ValidationError)
    when a chosen column or field does not exist, a field is given twice, or no column
    holds a name."""
    chosen = dict(chosen or {})
    by_header = {normalize_header(h): i for i, h in enumerate(headers)}
    mapping = automatic_mapping(headers)
    for column, name in chosen.items():
        index = by_header.get(normalize_header(column))
        if index is None:
            raise ValidationError("import.unknown_column", field="map", column=column)
        if name != SKIP and name not in FIELDS:
            raise ValidationError("import.unknown_field", field="map", name=name)
        if name == SKIP:
            mapping.pop(index, None)
        else:
            mapping[index] = name
    fields = list(mapping.values())
    doubled = sorted({f for f in fields if fields.count(f) > 1})
    if doubled:
        raise ValidationError("import.field_twice", field="map", name=doubled[0])
    if not {"first_name", "last_name", "name"} & set(fields):
        raise ValidationError("import.no_name_column", field="map")
    return mapping


@dataclass(frozen=True)
class RowResult:
    line: int  # the line in the file (the header is line 1)
    client: Client | None  # None when the row cannot be imported
    problem: ValidationError | None = None
    duplicate_of: str = ""  # "file:<line>" or "client:<client number>"

    @property
    def importable(self) -> bool:
        return self.client is not None and self.problem is None and not self.duplicate_of


def client_of(values: Mapping[str, str]) -> Client:
    """A client from one row's fields, checked like one typed in (ValidationError)."""
    first = values.get("first_name", "").strip()
    last = values.get("last_name", "").strip()
    whole = " ".join(values.get("name", "").split())
    if whole and not (first or last):
        first, _, last = whole.rpartition(" ")
        if not first:
            first, last = last, ""
    language_text = values.get("contact_language", "").strip().casefold()
    language = _LANGUAGES.get(language_text, ContactLanguage.FI if not language_text else None)
    if language is None:
        raise ValidationError("import.unknown_language", field="contact_language")
    return clean_client(
        Client(
            first_name=first,
            last_name=last,
            nickname=values.get("nickname", "").strip(),
            phone=values.get("phone", "").strip(),
            email=values.get("email", "").strip(),
            street_address=values.get("street_address", "").strip(),
            postal_code=values.get("postal_code", "").strip(),
            city=values.get("city", "").strip(),
            municipality=values.get("municipality", "").strip(),
            contact_language=language,
        )
    )


def _keys(client: Client) -> list[tuple[str, str]]:
    name = " ".join(f"{client.first_name} {client.last_name}".casefold().split())
    keys = []
    digits = re.sub(r"\D", "", client.phone)
    if digits:
        keys.append((name, "phone:" + digits[-9:]))
    if client.email:
        keys.append((name, "email:" + client.email.casefold()))
    return keys


@dataclass
class Checked:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def importable(self) -> list[Client]:
        return [r.client for r in self.rows if r.importable and r.client is not None]

    @property
    def problems(self) -> list[RowResult]:
        return [r for r in self.rows if r.problem is not None]

    @property
    def duplicates(self) -> list[RowResult]:
        return [r for r in self.rows if r.problem is None and r.duplicate_of]


def check_rows(
    rows: Iterable[tuple[int, Sequence[str]]],
    mapping: Mapping[int, str],
    existing: Iterable[tuple[int, Client]],
) -> Checked:
    """Each row (line number, cells) as a client or its problem; duplicates marked, the
    first of a file's duplicates imported and the later ones not."""
    seen: dict[tuple[str, str], str] = {}
    for number, client in existing:
        for key in _keys(client):
            seen.setdefault(key, f"client:{number}")
    checked = Checked()
    for line, cells in rows:
        values = {name: cells[i] if i < len(cells) else "" for i, name in mapping.items()}
        try:
            client = client_of(values)
        except ValidationError as problem:
            checked.rows.append(RowResult(line, None, problem))
            continue
        keys = _keys(client)
        duplicate = next((seen[k] for k in keys if k in seen), "")
        for key in keys:
            seen.setdefault(key, f"file:{line}")
        checked.rows.append(RowResult(line, client, None, duplicate))
    return checked
