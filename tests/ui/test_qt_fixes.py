"""Work-arounds for the Qt binding: calling Qt and emitting signals must not use up `None`."""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from branchdesk.ui import qt_fixes


class Sender(QObject):
    changed = Signal(object)


def test_a_long_session_cannot_use_up_none_or_true(qapp):
    qt_fixes.apply()  # (applied when branchdesk.ui was imported)
    sender = Sender()
    got = []
    sender.changed.connect(got.append)
    table = QTableWidget(3000, 2)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(3000):
        sender.changed.emit(n)
        table.setItem(n, 0, QTableWidgetItem(str(n)))
        table.setItem(n, 1, QTableWidgetItem(str(n)))
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert len(got) == 3000 and table.item(2999, 1).text() == "2999"
    if qt_fixes.apply():  # a leaking binding: the counts may fall, but nowhere near zero
        assert min(after) > qt_fixes.IMMORTAL // 2
    else:
        assert after == before


def test_pysides_import_scan_gives_the_same_answers_from_the_file(qapp):
    import importlib
    import inspect

    assert qt_fixes.fast_import_scan()
    scan = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert scan.branchdesk_fast
    names = ["json", "branchdesk.ui.qt_fixes", "branchdesk.ui.ops", "branchdesk.core.errors"]
    modules = [importlib.import_module(name) for name in names]
    assert (
        [scan(m) for m in modules]
        == ["PySide6" in inspect.getsource(m) for m in modules]
        == [False, True, True, False]
    )
    assert scan(sys) is False  # built in: no file


def test_the_reference_count_type_is_ctypes_own():
    import ctypes

    counter = qt_fixes.ssize_t()
    assert ctypes.sizeof(counter) == ctypes.sizeof(ctypes.c_ssize_t)
    probe = object()
    held = [probe] * 5
    count = counter.from_address(id(probe)).value
    assert count == ctypes.c_ssize_t.from_address(id(probe)).value == sys.getrefcount(probe) - 1
    assert len(held) == 5
