"""The quads of a build on disk, between extraction and the store and dumps.

Extraction appends each article's quads to two files: ``own.nq`` (the article's own
graph, written once) and ``merged.nq`` (what it adds to the merged graph, which many
articles repeat). ``settle`` then applies the build-wide identity decisions
(:mod:`kg.identity`) block by block and makes the merged statements unique with an external
sort, so memory does not grow with the corpus. The result is a list of N-Quads files in
which no statement appears twice: what the store loads and the dumps are written from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.identity import Plan

_BLOCK = 8 << 20  # bytes of whole lines rewritten at a time


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
    def people(self) -> Path:
        """What the identity pass needs of each article (``kg.identity.Log``)."""
        return self.folder / "people.pickle"


def settle(staging: Staging, plan: Plan, merged_graph: str) -> list[Path]:
    """The final N-Quads files: own graphs (identity applied), then the merged graph, unique."""
    tail = f"<{merged_graph}> .\n"
    own, extra_merged = staging.folder / "own-final.nq", staging.folder / "merged-extra.nq"
    rewrite = plan.rewriter()
    with open(own, "w", encoding="utf-8", newline="\n") as out, \
         open(extra_merged, "w", encoding="utf-8", newline="\n") as extra:
        for block in blocks(staging.own):
            out.write(rewrite(block))
        for line in plan.lines():  # the pass's own statements: most in the merged graph
            (extra if line.endswith(tail) else out).write(line)
        for block in blocks(staging.merged):
            extra.write(rewrite(block))
    staging.own.unlink()  # each step's input goes as soon as it is read: a big build needs the disk
    staging.merged.unlink()
    unique = staging.folder / "merged-final.nq"
    unique_lines(extra_merged, unique, staging.folder)
    extra_merged.unlink()
    return [own, unique]


def blocks(path: Path) -> Iterator[str]:
    """The file's text in blocks of whole lines."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        while block := fh.read(_BLOCK):
            yield block + (fh.readline() if not block.endswith("\n") else "")


def unique_lines(source: Path, dest: Path, scratch: Path) -> None:
    """``source``'s lines, each once, sorted by bytes: GNU sort when there is one (bounded memory)."""
    sort = shutil.which("sort")
    if sort is not None:
        env = {**os.environ, "LC_ALL": "C"}
        command = [sort, "-u", "-S", "256M", f"--parallel={os.cpu_count() or 1}", "-T", str(scratch),
                   "-o", str(dest), str(source)]
        if subprocess.run(command, env=env, capture_output=True).returncode == 0:
            return
    with open(source, "rb") as fh:
        lines = sorted(set(fh))
    with open(dest, "wb") as out:
        out.writelines(lines)
