"""The vnpol ontology, its example graph, the README queries and the generated kg/vocab.py."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS
from rdflib.query import ResultRow

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "vnpol.ttl"
EXAMPLE = ONTOLOGY_DIR / "examples" / "example-build.ttl"
README = ONTOLOGY_DIR / "README.md"
VOCAB = ROOT / "kg" / "vocab.py"
GEN_VOCAB = ROOT / "scripts" / "gen_vocab.py"
# CI checks out the shared folder beside the repository.
CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "CONTRACT.md"

V = Namespace("https://w3id.org/vnpol/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ONTOLOGY_IRI = URIRef("https://w3id.org/vnpol/ontology")
DATA_NS = "https://w3id.org/vnpol/id/"

KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.ConceptScheme,
    SKOS.Concept,
)

# Terms the output contract promises, with their kind; checked even when CONTRACT.md is absent.
CONTRACT_TERMS = {
    "Person": OWL.Class,
    "Event": OWL.Class,
    "organizer": OWL.ObjectProperty,
    "chair": OWL.ObjectProperty,
    "attendee": OWL.ObjectProperty,
    "reporter": OWL.ObjectProperty,
    "speaker": OWL.ObjectProperty,
}

BODIES = [
    "PartyOrganization",
    "PartyCommittee",
    "PartyStandingCommittee",
    "PartyInspectionCommission",
    "PartyAdvisoryBoard",
    "PeoplesCouncil",
    "PeoplesCommittee",
    "NationalAssembly",
    "NationalAssemblyDelegation",
    "Government",
    "Ministry",
    "Department",
    "FatherlandFront",
    "MassOrganization",
    "SecurityForce",
    "Court",
    "Procuracy",
    "PressAgency",
    "OtherBody",
]
EVENTS = [
    "Conference",
    "Session",
    "WorkingSession",
    "Congress",
    "VoterMeeting",
    "Ceremony",
    "Meeting",
]
DOCUMENTS = ["Resolution", "Directive", "Conclusion", "Plan"]

# Every vnpol class and the classes it must reach through rdfs:subClassOf (in vnpol.ttl alone,
# since the evaluation loads no other ontology). A new class must be added here.
CLASS_ROOTS: dict[str, set[URIRef]] = {
    "Person": {FOAF.Person, SDO.Person, PROV.Agent},
    "Event": {SDO.Event},
    "Document": {SDO.CreativeWork},
    "PostHolding": {ORG.Membership},
    "Participation": set(),
    "Quote": {OA.TextQuoteSelector, OA.TextPositionSelector},
    "AdministrativeUnit": {SDO.AdministrativeArea},
    "Build": {PROV.Activity},
    **{name: {ORG.Organization} for name in BODIES},
    **{name: {V.Event, SDO.Event} for name in EVENTS},
    **{name: {V.Document, SDO.CreativeWork} for name in DOCUMENTS},
}

PROPERTY_ROOTS: dict[str, set[URIRef]] = {
    "organizer": {SDO.organizer},
    "chair": {V.participant},
    "attendee": {V.participant, SDO.attendee},
    "reporter": {V.participant},
    "speaker": {V.participant},
    "exact": {OA.exact},
    "start": {OA.start},
    "end": {OA.end},
    "source": {OA.hasSource},
    "alias": {SKOS.altLabel},
}

PARTICIPATION_ROLES = ["ChairRole", "AttendeeRole", "ReporterRole", "SpeakerRole", "OrganizerRole"]


def _load_module(name: str, path: Path) -> ModuleType:
    """Import a file by path: the generator script, and kg/vocab.py without importing all of kg."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@cache
def example() -> Graph:
    return Graph().parse(EXAMPLE, format="turtle")


@cache
def gen_vocab() -> ModuleType:
    return _load_module("gen_vocab", GEN_VOCAB)


@cache
def vocab() -> ModuleType:
    return _load_module("kg_vocab_under_test", VOCAB)


def ontology_and_example() -> Graph:
    """A fresh graph holding both files, as a user loads build output beside ontology/*.ttl."""
    graph = Graph()
    graph += ontology()
    graph += example()
    return graph


def terms() -> set[URIRef]:
    """Every vnpol IRI that vnpol.ttl describes."""
    return {s for s in ontology().subjects() if isinstance(s, URIRef) and s.startswith(V)}


def name(term: URIRef) -> str:
    return term[len(V) :]


def languages(graph: Graph, subject: URIRef, *predicates: URIRef) -> set[str]:
    return {
        value.language or ""
        for predicate in predicates
        for value in graph.objects(subject, predicate)
        if isinstance(value, Literal)
    }


def _integer(node: object) -> int:
    assert isinstance(node, Literal)
    value = node.toPython()
    assert isinstance(value, int)
    return value


