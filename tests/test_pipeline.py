import pandas as pd
import pytest

from framing.pipeline import FRAME_COLUMNS, Scorer, ScoreSettings, score_documents
from framing.schema import HIT_COLUMNS, SENTENCE_COLUMNS, STANCE_COLUMNS


@pytest.fixture(scope="module")
def seed_scores():
    from framing.corpus import load_corpus
    from tests.conftest import SEED

    corpus = load_corpus(SEED)
    return score_documents(corpus.documents, manifest=corpus.manifest)


def test_frames_have_their_schemas(seed_scores):
    assert list(seed_scores.sentences.columns) == SENTENCE_COLUMNS
    assert list(seed_scores.hits.columns) == HIT_COLUMNS
    assert list(seed_scores.stance.columns) == STANCE_COLUMNS
    for name, columns in FRAME_COLUMNS.items():
        assert list(getattr(seed_scores, name).columns) == columns


def test_hit_offsets_and_sentences_agree(seed_scores):
    text = seed_scores.documents["text"].iloc[0]
    sentences = seed_scores.sentences.set_index("sent_id")
    for hit in seed_scores.hits.itertuples():
        assert text[hit.start:hit.end] == hit.match
        sent = sentences.loc[hit.sent_id]
        assert sent.start <= hit.start < sent.end


def _hit(scores, match):
    rows = scores.hits[scores.hits["match"].str.lower() == match.lower()]
    assert len(rows), f"no hit for {match!r}"
    return rows.iloc[0]


@pytest.mark.parametrize("match, voice, speaker", [
    ("imperialist", "author", None),
    ("propaganda", "author", None),
    ("bankruptcy", "author", None),
    ("baldly", "author", None),
    ("ridiculous", "quoted", "Macron"),
    ("bizarre", "quoted", "Macron"),
    ("exploits", "quoted", "Hollande"),
    ("Kiev regime", "quoted", "Shoigu"),
])
def test_seed_voice_and_speaker_of_hits(seed_scores, match, voice, speaker):
    hit = _hit(seed_scores, match)
    assert hit["voice"] == voice
    if speaker is None:
        assert pd.isna(hit["speaker"])
    else:
        assert speaker in hit["speaker"]


def test_scare_quote_is_the_outlets_voice(seed_scores):
    quotes = seed_scores.quotes
    western = quotes[quotes["text"].str.startswith("Western partners")].iloc[0]
    assert western["kind"] == "scare" and pd.isna(western["speaker"])


def test_sentence_voice_and_quoted_word_counts(seed_scores):
    s = seed_scores.sentences
    quoted = s[s["text"].str.startswith('"The struggle against terrorism')].iloc[0]
    assert quoted["voice"] == "mixed"  # the attribution "French defense officials said" is narration
    assert 0 < quoted["n_quoted_tokens"] < quoted["n_tokens"]
    narration = s[s["text"].str.startswith("There were conflicting reports")].iloc[0]
    assert narration["voice"] == "author" and narration["n_quoted_tokens"] == 0
    assert (s["n_quoted_tokens"] <= s["n_tokens"]).all()


def test_stance_rows_reference_mentions(seed_scores):
    stance, mentions = seed_scores.stance, seed_scores.mentions
    assert len(stance) and set(stance["label"]) <= {"against", "neutral", "favor"}
    assert stance["score"].between(-1, 1).all()
    keys = set(zip(mentions["doc_id"], mentions["sent_id"], mentions["target"], strict=True))
    assert set(zip(stance["doc_id"], stance["sent_id"], stance["target"], strict=True)) <= keys


CROSSING_TARGETS = """\
name: crossing
version: "1"
targets:
  Russia: [Foreign Min. Lavrov, Russia]
  United Kingdom: [Brit. Parliament]
"""


@pytest.mark.parametrize("method", ["lexicon", "model"])
def test_a_mention_across_a_sentence_split_gets_its_stance_row(tmp_path, method):
    """An alias with an abbreviation the splitter takes for a full stop spans two
    sentences; it belongs to the one it starts in and must be scored there, not dropped."""
    targets = tmp_path / "targets.yaml"
    targets.write_text(CROSSING_TARGETS, "utf-8")
    model = None
    if method == "model":
        from pathlib import Path

        from framing.newsmtsc import read_newsmtsc
        from framing.stance_model import StanceClassifier, save_model

        data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
        model = tmp_path / "stance.skops"
        save_model(StanceClassifier(C=50.0).fit(data.X, data.y), model)
    text = ("Critics condemned the corrupt Foreign Min. Lavrov yesterday. "
            "Voters blamed Brit. Parliament for the chaos. Russia stayed silent.")
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    frames = Scorer(ScoreSettings(targets=str(targets), stance_model=model)).score(docs, strict=True)
    sentences, mentions, stance = frames["sentences"], frames["mentions"], frames["stance"]
    ends = dict(zip(sentences["sent_id"], sentences["end"], strict=True))
    crossing = mentions[mentions["end"] > mentions["sent_id"].map(ends)]
    # the premise ("No. 10 Downing Street" was one until "No." before a digit stopped
    # ending a sentence)
    assert set(crossing["alias"]) == {"Foreign Min. Lavrov", "Brit. Parliament"}
    # one stance row per (sentence, target) that has a mention: nothing dropped
    assert len(stance) == len(mentions.drop_duplicates(["doc_id", "sent_id", "target"])) == 3
    rows = stance.merge(crossing, on=["doc_id", "sent_id", "target"], suffixes=("", "_mention"))
    assert len(rows) == 2
    assert (rows["start"] == rows["start_mention"]).all() and (rows["end"] == rows["end_mention"]).all()
    if method == "lexicon":  # scored from the words of the sentence it starts in
        lavrov = stance.set_index("alias").loc["Foreign Min. Lavrov"]
        assert lavrov["label"] == "against"


