"""Properties over any text: the normaliser, the decoders, the readers, the extractors, the serialisers.

No exception on any input; normalisation is idempotent; every offset points at the text
it quotes; every literal survives N-Triples, Turtle and TriG, hostile characters included.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import encodings, mapping, readers, store
from kg.extract import extract
from kg.model import Article, ArticleFacts, Span
from kg.normalize import normalize
from kg.vocab import VNPOL

# Letters, the marks users type, and what hostile or broken text brings.
VIETNAMESE = "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐbcdghklmnpqrstvxBCGHKLMNPQTV àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ"
HOSTILE = "\"'\\<>&{}|^`#@%\n\r\t\x00\x01\x1b\x7f\x85\u00a0\u200b\u2028\u2029\ufeff\ufffd\u0301\u0323"
FRAGMENTS = [
    "Đồng chí", "Hoàng Duy Chinh", "Phạm Duy Hưng", "Bí thư Tỉnh ủy", "Phó Bí thư Thường trực", "Chủ tịch UBND tỉnh",
    "Ủy viên Ban Thường vụ", "HĐND", "Bắc Kạn", "chủ trì", "dự", "phát biểu", "báo cáo", "hội nghị", "Hội nghị",
    "kỳ họp thứ 12", "ngày 26/6/2023", "Sáng 5/12", "nguyên", "Nghị quyết số 29-NQ/TU", ",", ".", ":", "\n", "–",
    "<script>alert(1)</script>", '"', "\\", ">", "\x07", "\u2028", "Uỷ ban", "hoà",
]
vietnamese_text = st.text(alphabet=VIETNAMESE + HOSTILE + ".,;:!?()0123456789/-", max_size=300)
phrases = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=300), vietnamese_text, phrases)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the normaliser --------------------------------------------------------------------


@given(any_text)
@example("U\u0309y ban hoa\u0300 gia\u0309i\r\n")
def test_normalize_is_idempotent_nfc_and_nfd_blind(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert normalize(unicodedata.normalize("NFD", text)) == once  # NFD input reads the same
    assert not any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t" for c in once)


# --- the decoders -----------------------------------------------------------------------


@given(st.binary(max_size=2000))
@example(b"\xff\xfe\x00\xd8")
@example(b"\x00" * 9)
def test_decode_returns_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = encodings.decode(data)
    except ValueError as exc:
        assert str(exc)
    else:
        decoded.text.encode("utf-8")  # never a lone surrogate


@given(st.text(max_size=300))
def test_unicode_round_trips(text: str) -> None:
    if not encodings._VIETNAMESE_LETTER.search(text) and any("\xa0" <= c <= "\xff" for c in text):
        return  # Latin-1 letters and no Vietnamese one: may be legacy text, which is converted
    if text.encode("utf-8").startswith(b"\xef\xbb\xbf"):
        text = text[1:]
    for codec in ("utf-8", "utf-16", "utf-32"):
        if codec == "utf-16" and text.startswith("\x00"):
            continue  # FF FE then 00 00 is also the UTF-32 byte-order mark: ambiguous by nature
        try:
            decoded = encodings.decode(text.encode(codec))
        except ValueError:
            continue  # binary-looking (control characters, NUL) or a file signature
        assert decoded.text == text, codec


@given(st.lists(st.sampled_from([w for w in FRAGMENTS if w.isalpha() or " " in w]), min_size=3, max_size=30))
@settings(deadline=None)
def test_legacy_encodings_round_trip_or_refuse(words: list[str]) -> None:
    text = unicodedata.normalize("NFC", " ".join(words))
    for encoding in ("windows-1258", "tcvn3", "vni"):
        try:
            decoded = encodings.decode(encodings.encode_legacy(text, encoding))
        except ValueError:
            continue  # too little Vietnamese to tell the encodings apart
        if decoded.encoding == encoding:
            expected = text.lower() if encoding == "tcvn3" else text  # TCVN3 has few toned capitals
            assert (decoded.text.lower() if encoding == "tcvn3" else decoded.text) == expected


# --- the readers ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html"])
@given(data=st.one_of(st.binary(max_size=1500), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_readers_never_raise(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    for item in readers.read(path):
        assert (item.article is None) != (item.problem is None)
        (item.source + (item.problem or "") + "".join(item.notes)).encode("utf-8")
        if item.article is not None:
            assert item.article.text and normalize(item.article.text) == item.article.text


# --- the extractors ---------------------------------------------------------------------


def spans(facts: ArticleFacts) -> list[Span]:
    found = []
    for person in facts.persons:
        found += [person.span, *(post.span for post in person.posts)]
    for event in facts.events:
        found += [event.span, *(role.evidence for role in event.roles)]
    found += [document.span for document in facts.documents]
    return found


@given(any_text)
@SLOW
def test_extractors_never_raise_and_offsets_point_at_the_quote(text: str) -> None:
    article = Article("t", "test", normalize(text).strip() or "x")
    facts = extract(article)
    for span in spans(facts):
        assert 0 <= span.start <= span.end <= len(article.text)
        assert article.text[span.start : span.end] == span.text


# --- the serialisers --------------------------------------------------------------------


@given(st.text(max_size=200))
@example('a "b" \\c <script>\n\r\t\x00\x1f\x7f\x85\u2028\u2029 >')
def test_literals_are_valid_ntriples(text: str) -> None:
    line = f"<urn:s> <urn:p> {mapping.literal(text, lang='vi')} .\n"
    graph = rdflib.Graph().parse(data=line, format="nt")
    ((_s, _p, value),) = list(graph)
    assert str(value) == text


def nquads(facts: ArticleFacts) -> str:
    result = mapping.article_triples(facts)
    buffer = io.StringIO()
    for statement in result.own:
        buffer.write(f"{statement} <{result.graph}> .\n")
    for statement in result.merged:
        buffer.write(f"{statement} <urn:merged> .\n")
    return buffer.getvalue()


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join), vietnamese_text)
@example("Đồng chí Hoàng Duy Chinh , Bí thư Tỉnh ủy Bắc Kạn chủ trì hội nghị .", '<script>"\\\x00\u2028')
@settings(max_examples=25, deadline=None)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser uses its own deprecated API
def test_turtle_and_trig_dumps_parse_with_every_literal(body: str, hostile: str) -> None:
    text = normalize(f"{hostile}\n{body} {hostile}").strip() or "x"
    facts = extract(Article("t", "test", text, title=normalize(hostile).strip() or None))
    quads = nquads(facts)
    db = store.Store.in_memory(quads)
    with tempfile.TemporaryDirectory() as folder:  # the dumps are written from staged files, as a build does
        staged = Path(folder) / "final.nq"
        staged.write_text(quads, encoding="utf-8")
        ttl, trig = io.BytesIO(), io.BytesIO()
        store.write_files([staged], ttl, graphs=False)
        store.write_files([staged], trig, graphs=True)
    graph = rdflib.Graph().parse(data=ttl.getvalue().decode("utf-8"), format="turtle")
    dataset = rdflib.Dataset().parse(data=trig.getvalue().decode("utf-8"), format="trig")
    assert len(graph) == len(db) == len({(s, p, o) for s, p, o, _ in dataset.quads()})
    quoted = {post.span.text for person in facts.persons if person.name for post in person.posts}
    quoted |= {e.span.text for e in facts.events} | {r.evidence.text for e in facts.events for r in e.roles}
    quotes = [str(o) for o in graph.objects(None, VNPOL.exact)]
    assert all(any(text in quote for quote in quotes) for text in quoted)  # each in the quote of its sentence


# --- the legacy tables -------------------------------------------------------------------


def test_tcvn3_table_agrees_with_glibc() -> None:
    """Each TCVN3 code of lexicons/encodings/vietnamese.tsv decodes, in glibc's TCVN5712-1, to its letter."""
    rows = [(letter, code) for letter, code, _vni in encodings._table() if code]
    data = bytes(int(code, 16) for _letter, code in rows)
    try:
        proc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True,
                              timeout=30, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("iconv with TCVN5712-1 (glibc) is not available")
    assert unicodedata.normalize("NFC", proc.stdout.decode("utf-8")) == "".join(letter for letter, _ in rows)
    assert len(rows) == 90 and len(encodings._table()) == 134


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "windows-1258"])
def test_every_letter_round_trips(encoding: str) -> None:
    letters = "".join(letter for letter, _tcvn3, _vni in encodings._table())
    text = " ".join(f"nghị {letter}" for letter in letters)  # "nghị" is there to make it read as Vietnamese
    decoder = encodings._DECODERS[encoding]
    decoded = decoder(encodings.encode_legacy(text, encoding))
    assert decoded is not None
    assert (decoded.lower() if encoding == "tcvn3" else decoded) == (text.lower() if encoding == "tcvn3" else text)
