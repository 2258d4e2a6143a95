"""Property-based fuzzing (hypothesis) of the roster reader, the row checks and the forms' checks:
random and corrupted workbooks and strings never crash, and every rejection has a message.

Small example counts and no deadline keep the whole file to well under a minute.
"""

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchdesk.core.errors import UserError
from branchdesk.core.io.roster_reader import read_roster
from branchdesk.core.io.xlsx_out import ILLEGAL_XML
from branchdesk.core.rules import date_parse, idcard, member_record
from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import meetings
from branchdesk.core.services.meetings import MeetingData
from branchdesk.core.services.roster_import import RowOutcome, preview_import
from tests.conftest import TODAY
from tests.core.io.sheets import HEADER

FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: text as it comes from pasted cells: any character, with the invisible ones made likely
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\u200b\u200d\ufeff\u202e\u3000\t\n\r\x85 =+-@*Xx０１２３"),
    ),
    max_size=40,
)
LONG_TEXT = st.one_of(
    TEXT, st.builds(lambda c, n: c * n, st.sampled_from("张1"), st.integers(0, 3000))
)
DIGITS = st.text(alphabet="0123456789Xx*-　 ", max_size=22)
CELL = st.one_of(
    st.none(),
    TEXT,
    DIGITS,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
)


def _writable(value):
    """openpyxl refuses XML-illegal characters and writes a leading "=" as a formula."""
    if isinstance(value, str):
        value = ILLEGAL_XML.sub("", value)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    for row in rows:
        ws.append([_writable(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- strings into the rules ---------------------------------------------------------------------


@FAST
@given(value=st.one_of(CELL, DIGITS))
def test_sheet_dates_parse_or_say_why(value):
    try:
        date_parse.parse_sheet_date(value)
    except ValueError as exc:
        assert str(exc).strip()


@FAST
@given(raw=st.one_of(DIGITS, TEXT))
def test_id_numbers_parse_or_say_why(raw):
    try:
        info = idcard.parse(raw, TODAY)
    except idcard.IdCardError as exc:
        assert str(exc).strip()
    else:
        assert len(info.number) == 18


@settings(FAST, max_examples=60)
@given(
    name=LONG_TEXT,
    gender=st.sampled_from(["", "男", "女", "x"]),
    id_number=st.one_of(
        DIGITS, TEXT, st.sampled_from(["11010519491231002X", "11010519491231002x"])
    ),
    phone=st.one_of(DIGITS, TEXT),
    texts=st.lists(LONG_TEXT, min_size=6, max_size=6),
    birth=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
    joined=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
)
def test_member_form_check_never_crashes_and_every_problem_has_a_message(
    name, gender, id_number, phone, texts, birth, joined
):
    record = MemberRecord(
        name=name,
        gender=gender,
        id_number=id_number,
        phone=phone,
        birth_date=birth,
        join_date=joined,
        ethnicity=texts[0],
        education=texts[1],
        league_post=texts[2],
        work_unit=texts[3],
        note=texts[4],
        member_card_no=texts[5],
    )
    clean, problems = member_record.check(record, TODAY)
    fields = set(MemberRecord.__dataclass_fields__)
    for problem in problems:
        assert problem.field in fields and problem.message.strip()
    if not problems:  # what may be saved fits the database and holds nothing invisible
        for key, (_label, limit) in member_record.FIELD_LIMITS.items():
            assert len(getattr(clean, key) or "") <= limit
        assert "\u200b" not in clean.name and "\u202e" not in clean.name


# -- workbooks into the reader and the row checks -----------------------------------------------


@settings(FAST, max_examples=20)
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=8), min_size=0, max_size=8))
def test_random_rows_under_a_roster_header_import_or_say_why(db, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "roster.xlsx"
    path.write_bytes(_workbook([HEADER + ["团小组", "备注"], *rows]))
    with db.session() as s:
        try:
            preview = preview_import(s, path, today=TODAY)
        except UserError as exc:
            assert exc.message.strip()
            return
    for row in preview.rows:
        if row.outcome is RowOutcome.REJECTED:
            assert row.reason.strip()


@settings(FAST, max_examples=20)
@given(
    rows=st.lists(st.lists(CELL, max_size=6), max_size=6), sheet=st.sampled_from(["Sheet", "团员"])
)
def test_random_workbooks_read_or_say_why(tmp_path_factory, rows, sheet):
    path = tmp_path_factory.mktemp("fuzz") / "any.xlsx"
    path.write_bytes(_workbook(rows))
    _read_or_message(path)


def _valid_workbook() -> bytes:
    """A real messy roster (committed, so the same bytes on every run)."""
    return (Path(__file__).parents[1] / "fixtures" / "samples" / "roster_messy.xlsx").read_bytes()


@settings(FAST, max_examples=40)
@given(data=st.data())
def test_corrupted_workbooks_read_or_say_why(tmp_path_factory, data):
    """Bytes flipped or cut in the file, or in the sheet's XML inside it."""
    original = _valid_workbook()
    if data.draw(st.booleans(), label="inside the XML"):
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist()}
        name = data.draw(st.sampled_from(sorted(parts)), label="part")
        parts[name] = _mutate(data, parts[name])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part, content in parts.items():
                archive.writestr(part, content)
        corrupted = out.getvalue()
    else:
        corrupted = _mutate(data, original)
    path = tmp_path_factory.mktemp("fuzz") / "broken.xlsx"
    path.write_bytes(corrupted)
    _read_or_message(path)


