"""Reading files named by a user (the command line, RUNNER_RULES_DIR) without trusting them.

A name can point at a device (`/dev/zero` never ends), a FIFO (reading waits forever), a
folder or a file far larger than any assessment or rules table. `read_capped` refuses all of
them from the file's metadata, before reading a byte, and never reads past the cap even when
the file grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileProblem(Exception):
    """The file cannot be used; `message` says why, to follow `name: `. `size` when too large."""

    def __init__(self, message: str, size: int | None = None):
        self.message = message
        self.size = size
        super().__init__(message)


def read_capped(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, or FileProblem."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO does not wait for a writer
    except FileNotFoundError:
        raise FileProblem("file not found") from None
    except PermissionError:
        raise FileProblem("no permission to read the file") from None
    except OSError as exc:
        raise FileProblem(f"cannot read the file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file (a device, pipe or socket)")
        if info.st_size > cap:
            raise FileProblem("too large", info.st_size)
        chunks, total = [], 0
        while total <= cap:
            chunk = os.read(fd, cap + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:  # it grew while we read
            raise FileProblem("too large", total)
        return b"".join(chunks)
    except PermissionError:
        raise FileProblem("no permission to read the file") from None
    except IsADirectoryError:
        raise FileProblem("a folder, not a file") from None
    except OSError as exc:
        raise FileProblem(f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two names are one file: the same inode when both exist, else the same path."""
    return file_key(a) == file_key(b)


def file_key(name: Path | str) -> tuple[object, ...]:
    """What `same_file` compares, so a batch can check each name once against a set (a coach's
    300 files against each other would otherwise be 90,000 path resolutions)."""
    try:
        st = os.stat(name)
    except OSError:
        return ("path", Path(name).resolve())
    return ("inode", st.st_dev, st.st_ino)
