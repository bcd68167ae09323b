import subprocess
import sys

from framing.sentences import sentences_frame
from framing.text import (
    WORD_RE,
    count_word_starts,
    count_words,
    paragraph_spans,
    segment,
    sentence_spans,
    word_spans,
)


def test_paragraph_spans_strip_whitespace():
    text = "  First para.\n\n\n Second para. \n\n"
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["First para.", "Second para."]


def test_abbreviations_do_not_end_sentences():
    text = "Gen. Smith met Mr. Jones in the U.S. capital on Monday. Talks ended at 5 p.m. on Tuesday."
    sents = [text[s:e] for s, e in sentence_spans(text)]
    assert sents == ["Gen. Smith met Mr. Jones in the U.S. capital on Monday.",
                     "Talks ended at 5 p.m. on Tuesday."]


def test_sentence_starter_after_abbreviation_ends_sentence():
    text = "He moved to the U.S. The move was sudden."
    assert len(sentence_spans(text)) == 2


def test_sentence_starter_on_after_abbreviation_ends_sentence():
    # rev16c finding 6: YAML 1.1 read the starter "on" as True
    text = "The troops left the U.S. On Monday the regime declared victory."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The troops left the U.S.", "On Monday the regime declared victory."]


def test_no_before_a_number_does_not_end_a_sentence():
    # rev16c finding 6: "No." before a digit is the number sign; the answer "No." ends
    for text in ("The prime minister returned to No. 10 Downing Street on Monday.",
                 "He was ranked no. 1 in the world.", "See Trump v. Hawaii, No. 17-965, at 3."):
        assert [text[s:e] for s, e in sentence_spans(text)] == [text]
    text = "The question is a good deal easier to answer: No. The current owners stay."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The question is a good deal easier to answer: No.", "The current owners stay."]
    text = "Casino. 10 people came."  # only the word No
    assert len(sentence_spans(text)) == 2


def test_a_lower_case_word_after_a_question_or_exclamation_continues_the_sentence():
    # rev16c finding 7: Punkt (as nltk) always ends a sentence at ? and !
    for text in ('"Who is the aggressor here?" asked Lavrov, accusing the regime in Kyiv.',
                 "“We are not going anywhere!” they chanted.",
                 'He asked "why now?" and the minister shrugged.',
                 "Officials at Yahoo! said the regime was to blame.",
                 "He asked (why now?) and left."):
        assert [text[s:e] for s, e in sentence_spans(text)] == [text]
    text = 'He asked "Why now?" The minister shrugged. Really? Yes!'
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        'He asked "Why now?"', "The minister shrugged.", "Really?", "Yes!"]


def test_closing_marks_then_a_comma_after_a_question_or_exclamation_continue_the_sentence():
    # fuzz finding 5: Punkt leaves '",' to the next piece when no space follows the marks
    for text in ('He yelled "Stop!", and the crowd left.', 'She asked ("why?"), and left.',
                 "“Enough!”; the vote was called.", 'They chanted "Out!": then they left.'):
        assert [text[s:e] for s, e in sentence_spans(text)] == [text]
    text = 'He left! "No," she said.'  # an opening mark starts a new sentence
    assert [text[s:e] for s, e in sentence_spans(text)] == ["He left!", '"No," she said.']


def test_quote_closing_mark_stays_with_its_sentence():
    text = 'He said: "We will see." Then he left.'
    sents = [text[s:e] for s, e in sentence_spans(text)]
    assert sents == ['He said: "We will see."', "Then he left."]


def test_seed_quote_with_ellipsis_is_not_cut_mid_sentence(seed_text):
    sents = [seed_text[s:e] for _, s, e in segment(seed_text)]
    first = next(i for i, s in enumerate(sents) if "noticeable willingness" in s)
    assert sents[first].endswith("dialogue over Ukraine. ...")
    assert sents[first + 1] == 'The starting point could be the Istanbul initiative for peace."'


def test_seed_page_breaks_give_whole_sentences(seed_text):
    sents = [seed_text[s:e] for _, s, e in segment(seed_text)]
    assert any('Shoigu was "ready to resume dialog over Ukraine," French defense officials told AFP' in s for s in sents)
    assert any(s.endswith("when the Taliban took Kabul in 2021.") for s in sents)


