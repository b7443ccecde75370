"""What the process holds in memory, and giving back what it freed (Linux; elsewhere, nothing).

A read-only store's caches are freed when it is closed, but glibc keeps freed memory for the
process's next allocations: :func:`give_back` returns it to the system, so that the resident
size (:func:`resident`) says what the process uses again.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from functools import cache


def resident() -> int | None:
    """The process's resident set size in bytes, or None where the system does not tell."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def give_back() -> None:
    """Return the memory the C heap keeps from what was freed to the system (glibc's
    ``malloc_trim``)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], object] | None:
    """glibc's ``malloc_trim`` among the symbols the process has loaded, if it is there."""
    try:
        trim: Callable[[int], object] = ctypes.CDLL(None).malloc_trim
        return trim
    except (OSError, AttributeError, TypeError):
        return None
