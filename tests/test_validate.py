"""SHACL: the builds conform to ontology/shapes.ttl, and broken graphs are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg import pipeline, validate
from kg.cli import cli
from kg.errors import KgError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
SHAPES = ROOT / "ontology" / "shapes.ttl"
V = Namespace("https://w3id.org/vnpol/ontology#")
ID = "https://w3id.org/vnpol/id/"

PREFIXES = """@prefix vnpol: <https://w3id.org/vnpol/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix id: <https://w3id.org/vnpol/id/> .
"""
# A small graph that uses every shape the way a build does, the unusual cases included.
GOOD = PREFIXES + """
id:a a schema:NewsArticle ; schema:identifier "a" ; schema:datePublished "2024-07"^^xsd:gYearMonth ;
    vnpol:contentHash "f1a7f1d57f9592f70c814c7f763268bd4792bb18c0d4a6251b0aa7bbdfbe9a08" ; schema:author id:by .
id:by a vnpol:Person ; rdfs:label "Đặng Tuyết"@vi .
id:p a vnpol:Person ; rdfs:label "Hà Văn Lộc"@vi ; vnpol:alias "Hà Văn Lôc"@vi ; org:holds id:post .
id:post a org:Post ; rdfs:label "Bí thư Tỉnh ủy Cao Bằng"@vi ; org:role id:role ; org:postIn id:body ;
    org:heldBy id:p .
id:role a skos:Concept ; skos:prefLabel "Bí thư"@vi , "Secretary"@en .
id:body a vnpol:PartyCommittee ; rdfs:label "Tỉnh ủy Cao Bằng"@vi .
id:q a vnpol:Quote ; vnpol:exact "Hội nghị" ; vnpol:start 0 ; vnpol:end 8 ; vnpol:source id:a .
id:e a vnpol:Session ; rdfs:label "Kỳ họp thứ 7"@vi ; schema:startDate "--03-19"^^xsd:gMonthDay ;
    vnpol:organizer id:body ; vnpol:chair id:p ; vnpol:attendee id:body ; vnpol:evidence id:q .
id:part a vnpol:Participation ; vnpol:event id:e ; vnpol:agent id:post ; vnpol:role vnpol:SpeakerRole ;
    vnpol:evidence id:q ; prov:wasDerivedFrom id:a .
id:h a vnpol:PostHolding ; org:member id:p ; vnpol:post id:post ; org:organization id:body ;
    vnpol:firstObserved "2024-07-12"^^xsd:date ; vnpol:lastObserved "2024-07-12"^^xsd:date .
"""
BROKEN = PREFIXES + """
id:a a schema:NewsArticle ; schema:identifier "a" ; vnpol:contentHash "not a hash" .
id:nameless a vnpol:Person .
id:p a vnpol:Person ; rdfs:label "ông Nguyễn Văn Tám"@vi .
id:q a vnpol:Quote ; vnpol:exact "Hội nghị" ; vnpol:start 20 ; vnpol:end 12 ; vnpol:source id:a .
id:e a vnpol:Conference ; rdfs:label "Hội nghị"@vi ; schema:startDate "2023-06-26" ; vnpol:chair id:a .
id:part a vnpol:Participation ; vnpol:event id:e ; vnpol:agent id:p ; vnpol:role vnpol:ChairRole ;
    prov:wasDerivedFrom id:a .
id:h a vnpol:PostHolding ; org:member id:p ; vnpol:post id:e ;
    vnpol:firstObserved "2024-08-01"^^xsd:date ; vnpol:lastObserved "2024-07"^^xsd:gYearMonth .
id:post a org:Post ; rdfs:label "Bí thư Tỉnh ủy Cao Bằng"@vi ; org:role id:role .
id:role a skos:Concept ; skos:prefLabel "Bí thư"@vi .
id:h2 a vnpol:PostHolding ; org:member id:p ; vnpol:post id:post ;
    vnpol:firstObserved "2024-08-01"^^xsd:date ; vnpol:lastObserved "2024-07-31"^^xsd:date .
"""
# (focus, path, words of the message, value) for each violation BROKEN must give
EXPECTED = {
    ("a", "vnpol:contentHash", "64 lower-case hexadecimal", '"not a hash"'),
    ("nameless", "rdfs:label", "exactly one rdfs:label", None),
    ("p", "rdfs:label", "drop the honorific", '"ông Nguyễn Văn Tám"@vi'),
    ("q", "vnpol:start", "less than vnpol:end", "20"),
    ("e", "schema:startDate", "valid xsd:date", '"2023-06-26"'),
    ("e", "vnpol:chair", "must point to a vnpol:Person", f"<{ID}a>"),
    ("part", "vnpol:evidence", "at least one vnpol:evidence", None),
    ("h", "vnpol:post", "exactly one vnpol:post", f"<{ID}e>"),
    ("h", "vnpol:lastObserved", "at most one xsd:date", '"2024-07"^^xsd:gYearMonth'),
    ("h2", "vnpol:firstObserved", "not be later than vnpol:lastObserved", '"2024-08-01"^^xsd:date'),
}


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-out")
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, views=False, jobs=1))
    return out


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_the_seeds_build_conforms(seeds: Path, tmp_path: Path) -> None:
    pipeline.build([seeds], pipeline.BuildOptions(out=tmp_path, views=False, jobs=1))
    report = validate.validate(tmp_path)
    assert report.conforms, report.explain()
    assert report.violations == () and report.triples > 500
    assert report.explain().startswith(f"conforms: {tmp_path / 'graph.ttl'}")


def test_the_sample_build_conforms(sample_build: Path) -> None:
    assert not validate.check(sample_build)


def test_the_trig_dump_conforms_with_every_triple(sample_build: Path) -> None:
    """TriG's named graphs (one per article, plus merged) are checked together, as one graph."""
    trig = validate.validate(sample_build / "graph.trig")
    assert trig.conforms, trig.explain()
    assert trig.triples == len(Graph().parse(sample_build / "graph.ttl")) > 0


