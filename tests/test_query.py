"""kg query and kg.query: canned questions, safe parameters, output formats, rdflib agrees."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDFS
from servers import build_sample

from kg import query, rdf
from kg.cli import cli
from kg.store import QueryError, Store
from kg.vocab import VNPOL

CHINH = "Hoàng Duy Chinh"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def db(out: Path) -> Store:
    return query.open_store(out)


def norm(rows: object) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)  # type: ignore[attr-defined]


def test_the_canned_questions_the_issue_asks_for() -> None:
    names = set(query.canned())
    assert {"chaired", "attended", "reported", "spoke", "posts", "holder", "events-of-body", "met-most",
            "evidence"} <= names
    for question in query.canned().values():
        assert question.title.endswith("."), question.name
        for param in question.params:
            assert f"VALUES ?{param.name} {{ UNDEF }}" in question.sparql


@pytest.mark.parametrize("name", sorted(query.canned()))
def test_every_canned_question_agrees_with_rdflib(db: Store, out: Path, name: str) -> None:
    question = query.canned()[name]
    values = {question.needs[0]: CHINH} if question.needs else {}
    graph = rdf.load([out / "graph.ttl"])
    ours = query.run(db, question, values)
    theirs = graph.query(query.bind(question, values))
    assert ours.rows, f"{name} found nothing in the sample"
    assert norm(ours.rows) == norm(theirs)


def test_chaired_by_one_person(db: Store) -> None:
    table = query.ask(db, "chaired", who=CHINH)
    assert table.columns == ("who", "event", "date", "organizer")
    assert {row[0] for row in table} == {CHINH}
    assert ("Hội nghị Tỉnh ủy Bắc Kạn", "2024-12") in {(row[1], row[2]) for row in table}


def test_posts_holder_events_met_evidence(db: Store) -> None:
    posts = {row[1] for row in query.ask(db, "posts", person=CHINH)}
    assert "Bí thư Tỉnh ủy Bắc Kạn" in posts
    holder = query.ask(db, "holder", post="Bí thư Thành ủy Bắc Kạn", date="2023-07-01")
    assert [row[1] for row in holder] == ["Cù Ngọc Cường"]
    assert query.ask(db, "holder", post="Bí thư Thành ủy Bắc Kạn", date="2020-01-01").rows == ()
    events = query.ask(db, "events-of-body", body="Tỉnh ủy Bắc Kạn")
    assert [(row[1], row[3]) for row in events] == [("organizer", "Conference")]
    met = query.ask(db, "met-most", **{"with": CHINH})
    assert met.rows and all(row[0] == CHINH for row in met)
    evidence = query.ask(db, "evidence", person=CHINH)
    facts = {row[1] for row in evidence}
    assert {"ChairRole", "Post"} <= facts
    assert all(CHINH.split()[-1] in row[3] or row[1] == "Post" for row in evidence if row[1] == "ChairRole")


def test_a_quote_in_a_value_cannot_change_the_query(db: Store) -> None:
    sneaky = f'{CHINH}"@vi }} ?agent ?x ?who . {{ VALUES ?who {{ "x'
    assert query.ask(db, "chaired", who=sneaky).rows == ()
    bound = query.bind(query.canned()["chaired"], {"who": 'a"b\\c\nd'})
    assert 'VALUES ?who { "a\\"b\\\\c\\nd"@vi }' in bound
    assert query.ask(db, "posts", person='x" } UNION { ?p ?q ?person } #').rows == ()


def test_values_are_normalised_like_the_articles(db: Store) -> None:
    decomposed = unicodedata.normalize("NFD", CHINH)
    assert len(query.ask(db, "chaired", who=decomposed)) == len(query.ask(db, "chaired", who=CHINH))
    assert query.ask(db, "events-of-body", body="Tỉnh uỷ Bắc Kạn").rows  # old tone placement: uỷ


def test_a_parameter_marked_twice_gets_its_value_in_both_places(db: Store) -> None:
    evidence = query.canned()["evidence"]  # one way to the rows from a person, one from an article
    assert evidence.sparql.count("VALUES ?person { UNDEF }") == 2
    assert "VALUES ?person { UNDEF }" not in query.bind(evidence, {"person": CHINH})
    assert {row[0] for row in query.ask(db, "evidence", person=CHINH)} == {CHINH}


def test_evidence_is_asked_about_a_person_or_an_article(db: Store, out: Path) -> None:
    with pytest.raises(QueryError, match=r"evidence needs -p person=\.\.\. or -p article=\.\.\."):
        query.ask(db, "evidence")
    assert "evidence: Facts with their evidence" in query.describe()
    assert "(needs person or article)" in query.describe()
    about_chinh = query.ask(db, "evidence", person=CHINH).rows
    article = about_chinh[0][6]
    assert article is not None
    in_article = query.ask(db, "evidence", article=article).rows
    assert {row[6] for row in in_article} == {article}
    assert {row for row in about_chinh if row[6] == article} < set(in_article)  # others are in it too
    both = query.ask(db, "evidence", person=CHINH, article=article).rows
    assert set(both) == {row for row in about_chinh if row[6] == article}
    graph = rdf.load([out / "graph.ttl"])  # rdflib agrees on the way from the article
    assert norm(in_article) == norm(graph.query(query.bind(query.canned()["evidence"], {"article": article})))


def test_events_of_body_knows_every_kind_of_event() -> None:
    """Its list of event classes is the ontology's: a kind added there must be added here."""
    ontology = rdflib.Graph().parse(Path(__file__).parents[1] / "ontology" / "vnpol.ttl")
    kinds = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, VNPOL.Event)}
    sparql = query.canned()["events-of-body"].sparql
    listed = {str(VNPOL[name]) for name in re.findall(r"vnpol:(\w+)", sparql.split("VALUES ?type {")[1].split("}")[0])}
    assert listed == kinds


