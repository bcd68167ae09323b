"""Property tests (hypothesis) for reading, headers, cleaning and segmentation.

What must hold for *every* input, not only the examples in the other tests:

* ``decode_bytes`` and ``load_corpus`` either accept bytes or reject them with a
  :class:`CorpusError` (in the manifest, or raised in strict mode), never with
  another exception; valid UTF-8 and UTF-16 text round-trips.
* ``split_header`` and ``parse_date`` never raise; the body is a suffix of the
  input and ``body_line`` counts the header lines.
* ``clean_text`` never raises and neither loses nor invents words (with the
  boilerplate patterns and markdown switched off): the multiset of word tokens
  of the output is that of the input after the documented Unicode removals.
* ``segment``: offsets inside the text, sentences inside their paragraph, and
  every non-whitespace character of a paragraph in exactly one sentence.

Run more examples with ``HYPOTHESIS_PROFILE=nightly`` (see ``tests/conftest.py``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from framing.clean import CleaningOptions, clean_text, normalize_unicode, repair_breaks
from framing.corpus import load_corpus
from framing.decode import decode_bytes
from framing.errors import CorpusError, FramingError
from framing.header import parse_date, split_header
from framing.text import WORD_RE, paragraph_spans, segment

# ----------------------------------------------------------------------------- strategies

#: Characters that make text hard: line ends of three systems, BOM, NUL and other
#: controls, exotic and zero-width spaces, soft hyphen, combining marks, quotes,
#: sentence punctuation, letters that change length when lower-cased, emoji.
_HARD = ("\r\n", "\r", "\n", "\n\n", "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x85",
         "\u2028", "\u2029", "\xa0", "\u2009", "\u200b", "\u00ad", "\u0301", "e\u0301",
         "\t", " ", "  ", ".", "...", "?", "!", '"', "“", "”", "'", "’", "-", "--", "—",
         "*", "_", "**", "[", "](http://x.y)", "Mr.", "U.S.", "İ", "ß", "😀", "é", "Ω",
         "2024.", "No.", "a", "The", "the", "word", "Moscow", "said", "4 April 2024")

#: Text built from hard fragments and arbitrary characters.
hard_text = st.lists(st.one_of(st.sampled_from(_HARD), st.text(max_size=6)), max_size=40).map("".join)

#: Bytes: arbitrary, or text in some encoding with a BOM, NUL or long line mixed in.
_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
              "latin-1", "koi8-r", "shift_jis")


@st.composite
def hostile_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["raw", "encoded", "mixed", "long"]))
    if kind == "raw":
        return draw(st.binary(max_size=400))
    text = draw(hard_text)
    data = text.encode(draw(st.sampled_from(_ENCODINGS)), errors="replace")
    if kind == "mixed":
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
        if draw(st.booleans()):
            data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                         codecs.BOM_UTF32_LE, b""])) + data
    if kind == "long":  # a very long line without a break
        data = data + b"word " * draw(st.integers(1000, 20000)) + data
    return data


# ----------------------------------------------------------------------------- decoding

@given(hostile_bytes())
@example(b"\xff\xfe\x00")  # UTF-16 BOM and an odd byte
@example(b"\xff\xfe\x00\x00\x00\xd8")  # UTF-32 BOM, a lone surrogate
@example(b"\x00\x00")
def test_decode_bytes_accepts_or_raises_corpus_error(data):
    try:
        decoded = decode_bytes(data, path="x.txt")
    except CorpusError as err:
        assert err.path == "x.txt" and err.hint
        return
    assert isinstance(decoded.text, str) and decoded.encoding
    assert decoded.text.strip(), "accepted text must not be blank"


#: Text without control characters (those make a file look binary on purpose).
_printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200)


@given(_printable, st.sampled_from(["\n", "\r\n", "\r"]))
def test_decode_bytes_round_trips_utf8(text, newline):
    text = text.replace("\n", newline)
    assume(text.strip() and not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-8")).text == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")).text == text


@given(_printable)
def test_decode_bytes_round_trips_utf16_with_bom(text):
    assume(text.strip() and not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-16")).text == text


def _load_one(data: bytes, name: str, *, strict: bool = False):
    """Write ``data`` as ``<tmp>/outlet/<name>`` and load the corpus (default or strict)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "outlet" / name
        path.parent.mkdir()
        path.write_bytes(data)
        documents, manifest = load_corpus(Path(tmp), strict=strict)
        return documents, manifest


