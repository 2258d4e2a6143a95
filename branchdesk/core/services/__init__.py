"""Use cases: one function = one thing a secretary does, inside one transaction.

Services take a `Session` (the caller owns the transaction: `with db.transaction() as s:`)
and return plain data. They never show anything.
"""
