"""The kinds of data a change touches. The window announces them after an operation
(`ui/ops.py`, `ctx.data_changed`) so that only what shows them reloads; the home page's alert
providers say which of them they read (`core/services/alerts.READS`)."""

#: the branch itself: profile, groups, committee, settings, dues standards, the branch list
BRANCH = "branch"
#: members and their history (roster, status, posts, groups they are in)
MEMBERS = "members"
#: meetings, attendance, attachments, the yearly rounds (评议, 团籍注册)
MEETINGS = "meetings"
#: dues payments, exemptions, the 上缴 ledger
DUES = "dues"
#: transfers in and out, letters
TRANSFERS = "transfers"
#: the 组织建设 registers: 发展团员 applicants, 推优入党 rounds, 奖惩 and 考核
REGISTERS = "registers"
#: every kind: after opening another database, importing a package, the demo
ALL: frozenset[str] = frozenset({BRANCH, MEMBERS, MEETINGS, DUES, TRANSFERS, REGISTERS})
