"""Read articles from files and folders: ``.txt`` / ``.md``, ``.html`` / ``.htm`` and ``.jsonl``.

Text files: an optional leading crawler token ``date YYYY-MM[-DD]`` is the
publication date; a first line without final punctuation is the headline; a last
line that is only a short name is the byline. HTML pages: the article's text, headline
and date as ``kg.html`` extracts them. JSONL: one article per line with ``id``, ``url``,
``title``, ``date``, ``text`` (required) and any other keys, kept.

Bytes become text in ``kg.encodings`` (UTF-8, UTF-16, Windows-1258, TCVN3, VNI). Folders
are walked for those suffixes without following links (README files and hidden files
are not articles). Each input yields a ``Read``: an article, or the problem that kept it
out, with notes on what was done to it (the encoding it was in ...). One bad file or line
never stops the others; nothing that is not a regular file is read (a FIFO would block).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import regex

from kg import encodings
from kg.model import Article, PartialDate
from kg.normalize import normalize

SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
MAX_FILE_BYTES = 16_000_000  # one article file (.txt, .md, .html) or one JSONL line; larger ones are refused
MAX_TEXT_CHARS = 500_000  # one article's text: extraction time grows with the square of its length
_DATE_TOKEN = regex.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:[T ][\d:.+Z-]*)?\s+")
_ISO_DATE = regex.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?")
_BYLINE = regex.compile(
    r"^(?:(?:Ảnh|Theo)\s*:?\s*)?"  # "Bài, ảnh:" and "Tin:" are cut before (_CREDIT)
    r"(?P<name>\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,3})\s*(?:\([^)]{0,30}\))?$"
)
_FINAL_PUNCT = (".", "!", "?", ":", ";", "…", ",")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_WEB_IRI = regex.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f-\x9f]+", regex.I)
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True, slots=True)
class Read:
    source: str
    article: Article | None = None
    problem: str | None = None
    notes: tuple[str, ...] = ()  # what was done to the input to read it: encoding, repairs, fields left out


class _Refused(Exception):
    """The input is not read, for the reason in the message."""


def discover(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Article files under the inputs, in a stable order, as the walk goes (nothing is listed twice).

    Folders are walked without following links (a link to a folder is not entered, so link
    loops end), skipping hidden folders and the ``exclude`` ones (the build's own output);
    only names are looked at, no file is opened or stat-ed. A folder that cannot be listed,
    or that has no article in it, is yielded too, so that reading it reports why.
    """
    excluded = {p.resolve() for p in exclude}
    for path in inputs:
        if path.is_dir():
            found = False
            for found_path in _walk(path, excluded):
                found = True
                yield found_path
            if not found:
                yield path
        else:
            yield path


