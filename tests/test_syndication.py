"""Tests for framing.syndication (near-duplicate detection)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from framing import syndication
from framing.errors import InputError, ParameterError
from framing.syndication import DUPLICATE_COLUMNS, doc_weights, exclusion_set, find_duplicates

WIRE = (
    "MOSCOW (Wire) - Russia's defence minister offered talks on Ukraine in a phone call "
    "with his French counterpart on Wednesday, the first such conversation in more than a "
    "year, officials in both capitals said.\n\n"
    "According to the Russian statement, there was a noticeable willingness to dialogue "
    "over Ukraine, and the starting point could be the Istanbul initiative for peace. The "
    "French ministry said the call had been requested by Moscow and that Paris had rejected "
    "any talks held over the heads of Ukrainians.\n\n"
    "The minister also raised the attack on a concert hall near Moscow last month, saying "
    "Russia hoped French intelligence services would share what they knew. France said it had "
    "no information linking Ukraine to the attack, for which a regional branch of the Islamic "
    "State group has claimed responsibility.\n\n"
    "Relations between Paris and Moscow have worsened since the French president said in "
    "February that sending Western troops to Ukraine could not be ruled out. Several allies "
    "distanced themselves from the remark, while the Kremlin warned of a direct conflict "
    "between Russia and the alliance."
)

# Lightly edited copies of WIRE: a sentence added, punctuation and quote marks changed,
# a few words edited, the dateline dropped.
COPY_SENTENCE = WIRE.replace(
    "officials in both capitals said.",
    "officials in both capitals said. The call lasted about an hour, according to a person "
    "familiar with it.",
)
COPY_PUNCT = (
    WIRE.replace("Russia's", "Russia’s")
    .replace(", and the starting point", " — and the starting point")
    .replace("the Islamic State group", "the “Islamic State” group")
    .replace("\n\n", "\n")
)
COPY_EDITED = (
    WIRE.replace("MOSCOW (Wire) - ", "")
    .replace("on Wednesday", "on Wednesday afternoon")
    .replace("worsened", "deteriorated")
    .replace("Several allies", "Several European allies")
)

# Same event, written independently (shares names and a short quotation, not the text).
SAME_EVENT = (
    "Paris turned down a Russian proposal for peace negotiations after an unusual telephone "
    "conversation between the two defence ministers, French officials told reporters.\n\n"
    "Moscow's readout spoke of a noticeable willingness to dialogue over Ukraine, but the "
    "French side insisted it would not negotiate on Kyiv's behalf and repeated its support "
    "for the Ukrainian government.\n\n"
    "Analysts in Paris said the Kremlin was trying to split Western capitals after the "
    "French leader refused to exclude a deployment of troops, a position that surprised "
    "Germany and other partners."
)
OTHER = (
    "The city council approved a new budget for public libraries on Tuesday, adding funds "
    "for longer opening hours and a mobile library serving outlying villages. The vote was "
    "unanimous after a short debate about the cost of heating older buildings."
)


def _docs(rows):
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]).assign(
        date=lambda d: pd.to_datetime(d["date"], format="ISO8601")
    )


def _naive_jaccard(a: str, b: str, k: int = 5) -> float:
    def sh(t):
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)} if len(w) >= k else {tuple(w)}

    A, B = sh(a), sh(b)
    return len(A & B) / len(A | B)


@pytest.fixture
def planted():
    return _docs(
        [
            ("d-wire", "Wire", "2024-04-03 10:00", WIRE),
            ("d-sent", "Outlet A", "2024-04-03 12:00", COPY_SENTENCE),
            ("d-punct", "Outlet B", "2024-04-04", COPY_PUNCT),
            ("d-edit", "Outlet C", "2024-04-03 11:00", COPY_EDITED),
            ("d-same", "Outlet D", "2024-04-03", SAME_EVENT),
            ("d-other", "Outlet A", "2024-04-02", OTHER),
        ]
    )


def test_planted_copies_form_one_cluster(planted):
    dups = find_duplicates(planted)
    assert list(dups.columns) == DUPLICATE_COLUMNS
    assert set(dups["doc_id"]) == {"d-wire", "d-sent", "d-punct", "d-edit"}
    assert dups["cluster_id"].nunique() == 1
    assert (dups["n_outlets"] == 4).all()
    # earliest date first: the wire story (10:00) before the edited copy (11:00)
    first = dups.loc[dups["is_first"], "doc_id"].tolist()
    assert first == ["d-wire"]
    assert dups.iloc[0]["doc_id"] == "d-wire"
    assert dups.iloc[0]["similarity"] == 1.0


def test_same_event_and_unrelated_not_flagged(planted):
    dups = find_duplicates(planted)
    assert "d-same" not in set(dups["doc_id"])
    assert "d-other" not in set(dups["doc_id"])
    assert _naive_jaccard(WIRE, SAME_EVENT) < 0.05


def test_similarity_is_exact_jaccard_to_first(planted):
    dups = find_duplicates(planted).set_index("doc_id")
    texts = planted.set_index("doc_id")["text"]
    for doc_id in ["d-sent", "d-punct", "d-edit"]:
        expected = _naive_jaccard(texts["d-wire"], texts[doc_id])
        assert dups.loc[doc_id, "similarity"] == pytest.approx(expected)
    # punctuation and quote-mark changes do not change the words at all
    assert dups.loc["d-punct", "similarity"] == pytest.approx(1.0)
    assert 0.5 < dups.loc["d-edit", "similarity"] < 1.0


def test_threshold_controls_clusters(planted):
    strict = find_duplicates(planted, threshold=0.999)
    assert set(strict["doc_id"]) == {"d-wire", "d-punct"}
    with pytest.raises(ParameterError):
        find_duplicates(planted, threshold=0)
    with pytest.raises(ParameterError):
        find_duplicates(planted, threshold=1.5)


def test_is_first_tie_break_and_missing_dates():
    docs = _docs(
        [
            ("b", "X", "2024-01-01", WIRE),
            ("a", "Y", "2024-01-01", COPY_SENTENCE),
            ("c", "Z", None, COPY_PUNCT),
        ]
    )
    dups = find_duplicates(docs)
    assert dups.loc[dups["is_first"], "doc_id"].tolist() == ["a"]  # same date: smallest id
    assert dups["doc_id"].tolist() == ["a", "b", "c"]  # NaT sorts last
    no_dates = docs.drop(columns="date")
    assert find_duplicates(no_dates).loc[lambda d: d.is_first, "doc_id"].tolist() == ["a"]


def test_same_outlet_reposts_have_n_outlets_one():
    docs = _docs([("x1", "BBC", "2024-01-01", WIRE), ("x2", "BBC", "2024-01-02", COPY_EDITED)])
    dups = find_duplicates(docs)
    assert (dups["n_outlets"] == 1).all()


def test_no_duplicates_gives_empty_frame_with_schema():
    docs = _docs([("a", "X", "2024-01-01", WIRE), ("b", "Y", "2024-01-01", OTHER)])
    dups = find_duplicates(docs)
    assert dups.empty
    assert list(dups.columns) == DUPLICATE_COLUMNS
    assert exclusion_set(dups) == set()
    assert doc_weights(dups, docs).tolist() == [1.0, 1.0]


def test_empty_and_short_texts():
    docs = _docs(
        [
            ("e1", "X", None, ""),
            ("e2", "Y", None, "  ...  "),
            ("s1", "X", None, "Breaking news!"),
            ("s2", "Y", None, "breaking NEWS"),
            ("s3", "Z", None, "Breaking sports news"),
        ]
    )
    dups = find_duplicates(docs)
    assert set(dups["doc_id"]) == {"s1", "s2"}  # empty texts are never duplicates


def test_input_errors(planted):
    with pytest.raises(InputError, match="text"):
        find_duplicates(planted.drop(columns="text"))
    with pytest.raises(InputError, match="more than once"):
        find_duplicates(pd.concat([planted, planted.head(1)]))


def _random_corpus(n_docs, rng, n_words=(150, 400)):
    vocab = np.array([f"w{i}" for i in range(3000)])
    p = 1.0 / np.arange(1, len(vocab) + 1)
    p /= p.sum()
    texts = []
    for _ in range(n_docs):
        words = rng.choice(vocab, size=rng.integers(*n_words), p=p)
        texts.append(" ".join(words) + ".")
    return texts


def _light_edit(text, rng):
    words = text.split()
    for _ in range(3):  # three one-word edits
        words[rng.integers(len(words))] = "edited"
    words.insert(rng.integers(len(words)), "An added sentence of a few words, here.")
    return " ".join(words).replace(".", "!")


def test_recall_on_planted_copies_in_random_corpus():
    rng = np.random.default_rng(7)
    texts = _random_corpus(400, rng)
    sources = rng.choice(len(texts), size=40, replace=False)
    copies = [_light_edit(texts[i], rng) for i in sources]
    docs = pd.DataFrame(
        {
            "doc_id": [f"o{i:04d}" for i in range(len(texts))] + [f"c{i:04d}" for i in sources],
            "outlet": ["orig"] * len(texts) + ["copy"] * len(copies),
            "text": texts + copies,
        }
    )
    dups = find_duplicates(docs)
    clusters = dups.groupby("cluster_id")["doc_id"].apply(set).tolist()
    expected = [{f"o{i:04d}", f"c{i:04d}"} for i in sources]
    assert sorted(map(sorted, clusters)) == sorted(map(sorted, expected))


def test_chunked_processing_gives_same_result(planted, monkeypatch):
    whole = find_duplicates(planted)
    monkeypatch.setattr(syndication, "_CHUNK_CHARS", 300)
    chunked = find_duplicates(planted)
    pd.testing.assert_frame_equal(whole, chunked)


def test_large_bucket_stays_one_cluster():
    n = syndication.MAX_BUCKET_PAIRS + 15
    docs = pd.DataFrame(
        {"doc_id": [f"d{i:03d}" for i in range(n)], "outlet": [f"o{i % 7}" for i in range(n)],
         "text": [WIRE] * n}
    )
    dups = find_duplicates(docs)
    assert len(dups) == n
    assert dups["cluster_id"].nunique() == 1
    assert (dups["n_outlets"] == 7).all()
    assert dups["is_first"].sum() == 1


def test_banding_reaches_candidate_recall():
    for t in (0.3, 0.5, 0.8):
        r, b = syndication.banding(t)
        assert 1 - (1 - t**r) ** b >= syndication.CANDIDATE_RECALL
        assert r * b <= syndication.NUM_PERM


def test_exclusion_set_and_weights(planted):
    dups = find_duplicates(planted)
    assert exclusion_set(dups) == {"d-sent", "d-punct", "d-edit"}
    assert exclusion_set(dups, keep="none") == {"d-wire", "d-sent", "d-punct", "d-edit"}
    with pytest.raises(ParameterError):
        exclusion_set(dups, keep="last")
    w = doc_weights(dups)
    assert set(w.index) == {"d-wire", "d-sent", "d-punct", "d-edit"}
    assert np.allclose(w.to_numpy(), 0.25)
    full = doc_weights(dups, planted)
    assert full.index.tolist() == planted["doc_id"].tolist()
    assert full["d-other"] == 1.0 and full["d-same"] == 1.0
    assert full.sum() == pytest.approx(3.0)  # one cluster counts once, plus two singles
    assert doc_weights(dups, ["d-wire", "zzz"]).tolist() == [0.25, 1.0]
    with pytest.raises(InputError):
        exclusion_set(dups.drop(columns="is_first"))


FOOTER = (
    "The Harbor Ledger is a nonprofit, nonpartisan newsroom that informs residents about "
    "politics and policy. Our journalism is funded by readers like you. If you value "
    "independent local reporting, please consider making a tax-deductible donation today. "
    "You may republish this article for free under a Creative Commons license, provided you "
    "credit the Harbor Ledger and link back to the original story on our website. Questions, "
    "corrections or story tips can be sent to our newsroom by calling the reader desk."
)
BRIEFS = [
    "The city council voted 7-2 on Monday to approve a new bus lane on Harbor Street, a "
    "project that opponents said would hurt small shops near the waterfront.",
    "State regulators fined the regional water utility $2 million for repeated sewage spills "
    "into the bay during last winter's storms, the agency announced Thursday.",
    "A fire at a recycling plant in the industrial district sent thick smoke over three "
    "neighbourhoods on Saturday; officials urged residents to keep windows closed.",
    "The school board postponed a decision on closing two elementary schools after hundreds "
    "of parents packed a meeting that ran past midnight on Wednesday.",
    "Mayor Lin proposed a property tax freeze for seniors in her budget address, saying "
    "rising assessments were pushing long-time residents out of the city.",
]


def _footer_docs():
    return _docs(
        [(f"b{i}", "Harbor Ledger", f"2024-03-0{i + 1}", f"{b}\n\n{FOOTER}")
         for i, b in enumerate(BRIEFS)]
    )


def test_outlet_footer_does_not_make_distinct_briefs_duplicates():
    docs = _footer_docs()
    assert find_duplicates(docs).empty
    # without the boilerplate rule the footer alone makes them one cluster
    old = find_duplicates(docs, boilerplate_min_docs=None)
    assert len(old) == 5 and old["cluster_id"].nunique() == 1


def test_boilerplate_rule_keeps_wire_copies_and_republished_footers():
    docs = _footer_docs()
    wire_rows = [
        ("w-ledger", "Harbor Ledger", "2024-04-03 10:00", f"{COPY_SENTENCE}\n\n{FOOTER}"),
        ("w-a", "Outlet A", "2024-04-03 11:00", COPY_PUNCT),
        ("w-b", "Outlet B", "2024-04-03 12:00", WIRE),
        # Outlet C republishes a Ledger brief with the Ledger's footer
        ("b0-copy", "Outlet C", "2024-03-02", f"{BRIEFS[0]}\n\n{FOOTER}"),
    ]
    docs = pd.concat([docs, _docs(wire_rows)], ignore_index=True)
    dups = find_duplicates(docs)
    clusters = sorted(sorted(g) for g in dups.groupby("cluster_id")["doc_id"].apply(list))
    assert clusters == [["b0", "b0-copy"], ["w-a", "w-b", "w-ledger"]]


def test_reposts_of_one_story_by_one_outlet_are_still_found():
    # six lightly edited versions in one outlet: the story's shingles are in six of
    # the outlet's documents (boilerplate by count), but the documents are almost
    # nothing else, so they are compared whole
    versions = [WIRE.replace("Wednesday", day) for day in
                ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")]
    docs = _docs([(f"v{i}", "Outlet A", f"2024-04-0{i + 1}", v) for i, v in enumerate(versions)]
                 + [("other", "Outlet A", "2024-04-01", OTHER)])
    dups = find_duplicates(docs)
    assert sorted(dups["doc_id"]) == [f"v{i}" for i in range(6)]
    assert dups["cluster_id"].nunique() == 1


def test_quotes_frame_leaves_shared_quotation_out():
    from framing.quotes import find_quotes, quotes_frame

    rng = np.random.default_rng(5)
    statement = " ".join(f"w{i}" for i in rng.integers(0, 10**6, size=260))
    own_a = " ".join(f"a{i}" for i in rng.integers(0, 10**6, size=90))
    own_b = " ".join(f"b{i}" for i in rng.integers(0, 10**6, size=90))
    docs = _docs([
        ("A1", "A", "2024-04-02", f'{own_a}. The minister said: "{statement}."'),
        ("B1", "B", "2024-04-03", f'{own_b}. The minister said: "{statement}."'),
    ])
    quotes = pd.concat([quotes_frame(find_quotes(t), d)
                        for d, t in zip(docs.doc_id, docs.text, strict=True)])
    assert set(quotes["kind"]) == {"speech"}
    assert len(find_duplicates(docs)) == 2  # the quotation alone makes them copies
    assert find_duplicates(docs, quotes=quotes).empty
    # wire copies are still copies when their quotations are left out
    wire = _docs([("w1", "A", "2024-04-02", WIRE), ("w2", "B", "2024-04-03", COPY_PUNCT)])
    wq = pd.concat([quotes_frame(find_quotes(t), d)
                    for d, t in zip(wire.doc_id, wire.text, strict=True)])
    assert len(find_duplicates(wire, quotes=wq)) == 2
    with pytest.raises(InputError):
        find_duplicates(docs, quotes=quotes.drop(columns="kind"))


@pytest.mark.parametrize("bad", [1, 0, True, 2.5, "5"])
def test_boilerplate_min_docs_is_validated(planted, bad):
    with pytest.raises(ParameterError, match="boilerplate_min_docs"):
        find_duplicates(planted, boilerplate_min_docs=bad)


def test_the_earliest_copy_is_kept_across_utc_offsets():
    # 13:00 at +02:00 is 11:00 UTC, before 12:30 UTC; mixed offsets raised a pandas error
    text = "The wire story about the talks in Paris went on for many words. " * 20
    docs = pd.DataFrame({"doc_id": ["copy", "orig"], "outlet": ["paper", "wire"],
                         "date": ["2024-04-04T12:30:00Z", "2024-04-04 13:00:00+02:00"],
                         "text": [text, text]})
    kept = find_duplicates(docs).set_index("doc_id")["is_first"]
    assert kept.to_dict() == {"orig": True, "copy": False}


def test_story_updated_by_one_outlet_and_run_verbatim_by_another_is_syndication():
    # reviewer's case: AP runs five updates of one story, each with a new 100-word top,
    # so the story is in five AP documents (AP "boilerplate" by count); CBN runs the
    # original verbatim: a copy of another outlet's repeated text, compared whole
    rng = np.random.default_rng(1)

    def words(n):
        return " ".join(f"w{i}" for i in rng.integers(0, 5000, size=n))

    story = words(500)
    rows = [(f"ap{i}", "AP", f"2024-04-0{i + 1}", f"{words(100)} {story}") for i in range(5)]
    rows += [("cbn0", "CBN", "2024-04-06", story)]
    rows += [(f"cbn{i + 1}", "CBN", "2024-04-06", words(400)) for i in range(3)]
    dups = find_duplicates(_docs(rows))
    assert sorted(dups["doc_id"]) == ["ap0", "ap1", "ap2", "ap3", "ap4", "cbn0"]
    assert dups["cluster_id"].nunique() == 1 and set(dups["n_outlets"]) == {2}
    sim = dups.set_index("doc_id")["similarity"]
    assert sim["ap0"] == 1.0 and 0.8 < sim["cbn0"] < 0.87  # 496 / 600 shingles
    assert (sim[["ap1", "ap2", "ap3", "ap4"]] > 0.65).all()  # whole-text similarity to ap0
    # the same as without the boilerplate rule
    assert sorted(find_duplicates(_docs(rows), boilerplate_min_docs=None)["doc_id"]) == sorted(dups["doc_id"])


def test_briefs_under_their_own_footer_are_no_copies_of_repeated_text():
    # the footer is the briefs' own outlet's boilerplate: no brief is a copy of
    # another outlet's repeated text, also when another outlet has five or more
    # documents and runs unrelated copies
    docs = pd.concat([_footer_docs(), _docs([
        (f"x{i}", "Outlet X", f"2024-03-1{i}", f"Outlet X item {i}. {OTHER}") for i in range(6)])],
        ignore_index=True)
    dups = find_duplicates(docs)
    assert not dups["doc_id"].str.startswith("b").any()


def test_quotes_without_offsets_are_an_input_error():
    # reviewer case: a missing start raised pandas' IntCastingNaNError
    docs = _docs([("a", "A", "2024-04-01", WIRE), ("b", "B", "2024-04-02", COPY_PUNCT)])
    quotes = pd.DataFrame({"doc_id": ["a", "b"], "start": [0, np.nan], "end": [5.0, 9.0],
                           "kind": ["speech", "speech"]})
    with pytest.raises(InputError, match=r"'start' must hold integers; row 1 has nan") as err:
        find_duplicates(docs, quotes=quotes)
    assert "dropna" in str(err.value) and err.value.field == "start"
    assert len(find_duplicates(docs, quotes=quotes.dropna())) == 2
