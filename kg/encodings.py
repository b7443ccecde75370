"""Turn the bytes of an article into text, and say which encoding they were in.

Tried in this order:

1. a byte-order mark: UTF-8, UTF-16 or UTF-32;
2. UTF-16 without a mark, when NUL bytes fall on every other byte (what ASCII letters
   look like in UTF-16) and the whole file decodes;
3. binary data (NUL or control bytes, a known file signature) is refused;
4. UTF-8;
5. the legacy 8-bit encodings of Vietnamese: Windows-1258, TCVN3 (ABC) and VNI. Each is
   decoded, and the one whose accented words read as Vietnamese syllables wins, when it
   wins clearly (at least 85 % of them, 20 points ahead of the next); otherwise the file
   is refused with a message that says so.

Valid UTF-8 with no Vietnamese letter in it but Latin-1 ones ("Héi nghÞ TØnh ñy") is
legacy text read as Windows-1252 on the way, as copying from old documents gives; it
is converted back when one legacy encoding reads it clearly as Vietnamese.

The TCVN3 and VNI tables are ``lexicons/encodings/vietnamese.tsv`` (sources in the
README beside it); Windows-1258 is Python's ``cp1258`` codec, composed to NFC.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

MIN_RATIO = 0.85  # share of accented words that must be Vietnamese syllables
MIN_LEAD = 0.20  # how far ahead of the next encoding the winner must be
_SAMPLE = 65_536  # characters or bytes the encodings are judged on
NAMES = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC fonts)", "vni": "VNI (VNI fonts)"}

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive or Office document", b"\x1f\x8b": "gzip data",
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document", b"\x7fELF": "a program",
}
_ASCII_LOWER, _ASCII_UPPER = regex.compile(r"[a-z]"), regex.compile(r"[A-Z]")
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WORD = regex.compile(r"[\p{L}\p{M}\ufffd]+")  # U+FFFD: a byte no letter came from
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SHAPES = "\u0302\u0306\u031b"  # circumflex, breve, horn (NFD of â ă ơ ư ...)
_NUCLEI = [  # vowel groups (with the medial o/u and final glides), longest first
    "uyêu", "uya", "uyê", "uyu", "uây", "uôi", "ươi", "ươu", "oai", "oao", "oay", "oeo", "iêu", "yêu", "ai",
    "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iê", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua",
    "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "a", "ă", "â", "e", "ê", "i", "o", "ô",
    "ơ", "u", "ư", "y",
]
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?(?:" + "|".join(_NUCLEI) + r")(?:ch|ng|nh|[cmnpt])?"
)
_VIETNAMESE_LETTER = regex.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name, or "tcvn3" / "vni"
    notes: tuple[str, ...] = ()  # for report.json: which encoding, and why


@dataclass(frozen=True, slots=True)
class Score:
    valid: int  # accented words that are Vietnamese syllables
    words: int  # accented words (with a letter outside ASCII)

    @property
    def ratio(self) -> float:
        return self.valid / self.words if self.words else 0.0


def decode(data: bytes) -> Decoded:
    """The text of ``data``; ``ValueError`` with a readable reason when it is not text.

    >>> found = decode(encode_legacy("Hội nghị Tỉnh ủy", "vni"))
    >>> found.text, found.encoding
    ('Hội nghị Tỉnh ủy', 'vni')
    """
    found = _with_bom(data) or _utf16_without_bom(data)
    if found is not None:
        return recover_legacy(found)
    kind = _binary_kind(data)
    if kind:
        raise ValueError(f"binary data ({kind}): not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, exc)
    if _mostly_controls(text):
        raise ValueError("binary data (control characters): not a text article")
    return recover_legacy(Decoded(text, "utf-8"))


def _with_bom(data: bytes) -> Decoded | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise ValueError(f"broken {name.upper()} (byte {exc.start + len(bom)}: {exc.reason})") from None
            if _mostly_controls(text):
                raise ValueError("binary data (control characters): not a text article")
            return Decoded(text, name, (f"encoding: {name} with a byte-order mark (removed)",))
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    sample = data[:4096]
    if len(data) < 8 or len(data) % 2:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    name = "utf-16-le" if odd > 0.3 and even < 0.02 else "utf-16-be" if even > 0.3 and odd < 0.02 else None
    if name is None:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    if _mostly_controls(text):
        return None
    return Decoded(text, name, (f"encoding: {name} without a byte-order mark (told by its NUL bytes)",))


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return "NUL bytes" if b"\x00" in data[:65536] else None


def _mostly_controls(text: str) -> bool:
    """More than 2 % control characters (other than tab, line and page breaks): not text."""
    head = text[:65536]
    return len(_CONTROL.findall(head)) > 0.02 * len(head)


def _legacy(data: bytes, error: UnicodeDecodeError) -> Decoded:
    found = best_legacy(data)
    if found is None:
        byte = data[error.start:error.start + 1]
        raise ValueError(f"not UTF-8 (byte {error.start}: {byte!r}), and not Windows-1258, TCVN3 or VNI "
                         "with confidence: convert the file to UTF-8") from None
    return found


def recover_legacy(found: Decoded) -> Decoded:
    """Unicode text that is legacy text read as Windows-1252 is converted; other text is kept."""
    head = found.text[:_SAMPLE]
    if _VIETNAMESE_LETTER.search(head) or not regex.search(r"[\xa0-\xff]", head):
        return found
    raw = _as_windows_bytes(found.text)
    legacy = best_legacy(raw, inside=found.encoding) if raw is not None else None
    if legacy is None or vietnamese_score(head).ratio >= 0.5:
        return found
    return Decoded(legacy.text, legacy.encoding, found.notes + legacy.notes)


def best_legacy(data: bytes, inside: str | None = None) -> Decoded | None:
    """The legacy encoding that reads ``data`` clearly as Vietnamese, or None.

    The encodings compete on the first ``_SAMPLE`` bytes; the winner decodes the whole.
    """
    scored = []
    for name, decoder in _DECODERS.items():
        text = decoder(data[:_SAMPLE])
        if text is not None:
            scored.append((vietnamese_score(text), name))
    scored.sort(key=lambda item: item[0].ratio, reverse=True)
    if not scored:
        return None
    score, name = scored[0]
    runner_up = scored[1][0].ratio if len(scored) > 1 else 0.0
    whole = _DECODERS[name](data)
    if score.words < 2 or score.ratio < MIN_RATIO or score.ratio - runner_up < MIN_LEAD or whole is None:
        return None
    where = f" inside {inside} text" if inside else ""
    how = "decoded" if name == "windows-1258" else "converted to Unicode"
    note = (f"encoding: {name} — {NAMES[name]}{where}, {how} "
            f"({score.valid} of {score.words} accented words read as Vietnamese)")
    return Decoded(whole, name, (note,))


def vietnamese_score(text: str) -> Score:
    """How many of the words with a non-ASCII letter (in the first ``_SAMPLE`` characters) are Vietnamese."""
    words = [w for w in _WORD.findall(text[:_SAMPLE]) if not w.isascii()]
    return Score(sum(1 for w in words if is_syllable(w)), len(words))


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: initial, vowel nucleus, final, at most one tone mark, on a vowel.

    >>> is_syllable("Nguyễn"), is_syllable("nghị"), is_syllable("nghÞ"), is_syllable("Héi")
    (True, True, False, False)
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare, tones, last_base = [], 0, ""
    for char in decomposed:
        if char in _TONES:
            tones += 1
            if last_base not in "aeiouy" or not last_base:
                return False
        else:
            bare.append(char)
            if char not in _SHAPES:
                last_base = char
    return tones <= 1 and _SYLLABLE.fullmatch(unicodedata.normalize("NFC", "".join(bare))) is not None


# --- the legacy decoders -------------------------------------------------------------


def _windows_chars() -> list[str]:
    """Byte → character as Windows draws it: Windows-1252 punctuation in 80–9F, Latin-1 elsewhere."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return chars


