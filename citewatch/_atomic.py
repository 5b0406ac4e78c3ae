"""Atomic file writes: write a temporary file in the same folder, then rename.

``os.replace`` is atomic on POSIX and Windows when source and target are on
the same file system, so a reader sees either the old file or the new one,
never a half-written file, and a crash leaves the old file intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, BinaryIO

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_write_with"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The process umask, read once: files are created 0666 minus it, as
#: ``open()`` would (``mkstemp`` alone would make them owner-only, 0600).
_MODE = 0o666 & ~_umask()


def atomic_write_with(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Create ``path`` atomically from what ``write`` writes to a file object.

    Parameters
    ----------
    path : str or pathlib.Path
        Target file; its folder is created if missing.
    write : callable
        Called with a binary file object open for writing.

    Returns
    -------
    pathlib.Path
        The target path.

    Raises
    ------
    OSError
        If the folder cannot be created or the file cannot be written; the
        temporary file is removed and any existing target is left as it was.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        # Name the target, not the temporary file, in the message.
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        os.chmod(tmp, _MODE)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically. See :func:`atomic_write_with`."""
    return atomic_write_with(path, lambda fh: fh.write(data))


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically. See :func:`atomic_write_with`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
