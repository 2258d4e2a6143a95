"""Small builders shared by the meeting and round tests."""

import random
from datetime import date

from branchdesk.core.rules.member_record import MemberRecord
from branchdesk.core.services import members
from branchdesk.core.services.demo import fake_id_number

_rng = random.Random(7)


def add_people(s, branch_id, names, since=date(2025, 1, 1), group_id=None) -> list[int]:
    ids = []
    for name in names:
        number = fake_id_number(_rng, date(2000, 1, 1 + len(ids)), "男")
        record = MemberRecord(name=name, id_number=number, group_id=group_id)
        ids.append(members.add_member(s, branch_id, record, since=since).id)
    return ids
