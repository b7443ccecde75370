"""A JSON object written a piece at a time, with lists whose items are made as they are
written, and read back the same way.

``report.json`` lists every input of a build. Made as one string by ``json.dumps``, the
report of 100,000 articles (17 MB) took the process that wrote it from 81 to 202 MiB (a dict
per input, then the encoder's pieces, then the string), of 200,000 from 98 to 338 MiB.
Written here, ``_BATCH`` items at a time, the bytes are the same (``json.dumps(value,
indent=2, sort_keys=True, ensure_ascii=False)`` and a newline), and the process stays at 84
and 102 MiB (in 0.50 s at 100,000, 0.56 before).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import IO

_BATCH = 1024  # items encoded at a time


def write_object(out: IO[bytes], values: Mapping[str, object], lists: Mapping[str, Iterable[object]]) -> None:
    """The object whose keys are those of ``values`` and ``lists``, in sorted order, to ``out``."""
    keys = sorted({*values, *lists})
    out.write(b"{")
    for n, key in enumerate(keys):
        out.write(f"{',' if n else ''}\n  {_dumps(key)}: ".encode())
        if key in lists:
            _write_list(out, lists[key])
        else:
            out.write(_dumps(values[key]).replace("\n", "\n  ").encode())
    out.write(b"\n}\n" if keys else b"}\n")


def _write_list(out: IO[bytes], items: Iterable[object]) -> None:
    """The items encoded ``_BATCH`` at a time, as a list (one call of the encoder costs more than an
    item), re-indented for a list one level down."""
    empty, rest = True, iter(items)
    while batch := list(islice(rest, _BATCH)):
        inner = _dumps(batch)[2:-2].replace("\n", "\n  ")  # "[\n  a,\n  b\n]" → "  a,\n    b"
        out.write(f"{'[' if empty else ','}\n  {inner}".encode())
        empty = False
    out.write(b"[]" if empty else b"\n  ]")


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True)  # as json.dumps makes it, once


def _dumps(value: object) -> str:
    return _ENCODER.encode(value)


def read_object(source: IO[str], on_item: Mapping[str, Callable[[object], None]], chunk: int = 1 << 16
                ) -> dict[str, object]:
    """The members of the JSON object in ``source``, read ``chunk`` characters at a time, but for
    the lists named in ``on_item``: each of their items is handed to its function as it is read,
    and none is kept. A no-change rebuild of 100,000 articles reads its last report so.

    Raises ``ValueError`` (``json.JSONDecodeError``) where the text is not such an object.
    """
    text, found = _Text(source, chunk), {}
    text.take("{")
    for key in text.members():
        if key in on_item and text.peek() == "[":
            text.items(on_item[key])
        else:
            found[key] = text.value()
    return found


_DECODER = json.JSONDecoder()
_SPACES = re.compile(r"\s*")
_AFTER_A_VALUE = frozenset(",:]} \t\n\r")  # what may follow a whole value ("" is not in it: more to read)


class _Text:
    """JSON text read a chunk at a time; ``at`` is where reading is, in ``buffer``."""

    def __init__(self, source: IO[str], chunk: int) -> None:
        self.source, self.chunk = source, chunk
        self.buffer, self.at, self.ended = "", 0, False

    def _more(self) -> bool:
        read = "" if self.ended else self.source.read(self.chunk)
        self.ended = not read
        self.buffer, self.at = self.buffer[self.at :] + read, 0
        return bool(read)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self.at = _SPACES.match(self.buffer, self.at).end()  # type: ignore[union-attr]  # \s* matches
            if self.at < len(self.buffer) or not self._more():
                return self.buffer[self.at : self.at + 1]

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise json.JSONDecodeError(f"expected {char!r}", self.buffer, self.at)
        self.at += 1

    def value(self) -> object:
        """The next value. One not followed by white space or punctuation may go on in text not
        read yet (a number: "-1" of "-1.5"): it is read again with more."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            if self.buffer[end : end + 1] in _AFTER_A_VALUE or not self._more():
                self.at = end
                return value

    def members(self) -> Iterator[str]:
        """The keys of an object's members, after its "{", each followed by its ":" (the value is
        the caller's to read), up to its "}"."""
        for _ in self._separated("}"):
            key = self.value()
            if not isinstance(key, str):
                raise json.JSONDecodeError("a key that is not a string", self.buffer, self.at)
            self.take(":")
            yield key

    def items(self, each: Callable[[object], None]) -> None:
        self.take("[")
        for _ in self._separated("]"):
            each(self.value())

    def _separated(self, close: str) -> Iterator[None]:
        """Once per member or item up to ``close``, which is taken: commas between them."""
        first = True
        while self.peek() != close:
            if not first:
                self.take(",")
            yield
            first = False
        self.take(close)