def fingerprint(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> str:
    """What the input files look like from outside: every path with its size and modification
    time. The same fingerprint means the same files, unless one was rewritten to the same size
    within the clock's resolution (as make and rsync assume)."""
    digest = hashlib.sha256()
    for path in discover(inputs, exclude):
        try:
            info = path.stat()
            digest.update(f"{path}\x00{info.st_size}\x00{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        except OSError as exc:
            digest.update(f"{path}\x00{exc}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _walk(folder: Path, excluded: set[Path]) -> Iterator[Path]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append, followlinks=False):
        yield from (Path(str(e.filename)) for e in errors)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(Path(root, d), excluded))
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith(".") and not _is_readme(name):
                yield Path(root, name)
    yield from (Path(str(e.filename)) for e in errors)


def _excluded(folder: Path, excluded: set[Path]) -> bool:
    return bool(excluded) and folder.resolve() in excluded  # a few lstat calls per folder, none per file


def _is_readme(name: str) -> bool:
    """A folder's README.md describes the corpus; it is not an article."""
    return name.casefold().startswith("readme")


def display(path: Path) -> str:
    """The path as text that can be printed and written as UTF-8 (undecodable bytes in names → U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def read(path: Path) -> Iterator[Read]:
    """The articles in one file (several for JSONL); problems are yielded, never raised."""
    source = display(path)
    try:
        with _open(path) as fh:
            if path.suffix.lower() == ".jsonl":
                yield from _jsonl(source, display(Path(path.stem)), fh)
            else:
                yield _one_file(source, path, _whole(fh))
    except _Refused as exc:
        yield Read(source, problem=str(exc))
    except OSError as exc:
        yield Read(source, problem=f"cannot read the file: {exc.strerror or exc}")


@contextmanager
def _open(path: Path) -> Iterator[BinaryIO]:
    """Open a regular file for reading; anything else (FIFO, device, folder) is refused unread."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _Refused(f"a folder with no article in it (no {', '.join(SUFFIXES)} file)")
        kind = next((name for test, name in _KINDS if test(mode)), "not a file")
        raise _Refused(f"not a regular file ({kind}): not an article")
    with os.fdopen(fd, "rb") as fh:
        yield fh


def _whole(fh: BinaryIO) -> bytes:
    size = os.fstat(fh.fileno()).st_size
    data = fh.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise _Refused(f"file too large ({max(size, len(data)) / 1e6:.1f} MB; an article file may have at most "
                       f"{MAX_FILE_BYTES / 1e6:.0f} MB): split it into articles, or make it a JSONL file")
    return data


def _one_file(source: str, path: Path, data: bytes) -> Read:
    stem = display(Path(path.stem))
    try:
        if path.suffix.lower() in (".html", ".htm"):
            return _html_article(source, stem, data)
        decoded = encodings.decode(data)
    except ValueError as exc:
        return Read(source, problem=str(exc))
    return _text_article(source, stem, decoded.text, decoded.notes)


def _html_article(source: str, stem: str, data: bytes) -> Read:
    from kg import html  # trafilatura takes a while to import: only pages need it

    page = html.read_page(data)
    found = _text_article(source, stem, page.text, (*page.notes, "html: article text extracted by trafilatura"))
    if found.article is None:
        return found
    title = normalize(page.title).strip() if page.title else found.article.title
    published = (parse_date(page.date) if page.date else None) or found.article.published
    return replace(found, article=replace(found.article, title=title, published=published))


def _text_article(source: str, stem: str, raw: str, notes: tuple[str, ...] = ()) -> Read:
    if not unicodedata.is_normalized("NFC", raw):
        notes += ("text not in NFC (decomposed letters, as in NFD): composed",)
    published = None
    token = _DATE_TOKEN.match(raw)
    if token:
        published = parse_date(token.group("date"))
        raw = raw[token.end() :]
    text = normalize(raw).strip()
    if not text:
        return Read(source, problem="empty article (no text)", notes=notes)
    if len(text) > MAX_TEXT_CHARS:
        return Read(source, problem=_too_long(text), notes=notes)
    lines = [line for line in text.split("\n") if line.strip()]
    title = lines[0] if len(lines) > 1 and _headline(lines[0]) else None
    authors = _byline(lines[-1]) if len(lines) > 2 else ()
    authors = authors or next((_credited(line) for line in lines[:3] if _credited(line)), ())
    return Read(source, Article(stem, source, text, title, None, published, authors), notes=notes)


def _too_long(text: str) -> str:
    return (f"article too long ({len(text):,} characters; at most {MAX_TEXT_CHARS:,}): "
            "split it into its articles")


def _headline(line: str) -> bool:
    return len(line) <= 250 and not line.rstrip().endswith(_FINAL_PUNCT)


_CREDIT = regex.compile(r"^(?:Bài|Tin)(?:\s*(?:,|và)\s*ảnh)?\s*:\s*")
_PRESS = regex.compile(r"(?:Báo|Tạp chí|Đài|Cổng|Thông tấn)\b")


def _credited(line: str) -> tuple[str, ...]:
    """A byline near the top, which always says what it is: "Bài, ảnh: Minh Tuấn"."""
    return _byline(line) if _CREDIT.match(line.strip()) else ()


def _byline(line: str) -> tuple[str, ...]:
    """ "Đặng Tuyết", "Bài và ảnh: Triệu Biển", "Tin, ảnh: Bảo Châu", "Hoàng Yến – Quang Huy"
    → the names (the credit before them first: its comma or "và" does not part names; a
    newspaper, "Theo Báo Nhân Dân", is a source, not an author)."""
    line = line.strip()
    line = line[credit.end() :] if (credit := _CREDIT.match(line)) else line
    parts = regex.split(r"\s+[–—-]\s+|\s*,\s*|\s+và\s+", line)
    matches = [_BYLINE.match(part) for part in parts]
    if not all(matches) or len(parts) > 4 or any(m and _PRESS.match(m.group("name")) for m in matches):
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


# --- JSONL ---------------------------------------------------------------------------


def read_jsonl_stream(fh: BinaryIO, source: str = "<stdin>") -> Iterator[Read]:
    """Articles from a stream of JSON lines (``kg extract -`` reads standard input, one shard)."""
    return _jsonl(source, "stdin", io.BytesIO(fh.read()))


def _jsonl(source: str, stem: str, fh: BinaryIO) -> Iterator[Read]:
    """One article per line, streamed: a file of any size is read a line at a time."""
    count = 0
    for number, line, problem, notes in _jsonl_lines(fh):
        where = f"{source}:{number}"
        if problem is not None:
            yield Read(where, problem=problem, notes=notes)
        elif line.strip():
            yield _json_article(where, f"{stem}-{number}", line, notes)
        else:
            continue
        count += 1
    if count == 0:
        yield Read(source, problem="no articles (an empty JSONL file)")


def _jsonl_lines(fh: BinaryIO) -> Iterator[tuple[int, str, str | None, tuple[str, ...]]]:
    """(line number, text, problem, notes) for each line; UTF-16/32 files are decoded whole."""
    head = fh.read(4)
    fh.seek(0)
    wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    if wide or (len(head) == 4 and 0 in (head[0], head[1])):  # UTF-16/32, with or without a mark
        try:
            decoded = encodings.decode(_whole(fh))
        except ValueError as exc:
            raise _Refused(str(exc)) from None
        for number, line in enumerate(decoded.text.split("\n"), start=1):
            yield number, line, None, decoded.notes
        return
    number = 0
    while raw := fh.readline(MAX_FILE_BYTES + 1):
        number += 1
        if len(raw) > MAX_FILE_BYTES:
            while not raw.endswith(b"\n") and (raw := fh.readline(1 << 20)):
                pass  # skip the rest of the line
            yield number, "", f"line too long (more than {MAX_FILE_BYTES / 1e6:.0f} MB): not read", ()
            continue
        yield (number, *_decode_line(raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw))


def _decode_line(raw: bytes) -> tuple[str, str | None, tuple[str, ...]]:
    try:
        return raw.decode("utf-8"), None, ()
    except UnicodeDecodeError:
        pass
    try:
        decoded = encodings.decode(raw.rstrip(b"\r\n"))
    except ValueError as exc:
        return "", str(exc), ()
    return decoded.text, None, decoded.notes


def _json_article(source: str, fallback_id: str, line: str, notes: tuple[str, ...]) -> Read:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Read(source, problem=f"malformed JSON ({exc.msg} at column {exc.colno})", notes=notes)
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        return Read(source, problem=f"malformed JSON ({type(exc).__name__}: {str(exc)[:80]})", notes=notes)
    if not isinstance(record, dict):
        return Read(source, problem=f"a JSONL line must be an object, not {_kind(record)}", notes=notes)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        got = "missing" if body is None else "empty" if isinstance(body, str) else f"{_kind(body)}, not a string"
        return Read(source, problem=f"'text' must be a non-empty string ({got})", notes=notes)
    for key in ("id", "url", "title", "date"):
        value = record.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            return Read(source, problem=f"'{key}' must be a string (got {_kind(value)})", notes=notes)
    fixes: list[str] = list(notes)
    record = {key: _legacy_inside(_clean(value, fixes), fixes) if key in ("text", "title") else _clean(value, fixes)
              for key, value in record.items()}
    article = _record_article(source, fallback_id, record, record["text"], fixes)
    if len(article.text) > MAX_TEXT_CHARS:
        return Read(source, problem=_too_long(article.text), notes=tuple(fixes))
    return Read(source, article, notes=tuple(dict.fromkeys(fixes)))


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _clean(value: object, fixes: list[str]) -> object:
    """Lone surrogates (from "\\ud800" escapes) cannot be written as UTF-8: U+FFFD stands for them."""
    if isinstance(value, str) and _SURROGATE.search(value):
        fixes.append("lone surrogates (\\ud800-\\udfff escapes) replaced by U+FFFD")
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(item, fixes) for item in value]
    if isinstance(value, dict):
        return {_clean(k, fixes): _clean(v, fixes) for k, v in value.items()}
    return value


def _legacy_inside(value: object, fixes: list[str]) -> object:
    """TCVN3 or VNI text pasted into a JSON string ("Héi nghÞ") is converted, as in a text file."""
    if not isinstance(value, str):
        return value
    found = encodings.recover_legacy(encodings.Decoded(value, "utf-8"))
    fixes.extend(found.notes)
    return found.text


def _record_article(source: str, fallback_id: str, record: dict[str, object], body: object,
                    fixes: list[str]) -> Article:
    title = normalize(str(record["title"])).strip() if record.get("title") else None
    authors = record.get("authors") or record.get("author") or ()
    names = (authors,) if isinstance(authors, str) else tuple(a for a in authors if isinstance(a, str)) \
        if isinstance(authors, list) else ()
    extra = tuple(sorted((str(k), json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)
                         for k, v in record.items()
                         if k not in ("id", "url", "title", "date", "text", "authors", "author")))
    return Article(
        id=str(record.get("id") or fallback_id),
        source=source,
        text=normalize(str(body)).strip(),
        title=title,
        url=_url(record.get("url"), fixes),
        published=_date(record.get("date"), fixes),
        authors=tuple(normalize(n).strip() for n in names if n.strip()),
        extra=extra,
    )


def _url(value: object, fixes: list[str]) -> str | None:
    if not value:
        return None
    url = str(value).strip()
    if _WEB_IRI.fullmatch(url):
        return url
    fixes.append("'url' is not an http(s) IRI: left out of the graph")
    return None


def _date(value: object, fixes: list[str]) -> PartialDate | None:
    if not value:
        return None
    date = parse_date(str(value))
    if date is None:
        fixes.append(f"'date' {str(value)[:40]!r} is not a date (YYYY-MM[-DD]): left out")
    return date
