"""Read articles from files and folders: ``.txt`` / ``.md`` and ``.jsonl``.

Text files: an optional leading crawler token ``date YYYY-MM[-DD]`` is the
publication date; a first line without final punctuation is the headline; a last
line that is only a short name is the byline. JSONL: one article per line with
``id``, ``url``, ``title``, ``date``, ``text`` (required) and any other keys, kept.

Folders are walked for those suffixes (README files and hidden files are not
articles). Each input yields a ``Read``: an article, or the problem that kept it out. One bad
file or line never stops the others.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from kg.model import Article, PartialDate
from kg.normalize import normalize

SUFFIXES = (".txt", ".md", ".jsonl")
_DATE_TOKEN = regex.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:[T ][\d:.+Z-]*)?\s+")
_ISO_DATE = regex.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?")
_BYLINE = regex.compile(
    r"^(?:(?:Bài(?:\s+và\s+ảnh)?|Tin(?:\s+và\s+ảnh)?|Ảnh|Theo)\s*:?\s*)?"
    r"(?P<name>\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,3})\s*(?:\([^)]{0,30}\))?$"
)
_FINAL_PUNCT = (".", "!", "?", ":", ";", "…", ",")


@dataclass(frozen=True, slots=True)
class Read:
    source: str
    article: Article | None = None
    problem: str | None = None


def discover(inputs: Iterable[Path]) -> Iterator[Path]:
    """Article files under the inputs, in a stable order; folders are walked without following links."""
    for path in inputs:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(SUFFIXES) and not name.startswith(".") and not _is_readme(name):
                        yield Path(root, name)
        else:
            yield path


def _is_readme(name: str) -> bool:
    """A folder's README.md describes the corpus; it is not an article."""
    return name.casefold().startswith("readme")


def read(path: Path) -> Iterator[Read]:
    """The articles in one file (several for JSONL)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Read(source, problem=f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        text = decode(data)
    except ValueError as exc:
        yield Read(source, problem=str(exc))
        return
    if path.suffix == ".jsonl":
        yield from _jsonl(source, path.stem, text)
    else:
        yield _text_article(source, path.stem, text)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"broken UTF-16 (byte {exc.start}: {exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise ValueError("binary data (NUL bytes): not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                         "convert the file to UTF-8") from None


def _text_article(source: str, stem: str, raw: str) -> Read:
    published = None
    token = _DATE_TOKEN.match(raw)
    if token:
        published = parse_date(token.group("date"))
        raw = raw[token.end() :]
    text = normalize(raw).strip()
    if not text:
        return Read(source, problem="empty article (no text)")
    lines = [line for line in text.split("\n") if line.strip()]
    title = lines[0] if len(lines) > 1 and _headline(lines[0]) else None
    authors = _byline(lines[-1]) if len(lines) > 2 else ()
    return Read(source, Article(stem, source, text, title, None, published, authors))


def _headline(line: str) -> bool:
    return len(line) <= 250 and not line.rstrip().endswith(_FINAL_PUNCT)


def _byline(line: str) -> tuple[str, ...]:
    """ "Đặng Tuyết", "Bài và ảnh: Triệu Biển", "Hoàng Yến – Quang Huy" → the names."""
    parts = regex.split(r"\s+[–—-]\s+|\s*,\s*|\s+và\s+", line.strip())
    matches = [_BYLINE.match(part) for part in parts]
    if not all(matches) or len(parts) > 4:
        return ()
    return tuple(m.group("name") for m in matches if m)


def parse_date(value: str) -> PartialDate | None:
    """ "2024-12-05" / "2024-12" / an ISO timestamp → a PartialDate; None when not a date."""
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    year, month = int(match.group("y")), int(match.group("m"))
    day = int(match.group("d")) if match.group("d") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return PartialDate(year, month, day)


def _jsonl(source: str, stem: str, text: str) -> Iterator[Read]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _json_article(f"{source}:{number}", f"{stem}-{number}", line)


def _json_article(source: str, fallback_id: str, line: str) -> Read:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Read(source, problem=f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return Read(source, problem="a JSONL line must be an object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Read(source, problem="missing or empty 'text' (a string is required)")
    for key in ("id", "url", "title", "date"):
        if record.get(key) is not None and not isinstance(record[key], str | int):
            return Read(source, problem=f"'{key}' must be a string")
    return Read(source, _record_article(source, fallback_id, record, body))


def _record_article(source: str, fallback_id: str, record: dict[str, object], body: str) -> Article:
    title = normalize(str(record["title"])).strip() if record.get("title") else None
    authors = record.get("authors") or record.get("author") or ()
    names = (authors,) if isinstance(authors, str) else tuple(map(str, authors)) if isinstance(authors, list) else ()
    extra = tuple(sorted((k, json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)
                         for k, v in record.items()
                         if k not in ("id", "url", "title", "date", "text", "authors", "author")))
    return Article(
        id=str(record.get("id") or fallback_id),
        source=source,
        text=normalize(body).strip(),
        title=title,
        url=str(record["url"]) if record.get("url") else None,
        published=parse_date(str(record["date"])) if record.get("date") else None,
        authors=tuple(normalize(n).strip() for n in names if n),
        extra=extra,
    )
