import gc
import threading

from PySide6.QtCore import QTimer


class _Probe:
    """In a reference cycle: only the cycle collector frees it; says on which thread."""

    def __init__(self, freed_on: list[str]):
        self.freed_on = freed_on
        self.cycle = self

    def __del__(self):
        self.freed_on.append(threading.current_thread().name)


def test_the_cycle_collector_runs_on_the_gui_thread_only(app, qtbot):
    """A worker that allocates a lot (an import's preview, the home page's reads) must not run
    the collector: garbage holding Qt widgets would be finalized on it (a crash). The GUI
    thread's timer collects instead."""
    assert not gc.isenabled()
    timer = app.findChild(QTimer, "GuiThreadCollector")
    assert timer is not None and timer.isActive()
    freed_on: list[str] = []
    _Probe(freed_on)  # garbage now: a cycle nobody refers to

    kept: list[list] = []  # what the worker makes lives on (as a preview's rows do)

    def allocate() -> None:
        kept.extend([] for _ in range(20 * gc.get_threshold()[0]))  # far past every threshold

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert freed_on == []  # the worker did not collect
    qtbot.waitUntil(lambda: bool(freed_on), timeout=3000)
    assert freed_on == [threading.main_thread().name]
    kept.clear()