def test_needs_names_parameters() -> None:
    with pytest.raises(QueryError, match="names x, not a parameter"):
        query.parse("bad", "# Bad.\n# param n vi: n\n# needs one of: n, x\nSELECT * WHERE { VALUES ?n { UNDEF } }")


def test_several_values_of_one_parameter(db: Store) -> None:
    both = query.ask(db, "spoke", who=[CHINH, "Cù Ngọc Cường"])
    assert {row[0] for row in both} == {CHINH, "Cù Ngọc Cường"}


@pytest.mark.parametrize(("values", "message"), [
    ({"nobody": "x"}, "has no parameter 'nobody' (it takes who)"),
])
def test_unknown_parameter(values: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        query.bind(query.canned()["chaired"], values)


def test_parameter_kinds_are_checked() -> None:
    holder = query.canned()["holder"]
    with pytest.raises(QueryError, match="not a date"):
        query.bind(holder, {"date": "26/6/2023"})
    question = query.parse("mine", "# Mine.\n# param n integer: a number\nSELECT ?n WHERE { VALUES ?n { UNDEF } }")
    assert "VALUES ?n { " + '"3"^^<http://www.w3.org/2001/XMLSchema#integer> }' in query.bind(question, {"n": "3"})
    with pytest.raises(QueryError, match="not an integer"):
        query.bind(question, {"n": "three"})
    with pytest.raises(QueryError, match="needs a line"):
        query.parse("bad", "# Bad.\n# param x vi: x\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="has kind 'float'"):
        query.parse("bad", "# Bad.\n# param x float: x\nSELECT * WHERE { VALUES ?x { UNDEF } }")


def test_resolve_names_files_and_text(tmp_path: Path) -> None:
    assert query.resolve("posts") is query.canned()["posts"]
    path = tmp_path / "mine.rq"
    path.write_text("# Mine.\nSELECT ?p WHERE { ?p a vnpol:Person }\n", encoding="utf-8")
    assert query.resolve(str(path)).title == "Mine."
    assert query.resolve("ASK { ?s ?p ?o }").name == "query"
    with pytest.raises(QueryError, match="not a canned question.*chaired"):
        query.resolve("who-knows")


def test_table_text_and_html() -> None:
    table = query.Table(("a", "b"), (("x", None), ("<y>", "z" * 100)))
    text = str(table).splitlines()
    assert text[0].split() == ["a", "b"] and text[-1] == "(2 rows)"
    assert "…" in text[3] and len(text[3]) < 80
    assert "&lt;y&gt;" in table._repr_html_()


def test_cli_table_csv_tsv_json(runner: CliRunner, out: Path) -> None:
    args = ["query", "--out", str(out), "chaired", "-p", f"who={CHINH}"]
    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split()[:2] == ["who", "event"] and "rows)" in table.output
    rows = list(csv.reader(io.StringIO(runner.invoke(cli, [*args, "-f", "csv"]).output)))
    assert rows[0] == ["who", "event", "date", "organizer"] and {r[0] for r in rows[1:]} == {CHINH}
    tsv = runner.invoke(cli, [*args, "-f", "tsv"]).output
    assert tsv.startswith("?who\t?event") and f'"{CHINH}"@vi' in tsv
    data = json.loads(runner.invoke(cli, [*args, "-f", "json"]).output)
    assert data["head"]["vars"] == ["who", "event", "date", "organizer"]
    assert len(data["results"]["bindings"]) == len(rows) - 1


def test_cli_sparql_text_ask_construct_and_files(runner: CliRunner, db: Store, out: Path, tmp_path: Path) -> None:
    people = len(db.rows("SELECT DISTINCT ?p WHERE { ?p a vnpol:Person }"))
    count = runner.invoke(cli, ["query", "--out", str(out), "-f", "csv",
                                "SELECT (COUNT(*) AS ?n) WHERE { ?p a vnpol:Person }"])
    assert count.exit_code == 0 and count.output.split() == ["n", str(people)]
    ask = runner.invoke(cli, ["query", "--out", str(out), "ASK { ?p rdfs:label \"Hoàng Duy Chinh\"@vi }"])
    assert ask.output == "true\n"
    construct = runner.invoke(cli, ["query", "--out", str(out),
                                    "CONSTRUCT { ?p a vnpol:Person } WHERE { ?p a vnpol:Person }"])
    assert construct.output.count("vnpol:Person") == people and "@prefix vnpol:" in construct.output
    path = tmp_path / "named.rq"
    path.write_text("# Who is called this.\n# param name vi: a name\n"
                    "SELECT ?p WHERE { VALUES ?name { UNDEF } ?p rdfs:label ?name }\n", encoding="utf-8")
    named = runner.invoke(cli, ["query", "--out", str(out), str(path), "-p", f"name={CHINH}", "-f", "csv"])
    assert named.exit_code == 0 and len(named.output.splitlines()) == 2


def test_cli_list_and_errors(runner: CliRunner, out: Path, tmp_path: Path) -> None:
    listing = runner.invoke(cli, ["query", "--list"])
    assert listing.exit_code == 0 and "holder: " in listing.output and "-p date=" in listing.output
    bad = runner.invoke(cli, ["query", "--out", str(out), "SELECT ?x WHERE {"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: bad SPARQL: error at 1:")
    nowhere = runner.invoke(cli, ["query", "--out", str(tmp_path / "none"), "posts"])
    assert nowhere.exit_code == 1 and "no store here (run kg build first)" in nowhere.output
    unknown = runner.invoke(cli, ["query", "--out", str(out), "nobody-knows"])
    assert unknown.exit_code == 1 and "the canned questions are: " in unknown.output
    malformed = runner.invoke(cli, ["query", "--out", str(out), "posts", "-p", "person"])
    assert malformed.exit_code == 2 and "is not NAME=VALUE" in malformed.output
    missing = runner.invoke(cli, ["query", "--out", str(out)])
    assert missing.exit_code == 2


@pytest.mark.parametrize("command", ["query", "serve", "push"])
def test_the_sparql_commands_have_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and f"Usage: cli {command}" in result.output


def test_rows_give_the_variables_in_the_order_selected_and_none_where_unbound() -> None:
    db = Store.in_memory('<http://x/a> <http://x/p> "v" .\n<http://x/b> <http://x/p> "w"@vi .\n'
                         "<http://x/a> <http://x/q> <http://x/c> .\n")
    rows = db.rows("SELECT ?z ?a ?o WHERE { ?a <http://x/p> ?o OPTIONAL { ?a <http://x/q> ?z } } ORDER BY ?a")
    assert rows == [("http://x/c", "http://x/a", "v"), (None, "http://x/b", "w")]
