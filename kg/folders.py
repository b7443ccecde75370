"""Put a new folder in place of an old one in one step, so that a reader never finds neither.

On Linux the two are exchanged by ``renameat2(RENAME_EXCHANGE)`` (one atomic step), and the
old one is then removed from where the new one was. Elsewhere, or where the file system
cannot exchange, the old folder is renamed away first (to ``.NAME-old-PID``, which
:func:`kg.outputs.clean_stale` puts back if a build is killed between the two renames).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_Exchange = Callable[[int, bytes, int, bytes, int], int]


@functools.cache
def _renameat2() -> _Exchange | None:
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # this file system or kernel cannot
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def replace_dir(new: Path, dest: Path) -> None:
    """Move the folder ``new`` to ``dest``, replacing the folder there, and remove the old one."""
    if dest.exists() and exchange(new, dest):
        shutil.rmtree(new, ignore_errors=True)
        return
    old = dest.with_name(f".{dest.name}-old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
