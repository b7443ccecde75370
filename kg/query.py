"""SPARQL questions: the canned ones shipped in ``kg/queries/*.rq``, parameters bound safely, output.

A question is a SPARQL query with a header of comments::

    # Who chaired what, when, and a sentence that says so.
    # param who vi: the person's name, as in its rdfs:label (everyone when not given)

and, for each parameter, a line ``VALUES ?who { UNDEF }`` where its value goes (or several,
e.g. one in a part of the query that runs only when the value is given). The file is plain
SPARQL that runs anywhere as it is (the parameter left open); binding a value replaces each
such ``UNDEF`` with the value written as an RDF term by pyoxigraph, which escapes it, so a
quote in a name cannot change the query. Parameter kinds:

    vi       a Vietnamese label: "..."@vi, normalised like the articles (NFC, one tone placement)
    string   a plain literal
    date     YYYY-MM-DD, an xsd:date
    integer  an xsd:integer
    iri      an IRI

A header line ``# needs one of: person, article`` makes a question refuse to run without
one of those parameters (``evidence``: asked of everyone it would be every quote of the build).

The same rules hold for your own ``.rq`` files: ``kg query my.rq -p name=value``.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg import store
from kg.normalize import normalize
from kg.store import Answer, QueryError, Row, Store

__all__ = ["FORMATS", "Param", "Question", "QueryError", "Table", "ask", "bind", "canned", "describe", "open_store",
           "output", "parse", "resolve", "run"]

KINDS = ("vi", "string", "date", "integer", "iri")
FORMATS = ("table", "csv", "tsv", "json")
_PARAM = re.compile(r"#\s*param\s+(\w+)\s+(\w+)\s*:\s*(.*)")
_NEEDS = re.compile(r"#\s*needs one of\s*:\s*(.*)")
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_CELL = 60  # characters of a value shown in a text table; csv, tsv and json give it whole


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str
    help: str


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    title: str
    sparql: str
    params: tuple[Param, ...] = ()
    needs: tuple[str, ...] = ()  # parameters of which at least one must be given


def _values_line(name: str) -> re.Pattern[str]:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*UNDEF\s*\}")


def parse(name: str, sparql: str) -> Question:
    """A question from SPARQL text and its comment header (title line, ``# param`` lines)."""
    header = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    params = []
    for line in header:
        if match := _PARAM.match(line):
            param = Param(*match.groups())
            if param.kind not in KINDS:
                kinds = ", ".join(KINDS)
                raise QueryError(f"{name}: parameter {param.name} has kind {param.kind!r}; use one of {kinds}")
            if not _values_line(param.name).search(sparql):
                raise QueryError(f"{name}: parameter {param.name} needs a line 'VALUES ?{param.name} {{ UNDEF }}'")
            params.append(param)
    title_lines = []
    for line in header:
        if _PARAM.match(line) or _NEEDS.match(line):
            break
        title_lines.append(line.lstrip("#").strip())
    title = " ".join(title_lines)
    return Question(name, title, sparql, tuple(params), _needs(name, header, params))


def _needs(name: str, header: list[str], params: list[Param]) -> tuple[str, ...]:
    needs = tuple(n.strip() for line in header if (m := _NEEDS.match(line)) for n in m.group(1).split(",") if n.strip())
    unknown = set(needs) - {p.name for p in params}
    if unknown:
        raise QueryError(f"{name}: 'needs one of' names {', '.join(sorted(unknown))}, not a parameter")
    return needs


@cache
def canned() -> dict[str, Question]:
    """The questions shipped with kg, by name (the ``.rq`` file name without its suffix)."""
    folder = resources.files("kg") / "queries"
    found = (parse(item.name[:-3], item.read_text(encoding="utf-8"))
             for item in folder.iterdir() if item.name.endswith(".rq"))
    return {q.name: q for q in sorted(found, key=lambda q: q.name)}


def resolve(spec: str) -> Question:
    """A canned question's name, a ``.rq`` file, or SPARQL text."""
    if spec in canned():
        return canned()[spec]
    path = Path(spec)
    if spec.endswith(".rq") or (len(spec) < 4096 and "\n" not in spec and _is_file(path)):
        try:
            return parse(path.stem, path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise QueryError(f"{spec}: cannot read ({exc.strerror or exc})") from exc
    if _QUERY_FORM.search(spec):
        return parse("query", spec)
    raise QueryError(f"{spec!r} is not a canned question, a .rq file or SPARQL; the canned questions are: "
                     + ", ".join(canned()))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL: SPARQL text, not a file
        return False


def _term(param: Param, value: str) -> str:
    if param.kind == "vi":
        return store.term("vi", normalize(value).strip())
    if param.kind == "date":
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"{param.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        return store.term("date", day.isoformat())
    if param.kind == "integer":
        try:
            return store.term("integer", str(int(value)))
        except ValueError:
            raise QueryError(f"{param.name}: {value!r} is not an integer") from None
    return store.term(param.kind, value)


def bind(question: Question, values: Mapping[str, str | Sequence[str]]) -> str:
    """The question's SPARQL with the given parameters bound (several values: any of them)."""
    known = {p.name: p for p in question.params}
    if question.needs and not any(values.get(name) for name in question.needs):
        asked = " or ".join(f"-p {name}=..." for name in question.needs)
        raise QueryError(f"{question.name} needs {asked}: {question.title}")
    sparql = question.sparql
    for name, given in values.items():
        if name not in known:
            takes = ", ".join(known) or "no parameters"
            raise QueryError(f"{question.name} has no parameter {name!r} (it takes {takes})")
        terms = " ".join(_term(known[name], v) for v in ([given] if isinstance(given, str) else given))
        sparql = _replace(_values_line(name), sparql, f"VALUES ?{name} {{ {terms} }}")
    return sparql


def _replace(pattern: re.Pattern[str], text: str, replacement: str) -> str:
    return pattern.sub(lambda _match: replacement, text)  # taken as it is: no backslash processing


def open_store(out: Path) -> Store:
    """The embedded store of a build (``OUT/store``)."""
    return Store.open(out / "store")


def run(db: Store, spec: str | Question, values: Mapping[str, str | Sequence[str]] | None = None) -> Answer:
    """Ask the store a question (canned name, ``.rq`` file, SPARQL or a Question)."""
    question = resolve(spec) if isinstance(spec, str) else spec
    return store.answer(db, bind(question, values or {}))


def output(db: Store, spec: str | Question, values: Mapping[str, str | Sequence[str]], fmt: str) -> bytes:
    """What ``kg query`` prints: a text table, or the W3C CSV, TSV or JSON results."""
    question = resolve(spec) if isinstance(spec, str) else spec
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt != "table":
        return store.results(db, bind(question, values), fmt)
    result = store.answer(db, bind(question, values))
    if result.turtle is not None:
        return result.turtle
    if result.boolean is not None:
        return b"true\n" if result.boolean else b"false\n"
    return (str(Table(result.variables, result.rows)) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class Table:
    """SELECT results: a text table when printed, an HTML table in a notebook."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __str__(self) -> str:
        cells = [list(self.columns)] + [[_cell(v) for v in row] for row in self.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines + [f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})"])

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v or '')}</td>" for v in row) + "</tr>" for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self.rows)} rows</p>"


def _cell(value: str | None) -> str:
    text = "" if value is None else " ".join(value.split())
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def ask(db: Store, spec: str | Question, **values: str | Sequence[str]) -> Table:
    """For notebooks: ``ask(db, "chaired", who="Hoàng Duy Chinh")`` → a Table."""
    result = run(db, spec, values)
    if result.boolean is not None:
        return Table(("answer",), ((str(result.boolean).lower(),),))
    if result.turtle is not None:
        raise QueryError("ask() shows SELECT and ASK results; run CONSTRUCT and DESCRIBE with run()")
    return Table(result.variables, result.rows)


def describe() -> str:
    """The canned questions and their parameters, for ``kg query --list``."""
    lines = []
    for q in canned().values():
        lines.append(f"{q.name}: {q.title}" + (f" (needs {' or '.join(q.needs)})" if q.needs else ""))
        lines += [f"    -p {p.name}=...  ({p.kind}) {p.help}" for p in q.params]
    return "\n".join(lines)
