import gc

from branchdesk.core.gc_pause import cyclic_gc_paused


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
