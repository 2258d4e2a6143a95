"""Work-arounds for bugs in the Qt binding, each detected before it is applied.

PySide6 6.12.0 (the only release the project's package index offers) hands out references to
`None` and `True` it does not own: every call of a C++ method that returns nothing
(`QLabel.setText`, `QTableWidget.setItem`, ...) takes one reference away from `None`, and every
`Signal.emit()` from Python one from `True`. Python 3.11 frees an object whose count reaches
zero, so a session that fills a few large tables ends with "Fatal Python error: none_dealloc"
(the 团费 page of a 2,000-member branch did, in benchmarks/ui_stalls.py).

The fix is what Python 3.12 does for these objects anyway (PEP 683, immortal objects): it gives
`None`, `True` and `False` a reference count so large that no session can use it up. It is
applied only when a probe shows the leak, and only on interpreters before 3.12.

PySide6 also hooks every import made after it is loaded (PYSIDE-2029): it asks whether the new
module uses PySide6 by reading its source through `inspect.getsource`, about a millisecond a
module. The app imports SQLAlchemy and its core (some 280 modules) after Qt, so that question
cost about a third of a second at every start. `fast_import_scan` asks the same question by
searching the module's file for the same bytes; it is installed only when the hook's function
is where it is expected and gives the same answers as the original on modules already loaded.
"""

import sys
from pathlib import Path

#: the count the singletons get: 2**60 calls would take centuries
IMMORTAL = 1 << 60
_applied: list[bool] = []


def _leaks() -> bool:
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")  # a C++ method that returns nothing
        probe.ping.emit()
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return lost_none >= 16 or lost_true >= 16


def ssize_t() -> type:
    """ctypes' c_ssize_t (an object's reference count), made from `_ctypes` alone: importing
    ctypes for this one type cost the window's first frame some 2 ms (it makes every C type
    and loads the C library). 8 bytes on a 64-bit Python, 4 on a 32-bit one."""
    from _ctypes import _SimpleCData

    class SSizeT(_SimpleCData):
        _type_ = "q" if sys.maxsize > 2**32 else "i"

    return SSizeT


def _set_refcount(obj: object, count: int) -> None:
    ssize_t().from_address(id(obj)).value = count  # type: ignore[attr-defined]


def apply() -> bool:
    """Apply the fixes this binding needs (once); True if it leaks and the fix was applied."""
    if _applied:
        return _applied[0]
    fast_import_scan()
    needed = sys.version_info < (3, 12) and _leaks()
    if needed:
        for singleton in (None, True, False):
            _set_refcount(singleton, IMMORTAL)
    _applied.append(needed)
    return needed


def fast_import_scan() -> bool:
    """Replace PySide6's per-import source scan by a plain read of the file (see above);
    True if it is (now) installed."""
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "branchdesk_fast", False):
        return True

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                return b"PySide6" in Path(path).read_bytes()
            except OSError:
                pass
        return original(module)

    uses_pyside.branchdesk_fast = True  # type: ignore[attr-defined]
    probes = [
        sys.modules[name] for name in ("json", "branchdesk.ui.qt_fixes") if name in sys.modules
    ]
    if any(uses_pyside(m) != original(m) for m in probes):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
