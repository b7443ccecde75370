"""Reading articles: text files with crawler tokens, headlines and bylines; JSONL; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.model import PartialDate
from kg.readers import Read, discover, read


def one(path: Path) -> Read:
    (item,) = read(path)
    return item


def test_text_file_with_date_token_headline_and_byline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2024-12-05 Hội nghị Tỉnh uỷ Bắc Kạn\n\nSáng 5/12, hội nghị khai mạc.\n\nĐặng Tuyết\n",
                    encoding="utf-8")
    article = one(path).article
    assert article is not None
    assert article.published == PartialDate(2024, 12, 5)
    assert article.title == "Hội nghị Tỉnh ủy Bắc Kạn"  # normalised at the door
    assert article.authors == ("Đặng Tuyết",)
    assert article.text.startswith("Hội nghị Tỉnh ủy")


@pytest.mark.parametrize(("last_line", "authors"), [
    ("Tin, ảnh: Bảo Ngọc", ("Bảo Ngọc",)),
    ("Bài và ảnh: Triệu Sơn", ("Triệu Sơn",)),
    ("Tin và ảnh: Lê Hoa, Trần Nam", ("Lê Hoa", "Trần Nam")),
    ("Hoàng Yến – Quang Huy", ("Hoàng Yến", "Quang Huy")),
    ("Theo Báo Quảng Trị", ()),
    ("Toàn cảnh phiên họp", ()),
])
def test_byline_at_the_end(tmp_path: Path, last_line: str, authors: tuple[str, ...]) -> None:
    path = tmp_path / "a.txt"
    body = "Sáng 5/12, phiên họp khai mạc.\n\nCác sở báo cáo.\n\nPhiên họp bế mạc."  # the byline is not near the top
    path.write_text(f"Phiên họp UBND tỉnh\n\n{body}\n\n{last_line}\n", encoding="utf-8")
    article = one(path).article
    assert article is not None and article.authors == authors


def test_first_line_with_final_punctuation_is_not_a_headline(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("Báo cáo tại hội nghị cho thấy kết quả tốt.\nThành phố đạt 38/44 chỉ tiêu./.", encoding="utf-8")
    article = one(path).article
    assert article is not None and article.title is None and article.authors == ()


def test_jsonl_keeps_good_lines_and_names_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = {"id": "x1", "url": "https://example.org/x1", "title": "Tin", "date": "2023-06-26",
            "text": "Đồng chí A dự.", "section": "Chính trị"}
    path.write_text("\n".join([json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"id": "x3"}),
                               json.dumps({"text": 5})]), encoding="utf-8")
    items = list(read(path))
    assert items[0].article is not None and items[0].article.extra == (("section", "Chính trị"),)
    assert items[0].article.published == PartialDate(2023, 6, 26)
    assert [i.source for i in items[1:]] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "malformed JSON" in (items[1].problem or "")
    assert "'text'" in (items[2].problem or "") and "'text'" in (items[3].problem or "")


def test_bad_files_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(b"H\xe0 N\xf4i: Ban Th\xfd\xf5ng v\xf2")  # cp1258 bytes
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    problems = {Path(i.source).name: i.problem for p in discover([tmp_path]) for i in read(p)}
    assert problems["empty.txt"] == "empty article (no text)"
    assert (problems["latin.txt"] or "").startswith("not UTF-8")
    assert "binary" in (problems["binary.txt"] or "")


def test_utf16_and_bom_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes("Hội nghị\nĐồng chí A dự.".encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes("\ufeffHội nghị\nĐồng chí A dự.".encode())
    for name in ("u16.txt", "bom.txt"):
        article = one(tmp_path / name).article
        assert article is not None and article.title == "Hội nghị"


def test_discover_walks_folders_in_order_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "1.md", "notes.pdf", ".hidden.txt", "b/3.jsonl"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == ["1.md", "b/2.txt", "b/3.jsonl"]
