"""The start-up cache of the home page (core/home_cache.py): what it gives equals a fresh
computation, each part of its key invalidates it, and a cache it cannot use is ignored quietly."""

import json
import os
import shutil
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from branchdesk.core import home_cache
from branchdesk.core.db.database import Database
from branchdesk.core.services import security, workspace
from branchdesk.core.services.overview import home_summary
from tests.conftest import TODAY as DEMO_DAY

#: a day whose next days cross a month end: the meeting and dues alerts change with the month
TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A demo database, made once for the module (each test closes a copy of it)."""
    from branchdesk.core.services.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database.open(path)
    with db.transaction() as session:
        create_demo(session, today=DEMO_DAY)
    db.dispose()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """The demo database open, as in the window."""
    shutil.copyfile(demo_file, tmp_path / "test.db")
    db = Database.open(tmp_path / "test.db")
    yield db
    db.dispose()


def close_as_the_window_does(db, folder, budget_s):
    """Close `db` as the window closes it, with its cache in `folder`."""
    folder.mkdir()
    assert home_cache.save(db, today=TODAY, folder=folder, budget_s=budget_s)
    db.dispose()
    return db.sqlite_path, folder


@pytest.fixture
def saved(demo, tmp_path):
    """The demo database closed, with the cache of today and tomorrow only (quick)."""
    return close_as_the_window_does(demo, tmp_path / "home", budget_s=0)


@pytest.fixture
def saved_days(demo, tmp_path):
    """The demo database closed, with the cache of today and the days ahead."""
    return close_as_the_window_does(demo, tmp_path / "home", budget_s=home_cache.BUDGET_S)


def fresh(path, day):
    """The home page as the window computes it when it opens the database."""
    db = Database.open(path)
    try:
        with db.session() as session:
            first = workspace.branch_names(session)[0][0]
            return home_summary(session, first, day)
    finally:
        db.dispose()


def test_the_cached_home_page_equals_a_fresh_computation_on_every_cached_day(saved_days):
    path, folder = saved_days
    days = list(json.loads((folder / home_cache.CACHE_NAME).read_text("utf-8"))["days"])
    assert days[:2] == [TODAY.isoformat(), (TODAY + timedelta(days=1)).isoformat()]
    cached = {day: home_cache.load(path, TODAY.fromisoformat(day), folder) for day in days}
    for day, entry in cached.items():
        assert entry is not None
        computed = fresh(path, TODAY.fromisoformat(day))
        assert entry.summary.overview == computed.overview
        assert entry.summary.alerts == computed.alerts and computed.alerts
        assert entry.branches == [(1, computed.overview.name)]
        assert entry.description == str(path)
    # the alerts depend on the day: the demo's differ between the cached days
    assert len({tuple(c.summary.alerts) for c in cached.values()}) > 1


def test_another_day_than_those_cached_is_not_answered(saved):
    path, folder = saved
    assert home_cache.load(path, TODAY, folder) is not None
    assert home_cache.load(path, TODAY - timedelta(days=1), folder) is None
    assert home_cache.load(path, TODAY + timedelta(days=1), folder) is not None  # always
    assert home_cache.load(path, TODAY + timedelta(days=2), folder) is None  # over budget


def test_a_write_to_the_database_invalidates_it(saved):
    path, folder = saved
    db = Database.open(path)  # e.g. the command line
    with db.transaction() as session:
        session.execute(text("UPDATE branch SET name = name || '（改）'"))
    db.dispose()
    assert home_cache.load(path, TODAY, folder) is None


def test_a_touched_file_a_copy_elsewhere_and_a_wal_or_journal_beside_it_invalidate_it(saved):
    path, folder = saved
    assert home_cache.load(path, TODAY, folder) is not None
    copy = path.with_name("copy.db")
    shutil.copy2(path, copy)
    assert home_cache.load(copy, TODAY, folder) is None
    for suffix in ("-wal", "-journal"):
        beside = path.with_name(path.name + suffix)
        beside.write_bytes(b"")
        assert home_cache.load(path, TODAY, folder) is None
        beside.unlink()
    assert home_cache.load(path, TODAY, folder) is not None
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # same bytes, written again
    assert home_cache.load(path, TODAY, folder) is None


@pytest.mark.parametrize(
    "part", ["database", "size", "inode", "mtime_ns", "ctime_ns", "format", "code"]
)
def test_each_part_of_the_key_is_checked(saved, part):
    path, folder = saved
    file = folder / home_cache.CACHE_NAME
    data = json.loads(file.read_text("utf-8"))
    value = data["key"][part]
    data["key"][part] = value + 1 if isinstance(value, int) else value + "x"
    file.write_text(json.dumps(data), "utf-8")
    assert home_cache.load(path, TODAY, folder) is None


def test_another_version_of_the_program_invalidates_it(saved, monkeypatch):
    path, folder = saved
    monkeypatch.setattr(home_cache, "__version__", "99.0")
    assert home_cache.load(path, TODAY, folder) is None


def test_a_changed_module_of_core_changes_the_code_key(tmp_path, monkeypatch):
    package = tmp_path / "core"
    (package / "rules").mkdir(parents=True)
    module = package / "rules" / "ages.py"
    module.write_text("AGE = 28\n")
    monkeypatch.setattr(home_cache, "__file__", str(package / "home_cache.py"))
    before = home_cache.code_key()
    module.write_text("AGE = 29\n")
    assert home_cache.code_key() != before


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\xff\xfe not json", b"[]", b'{"key": null}', b"null"],
    ids=["empty", "cut", "bytes", "list", "no key", "null"],
)
def test_a_corrupt_cache_is_ignored_without_a_message(saved, content, capsys):
    path, folder = saved
    (folder / home_cache.CACHE_NAME).write_bytes(content)
    assert home_cache.load(path, TODAY, folder) is None
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("field", ["overview", "alerts", "branches", "description"])
def test_a_cache_with_a_wrong_value_under_a_matching_key_is_ignored(saved, field, capsys):
    path, folder = saved
    file = folder / home_cache.CACHE_NAME
    data = json.loads(file.read_text("utf-8"))
    if field in ("overview", "alerts"):
        day = data["days"][TODAY.isoformat()]
        if field == "overview":
            day["overview"]["active_members"] = "60"
        else:
            day["alerts"][0]["due"] = "2026-13-45"
    elif field == "branches":
        data["branches"] = [["1", "示例"]]
    else:
        data["description"] = 7
    file.write_text(json.dumps(data), "utf-8")
    assert home_cache.load(path, TODAY, folder) is None
    assert capsys.readouterr() == ("", "")


def test_a_missing_cache_or_a_folder_in_its_place_is_ignored(saved, capsys):
    path, folder = saved
    file = folder / home_cache.CACHE_NAME
    file.unlink()
    assert home_cache.load(path, TODAY, folder) is None
    file.mkdir()
    assert home_cache.load(path, TODAY, folder) is None
    assert capsys.readouterr() == ("", "")


def test_nothing_is_kept_for_a_database_with_a_start_up_password(saved):
    path, folder = saved
    db = Database.open(path)
    with db.transaction() as session:
        security.set_password(session, "secret-1")
    assert not home_cache.save(db, today=TODAY, folder=folder)
    db.dispose()
    assert not (folder / home_cache.CACHE_NAME).exists()


def test_nothing_is_kept_for_a_read_only_window_or_a_database_url(saved, tmp_path):
    path, folder = saved
    db = Database.open(path, read_only=True)
    assert not home_cache.save(db, today=TODAY, folder=folder)
    db.dispose()
    assert not (folder / home_cache.CACHE_NAME).exists()
    memory = Database.open("sqlite://")
    assert not home_cache.save(memory, today=TODAY, folder=folder)
    memory.dispose()
    assert home_cache.load("postgresql://user@host/branchdesk", TODAY, folder) is None


def test_a_write_while_the_summary_is_computed_keeps_no_cache(demo, tmp_path, monkeypatch):
    """Another program (the command line) commits while the cache is being computed: what was
    read may already be out of date, so nothing is kept."""
    from branchdesk.core.services import overview

    real = overview.home_summary

    def with_a_write_meanwhile(session, branch_id, day, reuse=None):
        other = sqlite3.connect(demo.sqlite_path)
        other.execute("UPDATE branch SET committee_above = '另一个团委'")
        other.commit()
        other.close()
        return real(session, branch_id, day, reuse)

    monkeypatch.setattr(overview, "home_summary", with_a_write_meanwhile)
    folder = tmp_path / "home"
    folder.mkdir()
    assert not home_cache.save(demo, today=TODAY, folder=folder)
    assert not (folder / home_cache.CACHE_NAME).exists()


def test_setting_a_start_up_password_removes_the_cache_at_once(demo):
    """Not only at the window's close: the names on the home page leave the data folder now."""
    assert home_cache.save(demo, today=TODAY, budget_s=0)
    assert home_cache.cache_file().exists()
    with demo.transaction() as session:
        security.set_password(session, "secret-1")
    assert not home_cache.cache_file().exists()


def test_the_key_is_taken_once_the_last_write_is_older_than_a_clock_tick(tmp_path):
    """A later write then gets a later modification time even on a clock that ticks."""
    import time

    file = tmp_path / "x.db"
    file.write_bytes(b"written just now")
    home_cache._settle(file)
    assert time.time() - file.stat().st_mtime >= home_cache.SETTLE_S
