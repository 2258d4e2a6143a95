"""Everything the records mean. No Qt here, ever (tests/core/test_no_qt.py checks)."""
