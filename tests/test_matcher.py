"""The compiled matcher: tokens, wildcards, inflection, overlaps, negation, Unicode, pickling."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicon import Lexicon, LexiconEntry, load_lexicon
from framing.matcher import Hit, Matcher, compile_matcher
from framing.text import WORD_RE


def lexicon(*patterns: str | tuple[str, str], name: str = "t", weight: float = 0.5) -> Lexicon:
    entries = []
    for p in patterns:
        pattern, category = (p, "c") if isinstance(p, str) else p
        entries.append(LexiconEntry(pattern, category, weight))
    return Lexicon(name, "1", tuple(entries))


def spans(matcher: Matcher, text: str, **kw) -> list[tuple[str, str]]:
    return [(h.match, h.entry) for h in matcher.find(text, **kw)]


def test_case_insensitive_and_offsets():
    m = Matcher(lexicon("regime", "regime change"))
    text = "The REGIME fell. A Regime Change followed."
    hits = m.find(text)
    assert [(h.start, h.end, h.match, h.entry) for h in hits] == [
        (4, 10, "REGIME", "regime"), (19, 32, "Regime Change", "regime change")]
    assert all(isinstance(h, Hit) and text[h.start:h.end] == h.match for h in hits)
    assert hits[0].lexicon == "t@1" and hits[0].category == "c" and hits[0].weight == 0.5


def test_token_bounded():
    m = Matcher(lexicon("war", "fascist", "lie"))
    text = "Warship toward software, neo-fascist, earlier, belief, a war-torn land, anti-war"
    assert spans(m, text) == []
    assert spans(m, "War, lies and fascists.") == [("War", "war"), ("lies", "lie"),
                                                   ("fascists", "fascist")]


def test_hyphenated_patterns_and_compounds():
    m = Matcher(lexicon("neo-fascis*", "so-called", "pro-kremlin"))
    text = "A neo-fascist party, so-called experts and pro-Kremlin media; so called."
    assert spans(m, text) == [("neo-fascist", "neo-fascis*"), ("so-called", "so-called"),
                              ("pro-Kremlin", "pro-kremlin")]


def test_wildcards_extend_to_the_end_of_the_word_only():
    m = Matcher(lexicon("imperialis*"))
    text = "Imperialism, imperialists, imperialist-backed, imperialis, imperial"
    assert spans(m, text) == [("Imperialism", "imperialis*"), ("imperialists", "imperialis*"),
                              ("imperialis", "imperialis*")]


def test_wildcard_inside_a_phrase():
    m = Matcher(lexicon("imperialis* power*"))
    assert spans(m, "the imperialist powers and imperialism powered") == [
        ("imperialist powers", "imperialis* power*"), ("imperialism powered", "imperialis* power*")]


def test_inflection_rule():
    m = Matcher(lexicon("threat", "atrocity", "regime", "witch hunt", "escalate"))
    text = "Threats, atrocities, the regime's and regimes' plans, witch hunts, escalated"
    assert [h.match for h in m.find(text)] == ["Threats", "atrocities", "regime's", "regimes",
                                               "witch hunts"]
    plain = Matcher(lexicon("threat", "atrocity"), inflect=False)
    assert [h.match for h in plain.find("threats, atrocities, threat")] == ["threat"]


def test_es_plural_only_after_sibilants_and_o():
    """'-es' after any letter made other words: rat -> rates, war -> wares, grim -> Grimes."""
    m = Matcher(lexicon("rat", "war", "plan", "grim", "spin", "hoax", "witch", "clash", "hero",
                        "blitz", "crisis", "ghetto"))
    text = ("Interest rates, their wares, planes, Alison Lundergan Grimes, spines; rats, wars, "
            "plans, spins; hoaxes, witches, clashes, heroes, blitzes, ghettos.")
    assert [h.match for h in m.find(text)] == ["rats", "wars", "plans", "spins", "hoaxes",
                                               "witches", "clashes", "heroes", "blitzes",
                                               "ghettos"]
    builtin = Matcher("loaded_language")
    assert [h.match for h in builtin.find("Alison Lundergan Grimes spoke of spines.")] == []


def test_longest_match_wins_and_output_does_not_overlap():
    m = Matcher(lexicon("regime", "regime change", "change", "so-called", "(so-called)",
                        "called"))
    text = "regime change (so-called) now"
    assert spans(m, text) == [("regime change", "regime change"), ("(so-called)", "(so-called)")]


def test_exact_entry_beats_inflected_and_wildcard_at_equal_span():
    m = Matcher(lexicon(("threat", "a"), ("threats", "b"), ("threa*", "c")))
    assert [(h.match, h.category) for h in m.find("threats")] == [("threats", "b")]
    assert [(h.match, h.category) for h in m.find("threat")] == [("threat", "a")]
    assert [(h.match, h.category) for h in m.find("threaten")] == [("threaten", "c")]


def test_phrase_words_may_be_separated_by_any_whitespace_but_not_punctuation():
    m = Matcher(lexicon("regime change"))
    assert spans(m, "regime\nchange, regime\u00a0change") == [
        ("regime\nchange", "regime change"), ("regime\u00a0change", "regime change")]
    assert spans(m, "regime, change; regime-change") == []


@pytest.mark.parametrize(("pattern", "hit", "miss"), [
    ("U.S.", "the U.S. said", "the US said; the u s said"),
    ("C++", "code in C++ and", "code in C and C+ only"),
    ("(so-called)", "a (so-called) deal", "a so-called deal"),
    ("a.b*", "a.bcd", "axbcd"),
    ("[x]|y", "see [x]|y here", "see x here, y"),
])
def test_regex_metacharacters_are_literal(pattern, hit, miss):
    m = Matcher(lexicon(pattern))
    assert len(m.find(hit)) == 1
    assert m.find(miss) == []


def test_unicode_offsets_and_apostrophes():
    m = Matcher(lexicon("regime", "putin's war", "ıstanbul"))
    text = "İİ İstanbul: the regime’s war, Putin’s war and PUTIN'S WAR."
    hits = m.find(text)
    assert [h.match for h in hits] == ["regime’s", "Putin’s war", "PUTIN'S WAR"]
    assert all(text[h.start:h.end] == h.match for h in hits)
    assert "İ".lower() != "i"  # the case that makes lower-casing change length


def test_negation_scope():
    m = Matcher(lexicon("brutal", "regime change"))
    cases = {
        "It was not brutal.": True,
        "It isn’t brutal.": True,
        "There was no regime change.": True,
        "Never so brutal.": True,
        "It was not, however, brutal.": False,  # clause punctuation ends the scope
        "Not one, two or three brutal acts.": False,
        "It was not a very very brutal war.": False,  # more than three words back
        "Nothing. Brutal.": False,
        "Officials said nothing\u2026 Brutal attacks followed.": False,  # an ellipsis too
        "Officials said nothing... Brutal attacks followed.": False,
        "Not now\n\nbrutal": False,  # a paragraph break ends the scope
        "Not cheap but brutal.": False,  # so does a contrast word
        "It was brutal.": False,
        "The economy is brutal.": False,  # 'no' inside a word is not a negator
    }
    for text, negated in cases.items():
        hits = m.find(text)
        assert len(hits) == 1, text
        assert hits[0].negated is negated, text
    off = Matcher(lexicon("brutal"), negation_window=0)
    assert off.find("not brutal")[0].negated is False


def test_several_lexicons_and_the_same_span():
    a = lexicon(("regime", "label"), name="a")
    b = lexicon(("regime change", "policy"), ("regime", "x"), name="b")
    m = Matcher([a, b])
    hits = m.find("a regime change")
    assert [(h.lexicon, h.match) for h in hits] == [("a@1", "regime"), ("b@1", "regime change")]
    hits = m.find("the regime")
    assert [(h.lexicon, h.category) for h in hits] == [("a@1", "label"), ("b@1", "x")]
    with pytest.raises(Exception, match="given twice"):
        Matcher([a, a])


def test_liwc_multi_category_pattern_gives_one_hit_per_category(tmp_path):
    path = tmp_path / "d.dic"
    path.write_text("%\n1\tnegemo\n2\tanger\n%\nhate*\t1\t2\n", encoding="utf-8")
    hits = Matcher(path).find("They hated it")
    # one hit per category, in canonical (alphabetical) order, not the file's
    assert [(h.match, h.category) for h in hits] == [("hated", "anger"), ("hated", "negemo")]


def test_entry_order_in_the_file_changes_neither_hash_nor_hits(tmp_path):
    """The lexicon hash ignores entry order, so the hits must too: the score cache
    would otherwise return one file's hits for the other."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "terms.dic", tmp_path / "b" / "terms.dic"  # the name is the lexicon's
    a.write_text("%\n1\talpha\n2\tbeta\n%\nregime\t1\t2\nkiev regime\t2\n", encoding="utf-8")
    b.write_text("%\n1\tbeta\n2\talpha\n%\nkiev regime\t1\nregime\t1\t2\n", encoding="utf-8")
    la, lb = load_lexicon(a), load_lexicon(b)
    assert la.sha256 == lb.sha256 and [e.pattern for e in la.entries] != [e.pattern for e in lb.entries]
    text = "The regime and the Kiev regime."
    assert Matcher(la).find(text) == Matcher(lb).find(text)


