from datetime import date

import pytest
from PySide6.QtWidgets import QWidget

from branchdesk.core.db.models import Member
from branchdesk.core.services.members import roster_rows
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.member_form import MemberFormDialog
from tests.conftest import TODAY

VALID_ID = "11010519491231002X"


@pytest.fixture
def ctx(app, db, branch_id):
    return AppContext(db)


def _form(ctx, member_id=None):
    form = MemberFormDialog(ctx, member_id=member_id, today=TODAY)
    assert ops.wait_idle() and form.ready
    return form


def _save(form):
    form.save()
    ops.wait_idle()


def _refused(form) -> str:
    """Click 保存 on a form with problems: it stays open and says what is wrong."""
    assert form.save_button.isEnabled()
    assert form.save() is None
    return form.message.text()


def test_new_form_opens_without_errors_and_save_shows_them_at_the_first_field(ctx):
    form = _form(ctx)
    assert form.save_button.isEnabled()
    assert form.message.objectName() == "Hint" and "缺少" not in form.message.text()
    assert not any(w.property("invalid") for w in form.findChildren(QWidget))
    form.phone.setText("12345")  # typing shows nothing yet
    assert "手机号码" not in form.message.text() and not form.phone.property("invalid")
    text = _refused(form)
    assert form.message.objectName() == "ErrorText"
    assert "缺少姓名" in text and "缺少身份证号" in text and "手机号码格式不对" in text
    assert form.name.property("invalid") and form.id_number.property("invalid")
    assert form.phone.property("invalid")
    assert form.focusWidget() is form.name  # the first wrong field, in the form's order


def test_after_a_failed_save_the_marks_follow_the_edits(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText("110105194912310021")
    assert "校验位" not in form.message.text()
    assert "校验位错误" in _refused(form)
    assert form.id_number.property("invalid") is True and not form.name.property("invalid")
    assert form.focusWidget() is form.id_number
    assert form.gender.currentText() == "" and form.birth_date.value() is None
    form.id_number.setText(VALID_ID)  # fixed: the mark and the message go at once
    assert not form.id_number.property("invalid")
    assert form.message.text() == "信息完整，可以保存。"


def test_valid_id_fills_birth_date_and_gender(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText("11010519491231002x")
    assert form.gender.currentText() == "女" and not form.gender.isEnabled()
    assert form.birth_date.value() == date(1949, 12, 31)
    assert not form.id_number.property("invalid")
    assert form.message.text() == "信息完整，可以保存。"


def test_join_before_14th_birthday_and_bad_phone_are_refused(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    form.join_date.setText("1963.11")
    assert "入团时未满14周岁" in _refused(form)
    assert form.join_date.edit.property("invalid") is True
    assert form.focusWidget() is form.join_date.edit
    form.join_date.setText("1963年12月")
    assert not form.problems and not form.join_date.edit.property("invalid")
    form.phone.setText("12345")
    assert form.problems and "手机号码格式不对" in form.message.text()
    form.phone.setText("13800138000")
    form.join_date.setText("19631231")
    assert not form.problems
    form.join_date.setText("1963-11-31")  # does not exist
    assert "不存在" in form.message.text() and form.problems


def test_save_adds_the_member_with_group_and_month_precision(ctx, db, branch_id):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    form.join_date.setText("1965-5")
    form.phone.setText("13800138000")
    _save(form)
    assert form.result() == form.DialogCode.Accepted
    with db.session() as s:
        member = s.get(Member, form.saved_id)
        assert (member.name, member.gender, member.join_date) == ("王五", "女", date(1965, 5, 1))
        assert member.join_date_precision == "M"
        assert [h.to_status for h in member.history] == ["在册"]


def test_duplicate_id_number_stays_open_with_the_message(ctx, db):
    for attempt in range(2):
        form = _form(ctx)
        form.name.setText(f"王五{attempt}")
        form.id_number.setText(VALID_ID)
        _save(form)
    assert form.result() != form.DialogCode.Accepted
    assert "已在本团支部" in form.message.text()


def test_edit_loads_and_updates(ctx, db, branch_id):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    _save(form)
    edit = _form(ctx, form.saved_id)
    assert edit.windowTitle() == "编辑团员" and edit.name.text() == "王五"
    edit.name.setText("王小五")
    _save(edit)
    with db.session() as s:
        assert [r.name for r in roster_rows(s, branch_id)] == ["王小五"]


def test_other_id_types_need_gender_and_birth_date(ctx):
    form = _form(ctx)
    form.name.setText("陈大文")
    form.id_type.setCurrentText("港澳居民来往内地通行证")
    form.id_number.setText("H12345678")
    assert form.gender.isEnabled()
    assert "请选择性别" in _refused(form)
    assert form.focusWidget() is form.gender
    form.gender.setCurrentText("男")
    form.birth_date.setText("2000.1.2")
    assert not form.problems


def test_party_dates_need_a_party_status_and_are_saved(ctx, db):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    form.probationary_on.setText("1975-06-10")
    assert "政治面貌应为中共预备党员或中共党员" in _refused(form)
    form.political.setCurrentText("中共党员")
    form.full_member_on.setText("1975-06-01")
    assert "转正日期应晚于成为预备党员的日期" in form.message.text()
    form.full_member_on.setText("1976-06-10")
    assert not form.problems
    _save(form)
    with db.session() as s:
        member = s.get(Member, form.saved_id)
        assert (member.probationary_on, member.full_member_on) == (
            date(1975, 6, 10),
            date(1976, 6, 10),
        )
    again = _form(ctx, form.saved_id)
    assert again.probationary_on.value() == date(1975, 6, 10)
    assert again.record().full_member_on == date(1976, 6, 10)
