"""Records split into parts by a key's hash, kept on disk, and read back one part at a time.

The identity pass sums up sightings per (person, post) and per (event, role, agent): tables
that grow with the corpus (1.4 million rows at 100,000 articles). It cannot sum them while
it reads, as the people are renamed only once every article is read; so it files each
sighting under a part chosen by a key that no rename changes (the post, the event), and sums
one part at a time: its memory is that of one part, however many parts the build has. The
people are filed likewise, by name, and decided on a part at a time (a name's people are all
in one part); the holders of each post, by post.

A part's records are kept in a list until there are ``_BATCH`` of them, then appended to the
part's file as one pickle (a file found from before is written over): a small build writes
no file at all. Every part's list is written when the parts hold ``_WAITING_MAX`` records in
all: a big build has more parts (the identity pass takes one per 16 MB of its log), and their
lists, each up to ``_BATCH``, would grow with it.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Generic, TypeVar

Record = TypeVar("Record")

_BATCH = 4096  # records of one part kept in memory before they are appended to its file
_WAITING_MAX = 32768  # records of all the parts kept in memory before every part's are written


class Parts(Generic[Record]):
    """``count`` parts of records in ``folder`` (made when first needed), named ``{name}-{n}``."""

    def __init__(self, folder: Path, name: str, count: int) -> None:
        if count < 1:
            raise ValueError(f"a table needs at least one part, not {count}")
        self.folder, self.name, self.count = folder, name, count
        self._waiting: list[list[Record]] = [[] for _ in range(count)]
        self._filed: set[int] = set()  # the parts with a file
        self._held = 0  # records waiting, in all the parts

    def add(self, key: str, record: Record) -> None:
        """``record`` filed under the part of ``key``."""
        part = self.part_of(key)
        waiting = self._waiting[part]
        waiting.append(record)
        self._held += 1
        if len(waiting) >= _BATCH:
            self._write(part)
        elif self._held >= _WAITING_MAX:
            for full in range(self.count):
                if self._waiting[full]:
                    self._write(full)

    def part_of(self, key: str) -> int:
        """The part that the records of ``key`` are filed under."""
        return zlib.crc32(key.encode("utf-8")) % self.count if self.count > 1 else 0

    def part(self, part: int) -> Iterator[Record]:
        """The records of one part: those written to its file, then those waiting."""
        if part in self._filed:
            with open(self._path(part), "rb") as fh:
                while True:
                    try:
                        batch: list[Record] = pickle.load(fh)  # noqa: S301 - our own file
                    except EOFError:
                        break
                    yield from batch
        yield from self._waiting[part]

    def parts(self) -> Iterator[Iterator[Record]]:
        """Each part's records in turn."""
        for part in range(self.count):
            yield self.part(part)

    def remove(self) -> None:
        """The files gone, the records with them."""
        for part in self._filed:
            self._path(part).unlink(missing_ok=True)
        self._filed.clear()
        self._waiting = [[] for _ in range(self.count)]
        self._held = 0

    def _write(self, part: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self._path(part), "ab" if part in self._filed else "wb") as fh:
            pickle.dump(self._waiting[part], fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._filed.add(part)
        self._held -= len(self._waiting[part])
        self._waiting[part] = []

    def _path(self, part: int) -> Path:
        return self.folder / f"{self.name}-{part}"
