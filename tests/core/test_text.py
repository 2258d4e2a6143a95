from branchdesk.core.text import name_initials


def test_initials_of_common_names():
    assert name_initials("张三丰") == "zsf"
    assert name_initials("王小明") == "wxm"


def test_polyphonic_surnames_use_the_surname_reading():
    assert name_initials("曾晓燕") == "zxy"
    assert name_initials("单田芳") == "stf"


def test_latin_letters_and_blanks():
    assert name_initials(" Li明 ") == "lim"
    assert name_initials("") == ""
