"""Messy input: every fault gets a message naming the file (and line), and the rest is built.

Grouped by origin: encodings, file kinds and sizes, folders, HTML pages, JSONL lines, the build.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import pwd
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import encodings, jsonstream, pipeline, readers
from kg.cli import cli
from kg.errors import EXIT_SOME_SKIPPED, KgError
from kg.readers import Read, discover, read

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
ARTICLE = "Hội nghị Tỉnh ủy Cao Bằng\nĐồng chí Hà Văn Lộc, Bí thư Tỉnh ủy chủ trì hội nghị.\n"
LONG = (SAMPLE / "01_thanh_uy_hoi_nghi_lan_13.txt").read_text(encoding="utf-8")


def one(path: Path) -> Read:
    (item,) = read(path)
    return item


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["windows-1258", "tcvn3", "vni"])
def test_legacy_vietnamese_encodings_are_decoded_and_named(tmp_path: Path, encoding: str) -> None:
    item = one(write(tmp_path / "a.txt", encodings.encode_legacy(LONG, encoding)))
    assert item.article is not None
    assert item.article.text == one(write(tmp_path / "b.txt", LONG)).article.text  # type: ignore[union-attr]
    assert item.notes and item.notes[0].startswith(f"encoding: {encoding} ")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_pasted_into_utf8_is_converted(tmp_path: Path, encoding: str) -> None:
    mojibake = encodings.encode_legacy(LONG, encoding).decode("cp1252", errors="replace")  # "Héi nghÞ"
    for item in (one(write(tmp_path / "a.txt", mojibake)), one(write(tmp_path / "a.jsonl", jsonl({"text": mojibake})))):
        assert item.article is not None and "Thành ủy Bắc Kạn" in item.article.text
        assert f"encoding: {encoding} " in item.notes[0] and "inside utf-8" in item.notes[0]


def test_tcvn3_capitals_come_back_in_headings_and_sentence_starts() -> None:
    text = "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ\nỦy ban nhân dân tỉnh họp. Ủy viên Ban Thường vụ dự."
    assert encodings.decode(encodings.encode_legacy(text, "tcvn3")).text == text.replace("ỦY", "Ủy")


def test_undecodable_bytes_are_refused_naming_the_byte(tmp_path: Path) -> None:
    item = one(write(tmp_path / "x.txt", b"H\xe0 N\xf4i: Ban Th\xfd\xf5ng v\xf2"))
    assert (item.article, item.problem) == (None, "not UTF-8 (byte 1: b'\\xe0'), and not Windows-1258, TCVN3 or "
                                                  "VNI with confidence: convert the file to UTF-8")
    french = one(write(tmp_path / "fr.txt", "Le café de la crème brûlée à l'école".encode("cp1252")))
    assert french.article is None and (french.problem or "").startswith("not UTF-8")  # not taken for Vietnamese


@pytest.mark.parametrize(("data", "note"), [
    (codecs.BOM_UTF8 + ARTICLE.encode(), "encoding: utf-8 with a byte-order mark (removed)"),
    (ARTICLE.encode("utf-16"), "encoding: utf-16-le with a byte-order mark (removed)"),
    (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "encoding: utf-16-be with a byte-order mark (removed)"),
    (ARTICLE.encode("utf-32"), "encoding: utf-32-le with a byte-order mark (removed)"),
    (ARTICLE.encode("utf-16-le"), "encoding: utf-16-le without a byte-order mark (told by its NUL bytes)"),
    (ARTICLE.encode("utf-16-be"), "encoding: utf-16-be without a byte-order mark (told by its NUL bytes)"),
], ids=["utf8-bom", "utf16-bom", "utf16be-bom", "utf32-bom", "utf16le", "utf16be"])
def test_unicode_encodings_are_decoded_and_noted(tmp_path: Path, data: bytes, note: str) -> None:
    item = one(write(tmp_path / "a.txt", data))
    assert item.article is not None and item.article.title == "Hội nghị Tỉnh ủy Cao Bằng"
    assert item.notes == (note,)


def test_nfd_text_is_composed_and_offsets_point_into_the_nfc_text(tmp_path: Path) -> None:
    item = one(write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", ARTICLE)))
    assert item.article is not None and item.article.text == ARTICLE.strip()
    assert item.notes == ("text not in NFC (decomposed letters, as in NFD): composed",)
    from kg.extract import extract

    facts = extract(item.article)
    assert facts.persons and all(item.article.text[m.span.start:m.span.end] == m.span.text for m in facts.persons)


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "empty article (no text)"),
    (b" \n\t\r\n  ", "empty article (no text)"),
    (b"\x00\x01\x02", "binary data (NUL bytes): not a text article"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary data (a PNG image): not a text article"),
    (b"%PDF-1.7\n...", "binary data (a PDF document): not a text article"),
    (bytes(range(1, 9)) * 50, "binary data (control characters): not a text article"),
    (b"\xff\xfeH\x00\x00\xd8", "broken UTF-16-LE (byte 4: unexpected end of data)"),
], ids=["empty", "blank", "nul", "png", "pdf", "controls", "broken-utf16"])
def test_files_that_are_not_text_are_refused(tmp_path: Path, data: bytes, problem: str) -> None:
    item = one(write(tmp_path / "x.txt", data))
    assert (item.article, item.problem) == (None, problem)


# --- file kinds and sizes ---------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    started = time.monotonic()
    assert one(tmp_path / "pipe.txt").problem == "not a regular file (a FIFO): not an article"
    assert time.monotonic() - started < 5  # opening it for reading would wait for a writer


def test_symlink_loops_and_dangling_links_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", ARTICLE)
    os.symlink("self.txt", tmp_path / "self.txt")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop: not followed
    os.symlink("sub/a.txt", tmp_path / "link.txt")  # a link to a file is read
    reads = {Path(i.source).name: i for p in discover([tmp_path]) for i in read(p)}
    assert sorted(reads) == ["a.txt", "dangling.txt", "link.txt", "self.txt"]
    assert reads["self.txt"].problem == "cannot read the file: Too many levels of symbolic links"
    assert reads["dangling.txt"].problem == "cannot read the file: No such file or directory"
    assert reads["link.txt"].article is not None  # and the folder loop was not walked


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", ARTICLE)
    real_open = os.open

    def deny(target: object, *args: object, **kwargs: object) -> int:
        if str(target) == str(path):
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    assert one(path).problem == "cannot read the file: Permission denied"


def as_nobody(folder: Path) -> dict[str, str | None]:
    """Read ``folder`` in a forked child that has dropped root for the user nobody."""
    nobody = pwd.getpwnam("nobody")
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            os.close(readable)
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            found = {Path(i.source).name: i.problem for p in discover([folder]) for i in read(p)}
            os.write(writable, json.dumps(found).encode())
        finally:
            os._exit(0)
    os.close(writable)
    with os.fdopen(readable, "rb") as fh:
        data, _ = fh.read(), os.waitpid(pid, 0)
    return dict(json.loads(data))


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_a_chmod_000_file_is_reported_to_an_unprivileged_user() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        write(folder / "ok.txt", ARTICLE).chmod(0o644)
        write(folder / "locked.txt", ARTICLE).chmod(0o000)
        assert as_nobody(folder) == {"locked.txt": "cannot read the file: Permission denied", "ok.txt": None}
    finally:
        shutil.rmtree(folder)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50_000_000)  # 50 MB, sparse: nothing is written, and nothing should be read
    started = time.monotonic()
    assert one(path).problem == ("file too large (50.0 MB; an article file may have at most 16 MB): "
                                 "split it into articles, or make it a JSONL file")
    assert time.monotonic() - started < 2


def test_an_article_over_the_length_limit_is_refused(tmp_path: Path) -> None:
    assert (one(write(tmp_path / "long.txt", "Đồng chí A dự. " * 40_000)).problem or "").startswith(
        "article too long (599,999 characters; at most 500,000)")


# --- folders ----------------------------------------------------------------------------


def test_discover_streams_a_big_folder_without_stat_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        os.close(os.open(folder / f"p{i:05d}.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    (folder / "sub").mkdir()
    calls = {"stat": 0}
    real_stat, real_lstat = os.stat, os.lstat

    def counting(real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls["stat"] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(os, "stat", counting(real_stat))
    monkeypatch.setattr(os, "lstat", counting(real_lstat))
    walk = discover([folder])
    assert next(walk).name == "p00000.txt"
    assert sum(1 for _ in walk) == 9_999
    assert calls["stat"] <= 3  # the input itself and the sub-folder's link check: none per file
    calls["stat"] = 0
    assert sum(1 for _ in discover([folder], exclude=[tmp_path / "elsewhere"])) == 10_000
    assert calls["stat"] < 50  # and with an output folder to leave out: a few per folder


def test_hidden_folders_output_folder_and_empty_folders(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / ".git" / "b.txt", ARTICLE)
    write(tmp_path / "in" / "out" / "views" / "index.html", "<html><p>x</p></html>")
    (tmp_path / "empty").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path / "in", tmp_path / "empty"],
                                                                 exclude=[tmp_path / "in" / "out"])]
    assert found == ["in/a.txt", "empty"]
    assert one(tmp_path / "empty").problem == "a folder with no article in it (no .txt, .md, .jsonl, .html, .htm file)"


def test_a_file_name_that_is_not_utf8_is_reported_readably(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/tin-\xff.txt"
    with open(name, "wb") as fh:
        fh.write(ARTICLE.encode())
    (item,) = [i for p in discover([tmp_path]) for i in read(p)]
    assert item.source.endswith("tin-\ufffd.txt") and item.article is not None
    item.source.encode("utf-8")  # printable and writable to report.json


# --- HTML pages -------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>Hội nghị Tỉnh ủy Cao Bằng | Báo Cao Bằng</title>
<meta property="og:title" content="Hội nghị Tỉnh ủy Cao Bằng">
<meta property="article:published_time" content="2024-03-05T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/cs">Chính trị</a></nav>
<article><h1>Hội nghị Tỉnh ủy Cao Bằng</h1>
<p>Sáng 5/3, Tỉnh ủy Cao Bằng tổ chức hội nghị lần thứ 12. Đồng chí Hà Văn Lộc, Bí thư Tỉnh ủy chủ trì hội nghị.</p>
<p>Dự hội nghị có đồng chí Trần Hồng Minh, Phó Bí thư Thường trực Tỉnh ủy, cùng các đồng chí trong Ban Thường vụ.</p>
<script>alert("x")</script></article><footer>Bản quyền thuộc về Báo Cao Bằng</footer></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_html_page_gives_text_title_and_date(tmp_path: Path, charset: str) -> None:
    page = PAGE.replace("{charset}", charset)
    data = encodings.encode_legacy(page, charset) if charset != "utf-8" else page.encode()
    item = one(write(tmp_path / "page.html", data))
    assert item.article is not None
    assert item.article.title == "Hội nghị Tỉnh ủy Cao Bằng"
    assert item.article.published is not None and item.article.published.iso() == "2024-03-05"
    assert item.article.text.startswith("Hội nghị Tỉnh ủy Cao Bằng\nSáng 5/3")
    assert "Trang chủ" not in item.article.text and "alert" not in item.article.text
    assert "html: article text extracted by trafilatura" in item.notes


def test_html_page_without_article_text_is_refused(tmp_path: Path) -> None:
    for page in ("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", "<html><body></body></html>",
                 "<script>var a = 1;</script>", ""):
        item = one(write(tmp_path / "menu.htm", page))
        assert item.problem == ("an HTML page without article text (fewer than 10 words): not an article"
                                if page else "empty article (no text)"), page


# --- JSONL ------------------------------------------------------------------------------


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_jsonl_faults_are_reported_by_line_and_the_other_lines_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", jsonl(
        {"id": "ok1", "text": ARTICLE}, "{not json", {"id": "x"}, {"text": 5}, {"text": "  "},
        {"text": ARTICLE, "title": ["a"]}, "[1, 2]", "[" * 100_000, '{"text": "a", "n": ' + "1" * 5000 + "}",
        "", {"id": "ok2", "text": ARTICLE.replace("Lộc", "Lộc\u2028")}))
    items = {int(i.source.rsplit(":", 1)[1]): i for i in read(path)}
    assert sorted(items) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]  # line 10 is blank
    assert items[1].article is not None and items[11].article is not None  # U+2028 does not split a line
    assert items[2].problem == "malformed JSON (Expecting property name enclosed in double quotes at column 2)"
    assert items[3].problem == "'text' must be a non-empty string (missing)"
    assert items[4].problem == "'text' must be a non-empty string (a number, not a string)"
    assert items[5].problem == "'text' must be a non-empty string (empty)"
    assert items[6].problem == "'title' must be a string (got a list)"
    assert items[7].problem == "a JSONL line must be an object, not a list"
    assert (items[8].problem or "").startswith("malformed JSON (RecursionError")
    assert (items[9].problem or "").startswith("malformed JSON (ValueError: Exceeds the limit")


def test_jsonl_repairs_are_noted(tmp_path: Path) -> None:
    record = {"id": "s\ud800", "text": ARTICLE + "\udfff", "url": "javascript:alert(1)", "date": "hôm qua"}
    path = write(tmp_path / "r.jsonl", json.dumps(record))  # ASCII: the surrogates are \u escapes
    (item,) = read(path)
    assert item.article is not None and item.article.id == "s\ufffd" and item.article.url is None
    assert item.notes == ("lone surrogates (\\ud800-\\udfff escapes) replaced by U+FFFD",
                          "'url' is not an http(s) IRI: left out of the graph",
                          "'date' 'hôm qua' is not a date (YYYY-MM[-DD]): left out")


def test_jsonl_in_utf16_and_legacy_lines(tmp_path: Path) -> None:
    record = jsonl({"id": "u", "text": ARTICLE})
    assert one(write(tmp_path / "u16.jsonl", record.encode("utf-16"))).article is not None
    assert one(write(tmp_path / "u16le.jsonl", record.encode("utf-16-le"))).article is not None
    item = one(write(tmp_path / "cp.jsonl", encodings.encode_legacy(jsonl({"id": "c", "text": LONG}), "windows-1258")))
    assert item.article is not None and item.notes[0].startswith("encoding: windows-1258")


def test_jsonl_empty_file_and_huge_line(tmp_path: Path) -> None:
    assert one(write(tmp_path / "e.jsonl", "\n\n")).problem == "no articles (an empty JSONL file)"
    big = write(tmp_path / "big.jsonl", '{"text": "' + "a" * 17_000_000 + '"}\n' + jsonl({"id": "z", "text": ARTICLE}))
    first, second = read(big)
    assert first.problem == "line too long (more than 16 MB): not read" and first.source.endswith(":1")
    assert second.article is not None and second.source.endswith(":2")


# --- the build: report.json and exit codes ------------------------------------------------


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    write(src / "good.txt", ARTICLE)
    write(src / "tcvn3.txt", encodings.encode_legacy(LONG, "tcvn3"))
    write(src / "empty.md", "")
    write(src / "lines.jsonl", jsonl({"id": "j1", "text": ARTICLE.replace("Lộc", "Lâm")}, "{oops"))
    return src


def test_report_lists_every_input_with_status_problem_and_notes(corpus: Path, runner: CliRunner) -> None:
    out = corpus.parent / "out"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--no-views", "-j", "1"])
    assert result.exit_code == EXIT_SOME_SKIPPED, result.output
    assert f"Skipped 2 input(s): every input and why is in {out / 'report.json'}" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rows = {Path(r["source"]).name: r for r in report["inputs"]}
    assert [r["status"] for r in report["inputs"]] == ["skipped", "built", "built", "skipped", "built"]
    assert rows["empty.md"]["problem"] == "empty article (no text)"
    assert rows["lines.jsonl:2"]["problem"].startswith("malformed JSON")
    assert rows["tcvn3.txt"]["notes"][0].startswith("encoding: tcvn3 ")
    assert report["articles"] == 3 and len(report["skipped"]) == 2


def test_report_lists_inputs_by_file_then_line_whatever_the_order_they_were_given(tmp_path: Path) -> None:
    """Rows are sorted by file, then line as a number (line 10 after line 9), skipped ones among the
    built; "built" keeps the order the build read them in. Also when the inputs come in order."""
    lines = [{"id": f"j{i}", "text": ARTICLE.replace("Lộc", f"Lộc {chr(65 + i)}")} for i in range(12)]
    write(tmp_path / "in" / "b.jsonl", jsonl(*lines[:2], "{oops", *lines[2:9], "{", *lines[9:]))
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / "c.md", "")
    for order in ([tmp_path / "in" / "c.md", tmp_path / "in" / "b.jsonl", tmp_path / "in" / "a.txt"],
                  [tmp_path / "in"]):
        out = tmp_path / f"out{len(order)}"
        pipeline.build(order, pipeline.BuildOptions(out=out, views=False))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        rows = [(Path(r["source"]).name, r["status"]) for r in report["inputs"]]
        numbered = [f"b.jsonl:{n}" for n in range(1, 15)]
        assert [name for name, _ in rows] == ["a.txt", *numbered, "c.md"]
        assert [name for name, status in rows if status == "skipped"] == ["b.jsonl:3", "b.jsonl:11", "c.md"]
        built = [Path(source).name for source in report["built"]]
        read = [n for n in numbered if n not in ("b.jsonl:3", "b.jsonl:11")]
        assert built == (read + ["a.txt"] if len(order) == 3 else ["a.txt", *read])


def test_a_json_object_written_a_piece_at_a_time_is_what_json_dumps_writes() -> None:
    values = {"z": None, "n": 7, "s": 'ủy "q"\n', "files": ["a", "b"], "empty": [], "nested": {"b": {}, "a": [1, [2]]}}
    lists = {"rows": [{"source": f"f:{i}", "notes": [] if i % 3 else ["x", "y"], "k": {"d": [i]}} for i in range(2500)],
             "none": [], "one": ["only"]}
    written = io.BytesIO()
    jsonstream.write_object(written, values, {name: iter(items) for name, items in lists.items()})
    assert written.getvalue().decode("utf-8") == json.dumps(
        values | lists, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    empty = io.BytesIO()
    jsonstream.write_object(empty, {}, {})
    assert empty.getvalue() == b"{}\n"


@pytest.mark.parametrize("chunk", [1, 2, 5, 64, 1 << 16])
def test_a_json_object_is_read_back_a_piece_at_a_time_its_lists_an_item_at_a_time(chunk: int) -> None:
    values = {"n": 7123, "f": -1.5e3, "t": True, "z": None, "s": 'ủy "q"\n', "files": ["a", "b"], "o": {"a": [1, [2]]}}
    lists = {"rows": [{"source": f"f:{i}", "notes": [] if i % 3 else ["x"]} for i in range(300)], "none": []}
    written = io.BytesIO()
    jsonstream.write_object(written, values, {name: iter(items) for name, items in lists.items()})
    read: dict[str, list[object]] = {name: [] for name in lists}
    text = io.StringIO(written.getvalue().decode("utf-8"))
    assert jsonstream.read_object(text, {name: got.append for name, got in read.items()}, chunk) == values
    assert read == lists
    assert jsonstream.read_object(io.StringIO(' { "a" : [ 1 ,2 ] , "b":{} } '), {}, chunk) == {"a": [1, 2], "b": {}}
    for broken in ('{"a": 1', '{"a": [1, 2}', '{"a" 1}', '[1]', '{1: 2}', '{"a": 1,}'):
        with pytest.raises(ValueError):
            jsonstream.read_object(io.StringIO(broken), {"a": lambda _item: None}, chunk)


def test_exit_zero_when_everything_is_built(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(write(tmp_path / "a.txt", ARTICLE)), "-o", str(tmp_path), "--no-views"])
    assert result.exit_code == 0 and "Skipped" not in result.output, result.output


def test_strict_stops_at_the_first_skipped_input_and_keeps_the_old_outputs(corpus: Path) -> None:
    out = corpus.parent / "out"
    pipeline.build([corpus / "good.txt"], pipeline.BuildOptions(out=out, views=False))
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "report.json")}
    with pytest.raises(KgError, match=r"^1 input\(s\) skipped \(--strict\): .*empty\.md: empty article"):
        pipeline.build([corpus], pipeline.BuildOptions(out=out, views=False, strict=True))
    assert {name: (out / name).read_bytes() for name in before} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


def test_base_must_be_an_absolute_iri(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    for base in ("not an iri", "https://example.org/x y/", "https://example.org/<x>/", "https://example.org/id"):
        result = runner.invoke(cli, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--base", base])
        assert result.exit_code == 2 and "is not an absolute IRI ending in / or #" in result.output, base
    result = runner.invoke(cli, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--no-views",
                                 "--base", "https://example.org/id#"])
    assert result.exit_code == 0, result.output


def test_many_skipped_inputs_are_summarised(tmp_path: Path, runner: CliRunner) -> None:
    for i in range(30):
        write(tmp_path / "in" / f"e{i:02d}.txt", "")
    write(tmp_path / "in" / "a.txt", ARTICLE)
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-views"])
    assert result.exit_code == EXIT_SOME_SKIPPED
    assert result.output.count("Skipped ") == 21 and "... and 10 more skipped" in result.output


def test_readers_limits_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{readers.MAX_FILE_BYTES // 1_000_000} MB" in readme and f"{readers.MAX_TEXT_CHARS:,}" in readme


def test_html_page_declaring_latin1_but_sent_as_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    item = one(write(tmp_path / "p.html", PAGE.replace("{charset}", "iso-8859-1")))
    assert item.article is not None and item.article.title == "Hội nghị Tỉnh ủy Cao Bằng"

