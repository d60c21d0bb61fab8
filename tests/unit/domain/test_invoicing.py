"""The invoicing rules: reference number, bank barcode, VAT, lines from visits, credit."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import invoicing as rules
from app.domain.errors import RuleViolationError, ValidationError
from app.domain.kinds import AppointmentStatus, PayerKind, RegisterKind
from app.domain.models import Appointment, Invoice, InvoiceLine, Practice, Service

IBAN = "FI21 1234 5600 0007 85"


# --- reference number --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "check"),
    [
        ("1234567", 2),  # 7·7+6·3+5·1+4·7+3·3+2·1+1·7 = 118 -> 2
        ("1234561", 4),  # 1·7+6·3+5·1+4·7+3·3+2·1+1·7 = 76 -> 4
        ("123", 2),  # 3·7+2·3+1·1 = 28 -> 2
    ],
)
def test_check_digit_of_worked_examples(base: str, check: int) -> None:
    assert rules.reference_check_digit(base) == check


def test_check_digit_where_the_sum_is_a_multiple_of_ten() -> None:
    # From the right: 0·7 + 3·3 + 1·1 = 10: the check digit is 0, not 10.
    assert rules.reference_check_digit("130") == 0
    assert rules.reference_check_digit("100") == 9  # 0·7 + 0·3 + 1·1 = 1


def test_finance_finland_example_reference_validates() -> None:
    # The reference of example 1 in Finance Finland's "Pankkiviivakoodi-opas".
    assert rules.is_valid_reference("86851 62596 19897")
    assert not rules.is_valid_reference("86851 62596 19898")


def test_reference_from_invoice_number() -> None:
    assert rules.reference_number("2026-0001") == "202600017"
    assert rules.is_valid_reference(rules.reference_number("2026-0042"))
    assert rules.reference_number("0001234567") == "12345672"  # leading zeros dropped


@pytest.mark.parametrize("number", ["", "12", "A-0001", "1" * 20])
def test_invoice_number_without_a_usable_base_is_refused(number: str) -> None:
    with pytest.raises(ValidationError) as info:
        rules.reference_number(number)
    assert info.value.code == "reference.invoice_number"


@pytest.mark.parametrize("base", ["12", "1" * 20, "12a4", ""])
def test_check_digit_needs_3_to_19_digits(base: str) -> None:
    with pytest.raises(ValidationError):
        rules.reference_check_digit(base)


def test_grouped_in_fives_from_the_right() -> None:
    assert rules.grouped_reference("202600017") == "2026 00017"
    assert rules.grouped_reference("868516259619897") == "86851 62596 19897"
    assert rules.grouped_reference("1232") == "1232"


@given(st.integers(min_value=100, max_value=10**19 - 1))
def test_every_reference_made_validates(base: int) -> None:
    reference = rules.reference_number(str(base))
    assert reference.startswith(str(base))
    assert len(reference) == len(str(base)) + 1
    assert rules.is_valid_reference(reference)


@given(st.integers(min_value=100, max_value=10**19 - 1), st.integers(min_value=1, max_value=9))
def test_a_changed_check_digit_fails(base: int, delta: int) -> None:
    reference = rules.reference_number(str(base))
    wrong = reference[:-1] + str((int(reference[-1]) + delta) % 10)
    assert not rules.is_valid_reference(wrong)


# --- bank barcode -------------------------------------------------------------------------


def test_finance_finland_example_barcode() -> None:
    # Example 1 of the guide: FI79 4405 2020 0360 82, 4 883,15 €, reference
    # 86851 62596 19897, due 12.6.2010.
    barcode = rules.virtual_barcode(
        "FI79 4405 2020 0360 82", 488315, "868516259619897", date(2010, 6, 12)
    )
    assert barcode.code == "479440520200360820048831500000000868516259619897100612"


def test_barcode_fields_at_their_positions() -> None:
    code = rules.virtual_barcode(IBAN, 12345, "202600017", date(2026, 12, 7)).code
    assert len(code) == 54 and code.isdigit()
    assert code[0] == "4"
    assert code[1:17] == "2112345600000785"
    assert code[17:23] == "000123"
    assert code[23:25] == "45"
    assert code[25:28] == "000"
    assert code[28:48] == "00000000000202600017"
    assert code[48:54] == "261207"


@given(
    st.integers(min_value=0, max_value=99_999_999),
    st.integers(min_value=100, max_value=10**19 - 1),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_barcode_round_trip(cents: int, base: int, due: date) -> None:
    reference = rules.reference_number(str(base))
    barcode = rules.virtual_barcode(IBAN, cents, reference, due)
    fields = rules.parse_barcode(barcode.code)
    assert fields.iban_digits == "2112345600000785"
    assert fields.euros * 100 + fields.cents == cents
    assert fields.reference == reference
    assert fields.due_on == due


@pytest.mark.parametrize(
    ("iban", "cents", "reason"),
    [
        ("", 100, "barcode.no_iban"),
        ("DE89 3704 0044 0532 0130 00", 100, "barcode.not_finnish_iban"),
        (IBAN, 100_000_000, "barcode.amount_too_large"),
        (IBAN, -100, "barcode.negative_amount"),
    ],
)
def test_no_barcode_and_why(iban: str, cents: int, reason: str) -> None:
    barcode = rules.virtual_barcode(iban, cents, "202600017", date(2026, 12, 7))
    assert barcode.code == ""
    assert barcode.missing_reason == reason


def test_largest_amount_still_has_a_barcode() -> None:
    assert rules.virtual_barcode(IBAN, 99_999_999, "202600017", None).code.endswith("000000")


def test_bad_barcode_is_refused() -> None:
    with pytest.raises(ValidationError):
        rules.parse_barcode("5" + "0" * 53)


# --- VAT ------------------------------------------------------------------------------------

THERAPY = Service("Psykoterapia", RegisterKind.PATIENT, vat_rate_permille=0, price_cents=9000, id=1)
COACHING = Service("Valmennus", RegisterKind.OTHER, vat_rate_permille=255, price_cents=8500, id=2)


def test_vat_rate_from_the_service_unless_below_the_threshold() -> None:
    assert rules.line_vat_rate(Practice(vat_registered=True), COACHING) == 255
    assert rules.line_vat_rate(Practice(vat_registered=True), THERAPY) == 0
    assert rules.line_vat_rate(Practice(vat_registered=False), COACHING) == 0


def test_vat_summary_per_rate() -> None:
    lines = [
        InvoiceLine("Valmennus", 8500, 1, 255),
        InvoiceLine("Valmennus", 8500, 2, 255),
        InvoiceLine("Psykoterapia", 9000, 1, 0),
    ]
    summary = rules.vat_summary(lines)
    assert [(r.rate_permille, r.net_cents, r.vat_cents) for r in summary] == [
        (255, 25500, 2168 + 4335),
        (0, 9000, 0),
    ]
    assert summary[0].gross_cents == 25500 + 6503


def test_credit_note_vat_is_exactly_negated() -> None:
    for price in (8500, 1, 3, 8733, 12345):
        line = InvoiceLine("x", price, 1, 255)
        credit = rules.credit_lines(Invoice("1", date.today(), date.today(), PayerKind.CLIENT,
                                            "x", lines=[line]))[0]  # fmt: skip
        assert credit.vat_cents == -line.vat_cents
        assert credit.unit_price_cents == -price


# --- lines from visits -------------------------------------------------------------------


def visit(id_: int, status: AppointmentStatus, service: str = "Valmennus",
          fee: int | None = None) -> Appointment:  # fmt: skip
    return Appointment(
        "c",
        1,
        datetime(2026, 11, id_, 10),
        60,
        service=service,
        status=status,
        fee_cents=fee,
        id=id_,
    )


def test_uninvoiced_visits_are_held_and_not_on_a_standing_invoice() -> None:
    visits = [
        visit(3, AppointmentStatus.DONE),
        visit(1, AppointmentStatus.DONE),
        visit(2, AppointmentStatus.DONE),
        visit(4, AppointmentStatus.NO_SHOW),
        visit(5, AppointmentStatus.BOOKED),
        visit(6, AppointmentStatus.CANCELLED),
    ]
    assert [v.id for v in rules.uninvoiced_visits(visits, {2: "2026-0001"})] == [1, 3]


def test_line_priced_from_the_fee_else_the_service() -> None:
    practice = Practice(vat_registered=True)
    line = rules.line_from_visit(visit(1, AppointmentStatus.DONE), practice, [COACHING], "1.11.")
    assert (line.unit_price_cents, line.vat_rate_permille, line.appointment_id) == (8500, 255, 1)
    assert line.description == "Valmennus 1.11."
    own = rules.line_from_visit(visit(2, AppointmentStatus.DONE, fee=7000), practice, [COACHING],
                                "")  # fmt: skip
    assert own.unit_price_cents == 7000


def test_line_needs_a_held_visit_and_a_price() -> None:
    with pytest.raises(RuleViolationError):
        rules.line_from_visit(visit(1, AppointmentStatus.BOOKED), Practice(), [COACHING], "")
    with pytest.raises(ValidationError) as info:
        rules.line_from_visit(visit(1, AppointmentStatus.DONE, "Unknown"), Practice(), [], "")
    assert info.value.code == "invoice.visit_no_price"


# --- what may change ----------------------------------------------------------------------


def test_only_drafts_change_and_only_sent_invoices_are_credited() -> None:
    draft = Invoice("2026-0001", date(2026, 11, 1), date(2026, 11, 15), PayerKind.CLIENT, "x")
    rules.require_draft(draft)
    with pytest.raises(RuleViolationError):
        rules.check_creditable(draft, credited=False)
    sent = Invoice("2026-0001", date(2026, 11, 1), date(2026, 11, 15), PayerKind.CLIENT, "x",
                   sent_on=date(2026, 11, 1))  # fmt: skip
    with pytest.raises(RuleViolationError) as info:
        rules.require_draft(sent)
    assert info.value.code == "invoice.already_sent"
    rules.check_creditable(sent, credited=False)
    with pytest.raises(RuleViolationError):
        rules.check_creditable(sent, credited=True)
    note = Invoice("2026-0002", date(2026, 11, 2), date(2026, 11, 2), PayerKind.CLIENT, "x",
                   sent_on=date(2026, 11, 2), credit_of=1)  # fmt: skip
    with pytest.raises(RuleViolationError):
        rules.check_creditable(note, credited=False)
    assert rules.is_overdue(sent, date(2026, 11, 16))
    assert not rules.is_overdue(sent, date(2026, 11, 15))
    assert not rules.is_overdue(draft, date(2026, 12, 16))


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**7),
            st.integers(min_value=1, max_value=20),
            st.sampled_from([0, 100, 135, 255]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_vat_summary_adds_up_and_a_credit_note_cancels_exactly(
    rows: list[tuple[int, int, int]],
) -> None:
    lines = [InvoiceLine("x", price, quantity, rate) for price, quantity, rate in rows]
    invoice = Invoice("2026-0001", date(2026, 11, 1), date(2026, 11, 15), PayerKind.CLIENT, "x",
                      lines=lines)  # fmt: skip
    summary = rules.vat_summary(lines)
    assert sum(r.gross_cents for r in summary) == invoice.total_cents
    assert sum(r.vat_cents for r in summary) == invoice.vat_cents
    assert len(summary) == len({rate for _p, _q, rate in rows})
    credit = Invoice("2026-0002", date(2026, 11, 2), date(2026, 11, 2), PayerKind.CLIENT, "x",
                     lines=rules.credit_lines(invoice), credit_of=1)  # fmt: skip
    assert credit.total_cents == -invoice.total_cents
    assert credit.vat_cents == -invoice.vat_cents
