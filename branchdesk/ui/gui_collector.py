"""Python's cycle collector, run on the GUI thread only (see gc_pause.collect_on_gui_thread_only).

A timer looks a few times a second whether a collection is due by the collector's own
thresholds and runs it here, so objects in reference cycles (a closed dialog, a page's old
widgets) are always finalized on the thread that owns their Qt objects."""

from PySide6.QtCore import QObject, QTimer

from branchdesk.core import gc_pause

#: how often the GUI thread looks whether a collection is due
INTERVAL_MS = 250


def install(app: QObject) -> None:
    """Once per application: switch the automatic collector off and collect from a timer."""
    if app.findChild(QTimer, "GuiThreadCollector") is not None:
        return
    gc_pause.collect_on_gui_thread_only()
    timer = QTimer(app, objectName="GuiThreadCollector", interval=INTERVAL_MS)
    timer.timeout.connect(gc_pause.collect_due)
    timer.start()
