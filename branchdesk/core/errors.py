"""Errors a user may see: each carries one Chinese sentence that says what to do."""


class UserError(Exception):
    """An error whose message is meant for the secretary, in Chinese."""

    exit_code = 1

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        #: the field of a form the message is about ("held_on"), so the form can point at it
        self.field = field


class NeedsConfirmation(UserError):
    """The action is allowed but unusual: ask the user (the message is the question), then call
    the service again with confirm=True."""


class UnreadableFileError(UserError):
    """A file could not be read at all (wrong format, missing, locked)."""

    exit_code = 2


class DatabaseTooNewError(UserError):
    pass


class DatabaseOpenError(UserError):
    pass


class DatabaseBusyError(UserError):
    """Another program held the database's write lock for longer than we wait."""

    exit_code = 3


class DatabaseInUseError(UserError):
    """Another copy of BranchDesk has this database open (see core/db/instance_lock.py)."""

    exit_code = 3

    def __init__(self, message: str, holder: str = ""):
        super().__init__(message)
        self.holder = holder


class ReadOnlyDatabaseError(UserError):
    """A write to a database opened read-only."""

    exit_code = 3


#: a version-checked row (a member) was saved by someone else since it was read
CHANGED_ELSEWHERE = (
    "这条记录刚刚已在别处（可能是另一台电脑）被修改，为免覆盖对方的修改，本次没有保存。"
    "请重新打开后再修改。"
)
