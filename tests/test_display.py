"""Tests for framing.display (highlighted HTML, escaping, preview)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from framing.display import HTML, category_colours, highlight, preview, show_document
from framing.errors import InputError, ParameterError

INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]

VOID = {"br", "img", "hr", "meta", "link", "input", "wbr"}


class _Tree(HTMLParser):
    """Collect start tags, attributes and text inside the highlight container."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.balanced = True
        self.body: list[str] = []  # text inside <div class="framing-hl">
        self.hit_spans: list[tuple[str, str]] = []  # (title, text) of each hit piece
        self._depth_body: int | None = None
        self._span_stack: list[tuple[str | None, list[str]] | None] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        a = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "div" and a.get("class") == "framing-hl":
            self._depth_body = len(self.stack)
        if tag == "span":
            cls = a.get("class") or ""
            self._span_stack.append((a.get("title"), []) if "fr-hit" in cls else None)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.balanced = False
            return
        self.stack.pop()
        if tag == "span" and self._span_stack:
            item = self._span_stack.pop()
            if item is not None:
                self.hit_spans.append((item[0], "".join(item[1])))
        if self._depth_body is not None and len(self.stack) < self._depth_body:
            self._depth_body = None

    def handle_data(self, data):
        if self._depth_body is not None and self.stack and self.stack[-1] != "style":
            self.body.append(data)
            for item in self._span_stack:
                if item is not None:
                    item[1].append(data)


def parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree


def _hits(rows):
    cols = ["doc_id", "sent_id", "start", "end", "match", "entry", "category", "weight",
            "lexicon", "voice", "speaker", "negated"]
    return pd.DataFrame(rows, columns=cols)


TEXT = "Paris rejected the regime's offer.\n\nThe Kremlin called it \"a terrorist plot\", he said."


