"""Writing into the output folder without ever leaving it half-written.

Every file goes to a temporary name beside its final one and is moved into place
(``atomic_file``); folders (the store, the views) are built aside and swapped in. A lock
keeps two builds out of one folder, and what a killed build left behind is cleaned up by
the next one (``clean_stale``), a store or views folder caught mid-swap put back.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

from kg import store, views
from kg.errors import OutputError
from kg.folders import replace_dir

# What a part of the views lets the store's caches hold (see kg.store.Store). At 100,000 articles
# the part that draws the overview peaked at 359 MiB in 66 s with the caches left to fill; held
# to 16, 32 or 48 MiB, at 240, 255 and 267 MiB in 81, 76 and 76 s (the store opened 588, 275
# and 176 times).
VIEWS_STORE_CACHE: Final = 32 << 20
_STALE = (".build-", ".store-", ".views-", ".graph.ttl.", ".graph.trig.", ".report.json.", ".build.ttl.")


def lock(out: Path) -> IO[bytes]:
    """Hold ``OUT/.lock`` for the build: two builds into one folder would undo each other."""
    handle = open(out / ".lock", "ab")  # noqa: SIM115 - held until the build ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise OutputError(f"{out}: another kg build is writing there; wait for it to finish") from exc
    return handle


def clean_stale(out: Path) -> None:
    """Remove what killed builds left in ``out``; a store or views folder caught mid-swap is put back."""
    for name in ("store", "views"):
        olds = sorted(out.glob(f".{name}-old-*"))
        if olds and not (out / name).exists():
            olds[-1].rename(out / name)
    for entry in out.iterdir():
        if entry.name.startswith(_STALE):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def views_census(out: Path) -> views.Census:
    """The census the views of the build in ``out`` rank its entities by (``views.census_of``)."""
    return views.census_of(store.Store.open(out / "store"))


def write_views_part(out: Path, folder: Path, part: tuple[int, int], counted: views.Census) -> None:
    """Part ``part`` (k, n) of the views of the build in ``out``, into ``folder`` (see ``views_folder``),
    by the census ``counted``; the parts claim the batches of entity pages in ``folder/.claims``,
    removed with ``folder``."""
    db = store.Store.open(out / "store", cache_budget=VIEWS_STORE_CACHE)
    views.write_views(db, folder, part=part, claims=folder / ".claims", counted=counted)


@contextlib.contextmanager
def views_folder(out: Path) -> Iterator[Path]:
    """A fresh folder to write the views in (as ``views/`` under it), swapped in for
    ``out/views`` when the block ends without an error; removed in any case."""
    staging = Path(tempfile.mkdtemp(prefix=".views-", dir=out))
    try:
        yield staging
        replace_dir(staging / "views", out / "views")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class atomic_file:  # noqa: N801 - used like open()
    """``with atomic_file(path) as fh:`` writes bytes to a temporary file, moved into place on success."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        except OSError as exc:
            raise OutputError(f"{self.path.parent}: cannot write ({exc.strerror or exc})") from exc
        os.chmod(self.tmp, 0o644)  # mkstemp makes it private; outputs are for everyone to read
        self.fh = os.fdopen(fd, "wb")
        return self.fh

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.fh.flush()
            os.fsync(self.fh.fileno())  # the data is on disk before the name points at it
        self.fh.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


def write_atomic(path: Path, text: str) -> None:
    with atomic_file(path) as fh:
        fh.write(text.encode("utf-8"))
