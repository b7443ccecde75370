"""The graph: golden Turtle by isomorphism, contract shapes by SPARQL, round trips, vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import mapping, pipeline, validate
from kg.extract import extract
from kg.model import Article
from kg.normalize import normalize
from kg.vocab import VNPOL

GOLDEN = Path(__file__).parent / "golden"
PREFIXES = """PREFIX vnpol: <https://w3id.org/vnpol/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-out")
    pipeline.build([GOLDEN / "conference" / "input.txt"], pipeline.BuildOptions(out=out, views=False))
    assert not validate.check(out)
    return out


def test_golden_graph_is_isomorphic(built: Path, update_golden: bool) -> None:
    expected_path = GOLDEN / "conference" / "expected.ttl"
    actual = rdflib.Graph().parse(built / "graph.ttl")
    if update_golden:
        expected_path.write_text(actual.serialize(format="longturtle"), encoding="utf-8")
    expected = rdflib.Graph().parse(expected_path)
    if not isomorphic(actual, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail("graph differs from golden\nmissing:\n" + missing.serialize(format="nt")
                    + "\nextra:\n" + extra.serialize(format="nt"))


def test_contract_queries(built: Path) -> None:
    g = rdflib.Graph().parse(built / "graph.ttl")
    posts = {(str(n), str(t)) for n, t in g.query(PREFIXES + """
        SELECT ?n ?t WHERE { ?p a vnpol:Person ; rdfs:label ?n ; org:holds ?post . ?post rdfs:label ?t }""")}
    assert ("Ma Văn Khoa", "Bí thư Huyện ủy Ngân Sơn") in posts
    assert ("Lục Thị Hằng", "Chủ tịch Ủy ban nhân dân huyện Ngân Sơn") in posts
    roles = {(str(r), str(n)) for r, n in g.query(PREFIXES + """
        SELECT ?r ?n WHERE { VALUES ?r { vnpol:chair vnpol:reporter vnpol:speaker }
                             ?e ?r ?p . ?p rdfs:label ?n }""")}
    assert roles == {(str(VNPOL.chair), "Ma Văn Khoa"), (str(VNPOL.reporter), "Lục Thị Hằng"),
                     (str(VNPOL.speaker), "Ma Văn Khoa")}
    (date,) = [str(d) for (d,) in g.query(PREFIXES + "SELECT ?d WHERE { ?e schema:startDate ?d }")]
    assert date == "2024-07-12"


def test_every_role_has_its_quote(built: Path) -> None:
    g = rdflib.Graph().parse(built / "graph.ttl")
    text = (GOLDEN / "conference" / "input.txt").read_text(encoding="utf-8").split("\n", 1)[1].strip()
    rows = list(g.query(PREFIXES + """
        SELECT ?exact ?start ?end WHERE { ?part a vnpol:Participation ; vnpol:evidence ?q .
            ?q vnpol:exact ?exact ; vnpol:start ?start ; vnpol:end ?end }"""))
    assert rows
    for exact, start, end in rows:
        assert text[int(start) : int(end)] == str(exact)


def test_a_fact_is_quoted_by_its_sentence_and_one_sentence_is_one_quote() -> None:
    """A holding's evidence is the sentence that names the person with the title (the title
    alone would not say who); the facts of one sentence share its quote node."""
    text = ("Hội nghị Huyện ủy Ngân Sơn diễn ra sáng 12/7/2024. Đồng chí Ma Văn Khoa, Bí thư Huyện ủy, "
            "Chủ tịch HĐND huyện chủ trì hội nghị. Đồng chí Lục Thị Hằng báo cáo.")
    facts = extract(Article("s", "test", normalize(text)))
    triples = mapping.article_triples(facts)
    exact = f" <{VNPOL.exact}> "
    quotes = {s.split()[0]: o for s, o in (t.split(exact) for t in triples.own if exact in t)}
    evidence = {t.split()[0]: t.split()[2] for t in triples.own if f" <{VNPOL.evidence}> " in t}
    holdings = [s for s in evidence if "/holding/" in s]
    assert len(holdings) == 2 and {evidence[h] for h in holdings} == {evidence[c] for c in evidence if "chair" in c}
    assert quotes[evidence[holdings[0]]] == ('"Đồng chí Ma Văn Khoa, Bí thư Huyện ủy, Chủ tịch HĐND huyện '
                                             'chủ trì hội nghị."')
    assert len(quotes) == len(set(evidence.values())) == 3  # the event's sentence, the chair's, the reporter's


# rdflib's own TriG parser calls its deprecated Dataset API internally.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_trig_has_one_graph_per_article_and_entities(built: Path) -> None:
    ds = rdflib.Dataset()
    ds.parse(data=(built / "graph.trig").read_text(encoding="utf-8"), format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert any(n.endswith("graph/merged") for n in names)
    assert len(names - {str(ds.default_graph.identifier)}) == 2
    union = rdflib.Graph().parse(built / "graph.ttl")
    assert len({(s, p, o) for s, p, o, _ in ds.quads()}) == len(union)


def test_prefixes_are_bound_and_no_invented_ones(built: Path) -> None:
    head = [line for line in (built / "graph.ttl").read_text(encoding="utf-8").splitlines()
            if line.startswith("@prefix")]
    names = {line.split()[1].rstrip(":") for line in head}
    assert {"vnpol", "org", "schema", "prov", "skos", "rdfs", "xsd"} <= names
    assert not any(n.startswith("ns") for n in names)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        pipeline.build([GOLDEN / "conference" / "input.txt"], pipeline.BuildOptions(out=tmp_path / name, views=False))
        outs.append(((tmp_path / name / "graph.ttl").read_bytes(), (tmp_path / name / "graph.trig").read_bytes()))
    assert outs[0] == outs[1]


def test_vocabulary_typos_fail() -> None:
    with pytest.raises(AttributeError):
        VNPOL.Persn  # noqa: B018