def test_exclude_entries_block_shorter_matches_without_hits():
    lex = lexicon(("regime", "label"), ("tax regime", "exclude"))
    m = Matcher(lex)
    assert spans(m, "the tax regime and the regime") == [("regime", "regime")]


def test_region_search_uses_absolute_offsets():
    m = Matcher(lexicon("regime", "brutal"))
    text = "Not the regime. The regime was brutal. Regime"
    start = text.index("The")
    end = text.index(" Regime")
    hits = m.find(text, start, end)
    assert [(h.start, h.match) for h in hits] == [(start + 4, "regime"),
                                                 (text.index("brutal"), "brutal")]
    # the region edge is a word boundary, and a negator outside the region does not count
    assert [h.match for h in m.find(text, 4, 14)] == ["regime"]
    assert m.find(text, 4, 14)[0].negated is False
    assert m.find(text, 10, 14) == []  # 'gime' is not a word of the region... nor 'regime'
    assert m.find(text, 5, 5) == []


def test_pickle_and_default_builtin():
    m = compile_matcher()
    assert m.lexicon_ids == ("loaded_language@1.1",)
    text = "The French Defense Ministry baldly told Le Monde of the horrific imperialist propaganda."
    hits = m.find(text)
    assert {h.entry for h in hits} >= {"baldly", "horrif*", "imperialis*", "propagand*"}
    clone = pickle.loads(pickle.dumps(m))
    assert clone.find(text) == hits
    assert "loaded_language@1.1" in repr(clone)


