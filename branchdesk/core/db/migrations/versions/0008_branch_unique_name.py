"""One branch per name in a database: duplicates (two imports at once could make them) are
renamed "名称（2）", "名称（3）", … before the unique index is created.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    branch = sa.table("branch", sa.column("id", sa.Integer), sa.column("name", sa.String))
    rows = bind.execute(sa.select(branch.c.id, branch.c.name).order_by(branch.c.id)).all()
    taken = {name for _, name in rows}
    seen: set[str] = set()
    for branch_id, name in rows:
        if name not in seen:
            seen.add(name)
            continue
        n = 2
        while f"{name}（{n}）" in taken:
            n += 1
        new = f"{name}（{n}）"
        taken.add(new)
        bind.execute(sa.update(branch).where(branch.c.id == branch_id).values(name=new))
    op.create_index("uq_branch_name", "branch", ["name"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_branch_name", table_name="branch")
