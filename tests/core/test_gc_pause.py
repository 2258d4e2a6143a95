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
