from datetime import date

import pytest

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


def test_new_form_cannot_be_saved_and_says_what_is_missing(ctx):
    form = _form(ctx)
    assert not form.save_button.isEnabled()
    assert "缺少姓名" in form.message.text() and "缺少身份证号" in form.message.text()
    assert not form.name.property("invalid")  # untouched fields are not outlined yet


def test_invalid_id_number_disables_save_and_is_highlighted(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText("110105194912310021")
    assert not form.save_button.isEnabled()
    assert "校验位错误" in form.message.text()
    assert form.id_number.property("invalid") is True
    assert form.gender.currentText() == "" and form.birth_date.value() is None


def test_valid_id_fills_birth_date_and_gender_and_enables_save(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText("11010519491231002x")
    assert form.save_button.isEnabled()
    assert form.gender.currentText() == "女" and not form.gender.isEnabled()
    assert form.birth_date.value() == date(1949, 12, 31)
    assert not form.id_number.property("invalid")
    assert form.message.text() == "信息完整，可以保存。"


def test_join_before_14th_birthday_and_bad_phone_are_refused(ctx):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    form.join_date.setText("1963.11")
    assert "入团时未满14周岁" in form.message.text()
    assert form.join_date.edit.property("invalid") is True
    form.join_date.setText("1963年12月")
    assert form.save_button.isEnabled()
    form.phone.setText("12345")
    assert not form.save_button.isEnabled() and "手机号码格式不对" in form.message.text()
    form.phone.setText("13800138000")
    form.join_date.setText("19631231")
    assert form.save_button.isEnabled()
    form.join_date.setText("1963-11-31")  # does not exist
    assert "不存在" in form.message.text() and not form.save_button.isEnabled()


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
    assert "请选择性别" in form.message.text()
    form.gender.setCurrentText("男")
    form.birth_date.setText("2000.1.2")
    assert form.save_button.isEnabled()


def test_party_dates_need_a_party_status_and_are_saved(ctx, db):
    form = _form(ctx)
    form.name.setText("王五")
    form.id_number.setText(VALID_ID)
    form.probationary_on.setText("1975-06-10")
    assert not form.save_button.isEnabled()
    assert "政治面貌应为中共预备党员或中共党员" in form.message.text()
    form.political.setCurrentText("中共党员")
    form.full_member_on.setText("1975-06-01")
    assert "转正日期应晚于成为预备党员的日期" in form.message.text()
    form.full_member_on.setText("1976-06-10")
    assert form.save_button.isEnabled()
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
