"""Errors a user may see: each carries one Chinese sentence that says what to do."""


class UserError(Exception):
    """An error whose message is meant for the secretary, in Chinese."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableFileError(UserError):
    """A file could not be read at all (wrong format, missing, locked)."""

    exit_code = 2


class DatabaseTooNewError(UserError):
    pass


class DatabaseOpenError(UserError):
    pass
