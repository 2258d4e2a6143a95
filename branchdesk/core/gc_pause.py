"""Pausing Python's cycle collector around bulk work."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector while bulk work builds many small containers that all survive
    (an import's rows, a dues book's tuples): the collector would scan that growing heap again
    and again for nothing (~7% of a 10,000-row import; 57 of 145 ms of a 2,000-member dues year
    view). Reference counting still frees everything; cycles made meanwhile are collected
    afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: start-up paused the collector (`pause_for_start_up`) and has not yet frozen what it made
_start_up: list[bool] = []
#: the window program runs the collector on its GUI thread only (`collect_on_gui_thread_only`)
_on_gui_thread: list[bool] = []


def collect_on_gui_thread_only() -> None:
    """From now on the collector runs only when `collect_due` is called (the window program
    calls it from a timer on its GUI thread). Left to run itself, it runs in whichever thread
    allocates when a threshold is crossed, often a worker (the home page's reads, an import's
    preview); a closed dialog in a reference cycle is then finalized there, and destroying Qt
    widgets outside the GUI thread is a segmentation fault (the test suite crashed so, in
    `Garbage-collecting` on a worker thread, about one run in three under load)."""
    if not _on_gui_thread:
        _on_gui_thread.append(True)
    gc.disable()


def collect_due() -> int | None:
    """Collect as the collector would have collected itself by now (its thresholds); nothing
    while start-up pauses it. Returns the oldest generation collected, or None."""
    if _start_up:
        return None
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] <= thresholds[0]:
        return None
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 2 if counts[2] > thresholds[2] else 1
    gc.collect(generation)
    return generation


def pause_for_start_up() -> None:
    """The window program starts: no collector passes while it imports Qt, SQLAlchemy and the
    models and opens the database (some 130,000 objects that live as long as the program, and
    almost no cycles; the passes cost 20-40 ms of every start). `start_up_done` ends it."""
    if gc.isenabled():
        gc.disable()
        _start_up.append(True)


def start_up_done() -> None:
    """What start-up made (modules, classes, the ORM's mappers, Qt's wrappers) is kept out of
    later collections (`gc.freeze`): a full collection over it took 50-140 ms, and whichever
    thread ran it held the GIL meanwhile, a freeze of the UI even when a worker collected (the
    meeting editor of a 2,000-member branch stalled 133 ms so). The collector runs again, over
    what the program makes from now on. Does nothing unless `pause_for_start_up` paused it."""
    if _start_up:
        _start_up.clear()
        gc.freeze()
        if not _on_gui_thread:
            gc.enable()
