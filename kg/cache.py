"""The per-article cache that makes rebuilds incremental.

Each article's triples are kept in ``OUT/.cache/articles.sqlite`` under a key made of
its normalised text and metadata, its id, the base IRI and the versions of kg and of the
lexicon (not its path: a corpus moved elsewhere is not extracted again). A rebuild
extracts only the articles whose key is new; entries no longer used are dropped at the
end of the build, so a removed article leaves no trace. The list of
keys of a build is its *manifest*: when a rebuild's manifest is the last one's and the
outputs are there, nothing needs to be written at all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

from kg import __version__, lexicon
from kg.errors import OutputError
from kg.mapping import ArticleTriples
from kg.model import Article

_COMMIT_EVERY = 256
FORMAT = "5"  # of the entries and of the build's outputs: raised when either changes shape
_SCHEMA = "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, payload BLOB NOT NULL)"
# The keys this build uses, a row each in a table of the connection (SQLite keeps it in a
# temporary file beyond a few pages), not a list: reading 100,000 articles to see whether
# anything changed took the build's process up by 20 MiB, 32 with the keys in a list.
_USED = "CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)"
_USED_BATCH = 1024  # keys inserted at a time


@functools.cache
def code_version() -> str:
    """A short hash of kg's code and of the files its views embed: what other code extracted or
    wrote is not reused, even under the same version number (a development checkout)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".j2", ".js", ".rq"}):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


def article_key(article: Article, base: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, code_version(), FORMAT, lexicon.load().version, base, article.id, article.title or "",
                 article.url or "", article.published.iso() if article.published else "",
                 "\x1f".join(article.authors), repr(article.extra), article.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def pack(value: ArticleTriples) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


class Cache:
    """Article key → its ``ArticleTriples``; remembers which keys this build used."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.db = sqlite3.connect(folder / "articles.sqlite")
        self.db.execute(_SCHEMA)
        self.db.execute(_USED)
        self._using: list[str] = []  # keys not yet in the table ``used``
        self.pending = 0  # entries put since the last commit
        self._closed = False

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """SQLite's errors as kg's, naming the file (a full disk: "database or disk is full")."""
        try:
            yield
        except sqlite3.Error as exc:
            raise OutputError(f"{self.folder / 'articles.sqlite'}: the cache cannot be written ({exc})") from exc

    def use(self, key: str) -> None:
        """Remember that this build uses the entry ``key`` (see :meth:`finish`)."""
        self._using.append(key)
        if len(self._using) >= _USED_BATCH:
            self._store_used()

    def forget_used(self) -> None:
        """Forget the keys used so far (the build starts over)."""
        self._using.clear()
        with self._writing():
            self.db.execute("DELETE FROM used")

    def _store_used(self) -> None:
        with self._writing():
            self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self._using))
        self._using.clear()

    def get(self, key: str) -> ArticleTriples | None:
        row = self.db.execute("SELECT payload FROM articles WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(row[0]))
        except Exception:  # noqa: BLE001 - a damaged entry is only a cache miss
            return None
        return value if isinstance(value, ArticleTriples) else None

    def put(self, key: str, packed: bytes) -> None:
        """Keep an entry made by :func:`pack` (in a worker process: the main one only stores it).

        Entries are committed as they come, a batch at a time: a build that is killed keeps
        what it extracted, and the next one starts from there.
        """
        with self._writing():
            self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (key, packed))
            self.pending += 1
            if self.pending >= _COMMIT_EVERY:
                self.db.commit()
                self.pending = 0

    def manifest(self) -> str:
        """A hash of the keys used, in order, a line each."""
        self._store_used()
        digest = hashlib.sha256()
        for n, (key,) in enumerate(self.db.execute("SELECT key FROM used ORDER BY key")):
            digest.update(b"\n" + key.encode() if n else key.encode())
        return digest.hexdigest()

    def unchanged(self, options_key: str) -> bool:
        """True when this build's articles and options are exactly those of the last one."""
        path = self.folder / "manifest"
        return path.is_file() and path.read_text(encoding="utf-8") == f"{options_key}:{self.manifest()}"

    def invalidate(self) -> None:
        """Forget the last manifest: outputs are about to change, and this build may not finish."""
        (self.folder / "manifest").unlink(missing_ok=True)
        (self.folder / "inputs").unlink(missing_ok=True)

    def same_inputs(self, fingerprint: str) -> bool:
        """True when the input files look as they did when the last build finished (see ``readers.fingerprint``)."""
        path = self.folder / "inputs"
        return path.is_file() and path.read_text(encoding="utf-8") == fingerprint

    def remember_inputs(self, fingerprint: str) -> None:
        (self.folder / "inputs").write_text(fingerprint, encoding="utf-8")

    def finish(self, options_key: str) -> None:
        """Drop the entries this build did not use, and record its manifest."""
        self._store_used()
        with self._writing():
            self.db.execute("DELETE FROM articles WHERE key NOT IN (SELECT key FROM used)")
            self.db.commit()
        (self.folder / "manifest").write_text(f"{options_key}:{self.manifest()}", encoding="utf-8")

    def close(self, *, quietly: bool = False) -> None:
        """Commit what was put, and close (closed already: nothing). ``quietly``, for a build that
        failed for another reason, whose error is the one to report: what cannot be committed
        (the disk is full) is lost, and nothing said."""
        if self._closed:
            return
        self._closed = True
        try:
            with self._writing():
                self.db.commit()
        except OutputError:
            if not quietly:
                raise
        finally:
            self.db.close()
