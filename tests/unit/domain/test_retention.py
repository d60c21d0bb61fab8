"""The retention table of RULES.md: every category's destruction date, the floors and holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import retention as r
from app.domain.errors import ValidationError
from app.domain.kinds import Controller, RegisterKind, ServiceTask
from app.domain.retention import Category, ClientFacts, NotDue, Policy, RecordFacts
from app.domain.retention import RelationshipFacts as Rel

POLICY = Policy()
TODAY = date(2026, 11, 23)


def client(
    *rels: Rel, birth: date | None = None, death: date | None = None, **kw: object
) -> ClientFacts:
    return ClientFacts("c1", tuple(rels), birth_date=birth, death_date=death, **kw)  # type: ignore[arg-type]


def rel(kind: RegisterKind = RegisterKind.PATIENT, ended: date | None = None, **kw: object) -> Rel:
    return Rel(1, kind, date(2010, 1, 1), ended_on=ended, **kw)  # type: ignore[arg-type]


def note(statement_copy: bool = False, created: date = date(2015, 3, 1)) -> RecordFacts:
    return RecordFacts("notes", 7, "c1", relationship_id=1, created_on=created,
                       statement_copy=statement_copy)  # fmt: skip


# --- patient records ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "death", "expected", "why"),
    [
        (date(1980, 5, 17), date(2020, 6, 1), date(2032, 6, 2), None),  # died at 40: 12 y
        (date(2003, 5, 17), date(2020, 6, 1), date(2123, 5, 18), None),  # died at 17: 120 y
        (date(1950, 5, 17), None, date(2070, 5, 18), None),  # only a birth date
        (None, None, None, NotDue.NO_BIRTH_DATE),  # neither: "add birth date"
        (None, date(2020, 6, 1), None, NotDue.NO_BIRTH_DATE),
    ],
)
def test_patient_records(
    birth: date | None, death: date | None, expected: date | None, why: NotDue | None
) -> None:
    verdict = r.note(note(), client(rel(), birth=birth, death=death), POLICY)
    assert verdict.category is Category.PATIENT_RECORDS
    assert (verdict.destroy_on, verdict.not_due) == (expected, why)


def test_eighteenth_birthday_on_the_day_of_death_counts_as_adult() -> None:
    verdict = r.note(note(), client(rel(), birth=date(2000, 3, 1), death=date(2018, 3, 1)), POLICY)
    assert verdict.destroy_on == date(2030, 3, 2)


def test_29_february_plus_years_is_28_february() -> None:
    assert r.add_years(date(2024, 2, 29), 12) == date(2036, 2, 29)
    assert r.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    leap = client(rel(), birth=date(1960, 2, 29), death=date(2024, 2, 29))
    verdict = r.note(note(), leap, POLICY)
    assert verdict.destroy_on == date(2036, 3, 1)  # kept to 29.2.2036, due the day after
    contact = r.contact_details(client(rel(RegisterKind.OTHER, ended=date(2024, 2, 29))), POLICY)
    assert contact.destroy_on == date(2026, 3, 1)  # 28.2.2026 + 1 day


# --- social care by service task ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "extra", "death", "expected", "why"),
    [
        (ServiceTask.FAMILIES_WITH_CHILDREN, {}, None, date(2050, 6, 1), None),
        (ServiceTask.ADULT_SERVICES, {}, None, date(2030, 6, 1), None),
        (ServiceTask.DISABILITY, {"disability_need_ended_on": date(2021, 1, 15)}, None,
         date(2031, 1, 16), None),
        (ServiceTask.DISABILITY, {}, None, None, NotDue.NO_NEED_ENDED_DATE),
        (ServiceTask.CHILD_WELFARE, {}, date(2022, 8, 8), date(2024, 8, 9), None),
        (ServiceTask.CHILD_WELFARE, {}, None, None, NotDue.NO_DEATH_DATE),
        (ServiceTask.FAMILY_LAW, {"family_law_child_born_on": date(2012, 4, 4)}, None,
         date(2132, 4, 5), None),
        (ServiceTask.FAMILY_LAW, {}, None, None, NotDue.NO_CHILD_BIRTH_DATE),
    ],
)  # fmt: skip
def test_social_care_records_by_service_task(
    task: ServiceTask, extra: dict[str, date], death: date | None, expected: date | None,
    why: NotDue | None,
) -> None:  # fmt: skip
    social = rel(RegisterKind.SOCIAL_CARE, ended=date(2020, 5, 31), service_task=task, **extra)
    verdict = r.note(note(), client(social, death=death), POLICY)
    assert verdict.category is Category.SOCIAL_CARE_RECORDS
    assert (verdict.destroy_on, verdict.not_due) == (expected, why)


def test_open_social_care_case_has_no_clock() -> None:
    social = rel(RegisterKind.SOCIAL_CARE, service_task=ServiceTask.ADULT_SERVICES)
    assert r.note(note(), client(social), POLICY).not_due is NotDue.RELATIONSHIP_OPEN


# --- the other categories ---------------------------------------------------------------------


def test_a_client_with_relationships_of_different_kinds() -> None:
    patient = Rel(1, RegisterKind.PATIENT, date(2010, 1, 1), ended_on=date(2015, 1, 1))
    coaching = Rel(2, RegisterKind.OTHER, date(2016, 1, 1), ended_on=date(2019, 9, 30))
    person = client(patient, coaching, birth=date(1970, 1, 1))
    # Contact details: from the end of the last relationship.
    assert r.contact_details(person, POLICY).destroy_on == date(2021, 10, 1)
    # The coaching notes go at its end; the patient records stay 120 years from birth.
    coach_note = RecordFacts("notes", 1, "c1", relationship_id=2, created_on=date(2018, 1, 1))
    assert r.note(coach_note, person, POLICY).destroy_on == date(2019, 10, 1)
    assert r.note(note(), person, POLICY).destroy_on == date(2090, 1, 2)
    # Appointments: statutory 12 years from creation for the patient's, 2 years after the
    # end for the coaching ones.
    visit = RecordFacts("appointments", 1, "c1", relationship_id=1, created_on=date(2012, 2, 2))
    assert r.appointment(visit, person, POLICY).category is Category.APPOINTMENTS_PATIENT
    assert r.appointment(visit, person, POLICY).destroy_on == date(2024, 2, 3)
    coach_visit = RecordFacts(
        "appointments", 2, "c1", relationship_id=2, created_on=date(2017, 1, 1)
    )
    assert r.appointment(coach_visit, person, POLICY).destroy_on == date(2021, 10, 1)


def test_other_notes_kept_by_agreement_are_not_due() -> None:
    agreed = rel(RegisterKind.OTHER, ended=date(2020, 1, 1), other_notes_kept_by_agreement=True)
    assert r.note(note(), client(agreed), POLICY).not_due is NotDue.KEPT_BY_AGREEMENT


def test_statement_copies_are_kept_five_years_from_creation() -> None:
    verdict = r.note(note(statement_copy=True), client(rel(), birth=date(1970, 1, 1)), POLICY)
    assert (verdict.category, verdict.destroy_on) == (Category.STATEMENT_COPIES, date(2020, 3, 2))


def test_bookkeeping_by_fiscal_year() -> None:
    invoice = RecordFacts("invoices", 1, "c1", issued_on=date(2018, 3, 15))
    assert r.invoice(invoice, None, POLICY).destroy_on == date(2026, 1, 1)
    july_to_june = Policy(fiscal_year_start_month=7)
    assert r.end_of_fiscal_year(date(2018, 3, 15), 7) == date(2018, 6, 30)
    assert r.end_of_fiscal_year(date(2018, 7, 1), 7) == date(2019, 6, 30)
    assert r.invoice(invoice, None, july_to_june).destroy_on == date(2025, 7, 1)


def test_payment_commitments_ten_years_after_validity() -> None:
    commitment = RecordFacts("payment_commitments", 1, "c1", valid_until=date(2015, 12, 31))
    assert r.payment_commitment(commitment, None, POLICY).destroy_on == date(2026, 1, 1)


def test_requests_three_years_after_closing_open_ones_never() -> None:
    closed = RecordFacts("requests", 1, "c1", closed_on=date(2022, 5, 5))
    assert r.request(closed, None, POLICY).destroy_on == date(2025, 5, 6)
    still_open = RecordFacts("requests", 2, "c1")
    assert r.request(still_open, None, POLICY).not_due is NotDue.REQUEST_OPEN


# --- policy: statutory fixed, floors ----------------------------------------------------------


def test_a_statutory_period_cannot_be_changed() -> None:
    for category in (Category.PATIENT_RECORDS, Category.APPOINTMENTS_PATIENT, Category.AUDIT_LOG):
        with pytest.raises(ValidationError) as info:
            r.check_period(category, 15)
        assert info.value.code == "retention.statutory_fixed"
    r.check_period(Category.PATIENT_RECORDS, 12)  # its own period is fine


def test_bookkeeping_below_the_floor_is_refused() -> None:
    r.check_period(Category.BOOKKEEPING, 6)
    with pytest.raises(ValidationError) as info:
        r.check_period(Category.BOOKKEEPING, 5)
    assert info.value.code == "retention.below_floor"
    # A fiscal year other than the calendar year: six years from the end of the calendar
    # year in which it ended is seven years from its own end.
    with pytest.raises(ValidationError):
        r.check_period(Category.BOOKKEEPING, 6, fiscal_year_start_month=7)
    r.check_period(Category.BOOKKEEPING, 7, fiscal_year_start_month=7)
    r.check_period(Category.CONTACT_DETAILS, 1)  # policy: shorter is the practice's choice
    with pytest.raises(ValidationError):
        r.check_period(Category.PAYMENT_COMMITMENTS, 5)


# --- holds and the county -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "why"),
    [({"legal_hold": True}, NotDue.LEGAL_HOLD), ({"open_request": True}, NotDue.OPEN_REQUEST)],
)
def test_hold_and_open_request_keep_everything_of_the_client(
    flags: dict[str, bool], why: NotDue
) -> None:
    ended = rel(RegisterKind.OTHER, ended=date(2015, 1, 1))
    person = client(ended, **flags)
    verdicts = [
        r.contact_details(person, POLICY),
        r.note(note(), person, POLICY),
        r.invoice(RecordFacts("invoices", 1, "c1", issued_on=date(2010, 1, 1)), person, POLICY),
    ]
    for verdict in verdicts:
        assert verdict.destroy_on is not None and verdict.destroy_on <= TODAY
        assert verdict.not_due is why
        assert not verdict.due(TODAY)


def test_county_controlled_records_have_no_clock_of_vakkas() -> None:
    county = rel(RegisterKind.SOCIAL_CARE, ended=date(2015, 1, 1),
                 service_task=ServiceTask.ADULT_SERVICES, controller=Controller.COUNTY)  # fmt: skip
    verdict = r.note(note(), client(county), POLICY)
    assert verdict.not_due is NotDue.COUNTY_CONTROLLED and not verdict.due(TODAY)
    # The practice's own bookkeeping of that client stays on its own clock.
    invoice = RecordFacts("invoices", 1, "c1", issued_on=date(2016, 1, 1))
    assert r.invoice(invoice, client(county), POLICY).due(TODAY)


COUNTY_ENDED = date(2025, 6, 30)


def county_rel(kind: RegisterKind, delivered: date | None) -> Rel:
    task = ServiceTask.ADULT_SERVICES if kind is RegisterKind.SOCIAL_CARE else None
    return rel(kind, ended=COUNTY_ENDED, service_task=task, controller=Controller.COUNTY,
               delivered_on=delivered)  # fmt: skip


COUNTY_RECORDS = [
    ("note", lambda: note(), r.note),
    ("appointment",
     lambda: RecordFacts("appointments", 3, "c1", relationship_id=1, created_on=date(2025, 1, 5)),
     r.appointment),
    ("superseded consent",
     lambda: RecordFacts("consents", 4, "c1", relationship_id=1, replaced_on=date(2025, 2, 1)),
     r.superseded_consent),
    ("identity", lambda: RecordFacts("identities", "c1", "c1"), r.identity),
]  # fmt: skip


@pytest.mark.parametrize("kind", list(RegisterKind))
@pytest.mark.parametrize(("name", "make", "judge"), COUNTY_RECORDS)
@pytest.mark.parametrize(
    ("delivered", "expected", "why", "due"),
    [
        (None, None, NotDue.COUNTY_CONTROLLED, False),  # not delivered: waits, no clock
        (date(2025, 8, 1), date(2025, 8, 1), None, True),  # confirmed: due that day
        (TODAY, TODAY, None, True),  # confirmed today: due at once
    ],
)
def test_county_records_wait_for_the_delivery_then_are_due(
    kind: RegisterKind, name: str, make: object, judge: r.Judge,
    delivered: date | None, expected: date | None, why: NotDue | None, due: bool,
) -> None:  # fmt: skip
    record = make()  # type: ignore[operator]
    person = client(county_rel(kind, delivered), birth=date(1970, 1, 1))
    verdict = judge(record, person, POLICY)
    assert (verdict.destroy_on, verdict.not_due, verdict.due(TODAY)) == (expected, why, due), name
    if delivered is not None:
        assert not verdict.due(delivered - timedelta(days=1))


def test_county_delivery_leaves_bookkeeping_and_the_other_relationships_on_their_clocks() -> None:
    county = county_rel(RegisterKind.SOCIAL_CARE, date(2025, 8, 1))
    therapy = Rel(2, RegisterKind.PATIENT, date(2020, 1, 1), ended_on=date(2024, 1, 1))
    person = client(county, therapy, birth=date(1970, 1, 1))
    invoice = RecordFacts("invoices", 1, "c1", relationship_id=1, issued_on=date(2025, 3, 1))
    assert r.invoice(invoice, person, POLICY).destroy_on == date(2033, 1, 1)
    commitment = RecordFacts("payment_commitments", 2, "c1", relationship_id=1,
                             valid_until=date(2025, 6, 30))  # fmt: skip
    assert not r.payment_commitment(commitment, person, POLICY).due(TODAY)
    # The identity stays with the patient records of the other relationship.
    identity = r.identity(RecordFacts("identities", "c1", "c1"), person, POLICY)
    assert identity.destroy_on == date(2090, 1, 2) and not identity.due(TODAY)
    # A delivered county relationship's records under a legal hold stay.
    held = client(county, birth=date(1970, 1, 1), legal_hold=True)
    verdict = r.note(note(), held, POLICY)
    assert verdict.not_due is NotDue.LEGAL_HOLD and not verdict.due(TODAY)


def test_due_counts_name_every_category_but_the_purge_records() -> None:
    counts = r.due_counts([], TODAY)
    assert set(counts) == {c.value for c in Category} - {"purge_records"}
    assert set(counts.values()) == {0}


# --- properties ------------------------------------------------------------------------------


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(start=days, today=days)
def test_a_statutory_record_is_due_exactly_the_day_after_its_period(
    start: date, today: date
) -> None:
    visit = RecordFacts("appointments", 1, "c1", relationship_id=1, created_on=start)
    verdict = r.appointment(visit, client(rel()), POLICY)
    end = r.add_years(start, 12)
    assert verdict.due(today) == (today > end)
    assert verdict.due(end + timedelta(days=1))


@given(issued=days, years=st.integers(min_value=0, max_value=30), month=st.integers(1, 12))
def test_nothing_is_due_before_its_floor(issued: date, years: int, month: int) -> None:
    try:
        r.check_period(Category.BOOKKEEPING, years, month)
    except ValidationError:
        return  # refused: it never reaches a record
    policy = Policy(years={Category.BOOKKEEPING: years}, fiscal_year_start_month=month)
    verdict = r.invoice(RecordFacts("invoices", 1, "c1", issued_on=issued), None, policy)
    fy_end = r.end_of_fiscal_year(issued, month)
    floor = r.add_years(date(fy_end.year, 12, 31), 6)
    assert verdict.destroy_on is not None and verdict.destroy_on > floor


def test_the_identity_goes_with_the_longest_kept_register() -> None:
    patient = Rel(1, RegisterKind.PATIENT, date(2010, 1, 1), ended_on=date(2015, 1, 1))
    coaching = Rel(2, RegisterKind.OTHER, date(2016, 1, 1), ended_on=date(2019, 9, 30))
    identity = RecordFacts("identities", "c1", "c1")
    both = client(patient, coaching, birth=date(1900, 1, 1))
    verdict = r.identity(identity, both, POLICY)
    assert (verdict.category, verdict.destroy_on) == (Category.PATIENT_RECORDS, date(2020, 1, 2))
    assert r.identity(identity, client(coaching), POLICY).destroy_on == date(2019, 10, 1)
    # Any register that keeps it keeps it: no birth date, a county's records, a hold.
    assert r.identity(identity, client(patient, coaching), POLICY).not_due is NotDue.NO_BIRTH_DATE
    county = Rel(3, RegisterKind.OTHER, date(2016, 1, 1), ended_on=date(2017, 1, 1),
                 controller=Controller.COUNTY)  # fmt: skip
    assert r.identity(identity, client(coaching, county), POLICY).not_due is (
        NotDue.COUNTY_CONTROLLED
    )
    held = client(coaching, legal_hold=True)
    assert r.identity(identity, held, POLICY).not_due is NotDue.LEGAL_HOLD
    assert r.identity(identity, client(), POLICY).not_due is NotDue.NO_RELATIONSHIP


@given(
    today=days,
    horizon=st.integers(min_value=0, max_value=800),
    category=st.sampled_from(sorted(r.OWN_CLOCK_CATEGORIES)),
    years=st.integers(min_value=6, max_value=40),
    month=st.integers(1, 12),
)
def test_the_clock_window_splits_the_start_days_exactly(
    today: date, horizon: int, category: Category, years: int, month: int
) -> None:
    """Every start up to the window is due on the day, the next one is not; every start
    from its end comes due after the horizon, the one before it within."""
    policy = Policy(years={category: years}, fiscal_year_start_month=month)
    window = r.clock_window(category, today, horizon, policy)
    end = today + timedelta(days=horizon)
    last_due = window.due_through
    assert last_due is not None  # the days strategy starts long enough ago
    assert r.record_clock_end(category, last_due, policy) <= today
    assert r.record_clock_end(category, last_due + timedelta(days=1), policy) > today
    assert r.record_clock_end(category, window.later_from, policy) > end
    assert r.record_clock_end(category, window.later_from - timedelta(days=1), policy) <= end