def readme_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


# --- the ontology ---------------------------------------------------------------------------


def test_ontology_header() -> None:
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/vnpol/ontology/0.1.0"
    )
    dcterms = Namespace("http://purl.org/dc/terms/")
    assert graph.value(ONTOLOGY_IRI, dcterms.license) == URIRef("https://spdx.org/licenses/MIT")
    assert {"en", "vi"} <= languages(graph, ONTOLOGY_IRI, dcterms.title)
    assert "en" in languages(graph, ONTOLOGY_IRI, dcterms.description)


def test_every_term_has_exactly_one_kind() -> None:
    graph = ontology()
    wrong = {
        name(term): kinds
        for term in terms()
        if len(kinds := [k for k in KINDS if (term, RDF.type, k) in graph]) != 1
    }
    assert wrong == {}


def test_every_term_is_labelled_and_documented() -> None:
    graph = ontology()
    problems = []
    for term in sorted(terms()):
        concept = (term, RDF.type, SKOS.Concept) in graph
        label_by = (RDFS.label, SKOS.prefLabel) if concept else (RDFS.label,)
        comment_by = (RDFS.comment, SKOS.definition) if concept else (RDFS.comment,)
        if missing := {"vi", "en"} - languages(graph, term, *label_by):
            problems.append(f"{name(term)}: no label in {sorted(missing)}")
        if "en" not in languages(graph, term, *comment_by):
            problems.append(f"{name(term)}: no @en comment")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in graph:
            problems.append(f"{name(term)}: no rdfs:isDefinedBy")
    assert problems == []


def test_text_is_nfc_with_one_spelling_of_uy() -> None:
    texts = [str(o) for o in ontology().objects() if isinstance(o, Literal)]
    assert [t for t in texts if unicodedata.normalize("NFC", t) != t] == []
    assert [t for t in texts if "uỷ" in t.lower()] == []


@pytest.mark.parametrize("term_name", sorted(CONTRACT_TERMS))
def test_contract_term_is_declared(term_name: str) -> None:
    assert (V[term_name], RDF.type, CONTRACT_TERMS[term_name]) in ontology()
    assert getattr(vocab().VNPOL, term_name) == V[term_name]


def test_terms_named_in_contract_file_exist() -> None:
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not found: the shared folder is not beside the repository")
    named = set(re.findall(r"\bvnpol:([A-Za-z_]\w*)", CONTRACT.read_text(encoding="utf-8")))
    assert set(CONTRACT_TERMS) <= named
    assert sorted(named - {name(t) for t in terms()}) == []
    vnpol = vocab().VNPOL
    assert [n for n in sorted(named) if getattr(vnpol, n, None) != V[n]] == []


def test_every_class_has_declared_roots() -> None:
    declared = {name(t) for t in terms() if (t, RDF.type, OWL.Class) in ontology()}
    assert declared == set(CLASS_ROOTS)


@pytest.mark.parametrize("class_name", sorted(CLASS_ROOTS))
def test_class_reaches_its_roots(class_name: str) -> None:
    reached = set(ontology().transitive_objects(V[class_name], RDFS.subClassOf))
    assert CLASS_ROOTS[class_name] <= reached


@pytest.mark.parametrize("property_name", sorted(PROPERTY_ROOTS))
def test_property_reaches_its_roots(property_name: str) -> None:
    reached = set(ontology().transitive_objects(V[property_name], RDFS.subPropertyOf))
    assert PROPERTY_ROOTS[property_name] <= reached


def test_participant_is_standalone_and_organizer_is_not_a_participant() -> None:
    graph = ontology()
    assert graph.value(V.participant, RDFS.subPropertyOf) is None
    assert V.participant not in set(graph.transitive_objects(V.organizer, RDFS.subPropertyOf))


def test_concept_schemes() -> None:
    graph = ontology()
    for scheme in (V.ParticipationRoles, V.PostRoles):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    in_scheme = set(graph.subjects(SKOS.inScheme, V.ParticipationRoles))
    assert in_scheme == {V[n] for n in PARTICIPATION_ROLES}