def test_offsets_round_trip_on_every_sample_sentence(sample_corpus):
    documents = sample_corpus.documents
    sentences = sentences_frame(documents)
    texts = documents.set_index("doc_id")["text"]
    assert len(sentences) > 300
    for row in sentences.itertuples():
        doc = texts[row.doc_id]
        assert doc[row.start:row.end] == row.text
        assert row.text == row.text.strip() and row.text
        assert row.n_tokens == count_words(row.text)
    # sentences are in order, do not overlap, and para ids never decrease
    for _, group in sentences.groupby("doc_id"):
        assert (group["start"].to_numpy()[1:] >= group["end"].to_numpy()[:-1]).all()
        assert group["para_id"].is_monotonic_increasing
        assert list(group["sent_id"]) == list(range(len(group)))


def test_word_spans():
    text = "Don't call it a neo-fascist 'regime'."
    assert [text[s:e] for s, e in word_spans(text)] == ["Don't", "call", "it", "a", "neo-fascist", "regime"]


def test_count_word_starts_counts_words_cut_at_the_end_not_at_the_start():
    text = "Don't call it a neo-fascist 'regime'."
    assert count_word_starts(text, 0, len(text)) == count_words(text) == 6
    assert count_word_starts(text, 2, 11) == 1  # "call"; "Don't" starts before 2
    assert count_word_starts(text, 16, 21) == 1  # "neo-fascist" starts in the region


# --- count_word_starts must count WORD_RE match starts of the whole text exactly
from bisect import bisect_left  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab1_é '’-‘.,\n\t\x1c\u00a0\u0301", max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_count_word_starts_equals_match_starts_of_the_whole_text(text, a, b):
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert count_word_starts(text, a, b) == max(bisect_left(starts, b) - bisect_left(starts, a), 0)
    assert count_words(text) == len(starts)


# --- framing.punkt must split exactly like nltk's Punkt with the same parameters
from framing.text import _punkt  # noqa: E402

_WORDS = ["Mr.", "U.S.", "J.", "2021.", "e.g.", "etc.", "The", "the", "he", "She", "said", "talks",
          "...", "..", ".", "?", "!", '"', "“", "”", "'", "(", ")", ",", ";", ":", "--", "5.", "No.",
          "Gen.", "a.m.", "Kabul", "in", "IS-K.", "St.", "x", "A.B.", "1.5", "—", "Vol.", "however"]


def _reference():
    return _punkt().nltk  # nltk's own PunktSentenceTokenizer with the same parameters


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "", "  ", " \n", "\t"])), max_size=40))
def test_fast_punkt_equals_nltk_punkt(parts):
    text = "".join(w + sep for w, sep in parts)
    assert _punkt().spans(text) == list(_reference().span_tokenize(text))


def test_fast_punkt_equals_nltk_on_sample_corpus(sample_corpus):
    reference = _reference()
    for text in sample_corpus.documents["text"]:
        assert _punkt().spans(text) == list(reference.span_tokenize(text))


def test_punkt_patterns_equal_installed_nltk():
    # framing copies nltk's patterns so that segmenting never imports nltk; a change
    # in a new nltk release must be noticed here (nltk builds "[...?!]" from a set,
    # so the order of those two characters varies between processes)
    from nltk.tokenize.punkt import PunktLanguageVars

    from framing import punkt

    lang = PunktLanguageVars()
    same_order = lambda pattern: pattern.replace("!\\?", "\\?!")  # noqa: E731
    assert same_order(lang.period_context_re().pattern) == punkt.PERIOD_CONTEXT_PATTERN
    assert same_order(lang._word_tokenizer_re().pattern) == punkt.WORD_TOKENIZER_PATTERN
    assert lang.re_boundary_realignment.pattern == punkt.BOUNDARY_REALIGNMENT_PATTERN


def test_segmenting_does_not_import_nltk():
    code = ("import sys; from framing.text import segment; "
            "list(segment('Mr. Smith went to Washington. He said so.\\n\\nNew paragraph.')); "
            "print('nltk' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_bounded_memo_computes_once_and_stays_bounded():
    from framing.memo import BoundedMemo

    calls = []
    memo = BoundedMemo(lambda k: calls.append(k) or len(k), maxsize=3)
    assert [memo[k] for k in ("a", "bb", "a", "ccc")] == [1, 2, 1, 3]
    assert calls == ["a", "bb", "ccc"]  # "a" computed once
    memo["dddd"]  # full: emptied before the new entry
    assert dict(memo) == {"dddd": 4}
    assert list(map(memo.__getitem__, ["dddd", "e"])) == [4, 1]