def test_the_hand_written_example_conforms() -> None:
    assert not validate.check(ROOT / "ontology" / "examples" / "example-build.ttl")


def test_a_graph_using_every_shape_conforms(tmp_path: Path) -> None:
    (tmp_path / "good.ttl").write_text(GOOD, encoding="utf-8")
    assert not validate.check(tmp_path / "good.ttl")


def test_a_broken_graph_gives_each_violation_explained(broken: Path) -> None:
    report = validate.validate(broken)
    assert not report.conforms
    found = {(v.focus.removeprefix(ID), v.path, v.value) for v in report.violations}
    assert found == {(focus, path, value) for focus, path, _, value in EXPECTED}
    for focus, path, words, _ in EXPECTED:
        (violation,) = [v for v in report.violations if v.focus == ID + focus and v.path == path]
        assert words in violation.message and violation.severity == "Violation"
    text = report.explain()
    assert text.startswith(f"does not conform: {broken} (") and f"has {len(EXPECTED)} result(s)" in text
    assert f'vnpol:Person "ông Nguyễn Văn Tám" <{ID}p>' in text  # the focus node's kind and label


def test_a_quote_with_start_after_end_names_the_offsets(tmp_path: Path) -> None:
    path = tmp_path / "quote.ttl"
    path.write_text(GOOD.replace("vnpol:start 0 ; vnpol:end 8", "vnpol:start 8 ; vnpol:end 8"), encoding="utf-8")
    (violation,) = validate.validate(path).violations
    assert (violation.focus, violation.path, violation.value) == (ID + "q", "vnpol:start", "8")
    assert violation.label == 'vnpol:Quote "Hội nghị"'


def test_messages_are_in_english_and_vietnamese() -> None:
    shapes = Graph().parse(SHAPES)
    property_shapes = set(shapes.objects(None, SH.property))
    assert len(property_shapes) > 30
    for shape in property_shapes:
        languages = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert languages == {"en", "vi"}, shape


def test_shapes_stay_out_of_the_scored_graph() -> None:
    """The evaluation loads ontology/*.ttl with the data: shapes only, in their own namespace."""
    shapes = Graph().parse(SHAPES)
    types = set(shapes.objects(None, RDF.type))
    assert types <= {SH.NodeShape, SH.PropertyShape, OWL.Ontology}
    subjects = {s for s in shapes.subjects() if isinstance(s, URIRef)}
    assert subjects and all(s.startswith("https://w3id.org/vnpol/shapes") for s in subjects)
    assert not list(shapes.triples((None, RDFS.label, None)))
    vocabulary = Graph().parse(ROOT / "ontology" / "vnpol.ttl")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {t for t in targets if t.startswith(str(V))} <= set(vocabulary.subjects(RDF.type, OWL.Class))


def test_a_missing_ontology_folder_is_explained(tmp_path: Path, sample_build: Path) -> None:
    with pytest.raises(KgError, match=r"shapes.ttl is missing: .*pass --ontology DIR"):
        validate.validate(sample_build, ontology=tmp_path)


def test_a_folder_without_a_build_is_explained(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no graph.ttl here"):
        validate.validate(tmp_path)


# --- the command --------------------------------------------------------------------------------


def test_cli_conforms_exit_0(runner: CliRunner, sample_build: Path) -> None:
    result = runner.invoke(cli, ["validate", str(sample_build)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"conforms: {sample_build / 'graph.ttl'} (")


def test_cli_explains_each_violation_exit_1(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"does not conform: {broken}")
    assert f"vnpol:Quote \"Hội nghị\" <{ID}q>" in result.output
    assert "    property vnpol:start, value 20" in lines
    assert ("    vnpol:start must be less than vnpol:end (offsets in code points, end exclusive): "
            "a quote holds at least one character.") in lines
    assert sum(line[:1].isdigit() for line in lines) == len(EXPECTED)


def test_cli_defaults_to_out(runner: CliRunner, sample_build: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output == "Error: out: no such build folder or file (run kg build -o out first)\n"
    (tmp_path / "out").symlink_to(sample_build)
    assert runner.invoke(cli, ["validate"]).exit_code == 0


def test_cli_errors(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and result.output.startswith(f"Error: cannot read {bad}: ")
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(other)])
    assert result.output == f"Error: {other}: not a build folder, a .ttl or a .trig file\n"
    assert runner.invoke(cli, ["validate", str(tmp_path / "nope")]).exit_code == 2  # click: does not exist


def test_cli_help_states_the_exit_status(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0 and "Usage: cli validate [OPTIONS] [TARGETS]..." in result.output
    assert "0 conforms; 1" in " ".join(result.output.split())
