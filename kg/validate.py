"""Check a build against ``ontology/shapes.ttl`` (SHACL): the only module that imports pyshacl.

``validate(OUT)`` reads ``OUT/graph.ttl`` (or the given ``.ttl`` / ``.trig`` files) with
``kg.rdf.load``, checks it with pySHACL and returns a :class:`Report` whose violations say,
for each problem, the node (and its label), the property, the value and how to fix it.

**Where the shapes come from.** ``ontology/shapes.ttl`` and ``ontology/vnpol.ttl`` are read
from the ``ontology/`` folder of the checkout this package sits in (``kg/../ontology``; the
project is installed editable), or from the folder given as ``ontology=`` (``kg validate
--ontology DIR``). There is one copy of each file, the one users and the evaluation load; a
package without that folder fails with a message saying so.

**How classes are matched.** The build output has no ``rdfs:subClassOf`` triples, so
``vnpol.ttl`` is mixed into the data graph (pySHACL's ``ont_graph``) and SHACL's own
instance rule (``rdf:type/rdfs:subClassOf*``) makes ``sh:targetClass org:Organization``
reach every vnpol body class. No inference is run: RDFS inference (owlrl) is about four
times slower, adds triples nobody asked to check, and swaps rdflib's datatype parsers for
owlrl's process-wide, which reject valid ``"--03-19"^^xsd:gMonthDay`` dates.

Results of severity ``sh:Warning`` or ``sh:Info`` are reported but do not break conformance.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl

from kg import rdf
from kg.errors import KgError
from kg.store import PREFIXES

if TYPE_CHECKING:  # for the annotations only: at run time rdflib is reached through kg.rdf
    from rdflib import Graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = "shapes.ttl"
ONTOLOGY = "vnpol.ttl"
_SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {_XSD + "integer": re.compile(r"[+-]?[0-9]+"), _XSD + "boolean": re.compile(r"true|false")}
_SHOWN_VALUE = 80  # characters of a value shown before it is cut with "…"
_RESULTS = f"""PREFIX sh: <{_SH}>
SELECT ?r ?focus ?path ?severity ?message ?value ?kind ?datatype ?lang WHERE {{
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
  OPTIONAL {{ ?r sh:resultPath ?path }}
  OPTIONAL {{ ?r sh:resultMessage ?message }}
  OPTIONAL {{ ?r sh:value ?value }}
  BIND (IF(isLiteral(?value), "literal", IF(isBlank(?value), "blank", "iri")) AS ?kind)
  BIND (datatype(?value) AS ?datatype)
  BIND (lang(?value) AS ?lang)
  BIND (lang(?message) AS ?mlang)
}} ORDER BY ?r DESC(?mlang = "en") DESC(?mlang = "")"""
_DESCRIBE = """SELECT ?s ?type ?label WHERE {{
  VALUES ?s {{ {nodes} }}
  OPTIONAL {{ ?s a ?type }}
  OPTIONAL {{ ?s rdfs:label|skos:prefLabel|schema:identifier|vnpol:exact ?label }}
}} ORDER BY ?s ?type ?label"""


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: ``focus`` (an IRI), ``path`` and ``value`` as short Turtle text."""

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None
    label: str | None = None  # the focus node's kind and label, as in 'vnpol:Person "Hoàng Duy Chinh"'

    def explain(self) -> str:
        head = f"{self.label} <{self.focus}>" if self.label else _show_node(self.focus)
        detail = f"property {self.path}" if self.path else "the node itself"
        if self.value is not None:
            detail += f", value {self.value}"
        severity = "" if self.severity == "Violation" else f"[{self.severity}] "
        return f"{severity}{head}\n    {detail}\n    {self.message}"


@dataclass(frozen=True, slots=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]
    files: tuple[Path, ...] = ()
    triples: int = 0
    seconds: float = 0.0
    shapes: Path = ONTOLOGY_DIR / SHAPES

    def explain(self) -> str:
        """"conforms ..." or every violation, numbered, with what to fix."""
        where = ", ".join(map(str, self.files))
        if self.conforms and not self.violations:
            return (f"conforms: {where} ({self.triples} triples) satisfies every shape of {self.shapes} "
                    f"({self.seconds:.2f} s)")
        verdict = "conforms, with notes" if self.conforms else "does not conform"
        lines = [f"{verdict}: {where} ({self.triples} triples) has {len(self.violations)} result(s) "
                 f"against {self.shapes}:"]
        lines += [f"{i}. {v.explain()}" for i, v in enumerate(self.violations, 1)]
        return "\n".join(lines)


def validate(target: Path | Iterable[Path] = Path("out"), ontology: Path | None = None) -> Report:
    """Check a build folder (its ``graph.ttl``) or Turtle/TriG files against the shapes."""
    files = graph_files([target] if isinstance(target, Path) else list(target))
    folder = ontology or ONTOLOGY_DIR
    shapes, vocabulary = _read(folder / SHAPES, folder), _read(folder / ONTOLOGY, folder)
    data = _load(files)
    triples = len(data)
    started = time.perf_counter()
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=vocabulary, inference="none", inplace=True, allow_warnings=True)
    violations = _violations(results, data)
    return Report(bool(conforms), violations, tuple(files), triples, time.perf_counter() - started,
                  _relative(folder / SHAPES))