@pytest.mark.parametrize("path", [ONTOLOGY, EXAMPLE], ids=lambda p: p.name)
def test_no_blank_nodes(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert [t for t in graph if any(isinstance(node, BNode) for node in t)] == []


def test_ontology_folder_holds_only_vocabulary() -> None:
    """The evaluation loads ontology/*.ttl beside the data: no people, posts or events there."""
    classes = {t for t in ontology().subjects(RDF.type, OWL.Class)}
    instance_types = classes | {ORG.Post, SDO.NewsArticle, ORG.Organization}
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        assert [s for s, _, o in graph.triples((None, RDF.type, None)) if o in instance_types] == []


# --- the example graph -------------------------------------------------------------------------


def test_example_uses_only_declared_terms() -> None:
    used = {n for t in example() for n in t if isinstance(n, URIRef) and n.startswith(V)}
    assert used
    assert sorted(used - terms()) == []


def test_example_resources_are_in_the_data_namespace() -> None:
    assert [s for s in example().subjects() if not str(s).startswith(DATA_NS)] == []


def test_example_quotes_match_the_article_text() -> None:
    graph = example()
    quotes = list(graph.subjects(RDF.type, V.Quote))
    assert quotes
    for quote in quotes:
        article = graph.value(quote, V.source)
        text = str(graph.value(article, SDO.text))
        start, end = (_integer(graph.value(quote, p)) for p in (V.start, V.end))
        assert text[start:end] == str(graph.value(quote, V.exact))
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert str(graph.value(article, V.contentHash)) == sha


def test_example_follows_the_contract_shapes() -> None:
    ask = """
    PREFIX vnpol: <https://w3id.org/vnpol/ontology#>
    PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX schema: <https://schema.org/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ASK {
      ?person a vnpol:Person ; rdfs:label "Hoàng Duy Chinh"@vi ; org:holds ?post .
      ?post a org:Post ; rdfs:label "Bí thư Tỉnh ủy Bắc Kạn"@vi ;
            org:role ?role ; org:postIn ?body .
      ?role a skos:Concept .
      ?body a/rdfs:subClassOf* org:Organization ; rdfs:label "Tỉnh ủy Bắc Kạn"@vi .
      ?event a/rdfs:subClassOf* vnpol:Event ; rdfs:label ?label ; schema:startDate ?date ;
             vnpol:organizer ?body ; vnpol:chair ?person .
      ?participation vnpol:event ?event ; vnpol:agent ?person ; vnpol:role vnpol:ChairRole ;
             vnpol:evidence ?quote .
    }
    """
    assert ontology_and_example().query(ask).askAnswer


# --- README queries ----------------------------------------------------------------------------

README_EXPECTS = ["Hoàng Duy Chinh", "Bí thư Tỉnh ủy Bắc Kạn", "Conference"]


def test_readme_has_the_three_example_queries() -> None:
    assert len(readme_queries()) == len(README_EXPECTS)


@pytest.mark.parametrize("index", range(len(README_EXPECTS)), ids=lambda i: f"query{i + 1}")
def test_readme_query_answers_on_the_example(index: int) -> None:
    result = ontology_and_example().query(readme_queries()[index])
    rows = [tuple(str(v) for v in row) for row in result if isinstance(row, ResultRow)]
    assert rows, "the query returned no rows"
    assert README_EXPECTS[index] in rows[0]


# --- kg/vocab.py ----------------------------------------------------------------------------


def test_vocab_is_in_sync_with_the_ontology() -> None:
    expected = gen_vocab().render(ONTOLOGY)
    assert VOCAB.read_text(encoding="utf-8") == expected, "run: python scripts/gen_vocab.py"


def test_vocab_has_every_term() -> None:
    vnpol = vocab().VNPOL
    assert [name(t) for t in sorted(terms()) if getattr(vnpol, name(t), None) != t] == []
    version = str(ontology().value(ONTOLOGY_IRI, OWL.versionInfo))
    assert version == vocab().ONTOLOGY_VERSION


@pytest.mark.parametrize("typo", ["NoSuchTerm", "Persn", "Chair"])
def test_vocab_rejects_unknown_terms(typo: str) -> None:
    with pytest.raises(AttributeError):
        getattr(vocab().VNPOL, typo)


def test_gen_vocab_check_reports_drift_and_write_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = gen_vocab()
    assert module.main(["--check"]) == 0
    stale = tmp_path / "vocab.py"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(module, "OUT", stale)
    assert module.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert module.main([]) == 0
    assert stale.read_text(encoding="utf-8") == module.render(ONTOLOGY)
    assert [p.name for p in tmp_path.iterdir()] == ["vocab.py"]


def test_gen_vocab_rejects_a_term_without_an_english_label(tmp_path: Path) -> None:
    ttl = tmp_path / "bad.ttl"
    ttl.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix vnpol: <https://w3id.org/vnpol/ontology#> .\n"
        '<https://w3id.org/vnpol/ontology> a owl:Ontology ; owl:versionInfo "0.0.1" ;\n'
        '    <http://purl.org/dc/terms/title> "t"@en .\n'
        'vnpol:Thing a owl:Class ; rdfs:label "vật"@vi .\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no @en label"):
        gen_vocab().render(ttl)