@cache
def _windows_table() -> str:
    return "".join(_windows_chars())


@cache
def _windows_bytes() -> dict[str, int]:
    return {char: byte for byte, char in enumerate(_windows_chars())}


def _as_windows_bytes(text: str) -> bytes | None:
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    table = _windows_bytes()  # also the five bytes Windows-1252 leaves undefined
    try:
        return bytes(table[char] for char in text)
    except KeyError:
        return None


@cache
def _table() -> list[tuple[str, str, str]]:
    rows = resources.files("kg").joinpath("lexicons/encodings/vietnamese.tsv").read_text(encoding="utf-8")
    out = []
    for line in rows.splitlines()[1:]:
        letter, tcvn3, vni = line.split("\t")
        out.append((letter, tcvn3, vni))
    return out


@cache
def _tcvn3_table() -> str:
    chars = _windows_chars()
    chars[0xA0] = "\xa0"
    for byte, mark in zip(range(0xB0, 0xB5), "\u0300\u0309\u0303\u0301\u0323", strict=True):
        chars[byte] = mark  # the standard's combining tone marks
    for letter, code, _vni in _table():
        if code:
            chars[int(code, 16)] = letter
    return "".join(chars)


def _tcvn3(data: bytes) -> str | None:
    text = codecs.charmap_decode(data, "strict", _tcvn3_table())[0]
    return unicodedata.normalize("NFC", _recapitalise(text))


