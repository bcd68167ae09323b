"""Lexicon stance: golden sentences, explanations, hits, voice, rows."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from framing.schema import STANCE_COLUMNS
from framing.stance import ALPHA, LexiconStance, label_from_score, stance_frame
from framing.stance_words import vader_lexicon
from framing.targets import find_mentions, parse_targets, voice_from_quotes

TARGETS = parse_targets("""\
targets:
  Russia: [Russia, Russian*, Moscow, Shoigu, the Kremlin]
  France: [France, French, Paris, Lecornu, Macron]
  Ukraine: [Ukraine, Ukrainian*, Kiev, Kyiv]
  NATO: [NATO]
""")


def score(sentence, hits=None, scorer=None, **kwargs):
    scorer = scorer or LexiconStance(**kwargs)
    mentions = find_mentions(sentence, 0, len(sentence), TARGETS)
    rows = scorer.score_sentence(sentence, 0, len(sentence), mentions, hits)
    return {r["target"]: r for r in rows}


# (sentence, target, expected sign): -1 against, 0 neutral, +1 favor
GOLDEN = [
    ("Russia brutally attacked peaceful villages.", "Russia", -1),
    ("Russia is a threat.", "Russia", -1),
    ("Russia is not a threat.", "Russia", +1),  # negation flips "threat"
    ("The ambassador met Lecornu in Paris on Tuesday.", "France", 0),
    # contrast: what follows "but" outweighs what precedes it
    ("The plan looked bad at first, but France handled it brilliantly.", "France", +1),
    ("The plan looked brilliant at first, but France handled it badly.", "France", -1),
    # two targets with opposite stance in one sentence
    ("Brave Ukrainian soldiers defended their homes against brutal Russian invaders.",
     "Ukraine", +1),
    ("Brave Ukrainian soldiers defended their homes against brutal Russian invaders.",
     "Russia", -1),
    # role rules: the agent of rejecting / offering something good
    ("Russia rejected peace talks.", "Russia", -1),
    ("Russia offered peace talks.", "Russia", +1),
    ("Russia did not reject peace talks.", "Russia", +1),
    ("France rejected terrorism.", "France", +1),
    # the rejecter's verb is not a judgement of the target whose offer is rejected
    ("French officials rejected Russia's offer of peace talks.", "France", -1),
    ("French officials rejected Russia's offer of peace talks.", "Russia", +1),
    # a target that speaks: its words are its view, not a view of it
    ("France said the Russian plan was a disaster.", "France", 0),
    ("France said the Russian plan was a disaster.", "Russia", -1),
]


@pytest.mark.parametrize(("sentence", "target", "sign"), GOLDEN)
def test_golden_signs(sentence, target, sign):
    row = score(sentence)[target]
    expected = {-1: "against", 0: "neutral", 1: "favor"}[sign]
    assert row["label"] == expected, (row, LexiconStance().explain(
        sentence, 0, len(sentence), find_mentions(sentence, targets=TARGETS), target=target))
    if sign:
        assert math.copysign(1, row["score"]) == sign


def test_negation_changes_score_direction():
    plain = score("Russia is a threat.")["Russia"]["score"]
    negated = score("Russia is not a threat.")["Russia"]["score"]
    assert plain < 0 < negated


def test_explain_adds_up_to_the_score():
    sentence = "Brave Ukrainian soldiers defended their homes against brutal Russian invaders."
    mentions = find_mentions(sentence, targets=TARGETS)
    scorer = LexiconStance()
    rows = {r["target"]: r for r in scorer.score_sentence(sentence, 0, len(sentence), mentions)}
    table = scorer.explain(sentence, 0, len(sentence), mentions)
    assert {"word", "source", "valence", "weight", "modifier", "contribution", "note"} \
        <= set(table.columns)
    for target, row in rows.items():
        part = table[table.target == target]
        total = part.contribution.sum()
        assert row["score"] == pytest.approx(total / math.sqrt(total ** 2 + ALPHA))
        assert (part.contribution == part.valence * part.weight * part.modifier).all()
    brutal = table[(table.word == "brutal")].set_index("target").contribution
    # "brutal" is next to "Russian": it pushes Russia much harder than Ukraine
    assert brutal["Russia"] < brutal["Ukraine"] <= 0


def test_explain_names_negation_and_contrast():
    sentence = "Russia is not a threat, but Russia lies."
    table = LexiconStance().explain(sentence, 0, len(sentence),
                                    find_mentions(sentence, targets=TARGETS), target="Russia")
    notes = dict(zip(table.word, table.note, strict=True))
    assert "negated by 'not'" in notes["threat"]
    assert "contrast x0.5" in notes["threat"]
    assert "contrast x1.5" in notes["lies"]


def test_loaded_hits_count_against_the_target_they_attach_to():
    sentence = "The Kiev regime announced new measures."
    start = sentence.index("regime")
    base = score(sentence)["Ukraine"]
    assert base["label"] == "neutral"
    hits = pd.DataFrame({"start": [start], "end": [start + 6], "weight": [1.0],
                         "category": ["delegitimizing"], "match": ["regime"]})
    loaded = score(sentence, hits=hits)["Ukraine"]
    assert loaded["score"] < base["score"]
    assert loaded["label"] == "against"
    # objects with attributes work too (the pipeline passes matcher hits)
    class Hit:
        def __init__(self):
            self.start, self.end, self.weight, self.match = start, start + 6, 2.0, "regime"
    heavier = score(sentence, hits=[Hit()])["Ukraine"]
    assert heavier["score"] < loaded["score"]


def test_loaded_terms_without_pipeline_hits():
    sentence = "The Kiev regime announced new measures."
    row = score(sentence, scorer=LexiconStance(loaded_terms=["regime", "junta"]))["Ukraine"]
    assert row["label"] == "against"
    table = LexiconStance(loaded_terms=["regime"]).explain(
        sentence, 0, len(sentence), find_mentions(sentence, targets=TARGETS))
    assert table.source.tolist() == ["loaded"]


def test_loaded_hit_attaches_to_nearest_target_more():
    sentence = "Moscow mocked the Kiev regime."
    start = sentence.index("regime")
    hits = [{"start": start, "end": start + 6, "weight": 1.0}]
    rows = score(sentence, hits=hits)
    assert rows["Ukraine"]["score"] < rows["Russia"]["score"]


def test_mention_only_inside_quote_carries_voice_and_speaker():
    text = 'Shoigu told reporters: "Paris is lying to everyone."'
    q0 = text.index('"')
    q1 = text.rindex('"') + 1
    voice = voice_from_quotes([(q0, q1, "Shoigu")])
    mentions = find_mentions(text, 0, len(text), TARGETS, voice=voice)
    rows = {r["target"]: r for r in LexiconStance().score_sentence(text, 0, len(text), mentions)}
    assert rows["France"]["voice"] == "quoted"
    assert rows["France"]["speaker"] == "Shoigu"
    assert rows["France"]["label"] == "against"
    assert rows["Russia"]["voice"] == "author"


def test_one_row_per_target_first_mention_offsets_and_mixed_voice():
    text = 'France acted. Lecornu said "France is ready to help."'
    q0 = text.index('"')
    voice = voice_from_quotes([(q0, len(text), "Lecornu")])
    mentions = find_mentions(text, 0, len(text), TARGETS, voice=voice)
    assert len([m for m in mentions if m.target == "France"]) == 3
    rows = LexiconStance().score_sentence(text, 0, len(text), mentions, doc_id="d1", sent_id=4)
    assert len(rows) == 1
    row = rows[0]
    assert (row["start"], row["end"], row["alias"]) == (0, 6, "France")
    assert row["voice"] == "mixed"
    assert row["speaker"] == "Lecornu"
    assert (row["doc_id"], row["sent_id"], row["method"]) == ("d1", 4, "lexicon")
    assert list(row) == STANCE_COLUMNS


def test_sentence_offsets_in_document_and_mentions_outside_ignored():
    doc = "Russia is a threat. France praised Ukraine."
    s1 = doc.index("France")
    mentions = find_mentions(doc, 0, len(doc), TARGETS)
    rows = LexiconStance().score_sentence(doc, s1, len(doc), mentions)
    assert {r["target"] for r in rows} == {"France", "Ukraine"}
    assert all(r["start"] >= s1 for r in rows)


def test_no_mentions_no_rows_and_empty_frame_keeps_schema():
    assert LexiconStance().score_sentence("Nothing here.", 0, 13, []) == []
    frame = stance_frame([])
    assert list(frame.columns) == STANCE_COLUMNS and frame.empty
    rows = score("Russia is a threat.")
    assert list(stance_frame(rows.values()).columns) == STANCE_COLUMNS


def test_score_spans_for_unlisted_targets():
    sentence = "The senator lied to voters, but the governor was honest."
    spans = [("senator", 4, 11), ("governor", 36, 44)]
    scores = LexiconStance().score_spans(sentence, spans)
    assert scores["senator"] < 0 < scores["governor"]


def test_label_thresholds():
    assert label_from_score(0.5, 0.2) == "favor"
    assert label_from_score(-0.2, 0.2) == "against"
    assert label_from_score(0.1, 0.2) == "neutral"


def test_params_and_vader_lexicon_from_package():
    scorer = LexiconStance(window=5)
    assert scorer.get_params()["window"] == 5
    assert scorer.set_params(threshold=0.5).threshold == 0.5
    lexicon = vader_lexicon()
    assert len(lexicon) > 7000
    assert lexicon["threat"] < 0 < lexicon["praise"]


def test_scorer_pickles_for_worker_processes():
    import pickle

    scorer = LexiconStance(loaded_terms=["regime"])
    score("The Kiev regime announced new measures.", scorer=scorer)
    clone = pickle.loads(pickle.dumps(scorer))
    assert score("The Kiev regime announced new measures.", scorer=clone)["Ukraine"]["label"] \
        == "against"


# ------------------------------------------------------------------ rule families


@pytest.mark.parametrize(("sentence", "target", "sign"), [
    # harm words count against their agent
    ("Russian drones struck residential districts of Kyiv.", "Russia", -1),
    ("Russian aggression continues.", "Russia", -1),
    ("Ukrainian drones struck sites in several Russian regions.", "Ukraine", -1),
    # negated predicate: the subject is the agent of "threat"
    ("Russia is not a threat to France.", "Russia", +1),
    # a role word's object ends at the comma
    ("Russia has never refused dialogue, and it does not refuse it now.", "Russia", +1),
])
def test_rule_families(sentence, target, sign):
    row = score(sentence)[target]
    expected = {-1: "against", 0: "neutral", 1: "favor"}[sign]
    assert row["label"] == expected, LexiconStance().explain(
        sentence, 0, len(sentence), find_mentions(sentence, targets=TARGETS), target=target)


def test_harm_word_weighs_less_on_its_victim_than_on_its_agent():
    victim = LexiconStance().explain("Gunmen staged an attack on Moscow.", target="Russia",
                                     mentions=find_mentions("Gunmen staged an attack on Moscow.",
                                                            targets=TARGETS))
    assert "target not its agent" in victim.note.iloc[0]
    agent = score("Moscow staged an attack.")["Russia"]["score"]
    assert agent < score("Gunmen staged an attack on Moscow.")["Russia"]["score"] < 0


def test_addressee_is_not_judged_by_what_the_speaker_says():
    told = score("Shoigu told Lecornu that it was a terrible crime.")["France"]["score"]
    own = score("Lecornu thought that it was a terrible crime.")["France"]["score"]
    assert own < told <= 0
    assert abs(told) < 0.2 * abs(own)


def test_reporting_verb_judges_its_speaker_not_what_follows():
    sentence = "Macron claimed that Russia could target the Olympics."
    start = sentence.index("claimed")
    hits = [{"start": start, "end": start + 7, "weight": 1.0, "match": "claimed"}]
    targets = parse_targets("targets:\n  Russia: [Russia]\n  France: [Macron]\n")
    mentions = find_mentions(sentence, targets=targets)
    table = LexiconStance().explain(sentence, 0, len(sentence), mentions, hits)
    assert set(table[table.word == "claimed"].target) == {"France"}


def test_short_quotation_weighs_less_than_the_outlets_own_word():
    plain = score("Critics call Moscow ridiculous.")["Russia"]["score"]
    quoted = score("Critics call Moscow “ridiculous”.")["Russia"]["score"]
    assert plain < quoted < 0


def test_place_mention_weighs_less():
    assert score("A terrible tragedy happened in Moscow.")["Russia"]["label"] == "neutral"
    assert score("Moscow caused a terrible tragedy.")["Russia"]["label"] == "against"


def test_word_inside_another_targets_mention_does_not_count():
    sentence = "The dishonest mayor met the governor."
    spans = [("mayor", 0, 19), ("governor", 24, 36)]
    scores = LexiconStance().score_spans(sentence, spans)
    assert scores["mayor"] < 0 and scores["governor"] == 0


SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


@pytest.fixture(scope="module")
def sample_stance():
    import framing

    scores = framing.score_corpus(str(SAMPLE), cache=False)
    frame = scores.stance.merge(scores.documents[["doc_id", "outlet"]], on="doc_id")
    author = frame[frame.voice == "author"]
    return author.groupby(["target", "outlet"]).score.mean()


@pytest.mark.parametrize(("target", "higher", "lower"), [
    # kestrel_dispatch imitates Russian state media, civic_ledger the French
    # government's line (corpora/sample/README.md): a reader sees opposite stances.
    ("Russia", "kestrel_dispatch", "civic_ledger"),
    ("France", "civic_ledger", "kestrel_dispatch"),
    ("Ukraine", "civic_ledger", "kestrel_dispatch"),
])
def test_sample_corpus_outlets_ordered_as_written(sample_stance, target, higher, lower):
    assert sample_stance[(target, higher)] > sample_stance[(target, lower)]


def test_many_mentions_in_one_sentence_score_as_with_a_plain_scan(monkeypatch):
    """A sentence with hundreds of mentions (text without full stops) searches mention
    spans by position; the scores and contributions equal those of a scan of all spans."""
    import random

    import framing.stance as stance_module
    from framing.targets import find_mentions, load_targets

    rng = random.Random(7)
    words = ["Russia", "attacked", "the", "great", "peace", "talks,", "said", "Putin", "but",
             "NATO", "France", "offered", "help", "against", "Ukraine", "in", "Kyiv", "not", "bad"]
    text = " ".join(rng.choice(words) for _ in range(3000))
    mentions = find_mentions(text, 0, len(text), load_targets())
    assert len(mentions) > 500
    scorer = LexiconStance()
    indexed = scorer.explain(text, 0, len(text), mentions)
    monkeypatch.setattr(stance_module, "_INDEX_MIN_SPANS", 10**9)
    scanned = scorer.explain(text, 0, len(text), mentions)
    pd.testing.assert_frame_equal(indexed, scanned)
    assert len(indexed) > 1000


# ------------------------------------------------------- rules of review 16d


def _with_hits(sentence):
    from framing.matcher import Matcher

    return score(sentence, hits=Matcher("loaded_language").find(sentence))


@pytest.mark.parametrize(("sentence", "target", "sign"), [
    # praising loaded terms ("glorifying") count for the target, not against it
    ("Ukraine is a brave and heroic nation.", "Ukraine", +1),
    ("France showed brilliant, remarkable leadership.", "France", +1),
    # the object of a role word counts loaded terms and harm words
    ("NATO supported the invasion.", "NATO", -1),
    ("France opposed the annexation.", "France", +1),
    # "not yet" and ", however," are adverbs: the negation and the subject stay in the clause
    ("Russia is not yet a threat.", "Russia", +1),
    ("France, however, rejected the peace plan.", "France", -1),
    # a possessive after "in" is the agent of what follows, not a place
    ("Thousands of civilians died in Russia's brutal war.", "Russia", -1),
])
def test_rules_with_the_lexicons_hits(sentence, target, sign):
    row = _with_hits(sentence)[target]
    assert row["label"] == {-1: "against", 0: "neutral", 1: "favor"}[sign], row


@pytest.mark.parametrize("sentence", [
    '"Russia is a dangerous threat to all of Europe," Macron said.',
    '"Russia is a dangerous threat to all of Europe," Macron told reporters on Tuesday.',
    'Russia is a dangerous threat, Macron said, and Europe must act.',
])
def test_a_speaker_named_after_the_quotation_is_not_judged_by_it(sentence):
    rows = _with_hits(sentence)
    assert rows["France"]["score"] == 0 and rows["Russia"]["label"] == "against"


def test_harm_done_against_a_target_is_not_opposition_to_it():
    # "attack against Ukraine" is rule 7 (harm on a victim), not rule 10 ("protests against")
    on = _with_hits("Russia launched an attack on Ukraine.")["Ukraine"]["score"]
    against = _with_hits("Russia launched an attack against Ukraine.")["Ukraine"]["score"]
    assert against == pytest.approx(on)
    assert _with_hits("Thousands marched against Russia.")["Russia"]["label"] == "against"
