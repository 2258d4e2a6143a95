import gc

import pytest

from branchdesk.core import gc_pause
from branchdesk.core.gc_pause import cyclic_gc_paused


@pytest.fixture(autouse=True)
def _collector_running_itself(monkeypatch):
    """Each test starts with the collector running itself (a window made by an earlier test
    moves it to the GUI thread for the rest of the session) and leaves it as it found it."""
    was_enabled = gc.isenabled()
    monkeypatch.setattr(gc_pause, "_on_gui_thread", [])
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_paused_inside_and_restored_after_even_when_nested():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one in force
    assert gc.isenabled()


def test_start_up_pauses_the_collector_then_freezes_what_it_made():
    from branchdesk.core.gc_pause import pause_for_start_up, start_up_done

    before = gc.get_freeze_count()
    start_up_done()  # not paused: nothing happens
    assert gc.isenabled() and gc.get_freeze_count() == before
    try:
        pause_for_start_up()
        assert not gc.isenabled()
        made = [[] for _ in range(1000)]  # what start-up makes lives on
        start_up_done()
        assert gc.isenabled() and gc.get_freeze_count() >= before + len(made)
        start_up_done()  # once only
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_reading_and_previewing_a_roster_pause_the_collector(db, tmp_path, monkeypatch):
    """The import wizard reads and previews without import_roster's pause around them: each
    pauses the collector itself (its rows all survive; a 10,000-row re-import's preview spent
    ~30 ms in collector passes)."""
    from branchdesk.core.io import roster_reader
    from branchdesk.core.services import roster_import
    from tests.core.io.sheets import HEADER, PEOPLE, write_xlsx

    seen = []
    real_build, real_classify = roster_reader._build, roster_import._Classifier.classify

    def build(*args):
        seen.append(("read", gc.isenabled()))
        return real_build(*args)

    def classify(self, row):
        seen.append(("preview", gc.isenabled()))
        return real_classify(self, row)

    monkeypatch.setattr(roster_reader, "_build", build)
    monkeypatch.setattr(roster_import._Classifier, "classify", classify)
    sheet = roster_reader.read_roster(write_xlsx(tmp_path / "r.xlsx", [HEADER, *PEOPLE]))
    assert gc.isenabled()
    with db.transaction() as session:
        roster_import.preview_sheet(session, sheet)
    assert gc.isenabled()
    assert set(seen) == {("read", False), ("preview", False)}


def test_on_the_gui_thread_only_the_collector_runs_when_collect_due_says(monkeypatch):
    monkeypatch.setattr(gc_pause, "_start_up", [])
    gc_pause.collect_on_gui_thread_only()
    assert not gc.isenabled()
    with cyclic_gc_paused():
        pass
    assert not gc.isenabled()  # a pause does not switch the automatic collector back on
    gc_pause.pause_for_start_up()
    gc_pause.start_up_done()
    assert not gc.isenabled()  # nor does the end of start-up
    made = [[] for _ in range(gc.get_threshold()[0] + 100)]  # past the first threshold
    assert gc.get_count()[0] > gc.get_threshold()[0]
    assert gc_pause.collect_due() is not None
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert gc_pause.collect_due() is None  # nothing due until more is made
    monkeypatch.setattr(gc_pause, "_start_up", [True])
    more = [[] for _ in range(gc.get_threshold()[0] + 100)]
    assert gc_pause.collect_due() is None  # start-up still pauses it
    del made, more
