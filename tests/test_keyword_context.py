"""Tests for framing.keyword_context (keyword in context)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.keyword_context import KWIC_COLUMNS, KwicFrame, kwic, term_pattern
from framing.sentences import sentences_frame

DOC_A = (
    "One two three four five six seven eight nine ten the regime eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty.\n\n"
    "New paragraph: the Regime's envoys met. A neo-fascist group and a warship were seen; "
    "the war went on.\n\n"
    "He said \"the regime\nis finished\" and the U.S. agreed. Its ‘Western partners’ cheered."
)
DOC_B = "Officials called it a REGIME change. Imperialist and imperialism are words, says the Kremlin."


@pytest.fixture
def docs():
    return pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Outlet A", "Outlet B"],
                         "text": [DOC_A, DOC_B]})


def _at(text, word, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return i, i + len(word)


@pytest.fixture
def hits():
    rows = []
    for doc, text, word, nth, entry, cat, voice, speaker in [
        ("a", DOC_A, "regime", 0, "regime", "delegit", "author", None),
        ("a", DOC_A, "Regime's", 0, "regime", "delegit", "scare_quote", None),
        ("a", DOC_A, "regime", 1, "regime", "delegit", "quoted", "He"),
        ("b", DOC_B, "REGIME", 0, "regime", "delegit", "author", None),
        ("b", DOC_B, "Imperialist", 0, "imperialis*", "ideology", "author", None),
    ]:
        s, e = _at(text, word, nth)
        rows.append((doc, 0, s, e, text[s:e], entry, cat, 1.0, "lex@1", voice, speaker, False))
    cols = ["doc_id", "sent_id", "start", "end", "match", "entry", "category", "weight",
            "lexicon", "voice", "speaker", "negated"]
    return pd.DataFrame(rows, columns=cols)


def test_hits_mode_filters(docs, hits):
    k = kwic(docs, hits, term="REGIME")
    assert isinstance(k, KwicFrame)
    assert list(k.columns) == KWIC_COLUMNS
    assert len(k) == 4
    assert k["doc_id"].tolist() == ["a", "a", "a", "b"]  # documents order, then offset
    assert k["outlet"].tolist() == ["Outlet A"] * 3 + ["Outlet B"]
    assert kwic(docs, hits, term="Imperialist")["entry"].tolist() == ["imperialis*"]  # by match
    assert len(kwic(docs, hits, term="imperial*")) == 1
    assert kwic(docs, hits, category="IDEOLOGY")["match"].tolist() == ["Imperialist"]
    assert len(kwic(docs, hits, term="regime", voice="author")) == 3  # scare quotes included
    assert kwic(docs, hits, term="regime", voice="quoted")["speaker"].tolist() == ["He"]
    assert len(kwic(docs, hits, outlet="Outlet B")) == 2
    assert len(kwic(docs, hits, limit=2)) == 2
    assert kwic(docs, hits, term="nothing").empty


def test_an_outlet_the_documents_do_not_have_is_an_error(docs, hits):
    """outlet='Outlet Bb' returned an empty KwicFrame ("0 occurrences"): it is a ParameterError
    naming the parameter, the outlets the frame has and the closest one, with hits or a term."""
    for source in (hits, "regime"):
        with pytest.raises(ParameterError, match="unknown outlet 'Outlet Bb'") as info:
            kwic(docs, source, outlet="Outlet Bb")
        assert info.value.field == "outlet"
        assert "did you mean 'Outlet B'?" in str(info.value)
        assert "Outlet A, Outlet B" in info.value.hint
    with pytest.raises(ParameterError, match="unknown outlet 'nowhere'"):
        kwic(docs, hits, outlet=["Outlet A", "nowhere"])
    assert kwic(docs, hits, outlet=["Outlet A", "Outlet B"])["outlet"].nunique() == 2
    # an outlet without any occurrence of the term is a real, empty answer
    assert kwic(docs, "imperialist", outlet="Outlet A").empty


def test_window_words_and_paragraph_bound(docs, hits):
    k = kwic(docs, hits, term="regime", window=3)
    first = k.iloc[0]
    assert first["left"] == "eight nine ten the"[len("eight "):]  # exactly 3 words
    assert first["right"] == "eleven twelve thirteen"
    second = k.iloc[1]  # first words of a paragraph: no context from the paragraph before
    assert second["left"] == "New paragraph: the"
    assert second["match"] == "Regime's"
    assert second["right"] == "envoys met. A"
    big = kwic(docs, hits, term="regime", window=50).iloc[0]
    assert big["right"].endswith("twenty.")  # stops at the paragraph end, punctuation kept
    assert "New" not in big["right"]
    zero = kwic(docs, hits, term="regime", window=0).iloc[0]
    assert zero["left"] == "" and zero["right"] == ""


def test_offsets_point_at_match(docs, hits):
    k = kwic(docs, "regime")
    texts = dict(zip(docs.doc_id, docs.text, strict=True))
    for r in k.itertuples():
        raw = texts[r.doc_id][r.start : r.end]
        assert " ".join(raw.split()) == r.match


def test_search_token_bounds_and_case(docs):
    m = kwic(docs, "regime")
    assert m["match"].tolist() == ["regime", "Regime's", "regime", "REGIME"]
    assert kwic(docs, "fascist").empty  # inside neo-fascist
    assert kwic(docs, "neo-fascist")["match"].tolist() == ["neo-fascist"]
    assert kwic(docs, "war")["match"].tolist() == ["war"]  # not warship
    assert kwic(docs, "imperialis*")["match"].tolist() == ["Imperialist", "imperialism"]
    assert kwic(docs, "U.S.")["match"].tolist() == ["U.S."]  # dots are literal
    assert kwic(docs, "UxSx").empty
    assert kwic(docs, "western partners")["match"].tolist() == ["Western partners"]
    assert kwic(docs, "the Kremlin")["match"].tolist() == ["the Kremlin"]
    # a phrase may span a line break but not a paragraph break
    assert kwic(docs, "regime is finished")["match"].tolist() == ["regime is finished"]
    assert kwic(docs, "twenty new paragraph").empty


def test_term_pattern_apostrophes_and_empty():
    assert term_pattern("regime's").search("the regime’s envoy")
    assert term_pattern("don't").search("I don’t know")
    assert not term_pattern("don").search("I don't know")
    with pytest.raises(ParameterError):
        term_pattern("  ")
    with pytest.raises(ParameterError):
        term_pattern("*")


def test_search_sent_id_and_sentence_voice(docs):
    sentences = sentences_frame(docs)
    without = kwic(docs, "regime")
    with_s = kwic(docs, "regime", sentences=sentences)
    assert without["sent_id"].tolist() == with_s["sent_id"].tolist()
    for r in with_s.itertuples():
        row = sentences[(sentences.doc_id == r.doc_id) & (sentences.sent_id == r.sent_id)].iloc[0]
        assert row.start <= r.start < row.end
    sentences.loc[(sentences.doc_id == "b"), ["voice", "speaker"]] = ["quoted", "Someone"]
    q = kwic(docs, "regime", sentences=sentences, voice="quoted")
    assert q["doc_id"].tolist() == ["b"] and q["speaker"].tolist() == ["Someone"]
    with pytest.raises(ParameterError, match="sentences"):
        kwic(docs, "regime", voice="author")


def test_search_quotes_and_callable_voice(docs):
    qs, _ = _at(DOC_A, '"the regime')
    _, qe = _at(DOC_A, 'finished"')
    ws, we = _at(DOC_A, "‘Western partners’")
    quotes = pd.DataFrame({"doc_id": ["a", "a"], "quote_id": [0, 1], "start": [qs, ws],
                           "end": [qe, we], "kind": ["speech", "scare"], "speaker": ["He", None]})
    k = kwic(docs, "regime", quotes=quotes)
    assert k["voice"].tolist() == ["author", "author", "quoted", "author"]
    assert k["speaker"].tolist()[2] == "He"
    assert kwic(docs, "western partners", quotes=quotes)["voice"].tolist() == ["scare_quote"]
    assert len(kwic(docs, "regime", quotes=quotes, voice="author")) == 3

    calls = []

    def span_voice(doc_id, start, end):
        calls.append((doc_id, start, end))
        return ("quoted", f"S-{doc_id}")

    k2 = kwic(docs, "regime", quotes=quotes, span_voice=span_voice)
    assert set(k2["voice"]) == {"quoted"} and k2["speaker"].tolist()[-1] == "S-b"
    assert calls[0] == ("a", int(k2.iloc[0]["start"]), int(k2.iloc[0]["end"]))


def test_parameter_errors(docs, hits):
    with pytest.raises(ParameterError):
        kwic(docs, hits, window=-1)
    with pytest.raises(ParameterError):
        kwic(docs, hits, voice="narrator")
    with pytest.raises(ParameterError):
        kwic(docs, "regime", term="x")
    with pytest.raises(ParameterError):
        kwic(docs, 42)
    with pytest.raises(InputError):
        kwic(docs.drop(columns="text"), "regime")
    with pytest.raises(InputError):
        kwic(docs, hits.drop(columns="start"))


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.cells, self.marks, self._cell, self._td_class = [], [], [], None, None
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "td":
            self._cell, self._td_class = [], a.get("class")
        if tag == "mark":
            self._in_mark = True
            self.marks.append([a.get("class"), ""])

    def handle_endtag(self, tag):
        if tag == "td":
            self.cells.append((self._td_class, "".join(self._cell)))
            self._cell = None
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_mark:
            self.marks[-1][1] += data


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                     '"><svg onload=alert(1)>'])
def test_html_escapes_and_marks(payload):
    text = f"{payload} before the regime after {payload}"
    docs = pd.DataFrame({"doc_id": ["x"], "outlet": [payload], "text": [text]})
    s, e = _at(text, "regime")
    hits = pd.DataFrame({"doc_id": ["x"], "sent_id": [0], "start": [s], "end": [e],
                         "match": ["regime"], "entry": [payload], "category": [payload],
                         "voice": ["quoted"], "speaker": [payload]})
    k = kwic(docs, hits, window=20)
    markup = k._repr_html_()
    p = _Cells()
    p.feed(markup)
    assert not {"script", "img", "svg"} & set(p.tags)
    assert payload not in markup
    assert p.marks == [["kwic-quoted", "regime"]]
    by_class = {}
    for cls, txt in p.cells:
        by_class.setdefault(cls, []).append(txt)
    assert by_class["kwic-left"] == [f"{payload} before the"]
    assert by_class["kwic-right"] == [f"after {payload}"]
    assert payload in by_class["kwic-meta"]  # outlet and speaker shown as text
    assert "text-align:right" in markup


def test_html_falls_back_without_kwic_columns(docs, hits):
    k = kwic(docs, hits)
    assert "<mark" not in k[["doc_id", "start"]]._repr_html_()


def test_to_text_alignment(docs, hits):
    k = kwic(docs, hits, term="regime")
    lines = k.to_text(width=90).splitlines()
    assert len(lines) == 4
    cols = {line.index(m) for line, m in zip(lines, k["match"], strict=True)}
    assert len(cols) == 1  # every match starts in the same column
    assert all(len(line) <= 90 for line in lines)
    assert "…" in lines[0]  # long left context cut on the left
    assert k.to_text(width=90, max_rows=2).splitlines()[-1] == "... 2 more lines"
    assert k.iloc[:0].to_text() == "(no matches)"


def _columns(text: str) -> int:
    """Terminal columns of ``text``, counted independently of framing.keyword_context."""
    import unicodedata

    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_to_text_aligns_by_display_width():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "outlet": ["o", "o", "北京日报", "o"],
        "text": ["Officials in Paris called it a regime of lies today.",
                 "北京的官员 称之为 regime 这是 谎言",
                 "Le re\u0301gime? Non: the café said the regime is fine.",
                 "長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い "
                 "長い長い長い長い長い長い長い長い 称之为 regime"],
    })
    k = kwic(docs, "regime", window=30)
    lines = k.to_text(width=70).splitlines()
    assert len(lines) == 4
    starts = {_columns(line[: line.index(" regime")]) for line in lines}
    assert len(starts) == 1  # the match starts in the same terminal column on every line
    assert all(_columns(line) <= 70 for line in lines)
    assert "…" in lines[3]  # the wide left context is cut on the left, by columns
    assert "北京日报" in lines[2]  # a wide outlet name is padded by its width (8 columns)


# ----------------------------------------------------------------------- CLI

def test_cli_kwic_on_sample_corpus(capsys):
    from framing.cli.main import main
    from tests.conftest import SAMPLE

    code = main(["kwic", str(SAMPLE), "western partner*", "--no-cache", "--width", "140"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    lines = [ln for ln in out if "Western partners" in ln]
    assert len(lines) == 2
    assert any(ln.startswith("wsws") and "scare_quote" in ln for ln in lines)
    assert any(ln.startswith("civic_ledger") and " author " in ln for ln in lines)
    n_articles = len(list(SAMPLE.rglob("*.txt")))
    assert out[-1] == f"2 occurrence(s) of 'western partner*' in 2 document(s) of {n_articles}"

    code = main(["kwic", str(SAMPLE), "regime", "--voice", "author", "--outlet", "civic_ledger",
                 "--limit", "2", "--window", "3", "--no-cache", "--width", "100"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 4 and out[2].startswith("... ")
    assert all(ln.startswith("civic_ledger author") for ln in out[:2])
    assert all(len(ln) <= 100 for ln in out[:2])


def test_cli_kwic_loaded_and_usage_errors(capsys):
    from framing.cli.main import main
    from tests.conftest import SAMPLE

    code = main(["kwic", str(SAMPLE), "regime", "--loaded", "--no-cache", "--limit", "0"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    n = int(out[-1].split()[0])
    assert n > 0 and len(out) == n + 1  # --limit 0 prints every line, then the summary
    assert "occurrence(s) of 'regime'" in out[-1]
    assert all("regime" in ln.lower() for ln in out[:-1])
    assert main(["kwic", str(SAMPLE), "--no-cache"]) == 2  # TERM missing
    assert main(["kwic", str(SAMPLE), "x", "--category", "threat", "--no-cache"]) == 2
    assert "--loaded" in capsys.readouterr().err


def test_word_mode_keeps_longer_entries_that_contain_the_term(docs, hits):
    longer = hits.iloc[[0]].assign(entry="regime change", match="REGIME change")
    longer[["start", "end"]] = [_at(DOC_B, "REGIME change")]
    longer["doc_id"] = "b"
    frame = pd.concat([hits, longer], ignore_index=True)
    assert len(kwic(docs, frame, term="regime")) == 4  # mode="entry": the entry itself
    words = kwic(docs, frame, term="regime", mode="word")
    assert len(words) == 5 and "regime change" in words["entry"].tolist()
    # token-bounded: 'regime' is not a word of 'imperialis*' hits, and 'imperial' is no word
    assert len(kwic(docs, frame, term="imperial", mode="word")) == 0
    assert kwic(docs, frame, term="imperialis*", mode="word")["match"].tolist() == ["Imperialist"]
    with pytest.raises(ParameterError, match="mode"):
        kwic(docs, frame, term="regime", mode="words")


def test_search_terms_are_unicode_normalised_like_corpus_texts():
    assert term_pattern("nai\u0308ve").search("a na\u00efve view")
    assert term_pattern("re\u00adgime").search("the regime fell")