def test_no_targets_means_no_stance():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Russia called it propaganda."]})
    frames = Scorer(ScoreSettings(targets=None)).score(docs)
    assert len(frames["hits"]) >= 1 and len(frames["stance"]) == 0 and len(frames["mentions"]) == 0


def test_a_failing_document_is_recorded_not_lost(monkeypatch, sample_corpus):
    import framing.quotes

    documents, manifest = sample_corpus
    bad = documents["doc_id"].iloc[2]
    real = framing.quotes.find_quotes

    def flaky(text, paragraphs=None):
        if text == documents["text"].iloc[2]:
            raise RuntimeError("boom")
        return real(text, paragraphs)

    monkeypatch.setattr(framing.quotes, "find_quotes", flaky)
    scores = score_documents(documents, manifest=manifest)
    row = scores.manifest.set_index("doc_id").loc[bad]
    assert row["status"] == "rejected" and "scoring failed: RuntimeError: boom" in row["reason"]
    assert bad not in set(scores.documents["doc_id"]) and bad not in set(scores.sentences["doc_id"])
    assert len(scores.manifest) == len(manifest)
    with pytest.raises(RuntimeError):
        score_documents(documents, manifest=manifest, strict=True)


def test_scorer_key_changes_with_lexicon(tmp_path):
    lexicon = tmp_path / "mine.txt"
    lexicon.write_text("regime\n")
    assert Scorer(ScoreSettings()).key != Scorer(ScoreSettings(lexicons=(str(lexicon),))).key
    assert Scorer(ScoreSettings()).key == Scorer(ScoreSettings()).key



@pytest.mark.parametrize("speakers", [
    ["Ann", None, "Bo"],  # strings and None: None becomes NaN as in a string column
    [None, None, None],  # no string: None stays
    ["Ann", 3, None],  # another type: the general path
])
def test_frames_built_from_columns_equal_the_typed_frames(speakers):
    from framing.pipeline import _frame, _typed, frame_sha256

    rows = [("d", i, 10 * i, 10 * i + 5, "m", "e", "c", weight, "lex@1", "author", speaker, i == 1)
            for i, (speaker, weight) in enumerate(zip(speakers, [1.0, 2, 0.5], strict=True))]
    expected = _typed(pd.DataFrame(rows, columns=FRAME_COLUMNS["hits"]), "hits")
    got = _frame(rows, "hits")
    pd.testing.assert_frame_equal(got, expected)
    assert frame_sha256(got) == frame_sha256(expected)
    assert [type(x) for x in got["speaker"]] == [type(x) for x in expected["speaker"]]


def test_a_documents_frame_needs_only_doc_id_outlet_and_text():
    # rev16c finding 9: a bare pandas KeyError ('source', then 'author', 'date', ...)
    # after every document was scored
    from framing import score_corpus
    from framing.schema import DOCUMENT_COLUMNS

    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"],
                         "text": ["The regime fell.", 'He said "the regime fell."']})
    for scores in (score_documents(docs, settings=ScoreSettings(targets=None)),
                   score_corpus(docs, cache=False, targets=None)):
        assert list(scores.documents.columns) == DOCUMENT_COLUMNS
        assert scores.documents["date"].isna().all()
        assert str(scores.documents["date"].dtype).startswith("datetime64")
        assert scores.documents[["title", "author", "url", "source", "source_id"]].isna().all().all()
        assert list(scores.manifest["status"]) == ["accepted", "accepted"]
        assert list(scores.hits["voice"]) == ["author", "quoted"]
    assert list(docs.columns) == ["doc_id", "outlet", "text"]  # the caller's frame is untouched


@pytest.mark.parametrize("columns, missing", [
    (["doc_id", "text"], "outlet"),
    (["outlet", "content"], "doc_id, text"),
])
def test_a_documents_frame_without_a_required_column_is_a_clear_error(
        monkeypatch, columns, missing):
    from framing import score_corpus
    from framing.errors import InputError

    docs = pd.DataFrame({c: ["The regime fell."] for c in columns})
    calls = []
    monkeypatch.setattr(Scorer, "_score_document", lambda *a: calls.append(a))
    runs = [lambda: score_documents(docs), lambda: score_corpus(docs, cache=False, targets=None)]
    if missing != "outlet":  # Scorer.score reads doc_id and text only
        runs.append(lambda: Scorer(ScoreSettings(targets=None)).score(docs))
    for run in runs:
        with pytest.raises(InputError) as info:
            run()
        assert info.value.field == missing
        for name in missing.split(", "):
            assert repr(name) in info.value.message and f"{name}:" in info.value.hint
    # both name it before any document is scored
    assert calls == []
