"""Reads shared by the parts of one read-only job on a session.

A job such as the handbook asks several services for the same data: the 团籍注册 round checks
every member's dues arrears, the 团费 register shows the year's grid, 团内统计 counts the 评议
and 注册 results again. Each service loads what it needs itself, which is right for a screen
but, in one book, loads the dues book and each round several times over.

    with shared_reads(session):
        ...  # every `shared(session, key, load)` inside runs `load` once per key

Outside such a block `shared` simply calls `load`. Only read-only work belongs inside one:
nothing written meanwhile invalidates what was read.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
_READS = "branchdesk.shared_reads"


@contextmanager
def shared_reads(session: Session) -> Iterator[None]:
    """Share `shared` reads on `session` until the block ends (nested blocks share the outer)."""
    if _READS in session.info:
        yield
        return
    session.info[_READS] = {}
    try:
        yield
    finally:
        session.info.pop(_READS, None)


def shared(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, or what it returned for `key` earlier in the same `shared_reads` block."""
    reads = session.info.get(_READS)
    if reads is None:
        return load()
    if key not in reads:
        reads[key] = load()
    return reads[key]
