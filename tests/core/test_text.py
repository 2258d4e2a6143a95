import random

import pytest

from branchdesk.core.text import SURNAME_LETTERS, name_initials, names_initials


def test_initials_of_common_names():
    assert name_initials("张三丰") == "zsf"
    assert name_initials("王小明") == "wxm"


def test_polyphonic_surnames_use_the_surname_reading():
    assert name_initials("曾晓燕") == "zxy"
    assert name_initials("单田芳") == "stf"


def test_latin_letters_and_blanks():
    assert name_initials(" Li明 ") == "lim"
    assert name_initials("") == ""


@pytest.mark.parametrize(
    "odd",
    ["", "Anna Li", "张 三", "曾", "单\n", "\n", "Ⅱ世", "𠀀字", "张\u200b三"],
)
def test_names_initials_are_each_names_initials(odd):
    """The batch (the import's 10,000s of names translated at once) gives what name_initials
    gives each name: plain names, 曾/单 read as surnames, and any odd name among them."""
    rng = random.Random(len(odd))
    chars = [chr(code) for code in range(0x4E00, 0x9FFF, 7)] + list(SURNAME_LETTERS)
    names = ["".join(rng.choice(chars) for _ in range(rng.randrange(1, 4))) for _ in range(300)]
    assert names_initials(names) == [name_initials(name) for name in names]
    names.insert(150, odd)
    assert names_initials(names) == [name_initials(name) for name in names]
    assert names_initials([odd]) == [name_initials(odd)]
    assert names_initials([]) == []
