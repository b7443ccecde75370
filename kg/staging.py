"""The quads of a build on disk, between extraction and the store and dumps.

Extraction appends each article's quads to three files: ``own.nq`` (the article's own
graph, written once), ``merged.nq`` (what it adds to the merged graph, which many
articles repeat: each worker leaves out those it staged lately) and ``pending.nq`` (the
few statements of its own graph that the identity pass may replace: the agent of a role
given by a post alone), so that the pass only renames in the big file and looks for lines
to leave out in the small ones. ``settle`` then applies the build-wide identity decisions
(:mod:`kg.identity`) block by block, on bytes, and makes the merged statements unique with
an external sort, so memory does not grow with the corpus; the pass's summaries of the
build (tenures, roles) are unique as made and skip the sort. The result is a list of
N-Quads files in which no statement appears twice: what the store loads and the dumps are
written from.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.identity import Plan

_BLOCK = 8 << 20  # bytes of whole lines rewritten at a time
# GNU sort's buffer: the sort's memory whatever the corpus (it spills sorted runs to disk and
# merges them). Sorting 982 MB of N-Quads lines (5M, 3M unique) on 2 cores here: 256M took
# 3.3 s at 258 MiB, 64M 3.6 s at 66 MiB, the same output.
_SORT_BUFFER = "64M"


@dataclass(frozen=True, slots=True)
class Staging:
    folder: Path

    @property
    def own(self) -> Path:
        return self.folder / "own.nq"

    @property
    def merged(self) -> Path:
        return self.folder / "merged.nq"

    @property
    def pending(self) -> Path:
        return self.folder / "pending.nq"

    @property
    def people(self) -> Path:
        """What the identity pass needs of each article (``kg.identity.Log``)."""
        return self.folder / "people.pickle"


@dataclass(frozen=True, slots=True)
class Settled:
    """What the identity pass leaves: the files the dumps are written from, and what a store
    that loaded ``own.nq`` as it was staged still needs to hold the same statements."""

    files: tuple[Path, ...]  # every statement once: own graphs (renamed), what the pass adds to them, merged
    replaced: Path  # the statements of ``own.nq`` that the renames changed, as staged
    rest: tuple[Path, ...]  # what a store holding ``own.nq`` less ``replaced`` lacks: those rewritten, the others


def settle(staging: Staging, plan: Plan, merged_graph: str) -> Settled:
    """The final N-Quads files: own graphs (identity applied), then the merged graph, unique.

    ``own.nq`` is left in place (a store may be loading it meanwhile); the other staged files
    go as soon as they are read: a big build needs the disk."""
    tail = f"<{merged_graph}> .\n"
    folder = staging.folder
    own, added, extra_merged = folder / "own-final.nq", folder / "own-added.nq", folder / "merged-extra.nq"
    replaced, restated = folder / "own-replaced.nq", folder / "own-restated.nq"
    rewrite = plan.rewriter()
    with open(own, "wb") as out, open(replaced, "wb") as was, open(restated, "wb") as now:
        for block in blocks(staging.own):  # no line of the own graphs is dropped: renames only
            renamed, touched = rewrite.rename(block)
            out.write(renamed)
            if touched:
                was.write(touched)
                now.write(rewrite.rename(touched)[0])
    with open(added, "wb") as out, open(extra_merged, "wb") as extra:
        for block in blocks(staging.pending):
            out.write(rewrite(block))
        for line in plan.extra:  # the pass's own statements: aliases and roles resolved to a holder
            (extra if line.endswith(tail) else out).write(line.encode("utf-8"))
        for block in blocks(staging.merged):
            extra.write(rewrite(block))
    for done in (staging.pending, staging.merged):
        done.unlink()
    summaries = folder / "merged-pass.nq"
    with open(summaries, "wb") as out:  # unique already: no need to sort them with the rest
        made = plan.summaries()
        while batch := list(itertools.islice(made, 4096)):
            out.write("".join(batch).encode("utf-8"))
    plan.held.remove()  # the sightings summed: their parts are not needed again
    plan.roles.remove()
    unique = folder / "merged-final.nq"
    unique_lines(extra_merged, unique, folder)
    extra_merged.unlink()
    return Settled((own, added, unique, summaries), replaced, (restated, added, unique, summaries))


def blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes in blocks of whole lines."""
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            yield block + (fh.readline() if not block.endswith(b"\n") else b"")


def unique_lines(source: Path, dest: Path, scratch: Path) -> None:
    """``source``'s lines, each once, sorted by bytes: GNU sort when there is one (bounded memory)."""
    sort = shutil.which("sort")
    if sort is not None:
        env = {**os.environ, "LC_ALL": "C"}
        command = [sort, "-u", "-S", _SORT_BUFFER, f"--parallel={os.cpu_count() or 1}", "-T", str(scratch),
                   "-o", str(dest), str(source)]
        if subprocess.run(command, env=env, capture_output=True).returncode == 0:
            return
    with open(source, "rb") as fh:
        lines = sorted(set(fh))
    with open(dest, "wb") as out:
        out.writelines(lines)