def test_builtin_neutral_senses_are_excluded():
    m = Matcher("loaded_language")
    assert m.find("The firm filed for bankruptcy under the new tax regime.") == []
    assert [h.entry for h in m.find("the political bankruptcy of the regime")] == [
        "bankruptcy", "regime"]


def test_builtin_patriot_air_defence_is_no_praise():
    m = Matcher("loaded_language")
    for text in ("Zelensky asked for more Patriot systems.", "Every Patriot battery counts.",
                 "two Patriot batteries", "seven Patriot or equivalent systems",
                 "Patriot and SAMP/T units", "a Patriot air defense system"):
        assert m.find(text) == [], text
    assert [h.entry for h in m.find("He was a true patriot.")] == ["patriot"]


def test_accepts_paths_and_names(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("junta\n", encoding="utf-8")
    m = Matcher([path, "loaded_language"])
    assert [h.lexicon for h in m.find("the junta")] == ["w@unversioned", "loaded_language@1.1"]
    assert load_lexicon("loaded_language") in m.lexicons


WORDS = ["regime", "Regime's", "neo-fascist", "İ", "war", "warship", "so-called", "(so-called)",
         "U.S.", "imperialists", "not", "no", "change", "threats", "’", "-", ",", ".", "\n", "  "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_hits_always_lie_on_token_boundaries(parts):
    text = " ".join(parts)
    m = _PROPERTY_MATCHER
    starts = {mt.start() for mt in WORD_RE.finditer(text)}
    for h in m.find(text):
        assert text[h.start:h.end] == h.match
        assert h.start in starts or not text[h.start].isalnum()
        following = text[h.end:h.end + 1]
        assert not (following.isalnum() or following == "_"), (text, h)
        assert re.fullmatch(r"\s*", text[h.end:h.end + 1]) or not following.isalnum()


_PROPERTY_MATCHER = Matcher(lexicon("regime", "neo-fascis*", "war", "so-called", "(so-called)",
                                    "u.s.", "imperialis*", "regime change", "threat"))


def test_unicode_hyphens_join_words_as_the_ascii_hyphen_does():
    """U+2010 and U+2011 (non-breaking) hyphens: 'fascis*' matched inside 'neo\u2011fascist'
    and 'neo-fascis*' never matched it; the docs promise the opposite."""
    from framing.clean import clean_text
    from framing.text import count_words

    m = Matcher(lexicon("fascis*", "neo-fascis*", "pro-russian"))
    for hyphen in ("\u2010", "\u2011"):
        text = clean_text(f"a neo{hyphen}fascist party and pro{hyphen}Russian media")
        assert spans(m, text) == [("neo-fascist", "neo-fascis*"), ("pro-Russian", "pro-russian")]
        assert count_words(text) == 6
        raw = f"a neo{hyphen}fascist party"  # text not cleaned: the matcher reads it alike
        assert spans(m, raw) == [(f"neo{hyphen}fascist", "neo-fascis*")]
    assert LexiconEntry("Neo\u2011fascis*", "c").pattern == "neo-fascis*"