def _recapitalise(text: str) -> str:
    """TCVN3 has lower-case codes only for most toned letters (capitals were set in a capitals
    font): lines and words in capitals ("HéI" → "HỘI") and sentence starts ("ñy ban" → "Ủy ban")
    get theirs back; elsewhere a toned capital stays lower case."""
    return "\n".join(_recapitalise_line(line) for line in text.split("\n"))


def _recapitalise_line(line: str) -> str:
    if not _ASCII_LOWER.search(line) and len(_ASCII_UPPER.findall(line)) >= 4:
        return line.upper()
    words = _WORD.findall(line)
    caps = [0 if w.islower() else _caps(w) for w in words]
    upper = set()
    for i, word in enumerate(words):
        if caps[i] and any(c.islower() for c in word):
            sure = sum(c.isupper() for c in word) >= 2
            between = 0 < i < len(words) - 1 and caps[i - 1] == caps[i + 1] == 2
            if sure or between:
                upper.add(word)
    if upper:
        line = _WORD.sub(lambda m: m.group().upper() if m.group() in upper else m.group(), line)
    return _sentence_start().sub(lambda m: m.group(1) + m.group(2).upper(), line)


def _caps(word: str) -> int:
    """2: a word in capitals; 1: one capital, the rest toned letters TCVN3 has no capital for; 0: other."""
    lacking = _lacking()
    if any(c.islower() and c not in lacking for c in word):
        return 0
    uppers = sum(c.isupper() for c in word)
    return 2 if uppers >= 2 else 1 if uppers else 0


@cache
def _lacking() -> frozenset[str]:
    """Lower-case letters whose capital has no TCVN3 code."""
    return frozenset(letter.lower() for letter, code, _vni in _table() if letter.isupper() and not code)


@cache
def _sentence_start() -> regex.Pattern[str]:
    return regex.compile(r"((?:^|[.!?…])[ \t]*)([" + "".join(sorted(_lacking())) + "])")


@cache
def _vni_rules() -> tuple[regex.Pattern[str], dict[str, str]]:
    chars = _windows_chars()
    sequences: dict[str, str] = {}
    for letter, _tcvn3, codes in _table():
        seq = "".join(chars[int(code, 16)] for code in codes.split())
        sequences[seq] = letter
        if letter.isupper() and len(seq) == 2:  # a capital base with a lower-case mark: "Uû" → "Ủ"
            lower = next((s for s, lt in sequences.items() if lt == letter.lower()), None)
            if lower is not None and len(lower) == 2:
                sequences.setdefault(seq[0] + lower[1], letter)
    marks = {c for seq in sequences for c in seq if not c.isascii()}
    keys = sorted(sequences, key=len, reverse=True)
    pattern = regex.compile("|".join(regex.escape(k) for k in keys) + "|[" + regex.escape("".join(sorted(marks))) + "]")
    return pattern, sequences


def _vni(data: bytes) -> str | None:
    pattern, sequences = _vni_rules()
    text = codecs.charmap_decode(data, "strict", _windows_table())[0]
    # a mark byte left over (with no letter before it) is not a letter of any word
    return unicodedata.normalize("NFC", pattern.sub(lambda m: sequences.get(m.group(), "\ufffd"), text))


def _cp1258(data: bytes) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


_DECODERS: dict[str, Callable[[bytes], str | None]] = {"windows-1258": _cp1258, "tcvn3": _tcvn3, "vni": _vni}


def encode_legacy(text: str, encoding: str) -> bytes:
    """The bytes of ``text`` in Windows-1258, TCVN3 or VNI (for tests and the fuzz corpus).

    Capitals that TCVN3 lacks are written with the lower-case code; ``KeyError`` or
    ``UnicodeEncodeError`` when a character has no code at all.
    """
    if encoding == "windows-1258":
        return b"".join(_cp1258_char(char) for char in unicodedata.normalize("NFC", text))
    chars = _windows_bytes()
    column = 1 if encoding == "tcvn3" else 2
    codes = {row[0]: row[column] for row in _table()}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        code = codes.get(char) or (codes.get(char.lower()) if encoding == "tcvn3" else None)
        out += bytes(int(c, 16) for c in code.split()) if code else bytes([chars[char]])
    return bytes(out)


def _cp1258_char(char: str) -> bytes:
    """Windows-1258 has the shaped letters (â, ơ ...) and combining tones: "ố" → "ô" + U+0301."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        return (base + tones).encode("cp1258")
