"""The processes of a build's stages: one a stage, named for it (what top and ps show)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import processes

COMM = Path("/proc/self/comm")


@pytest.mark.skipif(not COMM.exists(), reason="no /proc/self/comm: process names are Linux's")
def test_a_stage_runs_in_a_process_named_for_it() -> None:
    with processes.pool(1) as pool:
        assert pool.submit(processes.run_as, "kg views 1/2", COMM.read_text).result() == "kg views 1/2\n"
        longer = pool.submit(processes.run_as, "kg a name longer than fifteen bytes", COMM.read_text).result()
        assert longer == "kg a name longe\n"  # Linux keeps 15 bytes


def test_each_stage_starts_in_a_process_of_its_own() -> None:
    """A stage never runs in the heap an earlier one left (the compaction after the store's load)."""
    with processes.pool(1) as pool:
        first = pool.submit(processes.run_as, "kg store", os.getpid).result()
        second = pool.submit(processes.run_as, "kg compaction", os.getpid).result()
    assert first != second
