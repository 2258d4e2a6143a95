"""Run the CLI and SIGKILL it at the Nth file event in a folder: `python -m tests.file_crash_driver
FOLDER N -- CLI ARGS...`. N = 0 only counts: the events are printed as JSON on stderr at exit.

A file event is opening a file for writing, one write() or os.write(), an fsync, an os.replace or
a rename, anywhere under FOLDER; the kill happens just before the event (so the previous one is
complete and this one has not started).
"""

import builtins
import json
import os
import signal
import sys
from pathlib import Path


def main() -> int:
    folder = str(Path(sys.argv[1]).resolve())
    kill_at = int(sys.argv[2])
    cli_args = sys.argv[sys.argv.index("--") + 1 :]
    events: list[str] = []
    fds: set[int] = set()

    def inside(path) -> bool:
        try:
            return str(Path(os.fsdecode(path)).resolve()).startswith(folder)
        except (TypeError, ValueError):
            return False

    def event(name: str) -> None:
        events.append(name)
        if len(events) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    real_open, real_os_open = builtins.open, os.open
    real_write, real_fsync = os.write, os.fsync
    real_replace, real_rename = os.replace, os.rename

    class Tracked:
        def __init__(self, handle):
            self._handle = handle

        def write(self, data):
            event("write")
            return self._handle.write(data)

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._handle.__exit__(*exc)

        def __iter__(self):
            return iter(self._handle)

    def tracked_open(file, mode="r", *args, **kwargs):
        writing = isinstance(file, str | bytes | os.PathLike) and any(c in mode for c in "wax+")
        if writing and inside(file):
            event("open")
            return Tracked(real_open(file, mode, *args, **kwargs))
        return real_open(file, mode, *args, **kwargs)

    def tracked_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR) and inside(path):
            event("os.open")
            fd = real_os_open(path, flags, *args, **kwargs)
            fds.add(fd)
            return fd
        return real_os_open(path, flags, *args, **kwargs)

    def tracked_write(fd, data):
        if fd in fds:
            event("os.write")
        return real_write(fd, data)

    def tracked_fsync(fd):
        event("fsync")
        return real_fsync(fd)

    def tracked_replace(src, dst, *args, **kwargs):
        if inside(dst):
            event("replace")
        return real_replace(src, dst, *args, **kwargs)

    def tracked_rename(src, dst, *args, **kwargs):
        if inside(dst):
            event("rename")
        return real_rename(src, dst, *args, **kwargs)

    builtins.open = tracked_open
    os.open, os.write, os.fsync = tracked_os_open, tracked_write, tracked_fsync
    os.replace, os.rename = tracked_replace, tracked_rename
    import io

    io.open = tracked_open

    from branchdesk.cli import main as cli_main

    code = cli_main(cli_args)
    print(json.dumps(events), file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
