"""Progress reporting for long work (imports, PDFs), without Qt.

Long services take `progress: ProgressFn | None`; they call it now and then with
(done, total, message). The UI's callback may raise Cancelled to stop the work, which
then rolls back its transaction like any other error.
"""

from collections.abc import Callable

ProgressFn = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The user cancelled long work; nothing it did is kept."""


def report(progress: ProgressFn | None, done: int, total: int, message: str = "") -> None:
    if progress is not None:
        progress(done, total, message)