@given(hostile_bytes(), st.sampled_from(["a.txt", "a.html", "a.csv", "a.tsv", "a.jsonl", "a.json"]))
def test_load_corpus_accounts_for_any_file(data, name):
    documents, manifest = _load_one(data, name)
    assert len(manifest) >= 1
    assert set(manifest["status"]) <= {"accepted", "rejected", "duplicate"}
    rejected = manifest[manifest["status"] == "rejected"]
    assert rejected["reason"].str.len().gt(0).all()
    assert (manifest["status"] == "accepted").sum() == len(documents)
    for text in documents["text"]:
        assert text.strip()
    # strict mode: the same input is read, or the first problem is a CorpusError
    try:
        _load_one(data, name, strict=True)
    except FramingError as err:
        assert isinstance(err, CorpusError), repr(err)


#: Table files built from plausible pieces: headers, quotes, newlines, broken JSON.
_CELLS = st.sampled_from(['outlet', 'text', 'date', 'title', '"', '""', ',', '\n', '\r\n', '\t',
                          'A', 'Some words here.', '2024-04-04', '{', '}', '[', ']', ':', '"text"',
                          '"outlet"', 'null', '1e999', 'NaN', '\\', '\x00', 'é'])


@given(st.lists(_CELLS, max_size=30).map("".join),
       st.sampled_from(["t.csv", "t.tsv", "t.jsonl", "t.json"]))
def test_load_corpus_accounts_for_table_files(content, name):
    header = {"t.csv": "outlet,text,date\n", "t.tsv": "outlet\ttext\tdate\n"}.get(name, "")
    documents, manifest = _load_one((header + content).encode("utf-8"), name)
    assert len(manifest) >= 1
    assert (manifest["status"] == "accepted").sum() == len(documents)
    assert manifest.loc[manifest["status"] == "rejected", "reason"].str.len().gt(0).all()


