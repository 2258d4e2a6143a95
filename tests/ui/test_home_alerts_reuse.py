"""The home page asks an alert provider again only when something it reads has changed
(alerts.READS): the consistency check no longer runs on every reload."""

import functools

import pytest

from branchdesk.app import open_main_window
from branchdesk.core.services import alerts
from branchdesk.ui import ops


@pytest.fixture
def calls(monkeypatch):
    """Provider name → how many times it ran."""
    counted: dict[str, int] = {}

    def counting(provider):
        @functools.wraps(provider)
        def wrapper(*args):
            counted[provider.__name__] = counted.get(provider.__name__, 0) + 1
            return provider(*args)

        return wrapper

    monkeypatch.setattr(alerts, "ALERT_PROVIDERS", [counting(p) for p in alerts.ALERT_PROVIDERS])
    return counted


def test_a_change_reruns_only_the_providers_that_read_it(app, qtbot, demo_db, calls):
    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    home = window.page("home")
    ops.wait_idle()
    first = home.overview.alerts.count()
    assert first > 0 and set(calls) == set(alerts.READS) and set(calls.values()) == {1}

    window.ctx.notify_changed({ops.TRANSFERS})
    ops.wait_idle()
    assert calls["transfer_alerts"] == 2 and calls["consistency_alerts"] == 1
    assert home.overview.alerts.count() == first  # the kept alerts are shown too

    window.ctx.notify_changed({ops.DUES})
    ops.wait_idle()
    assert calls["consistency_alerts"] == 2 and calls["lapse_alerts"] == 2
    assert calls["transfer_alerts"] == 2 and calls["age_out_alerts"] == 1

    window.ctx.set_branch(window.ctx.branch_id)  # another branch or database: all again
    ops.wait_idle()
    assert set(calls.values()) >= {2, 3} and calls["age_out_alerts"] == 2


def test_outdated_by_names_the_providers_that_read_a_kind():
    assert alerts.outdated_by({ops.TRANSFERS}) == {"transfer_alerts"}
    assert "consistency_alerts" in alerts.outdated_by({ops.DUES})
    assert alerts.outdated_by(ops.ALL) == {p.__name__ for p in alerts.ALERT_PROVIDERS}
    assert set(alerts.READS) == {p.__name__ for p in alerts.ALERT_PROVIDERS}
