"""One node per person across articles; titles resolved with the whole build; posts dated."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import identity, ids, mapping, pipeline, query, spill, store, validate
from kg.extract import extract
from kg.model import Article, PartialDate
from kg.normalize import normalize
from kg.store import Store


def build(tmp_path: Path, articles: dict[str, str]) -> Store:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in articles.items():
        (src / name).write_text(text, encoding="utf-8")
    pipeline.build([src], pipeline.BuildOptions(out=tmp_path / "out", views=False))
    assert not validate.check(tmp_path / "out")
    # The store loaded the own graphs as staged, before the pass renamed people: renamed in it since.
    trig = set(ox.parse(path=str(tmp_path / "out" / "graph.trig")))
    assert set(ox.Store.read_only(str(tmp_path / "out" / "store"))) == trig
    db = Store.open(tmp_path / "out" / "store")
    # The dumps are written from the same files as the store, after the identity pass: no statement twice.
    assert store.count_file(tmp_path / "out" / "graph.trig") == len(db)
    return db


def people(db: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for iri, name in db.rows("SELECT ?p ?n WHERE { ?p a vnpol:Person ; rdfs:label ?n }"):
        assert iri is not None and name is not None
        out.setdefault(name, []).append(iri)
    return out


CHAIRMAN = "Đồng chí Hà Văn Lộc, Chủ tịch UBND tỉnh Cao Bằng dự hội nghị và phát biểu."


def test_tone_placement_variants_are_one_person(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": "date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\nĐồng chí Lê Thị Thuỷ, Phó Chủ tịch UBND tỉnh dự.",
        "b.txt": "date 2024-04-05 Kỳ họp HĐND tỉnh Cao Bằng\nĐồng chí Lê Thị Thủy, Phó Chủ tịch UBND tỉnh dự.",
    })
    assert list(people(db)) == ["Lê Thị Thủy"] and len(people(db)["Lê Thị Thủy"]) == 1


def test_title_alone_is_resolved_with_another_article(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": f"date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "b.txt": "date 2024-06-10 Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng\n"
                 "Sáng 10/6, Ban Chấp hành Đảng bộ tỉnh Cao Bằng tổ chức hội nghị lần thứ mười.\n"
                 "Đồng chí Chủ tịch UBND tỉnh Cao Bằng phát biểu tại hội nghị.",
    })
    speakers = db.rows("""SELECT ?n ?date WHERE { ?e vnpol:speaker ?p ; schema:startDate ?date . ?p rdfs:label ?n }""")
    assert ("Hà Văn Lộc", "2024-06-10") in speakers


def test_title_alone_stays_a_post_when_two_people_could_be_meant(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": f"date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "c.txt": "date 2024-05-05 Hội nghị Tỉnh ủy Cao Bằng\n"
                 "Đồng chí Nông Văn Tám, Chủ tịch UBND tỉnh Cao Bằng dự hội nghị.",
        "b.txt": "date 2024-06-10 Hội nghị Tỉnh ủy Cao Bằng\n"
                 "Sáng 10/6, Tỉnh ủy Cao Bằng tổ chức hội nghị.\nĐồng chí Chủ tịch UBND tỉnh Cao Bằng phát biểu.",
    })
    rows = db.rows("""SELECT ?agent WHERE {
        ?part vnpol:role vnpol:SpeakerRole ; vnpol:agent ?agent ; prov:wasDerivedFrom ?a .
        ?a schema:datePublished "2024-06-10"^^xsd:date }""")
    assert [r[0] and "/post/" in r[0] for r in rows] == [True]


def test_a_one_letter_slip_with_the_same_post_is_an_alias(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": f"date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "b.txt": f"date 2024-04-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "c.txt": "date 2024-05-05 Hội nghị Tỉnh ủy Cao Bằng\n"
                 "Đồng chí Hà Văn Lôc, Chủ tịch UBND tỉnh Cao Bằng dự hội nghị.",
    })
    assert list(people(db)) == ["Hà Văn Lộc"]
    assert db.rows("SELECT ?a WHERE { ?p vnpol:alias ?a }") == [("Hà Văn Lôc",)]


def test_same_name_in_two_provinces_stays_two_people(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": "date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\nĐồng chí Nguyễn Văn Hùng, Giám đốc Sở Y tế tỉnh"
                 " Cao Bằng dự.",
        "b.txt": "date 2024-03-06 Hội nghị Tỉnh ủy Nghệ An\nĐồng chí Nguyễn Văn Hùng, Bí thư Huyện ủy Nghi Lộc"
                 " dự hội nghị của tỉnh Nghệ An.",
    })
    assert len(people(db)["Nguyễn Văn Hùng"]) == 2


@pytest.mark.parametrize(("day", "holder"), [("2024-04-01", [("Hà Văn Lộc",)]), ("2026-01-01", [])])
def test_who_held_a_post_at_a_date(tmp_path: Path, day: str, holder: list[tuple[str]]) -> None:
    db = build(tmp_path, {
        "a.txt": f"date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "b.txt": f"date 2024-06-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
    })
    query = f"""SELECT DISTINCT ?n WHERE {{
        ?t a vnpol:PostHolding ; org:member ?p ; vnpol:post/rdfs:label "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"@vi ;
           vnpol:firstObserved ?first ; vnpol:lastObserved ?last . ?p rdfs:label ?n .
        FILTER(?first <= "{day}"^^xsd:date && "{day}"^^xsd:date <= ?last) }}"""
    assert db.rows(query) == holder


def test_the_build_holds_one_post_holding_per_person_post_and_former(tmp_path: Path) -> None:
    """Counted over the articles, dated by those with a full date, former posts apart."""
    db = build(tmp_path, {
        "a.txt": f"date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "b.txt": f"date 2024-06-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "c.txt": f"date 2024-06 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",  # a month only: counted, not dated
        "d.txt": "date 2024-07-01 Hội nghị Tỉnh ủy Cao Bằng\nĐồng chí Hà Văn Lộc, nguyên Bí thư Huyện ủy Hòa An dự.",
    })
    rows = query.run(db, "posts", {"person": "Hà Văn Lộc"}).rows
    assert rows == (("Hà Văn Lộc", "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng", "false", "2024-03-05", "2024-06-05", "3"),
                    ("Hà Văn Lộc", "Bí thư Huyện ủy Hòa An", "true", "2024-07-01", "2024-07-01", "1"))
    holders = query.run(db, "holder", {"post": "Bí thư Huyện ủy Hòa An"}).rows
    assert holders == ()  # a former post is nobody's current one


def test_the_build_holding_is_reached_from_the_person_and_quotes_the_first_article(tmp_path: Path) -> None:
    """``org:hasMembership`` leads to the build's holdings only (not each article's), and the
    evidence of each is the quote of the earliest article stating it (an undated one last)."""
    db = build(tmp_path, {
        "a.txt": f"date 2024-06-05 Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
        "b.txt": "date 2024-03-05 Hội nghị Tỉnh ủy Cao Bằng\n"
                 "Đồng chí Hà Văn Lộc, Chủ tịch UBND tỉnh Cao Bằng phát biểu.",
        "c.txt": f"Hội nghị Tỉnh ủy Cao Bằng\n{CHAIRMAN}",
    })
    rows = db.rows("""SELECT ?count ?exact ?id WHERE { ?p rdfs:label "Hà Văn Lộc"@vi ; org:hasMembership ?t .
        ?t vnpol:articleCount ?count ; vnpol:evidence ?q .
        ?q vnpol:exact ?exact ; vnpol:source/schema:identifier ?id }""")
    assert rows == [("3", "Đồng chí Hà Văn Lộc, Chủ tịch UBND tỉnh Cao Bằng phát biểu.", "b")]


def test_the_build_makes_one_participation_per_event_role_and_agent(tmp_path: Path) -> None:
    """Linked from the event by ``vnpol:participation``: how many articles state the role, and the quote
    of the earliest (an undated one last); a role given by a title alone counts for its holder."""
    event = "Sáng 10/6/2024, Ban Chấp hành Đảng bộ tỉnh Cao Bằng tổ chức hội nghị lần thứ mười.\n"
    db = build(tmp_path, {
        "a.txt": f"date 2024-06-12 Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng\n{event}{CHAIRMAN}",
        "b.txt": f"date 2024-06-10 Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng\n{event}"
                 "Đồng chí Hà Văn Lộc, Chủ tịch UBND tỉnh Cao Bằng phát biểu chỉ đạo.",
        "c.txt": f"Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng\n{event}{CHAIRMAN}",
        "d.txt": f"date 2024-06-11 Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng\n{event}"
                 "Đồng chí Chủ tịch UBND tỉnh Cao Bằng phát biểu tại hội nghị.",
    })
    rows = db.rows("""SELECT ?role ?n ?count ?id ?exact WHERE { ?e vnpol:participation ?x .
        ?x a vnpol:Participation ; vnpol:event ?e ; vnpol:role ?role ; vnpol:agent/rdfs:label ?n ;
           vnpol:articleCount ?count ; vnpol:evidence ?q . ?q vnpol:exact ?exact ; vnpol:source/schema:identifier ?id }
        ORDER BY ?role""")
    assert [(r.rsplit("#")[-1], n, count, id_) for r, n, count, id_, _ in rows] == [
        ("AttendeeRole", "Hà Văn Lộc", "2", "a"), ("SpeakerRole", "Hà Văn Lộc", "2", "b")]  # b, and d by the title
    assert "phát biểu chỉ đạo" in rows[1][4]


def test_a_merged_province_is_a_new_body_and_a_late_district_is_suspect(tmp_path: Path) -> None:
    db = build(tmp_path, {
        "a.txt": "date 2024-03-05 Hội nghị Tỉnh ủy Thái Nguyên\nĐồng chí Lê Văn Hải, Bí thư Tỉnh ủy Thái Nguyên dự.",
        "b.txt": "date 2025-09-05 Hội nghị Tỉnh ủy Thái Nguyên\nĐồng chí Lê Văn Hải, Bí thư Tỉnh ủy Thái Nguyên dự. "
                 "Đồng chí Hà Thị Mai, Bí thư Huyện ủy Chợ Mới dự.",
    })
    bodies = db.rows('SELECT ?b WHERE { ?b rdfs:label "Tỉnh ủy Thái Nguyên"@vi }')
    assert len(bodies) == 2  # before and after the 2025-07-01 merger
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    notes = [n for item in report["inputs"] for n in item["notes"]]
    assert any("Huyện ủy Chợ Mới" in n and "suspect" in n for n in notes)


def test_a_plan_rewrites_a_block_of_lines(tmp_path: Path) -> None:
    empty = identity.Index.on_disk(tmp_path)
    person = "https://w3id.org/vnpol/id/person/"
    lines = [f"<{person}a> <p> <{person}ab> <g> .\n", f"<{person}ab> <p> \"x\" <g> .\n",
             "<e> <agent> <post> <g> .\n", f"<{person}b> <p> <{person}a> <g> .\n", "<e> <agent> <post> <g2> .\n"]
    plan = identity.Plan({f"{person}a": f"{person}c", f"{person}ab": f"{person}d"},
                         frozenset({"<e> <agent> <post> <g> .\n"}), (), empty.held, empty.roles,
                         "https://w3id.org/vnpol/id/")
    assert plan.rewriter()("".join(lines).encode()) == (
        f"<{person}c> <p> <{person}d> <g> .\n<{person}d> <p> \"x\" <g> .\n"
        f"<{person}b> <p> <{person}c> <g> .\n<e> <agent> <post> <g2> .\n").encode()
    renamed, touched = plan.rewriter().rename("".join(lines).encode())  # renames only: no line dropped
    assert renamed == (f"<{person}c> <p> <{person}d> <g> .\n<{person}d> <p> \"x\" <g> .\n<e> <agent> <post> <g> .\n"
                       f"<{person}b> <p> <{person}c> <g> .\n<e> <agent> <post> <g2> .\n").encode()
    assert touched == "".join(lines[:2] + lines[3:4]).encode()
    assert identity.Plan({}, frozenset(), (), empty.held, empty.roles, person).rewriter().rename(lines[0].encode()) == (
        lines[0].encode(), b"")
    many = identity.Plan({f"{person}{n}": f"{person}c" for n in range(1000)}, frozenset(), (), empty.held,
                         empty.roles, person).rewriter()
    assert many.pattern is not None and plan.rewriter().pattern == many.pattern  # the same for 2 renames or 1,000
    assert many(lines[3].encode()) == lines[3].encode()  # an IRI of the folder not renamed is left as it is


def test_the_sums_do_not_depend_on_how_many_parts_file_the_sightings(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass files its people and sightings in parts on disk and reads one part at a time:
    with one part in memory or seven written to files, it decides and states the same."""
    monkeypatch.setattr(spill, "_BATCH", 2)  # so that the parts are written to files
    tables: set[str] = set()
    write = spill.Parts._write

    def recording(parts: spill.Parts[object], part: int) -> None:
        tables.add(parts.name)
        write(parts, part)

    monkeypatch.setattr(spill.Parts, "_write", recording)
    texts = [("2024-03-05", CHAIRMAN), ("2024-04-05", CHAIRMAN),
             ("2024-05-05", "Đồng chí Hà Văn Lôc, Chủ tịch UBND tỉnh Cao Bằng dự hội nghị."),  # a slip
             ("2024-06-10", "Sáng 10/6, Tỉnh ủy Cao Bằng tổ chức hội nghị.\n"
                            "Đồng chí Chủ tịch UBND tỉnh Cao Bằng phát biểu tại hội nghị."),  # a title alone
             ("2024-07-01", "Đồng chí Lê Thị Thủy, Phó Chủ tịch UBND tỉnh Cao Bằng chủ trì hội nghị. "
                            "Đồng chí Hà Văn Lộc dự và phát biểu.")]
    log = tmp_path / "people.pickle"
    with identity.Log(log) as written:
        for n, (day, text) in enumerate(texts):
            article = Article(f"a{n}", f"a{n}.txt", normalize(f"Hội nghị Tỉnh ủy Cao Bằng\n{text}"), None, None,
                              PartialDate(*map(int, day.split("-"))))
            written.add(mapping.article_triples(extract(article), ids.DEFAULT_BASE))

    def decided(parts: int) -> tuple[object, ...]:
        plan = identity.plan(identity.read_log(log, parts), ids.DEFAULT_BASE)
        return plan.renames, plan.drop, sorted(plan.extra), sorted(plan.summaries())

    one = decided(1)
    renames, drop, extra, summaries = one
    assert renames and drop and summaries  # a slip merged, a title resolved, holdings and roles summed
    assert any("Hà Văn Lôc" in line for line in extra)
    assert decided(7) == one
    filed = sorted(f.name.split("-")[0] for f in (tmp_path / "people.parts").iterdir())
    assert "held" in filed and filed.count("roles") > 1  # both tables in files, the roles in several
    assert "people" not in filed and "holders" not in filed  # read by the plan, then removed
    assert tables == {"held", "roles", "people", "holders"}  # the people too: the pass never holds them all
    assert decided(1) == one  # the files of the last pass written over, not added to
