"""Runs `branchdesk` (cli.main) in forked children, each SIGKILLed after SQL statement N.

Run as a script in a clean interpreter (no Qt, no threads), so forking is safe and each child
starts with the CLI's modules already imported. One JSON job per input line, one JSON result
per output line:

    job:    {"argv": [...], "kill_after": N}      (N = 0: run to the end, count statements)
    result: {"killed": bool, "rc": int | null, "statements": int | null}
"""

import json
import os
import signal
import sys
import tempfile


def run(job: dict) -> dict:
    count_file = tempfile.mktemp(prefix="bd-count-")
    pid = os.fork()
    if pid == 0:  # the child: the CLI, killed by the engine's test hook after statement N
        os.environ["BRANCHDESK_TEST_KILL_AFTER_STATEMENT"] = str(job["kill_after"] or 10**12)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            from branchdesk.cli import main
            from branchdesk.core.db import engine

            code = main(job["argv"])
            with open(count_file, "w") as fh:
                fh.write(str(engine._statements_run))
        except BaseException:
            code = 99
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    statements = None
    if os.path.exists(count_file):
        with open(count_file) as fh:
            statements = int(fh.read())
        os.unlink(count_file)
    return {
        "killed": killed,
        "rc": None if killed else os.waitstatus_to_exitcode(status),
        "statements": statements,
    }


def main() -> None:
    import alembic.command  # noqa: F401  (import once, before forking)
    import alembic.script  # noqa: F401
    import sqlalchemy.orm  # noqa: F401

    import branchdesk.cli  # noqa: F401
    import branchdesk.core.db.database  # noqa: F401
    import branchdesk.core.db.models  # noqa: F401
    from branchdesk.core.db.migrate import known_revisions

    known_revisions()  # Alembic's script machinery, loaded once

    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