def check(target: Path | Iterable[Path], ontology: Path | None = None) -> str:
    """'' when the build conforms, else the explanation: ``assert not validate.check(out)`` in tests."""
    report = validate(target, ontology)
    return "" if report.conforms else report.explain()


def graph_files(targets: list[Path]) -> list[Path]:
    """A folder stands for its ``graph.ttl``; files must be Turtle or TriG."""
    files = []
    for path in targets:
        if not path.exists():
            raise KgError(f"{path}: no such build folder or file (run kg build -o {path} first)")
        if path.is_dir():
            if not (path / "graph.ttl").is_file():
                raise KgError(f"{path}: no graph.ttl here (run kg build -o {path} first, or name .ttl files)")
            files.append(path / "graph.ttl")
        elif path.suffix in (".ttl", ".trig"):
            files.append(path)
        else:
            raise KgError(f"{path}: not a build folder, a .ttl or a .trig file")
    if not files:
        raise KgError("nothing to validate: name a build folder or .ttl/.trig files")
    return files


def _relative(path: Path) -> Path:
    """``ontology/shapes.ttl`` rather than the absolute path, when under the working folder."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _read(path: Path, folder: Path) -> Graph:
    if not path.is_file():
        raise KgError(f"{path} is missing: kg validate reads {SHAPES} and {ONTOLOGY} from the ontology/ folder "
                      f"of a kg checkout ({folder}); pass --ontology DIR to name a folder that holds both")
    return _load([path])


def _load(files: list[Path]) -> Graph:
    """One graph of every triple; a TriG file's named graphs are merged into it."""
    try:
        with warnings.catch_warnings():  # rdflib's TriG parser calls its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            graph = rdf.load(files)
    except Exception as exc:  # noqa: BLE001 - any parse error: name the files
        raise KgError(f"cannot read {', '.join(map(str, files))}: {exc}") from exc
    if not any(f.suffix == ".trig" for f in files):
        return graph
    union = rdf.load([])  # rdf.load parses TriG quads into named graphs its default graph does not show
    for triple, _graphs in graph.store.triples((None, None, None), None):
        union.add(triple)
    return union


def _violations(results: Graph, data: Graph) -> tuple[Violation, ...]:
    found: dict[str, Violation] = {}
    for r, focus, path, severity, message, value, kind, datatype, lang in rdf.rows(results, _RESULTS):
        if r is None or r in found or focus is None:
            continue
        found[r] = Violation(focus, _compact(path) if path else None, message or "(no message)",
                             (severity or "").rsplit("#", 1)[-1], _show_value(value, kind, datatype, lang))
    labels = _describe(data, {v.focus for v in found.values()})
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return tuple(sorted((_with_label(v, labels.get(v.focus)) for v in found.values()),
                        key=lambda v: (order.get(v.severity, 3), v.focus, v.path or "", v.message, v.value or "")))


def _with_label(v: Violation, label: str | None) -> Violation:
    return Violation(v.focus, v.path, v.message, v.severity, v.value, label)


def _describe(data: Graph, nodes: set[str]) -> dict[str, str]:
    """Focus IRI → its first type and label, as in 'vnpol:Person "Hoàng Duy Chinh"'."""
    iris = sorted(n for n in nodes if "://" in n and not any(c in n for c in '<>"{}|\\^` '))
    if not iris:
        return {}
    described: dict[str, str] = {}
    for s, kind, label in rdf.rows(data, _DESCRIBE.format(nodes=" ".join(f"<{n}>" for n in iris))):
        if s is None or s in described or (kind is None and label is None):
            continue
        text = _compact(kind) if kind else ""
        described[s] = f"{text} {_quoted(label)}".strip() if label else text
    return described


def _show_value(value: str | None, kind: str | None, datatype: str | None, lang: str | None) -> str | None:
    if value is None:
        return None
    if kind == "iri":
        return _compact(value)
    if kind == "blank":
        return f"_:{value}"
    if lang:
        return f"{_quoted(value)}@{lang}"
    if datatype in _BARE and _BARE[datatype].fullmatch(value):
        return value  # as Turtle writes it: 12, true
    if datatype and datatype != _XSD + "string":
        return f"{_quoted(value)}^^{_compact(datatype)}"
    return _quoted(value)


def _quoted(text: str) -> str:
    short = text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"
    return '"' + short.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _compact(iri: str) -> str:
    """``vnpol:Person`` for a term of a bound namespace; ``<iri>`` otherwise."""
    for prefix, namespace in {**PREFIXES, "rdf": _RDF, "sh": _SH}.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _show_node(node: str) -> str:
    return f"<{node}>" if "://" in node else f"_:{node}"