def _span(word, text=TEXT, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return i, i + len(word)


@pytest.fixture
def hits():
    s1, e1 = _span("regime's")
    s2, e2 = _span("terrorist plot")
    s3, e3 = _span("terrorist")
    return _hits([
        ("d1", 0, s1, e1, "regime's", "regime", "delegitimising", 1.0, "loaded@1", "author", None, False),
        ("d1", 1, s2, e2, "terrorist plot", "terrorist plot", "violence", 2.0, "loaded@1", "quoted",
         "The Kremlin", False),
        ("d1", 1, s3, e3, "terrorist", "terror*", "threat", 0.5, "other@2", "quoted", "The Kremlin",
         True),
    ])


def test_highlight_returns_html_with_exact_text(hits):
    out = highlight(TEXT, hits)
    assert isinstance(out, HTML)
    assert str(out) == out.data == out._repr_html_()
    tree = parse(out.data)
    assert tree.balanced and not tree.stack
    assert "".join(tree.body) == TEXT  # every character once, in order, unescaped
    texts = [t for _, t in tree.hit_spans]
    assert "regime's" in texts
    # nested hits: "terrorist" is covered by two hits, " plot" by one
    assert "terrorist" in texts and " plot" in texts
    title_terrorist = next(t for t, x in tree.hit_spans if x == "terrorist")
    assert "terror* [threat]" in title_terrorist and "terrorist plot [violence]" in title_terrorist
    assert "negated" in title_terrorist and "speaker The Kremlin" in title_terrorist
    assert "lexicon other@2" in title_terrorist and "weight 0.5" in title_terrorist
    title_plot = next(t for t, x in tree.hit_spans if x == " plot")
    assert "threat" not in title_plot


def test_highlight_styles_voice_and_category(hits):
    markup = highlight(TEXT, hits).data
    colours = category_colours(hits["category"])
    assert set(colours) == {"delegitimising", "threat", "violence"}
    assert len(set(colours.values())) == 3
    assert "fr-v-quoted" in markup
    assert "linear-gradient" in markup  # two categories on one piece: stripes
    # legend lists categories
    for cat in colours:
        assert f">{cat}</span>" in markup


def test_scare_quote_class(hits):
    scare = hits.head(1).assign(voice="scare_quote")
    markup = highlight(TEXT, scare).data
    assert 'class="fr-hit fr-v-scare_quote"' in markup


def test_crossing_hits_do_not_cross_tags():
    text = "alpha beta gamma delta"
    h = _hits([
        ("d", 0, 0, 10, "alpha beta", "alpha beta", "A", 1, "x@1", "author", None, False),
        ("d", 0, 6, 16, "beta gamma", "beta gamma", "B", 1, "y@1", "author", None, False),
        ("d", 0, 6, 16, "beta gamma", "beta gamma", "B", 1, "y@1", "quoted", "Z", False),
    ])
    tree = parse(highlight(text, h).data)
    assert tree.balanced and not tree.stack
    assert "".join(tree.body) == text
    assert [t for _, t in tree.hit_spans] == ["alpha ", "beta", " gamma"]


def test_offset_start_for_a_sentence(hits):
    s, e = _span("The Kremlin called it \"a terrorist plot\", he said.")
    sentence = TEXT[s:e]
    tree = parse(highlight(sentence, hits, start=s).data)
    assert "".join(tree.body) == sentence
    pieces = [t for _, t in tree.hit_spans]
    assert "regime's" not in "".join(pieces)  # hit from another sentence ignored
    assert pieces == ["terrorist", " plot"]


def test_hit_crossing_text_edge_is_cut():
    h = _hits([("d", 0, 3, 12, "x", "x", "A", 1, "l@1", "author", None, False)])
    tree = parse(highlight("0123456789", h, start=5).data)
    assert [t for _, t in tree.hit_spans] == ["0123456"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_escaping_everywhere(payload):
    text = f"Before {payload} the regime after."
    s, e = _span("regime", text)
    h = _hits([("d1", 0, s, e, "regime", payload, payload, payload, payload, "quoted", payload, False)])
    quotes = pd.DataFrame({"doc_id": ["d1"], "start": [0], "end": [10], "kind": ["speech"],
                           "speaker": [payload]})
    sentences = pd.DataFrame({"doc_id": ["d1"], "sent_id": [0], "start": [0], "end": [len(text)],
                              "voice": ["mixed"], "speaker": [payload]})
    docs = pd.DataFrame({"doc_id": ["d1"], "outlet": [payload], "title": [payload],
                         "author": [payload], "date": [payload], "url": [payload], "text": [text]})
    outputs = [
        highlight(text, h, quotes=quotes).data,
        show_document(docs, h, "d1", sentences=sentences, quotes=quotes).data,
    ]
    for markup in outputs:
        tree = parse(markup)
        assert tree.balanced
        assert not {"script", "img", "svg"} & set(tree.tags)
        assert all(not name.startswith("on") for name, _ in tree.attrs)
        assert payload not in markup  # never raw
        assert "&lt;" in markup
        assert payload in "".join(tree.body)  # shown as text
    # the category (payload) appears escaped in the legend
    assert "&lt;" in outputs[0].split('<div class="framing-hl">')[0]


def test_show_document_with_sentences(hits):
    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["Outlet A", "B"], "title": ["T", "U"],
                         "date": [pd.Timestamp("2024-04-04"), pd.NaT], "text": [TEXT, "other"]})
    (s0, e0), (s1, _) = _span("Paris rejected the regime's offer."), _span("The Kremlin called")
    sentences = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2"], "sent_id": [0, 1, 0], "start": [s0, s1, 0],
        "end": [e0, len(TEXT), 5], "voice": ["author", "mixed", "author"],
        "speaker": [None, "The Kremlin", None],
    })
    markup = show_document(docs, hits, "d1", sentences=sentences).data
    tree = parse(markup)
    assert tree.balanced
    assert "".join(tree.body) == TEXT
    assert 'title="sentence 1, voice mixed, speaker The Kremlin"' in markup
    assert "Outlet A" in markup and "2024-04-04" in markup
    with pytest.raises(InputError, match="nope"):
        show_document(docs, hits, "nope")


def test_show_document_colours_fixed_across_documents(hits):
    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "text": [TEXT, "a terrorist"]})
    h2 = _hits([("d2", 0, 2, 11, "terrorist", "terror*", "threat", 1, "x@1", "author", None, False)])
    both = pd.concat([hits, h2])
    colours = category_colours(both["category"])
    from framing.display import _tint

    assert _tint(colours["threat"]) in show_document(docs, both, "d2").data


