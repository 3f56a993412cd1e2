"""Files the CLI writes and reads: replaced atomically, read only when they are regular files."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

CHUNK = 1024 * 1024


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, fsync it, then rename it over `target`:
    whatever fails, `target` is either the old file, untouched, or the complete new one."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # name the file the user asked for, not the temporary one beside it
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(descriptor, "wb") as file:
            for start in range(0, len(data), CHUNK):
                file.write(data[start : start + CHUNK])
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _mode_for(target: Path) -> int:
    """The old file's permissions, or what a newly created file would get."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def read_regular_file(path: Path, *, limit: int, progress: Callable[[int, int], None]) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (devices, pipes and folders are refused
    before reading); `progress(read, total)` is told after each chunk."""
    if not stat.S_ISREG(path.stat().st_mode):  # before opening: opening a pipe would wait for a writer
        raise ValueError(f"{path} is not a regular file")
    with path.open("rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):  # replaced between the two looks
            raise ValueError(f"{path} is not a regular file")
        if info.st_size > limit:
            raise ValueError(f"{path} holds {info.st_size:,} bytes; at most {limit:,} can be imported")
        chunks: list[bytes] = []
        read = 0
        while chunk := file.read(CHUNK):
            read += len(chunk)
            if read > limit:  # the file grew while it was read
                raise ValueError(f"{path} grew beyond {limit:,} bytes while it was read")
            chunks.append(chunk)
            progress(read, info.st_size)
    return b"".join(chunks)