@given(st.lists(_CELLS | st.sampled_from(["file", "a.txt", "b.txt"]), max_size=20).map("".join))
def test_metadata_sidecar_never_crashes(content):
    """A broken ``metadata.csv`` is a CorpusError naming the sidecar, never a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "outlet").mkdir()
        (root / "outlet" / "a.txt").write_text("Title\n\nSome text here. More text.\n", "utf-8")
        (root / "outlet" / "metadata.csv").write_text("file,title,date\n" + content, "utf-8")
        try:
            documents, manifest = load_corpus(root)
        except CorpusError as err:
            assert "metadata.csv" in str(err)
            return
        assert len(manifest) == 1


# ----------------------------------------------------------------------------- headers

_HEADER_LINES = st.sampled_from([
    "France rejects Russian offer", "Alex Lantier", "By Jane Roe and John Doe", "4 April 2024",
    "Thursday, April 4, 2024", "2024-04-04T10:00:00Z", "Published: 4 April 2024", "04/05/2024",
    "---", "title: A", "date: 2024-04-04", "date: [1, 2]", "date: 0001-01-01", "author:",
    "  ", "", "A sentence of prose that ends with a period.", "key: {", "- item", "31/12/9999",
    "9999-12-31", "0000-01-01", "Updated 30 February 2024", "İstanbul", "a\r", "\ufeff---",
])


@given(st.lists(_HEADER_LINES | st.text(max_size=30), max_size=12).map("\n".join))
@example("---\ndate: 0001-01-01\n---\nBody.")
@example("---\n0000-01-01\n---")  # YAML raises ValueError for a timestamp that is no date
@example("---\ndate: 2024-13-45\n---\nBody.")
@example("---\n" + "[" * 5000 + "\n---\nBody.")  # nesting deeper than the recursion limit
@example("---\ndate: 9999-12-31 23:59:59+14:00\n---\nBody.")
def test_split_header_never_raises_and_body_is_a_suffix(text):
    header = split_header(text)
    assert text.endswith(header.body)
    prefix = text[: len(text) - len(header.body)]
    if header.body:
        assert header.body_line == prefix.count("\n") + 1
    else:  # the whole file is a header: the (empty) body starts on its last line or the next
        assert header.body_line in (prefix.count("\n") + 1, prefix.count("\n") + 2)
    if "title" in header.meta:
        assert str(header.meta["title"]) in prefix
    date = header.meta.get("date")
    if date is not None:
        # the parsed date, or the raw value: the corpus reader parses it again and must not crash
        assert parse_date(date) is None or isinstance(parse_date(date), pd.Timestamp)
    for line, message in header.problems:
        assert line >= 1 and message


_DATE_OBJECTS = st.one_of(
    st.none(), st.text(max_size=40), _HEADER_LINES, st.integers(), st.floats(),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.timezones()),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.builds(lambda y, m, d: f"{d} {m} {y}", st.integers(0, 99999), st.sampled_from(["April", "Feb.", "x"]),
              st.integers(0, 99)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99),
              st.integers(0, 99)),
)


@given(_DATE_OBJECTS)
@example(dt.date(1, 1, 1))
@example(dt.datetime(9999, 12, 31, 23, 59))
@example("0001-01-01")
@example("1 January 0001")
def test_parse_date_never_raises(value):
    result = parse_date(value)
    assert result is None or (isinstance(result, pd.Timestamp) and result.tzinfo is None)


# ----------------------------------------------------------------------------- cleaning

_NO_REMOVALS = CleaningOptions(unicode=False, markdown=False, footer_patterns=(), line_patterns=())


def _words(text: str) -> Counter:
    return Counter(WORD_RE.findall(text))


#: The removals documented in framing.clean (step 1), written independently.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EXOTIC_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v\u2028\u2029\r]")


def _after_documented_removals(text: str) -> str:
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", _EXOTIC_SPACES.sub(" ", text)))


@given(hard_text)
@example("took Kabul in\n\n2021. French officials")
@example("a-\nb c\n\n-d")
def test_clean_text_keeps_every_word_without_unicode_step(text):
    out = clean_text(text, _NO_REMOVALS)
    assert _words(out) == _words(text)
    assert "\n\n\n" not in out and out == out.strip()


@given(hard_text)
@example("caf\u200be\u0301 cafe\u00ad\u0301")  # an invisible character between base and accent
@example("e\x00\u0301")
def test_clean_text_keeps_every_word_after_unicode_removals(text):
    options = CleaningOptions(markdown=False, footer_patterns=(), line_patterns=())
    out = clean_text(text, options)
    assert _words(out) == _words(_after_documented_removals(text))
    assert unicodedata.is_normalized("NFC", out)
    assert not _INVISIBLE.search(out)
    assert "\r" not in out


@given(hard_text)
@example("İ**0**")  # intra-word emphasis: markdown joins "İ" and "0" (CommonMark does too)
@example("[a'](http://x.y)Mr.")  # a link's text keeps its place: "a'Mr."
def test_clean_text_with_defaults_never_raises(text):
    out = clean_text(text)
    assert isinstance(out, str) and out == out.strip()
    # markdown and boilerplate removal only remove: no word character appears that was not there
    letters = Counter(re.findall(r"\w", out))
    assert not (letters - Counter(re.findall(r"\w", normalize_unicode(text))))


@given(st.lists(st.text(min_size=1, max_size=30).map(str.strip).filter(bool), max_size=10))
def test_repair_breaks_only_joins(paragraphs):
    repaired = repair_breaks(paragraphs)
    assert " ".join(repaired).split() == " ".join(paragraphs).split()
    assert len(repaired) <= len(paragraphs)


# ----------------------------------------------------------------------------- segmentation

def _check_segmentation(text: str) -> None:
    sentences = list(segment(text))
    paragraphs = paragraph_spans(text)
    owner = [0] * len(text)  # how many sentences cover each character
    previous_end = 0
    for para_id, start, end in sentences:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end, "sentences overlap or are out of order"
        previous_end = end
        p_start, p_end = paragraphs[para_id]
        assert p_start <= start and end <= p_end, "a sentence leaves its paragraph"
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            owner[i] += 1
    for p_start, p_end in paragraphs:
        for i in range(p_start, p_end):
            if not text[i].isspace():
                assert owner[i] == 1, f"character {i} {text[i]!r} in {owner[i]} sentences"
    for i, c in enumerate(text):
        if not c.isspace():
            assert any(p <= i < q for p, q in paragraphs), f"character {i} {c!r} in no paragraph"


@given(hard_text)
@example("Mr. Smith went to Washington. He said: \"No.\" Then...\n\n\n(left).")
@example("a\n\x1c\nb")
@example('"Why?" asked he. No. 10 and no. 2! yes? "no!" ok No.')
@example("a.\u2028B")
@example("\x85a. B")
def test_segment_covers_raw_text(text):
    _check_segmentation(text)


@given(hard_text)
def test_segment_covers_cleaned_text(text):
    _check_segmentation(clean_text(text))


@pytest.mark.parametrize("text", ["", " ", "\n\n", ".", "...", "a", "A. B. C."])
def test_segment_small_inputs(text):
    _check_segmentation(text)