def test_empty_hits_and_bad_input():
    assert parse(highlight("plain <b>", None).data).body == ["plain <b>"]
    tree = parse(highlight("plain", _hits([])).data)
    assert tree.hit_spans == [] and tree.body == ["plain"]
    with pytest.raises(ParameterError):
        highlight(None, None)
    with pytest.raises(InputError, match="start"):
        highlight("x", pd.DataFrame({"end": [1]}))


def test_preview_replaces_long_text():
    long = "word " * 100
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": [long, "short\ntext"],
                          "title": ["t" * 200, "ok"], "n": [1, 2]})
    out = preview(frame, width=20)
    assert list(out.columns) == ["doc_id", "preview", "title", "n"]
    assert out["preview"].tolist() == ["word word word word…", "short text"]
    assert len(out["title"].iloc[0]) == 20 and out["title"].iloc[1] == "ok"
    assert "text" in frame.columns and frame["text"].iloc[0] == long  # copy
    only = preview(frame, width=20, columns=["title"])
    assert "text" in only.columns and len(only["title"].iloc[0]) == 20
    with pytest.raises(ParameterError):
        preview(frame, width=1)
    with pytest.raises(ParameterError):
        preview(frame, columns=["nope"])


# ------------------------------------------------- offsets, tooltips, long documents

def test_highlight_refuses_hits_that_do_not_line_up_with_the_text(hits):
    s, e = _span("The Kremlin called it \"a terrorist plot\", he said.")
    sentence = TEXT[s:e]
    # the natural first call: a sentence's text with the document's hits, start= forgotten
    with pytest.raises(ParameterError, match="do not line up") as err:
        highlight(sentence, hits)
    assert err.value.field == "start" and "start=row.start" in err.value.hint
    pieces = [t for _, t in parse(highlight(sentence, hits, start=s).data).hit_spans]
    assert pieces == ["terrorist", " plot"]
    # case does not matter (a match is the text as written; casefold both)
    upper = hits.assign(match=hits["match"].str.upper())
    assert parse(highlight(TEXT, upper).data).hit_spans
    # hits of another document at the same offsets
    with pytest.raises(ParameterError, match="do not line up"):
        highlight("Paris accepted the others' offer.", hits)
    # a hit cut at the text's edge is compared on the part inside the text
    t = _span("terrorist")[0] + 2
    cut = highlight(TEXT[t:], hits, start=t)
    assert [t for _, t in parse(cut.data).hit_spans] == ["rrorist", " plot"]
    # frames without a match column are not checked (nothing to compare with)
    assert parse(highlight(sentence, hits.drop(columns="match")).data).hit_spans


def test_tooltips_say_unknown_not_nan_for_missing_values(hits):
    # frames read back from Parquet or the cache hold NaN where fresh frames hold None
    s, e = _span("a terrorist plot")
    quotes = pd.DataFrame({"doc_id": ["d1"], "start": [s - 1], "end": [e + 1], "kind": ["scare"],
                           "speaker": [float("nan")]})
    sentences = pd.DataFrame({"doc_id": ["d1"], "sent_id": [0], "start": [0], "end": [len(TEXT)],
                              "voice": ["mixed"], "speaker": [float("nan")]})
    nan_hits = hits.assign(speaker=float("nan"), entry=[float("nan"), "terrorist plot", "terror*"])
    docs = pd.DataFrame({"doc_id": ["d1"], "text": [TEXT]})
    for markup in (highlight(TEXT, nan_hits, quotes=quotes).data,
                   show_document(docs, nan_hits, "d1", sentences=sentences, quotes=quotes).data):
        assert "quotation (scare), speaker unknown" in markup
        assert "nan" not in markup.replace("&", " ").split("</style>", 1)[1].lower()
    assert 'title="sentence 0, voice mixed"' in show_document(docs, nan_hits, "d1",
                                                              sentences=sentences).data


