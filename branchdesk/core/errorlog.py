"""One error log for the command line and the window: `error.log` in the user's data folder.

An unexpected exception (a bug, not a `UserError`) is appended there with a time stamp and its
traceback; the user sees one short Chinese sentence that says where the details are. Both are
masked (core/privacy.py): no ID number or phone number is ever written or shown; the log is
readable by its owner only.
"""

import traceback
from datetime import datetime
from pathlib import Path

from branchdesk.core.privacy import make_private_file, mask_personal

LOG_NAME = "error.log"


def log_path() -> Path:
    from branchdesk.core.paths import data_dir

    return data_dir() / LOG_NAME


def log_exception(exc: BaseException, context: str = "") -> Path | None:
    """Append `exc` with its traceback to error.log; the log's path, or None if unwritable."""
    try:
        log = log_path()
        stamp = datetime.now().isoformat(timespec="seconds")
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp}{' ' + context if context else ''}\n")
            fh.write(mask_personal(text))
        make_private_file(log)
        return log
    except OSError:
        return None


def unexpected_message(exc: BaseException, log: Path | None) -> str:
    """The short sentence a user sees for an unexpected error."""
    where = f"详细信息已写入 {log}" if log else "无法写入日志"
    return f"发生意外错误：{mask_personal(str(exc))}（{where}）"
