"""Every person field finds a member from a few typed letters and never picks one by itself."""

import pytest
from PySide6.QtCore import Qt

from branchdesk.core.text import name_initials
from branchdesk.ui.person_picker import ID_ROLE, FilterBox, Person, PersonPicker, search_key
from tests.ui.test_fits_screen import _dialogs

PEOPLE = [
    Person(1, "张三丰", "第一团小组", "11010519491231002X"),
    Person(2, "曾晓", "第二团小组", "440305200101014409"),
    Person(3, "张山", "第一团小组", "440305200202024417"),
]


@pytest.fixture
def picker(app, qtbot):
    widget = PersonPicker(PEOPLE)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_nobody_is_chosen_until_someone_is_picked(picker):
    assert picker.value() is None and picker.edit.text() == ""


@pytest.mark.parametrize(
    ("typed", "found"),
    [("zsf", [1]), ("ZS", [1, 3]), ("zx", [2]), ("张", [1, 3]), ("4409", [2]),
     ("zs 4417", [3]), ("第二", [2]), ("wang", [])],
)  # fmt: skip
def test_search_by_name_initials_id_digits_and_group(picker, typed, found):
    assert picker.matching(typed) == found


def test_typing_initials_and_enter_picks_the_one_match(picker, qtbot):
    seen = []
    picker.valueChanged.connect(seen.append)
    picker.edit.setFocus()
    qtbot.keyClicks(picker.edit, "zsf")
    assert picker.completer.popup().isVisible()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == 1 and picker.edit.text() == "张三丰（第一团小组）"
    assert seen == [1]


def test_two_matches_and_enter_keep_the_old_choice_and_clearing_means_nobody(picker, qtbot):
    picker.setValue(2)
    picker.edit.setFocus()
    picker.edit.selectAll()
    qtbot.keyClicks(picker.edit, "zs")
    picker.completer.popup().hide()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == 2 and picker.edit.text() == "曾晓（第二团小组）"
    picker.edit.clear()
    picker.edit.editingFinished.emit()
    assert picker.value() is None


def test_choosing_from_the_list(picker):
    picker.search("zs")
    popup = picker.completer.popup()
    index = popup.model().index(1, 0)
    picker.completer.activated[type(index)].emit(index)
    assert picker.value() == index.data(ID_ROLE) == 3


def test_free_text_keeps_a_guest_name(app, qtbot):
    speaker = PersonPicker(PEOPLE[:1], free_text=True)
    qtbot.addWidget(speaker)
    speaker.setText("李老师")
    assert (speaker.text(), speaker.value()) == ("李老师", None)
    speaker.setText("张三丰（第一团小组）")
    assert speaker.value() == 1


def test_filter_box_hides_rows_by_text_and_group(app, qtbot):
    box = FilterBox([(10, "第一团小组"), (20, "第二团小组")])
    qtbot.addWidget(box)
    rows = [
        (search_key(p.name, p.id_number), 10 if p.detail == "第一团小组" else 20) for p in PEOPLE
    ]
    hidden = {}
    box.search.setText("zs")
    box.apply(3, lambda i: rows[i], hidden.__setitem__)
    assert hidden == {0: False, 1: True, 2: False}
    box.group.setCurrentIndex(box.group.findData(20))
    box.search.setText("")
    box.apply(3, lambda i: rows[i], hidden.__setitem__)
    assert hidden == {0: True, 1: False, 2: True}


def test_every_person_field_finds_a_member_by_pinyin_initials(app, qtbot, demo_db):
    from branchdesk.app import open_main_window

    window = open_main_window(demo_db)
    qtbot.addWidget(window)
    window.show()
    dialogs = list(_dialogs(window))
    checked = []
    for name, dialog in dialogs:
        for picker in dialog.findChildren(PersonPicker):
            if picker.count() == 0:
                continue
            assert picker.value() is None, f"{name}: a person was chosen by default"
            item = picker.model.index(picker.count() - 1, 0)
            person_id = item.data(ID_ROLE)
            person_name = item.data().split("（")[0]
            assert person_id in picker.matching(name_initials(person_name))
            picker.search(name_initials(person_name))
            picker.completer.popup().hide()
            picker.setValue(person_id)
            assert picker.value() == person_id
            checked.append(name)
    for _, dialog in dialogs:
        dialog.deleteLater()
    assert {"payment", "exemption", "transfer out", "meeting 团课"} <= set(checked)
    assert checked.count("meeting 团课") == 3  # 主持人, 记录人, 主讲人


def test_pickers_fill_their_list_only_when_searched_and_share_labels(app, qtbot):
    from branchdesk.ui.person_picker import People

    people = People(Person(i, f"团员{i}", "", f"{i:018d}") for i in range(1, 2001))
    pickers = [PersonPicker(people, selected=5) for _ in range(6)]  # a settings page's rows
    for picker in pickers:
        qtbot.addWidget(picker)
    assert all(p.value() == 5 and p.edit.text() == "团员5" for p in pickers)
    assert all(p._model.rowCount() == 0 for p in pickers)  # nothing filled on the UI thread yet
    assert pickers[0]._labels is pickers[1]._labels  # made once for all rows
    assert pickers[0].matching("团员1999") == [1999]
    assert pickers[0]._model.rowCount() == 2000 and pickers[1]._model.rowCount() == 0
    pickers[1].set_people(people[:3], selected=5)  # someone not listed any more: nobody
    assert pickers[1].value() is None and pickers[1].count() == 3