def _long_document(n_sentences: int):
    """A document of ``n_sentences`` sentences, each with two hits, and quotations that
    span three sentences each."""
    sent = "The regime spread propaganda again. "
    text = sent * n_sentences
    hits, sentences, quotes = [], [], []
    for k in range(n_sentences):
        a = k * len(sent)
        sentences.append(("d", k, a, a + len(sent) - 1, "author", None))
        for word, cat in (("regime", "delegitimising"), ("propaganda", "delegitimising")):
            i = a + sent.index(word)
            hits.append(("d", k, i, i + len(word), word, word, cat, 1.0, "l@1", "author", None, False))
        if k % 3 == 0:
            quotes.append(("d", a + 4, min(a + 3 * len(sent) - 2, len(text)), "speech", "Ivanov"))
    return (pd.DataFrame({"doc_id": ["d"], "text": [text]}), _hits(hits),
            pd.DataFrame(sentences, columns=["doc_id", "sent_id", "start", "end", "voice", "speaker"]),
            pd.DataFrame(quotes, columns=["doc_id", "start", "end", "kind", "speaker"]))


def test_show_document_hands_each_sentence_only_its_own_items(monkeypatch):
    """Linear work: each sentence is rendered with the hits and quotations that overlap
    it, not all of the document's (which made a 32,000-word document take 33 s)."""
    import framing.display as display

    seen: list[int] = []
    real = display._render

    def spy(*args, **kwargs):
        seen.append(sum(len(a) for a in args if isinstance(a, list)))
        return real(*args, **kwargs)

    monkeypatch.setattr(display, "_render", spy)
    counts = {}
    for n in (60, 240):
        seen.clear()
        docs, hits, sentences, quotes = _long_document(n)
        markup = show_document(docs, hits, "d", sentences=sentences, quotes=quotes).data
        assert "".join(parse(markup).body) == docs.text[0]
        counts[n] = sum(seen)
        # every hit in its sentence once, every quotation in the (up to 3) sentences and
        # gaps it spans
        assert counts[n] <= len(hits) + 6 * len(quotes)
    assert counts[240] <= 4.5 * counts[60]  # 4x the sentences: about 4x the work


def test_show_document_pieces_carry_exactly_the_items_covering_them():
    """Random overlapping hits and quotations across sentence boundaries: each
    character's tooltip names exactly the hits covering it (brute force)."""
    import random
    from html.parser import HTMLParser

    rng = random.Random(5)
    text = "".join(rng.choice("abcde ") for _ in range(400))
    bounds = sorted(rng.sample(range(1, 400), 30))
    sentences = pd.DataFrame([("d", i, a, b, "author", None) for i, (a, b) in
                              enumerate(zip([0, *bounds], [*bounds, 400], strict=True))],
                             columns=["doc_id", "sent_id", "start", "end", "voice", "speaker"])
    rows = []
    for k in range(80):
        a = rng.randrange(400)
        b = min(400, a + rng.randint(1, 25))
        rows.append(("d", 0, a, b, text[a:b], f"e{k}", rng.choice("XYZ"), 1.0, "l@1", "author",
                     None, False))
    hits = _hits(rows)
    quotes = pd.DataFrame([("d", a, a + rng.randint(5, 60), "speech", f"S{k}")
                           for k, a in enumerate(rng.sample(range(340), 8))],
                          columns=["doc_id", "start", "end", "kind", "speaker"])
    markup = show_document(pd.DataFrame({"doc_id": ["d"], "text": [text]}), hits, "d",
                           sentences=sentences, quotes=quotes).data

    class Offsets(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.pos, self.on, self.titles = [], 0, False, {}

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.on = self.on or (tag == "div" and a.get("class") == "framing-hl")
            self.stack.append(a.get("title") if "fr-sent" not in (a.get("class") or "") else None)

        def handle_endtag(self, tag):
            self.stack.pop()

        def handle_data(self, data):
            if self.on and self.stack and self.stack[-1] != "style" and "</style>" not in data:
                for i in range(len(data)):
                    self.titles[self.pos + i] = self.stack[-1] or ""
                self.pos += len(data)

    p = Offsets()
    p.feed(markup.split("</style>", 1)[1])
    assert p.pos == len(text)
    for i in range(len(text)):
        want = {f"e{k}" for k, r in enumerate(rows) if r[2] <= i < r[3]}
        got = {w.split(" [")[0] for w in p.titles[i].split("\n") if w.startswith("e")}
        assert got == want, i
        q = [f"S{k}" for k, (_, a, b, _, _) in enumerate(quotes.itertuples(index=False)) if a <= i < b]
        assert (f"speaker {q[0]}" in p.titles[i]) if q else ("quotation" not in p.titles[i])