def _mutate(data, content: bytes) -> bytes:
    buffer = bytearray(content)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        if not buffer:
            break
        at = data.draw(st.integers(0, len(buffer) - 1), label="at")
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]), label="kind")
        if kind == "flip":
            buffer[at] = data.draw(st.integers(0, 255), label="byte")
        elif kind == "cut":
            del buffer[at : at + data.draw(st.integers(1, 200), label="length")]
        else:
            insert = data.draw(
                st.sampled_from([b'r="XFD1048576"', b"<f>1+1</f>", b"\x00", b"<c>", b"&#0;"])
            )
            buffer[at:at] = insert
    return bytes(buffer)


def _read_or_message(path) -> None:
    try:
        sheet = read_roster(path)
    except UserError as exc:
        assert exc.message.strip()
        return
    for row in sheet.rows:
        assert all(message.strip() for message in row.problems.values())


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".csv", ""])
@settings(FAST, max_examples=10)
@given(content=st.binary(max_size=2000))
def test_random_bytes_under_any_name_are_refused_with_a_message(tmp_path_factory, suffix, content):
    path = tmp_path_factory.mktemp("fuzz") / f"random{suffix}"
    path.write_bytes(content)
    _read_or_message(path)


# -- the meeting form ---------------------------------------------------------------------------


@settings(FAST, max_examples=25)
@given(
    kind=st.one_of(st.sampled_from(["支部团员大会", "支部委员会", "团课", "团小组会"]), TEXT),
    held_on=st.dates(min_value=date(1900, 1, 1)),
    texts=st.lists(LONG_TEXT, min_size=6, max_size=6),
    hours=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    start=st.one_of(st.none(), st.times()),
    draft=st.booleans(),
)
def test_meeting_form_saves_or_says_why(db, branch_id, kind, held_on, texts, hours, start, draft):
    data = MeetingData(
        kind=kind,
        held_on=held_on,
        start_time=start,
        end_time=time(1, 0) if start else None,
        place=texts[0],
        topics=texts[1],
        minutes=texts[2],
        speaker=texts[3],
        lesson_topic=texts[4],
        lesson_form=texts[5],
        lesson_hours=hours,
    )
    try:
        with db.transaction() as s:
            meetings.save_meeting(s, branch_id, data, draft=draft)
    except UserError as exc:
        assert exc.message.strip()
