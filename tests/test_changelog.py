"""CHANGELOG.md's newest section is the program's version."""

import re
from pathlib import Path

from branchdesk import __version__

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"


def test_newest_changelog_section_is_this_version():
    headings = re.findall(r"^## (\S+) .*$", CHANGELOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings and headings[0] == __version__
