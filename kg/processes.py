"""The processes a build's stages run in, each named for what it does.

Stages run in processes of their own: the memory one takes (the identity pass a part of its
tables and its decisions, the views what they draw) goes back to the system
when it ends instead of staying in the build's heap. Each takes the name of the stage it
runs (``kg identity``, ``kg views 1/2``...), which ``top``, ``ps -o comm`` and the
benchmark's sampler show.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def pool(count: int) -> concurrent.futures.ProcessPoolExecutor:
    """Up to ``count`` processes at once, forked by a server that has done nothing but import
    kg: they start small and never inherit a store's state (a process forked from one that
    has used a RocksDB store, as a notebook or the tests may have, can hang on its locks when
    it opens one). Each runs one task: a stage never starts in the heap another left (reused,
    a process keeps what its first task took: at 200,000 articles the one that ran the
    compaction after the store's load or a dump was the build's largest, 1,011 MiB)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.pipeline"])
    return concurrent.futures.ProcessPoolExecutor(count, mp_context=context, max_tasks_per_child=1)


def run_as(title: str, work: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    """``work(*args)``, in a process named ``title`` meanwhile (what ``pool.submit`` is given)."""
    name(title)
    return work(*args, **kwargs)


def name(title: str) -> None:
    """Name this process (Linux keeps 15 bytes of it); elsewhere, nothing happens."""
    try:
        with open("/proc/self/comm", "w", encoding="utf-8") as comm:
            comm.write(title[:15])
    except OSError:
        pass
