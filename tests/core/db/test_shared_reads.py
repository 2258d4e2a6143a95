"""shared_reads: one load per key inside a read-only block, a fresh load outside one."""

from sqlalchemy.orm import Session

from branchdesk.core.db.shared_reads import shared, shared_reads


def counting():
    calls = []

    def load():
        calls.append(1)
        return len(calls)

    return calls, load


def test_outside_a_block_every_call_loads():
    session = Session()
    calls, load = counting()
    assert [shared(session, "k", load) for _ in range(3)] == [1, 2, 3]


def test_inside_a_block_each_key_loads_once_and_the_block_forgets_it():
    session = Session()
    calls, load = counting()
    with shared_reads(session):
        assert shared(session, "a", load) == shared(session, "a", load) == 1
        assert shared(session, "b", load) == 2
        with shared_reads(session):  # a nested block shares the outer one's reads
            assert shared(session, "a", load) == 1
        assert shared(session, "a", load) == 1  # ...and leaves them to it
    assert shared(session, "a", load) == 3
    assert not session.info


def test_a_failed_block_leaves_nothing_behind():
    session = Session()
    try:
        with shared_reads(session):
            shared(session, "a", lambda: 1)
            raise ValueError
    except ValueError:
        pass
    assert not session.info
