"""One person, one name: short names take the full name written elsewhere
(framing.speaker_names, its use in framing.speakers and report_tools.top_speakers)."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.quotes import find_quotes
from framing.report_tools import top_speakers
from framing.speaker_names import fuller_names, names_ending_with, sex_of


@pytest.mark.parametrize("short, full, others, expected", [
    (["Macron", "Le Pen"], ["Emmanuel Macron", "Marine Le Pen"], [],
     {"Macron": "Emmanuel Macron", "Le Pen": "Marine Le Pen"}),
    (["Bush"], ["George W. Bush", "Jeb Bush"], [], {}),                    # two people
    (["Bush"], ["George H.W. Bush", "George W. Bush"], [], {}),            # two people, initials
    (["Trump"], ["Donald J. Trump", "Donald Trump"], [], {"Trump": "Donald Trump"}),  # one, twice
    (["Zarif"], ["Mohammad Javad Zarif"], [], {"Zarif": "Mohammad Javad Zarif"}),
    (["Ringelstein"], ["Maine Democrat Zak Ringelstein"], [], {}),          # 3 words more: no name
    (["Paul"], ["Rand Paul", "Watch Rand Paul"], [], {"Paul": "Rand Paul"}),
    (["Fox"], ["Denise Fox"], ["Facebook Twitter Pinterest Jeff Fox"], {}),  # a credit: Jeff Fox
    (["Fox"], ["Jeff Fox"], ["Facebook Twitter Pinterest Jeff Fox"], {"Fox": "Jeff Fox"}),
    (["ministry"], ["Russian Defense ministry"], [], {}),                  # not a name
    (["Putin"], ["Macron"], [], {}),
    # nested candidates: the one starting with a first name; chains followed
    (["Sanders", "Huckabee Sanders"], ["Huckabee Sanders", "Sarah Huckabee Sanders"], [],
     {"Sanders": "Sarah Huckabee Sanders", "Huckabee Sanders": "Sarah Huckabee Sanders"}),
])
def test_a_short_name_takes_the_one_longer_name_it_ends(short, full, others, expected):
    assert fuller_names(short, full, others=others) == expected


def test_names_written_before_a_short_name_are_read_without_titles():
    text = ("French President Emmanuel Macron met them. The ministers, Sergei Shoigu and "
            "Defense Minister Sébastien Lecornu, spoke. But Macron left; Republicans Obama "
            "voted. Facebook Twitter Pinterest Jeff Fox. Democrat Joe Biden, a democrat since 1972, agreed.")
    got = names_ending_with(text, ["Macron", "Shoigu", "Lecornu", "Obama", "Fox", "Biden"])
    assert {short: {f: [text[s:e] for s, e in at] for f, at in w.persons.items()}
            for short, w in got.items() if w.persons} == {
        "Macron": {"Emmanuel Macron": ["Emmanuel Macron"]},
        "Shoigu": {"Sergei Shoigu": ["Sergei Shoigu"]},
        "Lecornu": {"Sébastien Lecornu": ["Sébastien Lecornu"]},
        "Biden": {"Joe Biden": ["Joe Biden"]}}  # "democrat" is a word of the text, not a name
    assert got["Fox"].others == {"Facebook Twitter Pinterest Jeff Fox"}
    assert not got["Obama"].persons and not got["Obama"].others


def _speakers(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(q.speaker, None if q.speaker is None else text[q.speaker_start:q.speaker_end], q.reason)
            for q in find_quotes(text) if q.kind == "speech"]


def test_a_speaker_named_by_surname_is_the_full_name_of_the_document():
    text = ("French President Emmanuel Macron met his ministers on Monday.\n\n"
            '"We will not give in to threats of any kind," Macron said after the meeting.\n\n'
            '"Nothing is decided about the troops we may send," he added.')
    got = _speakers(text)
    assert [(speaker, written) for speaker, written, _ in got] == [
        ("Emmanuel Macron", "Emmanuel Macron"), ("Emmanuel Macron", "Emmanuel Macron")]
    assert "Macron -> Emmanuel Macron" in got[0][2]
    # the full name written after the quote counts too; offsets point at it
    later = ('"We will not give in to threats of any kind," Macron said.\n\n'
             "Emmanuel Macron spoke for an hour.")
    assert [(s, w) for s, w, _ in _speakers(later)] == [("Emmanuel Macron", "Emmanuel Macron")]


def test_a_surname_of_two_people_stays_as_written():
    text = ("George W. Bush and Jeb Bush spoke at the dinner on Monday.\n\n"
            '"We disagree on almost everything that matters," Bush said.')
    assert [(s, w) for s, w, _ in _speakers(text)] == [("Bush", "Bush")]


def test_a_photo_credit_before_a_surname_keeps_it_as_written():
    # "Facebook Twitter Pinterest" (share buttons) is typed an organisation: it
    # names no one, but it shows that a second Fox is in the story
    text = ("Denise Fox runs the diner on Main Street.\n\n"
            "Facebook Twitter Pinterest Jeff Fox, 58, a cancer survivor, voted for him.\n\n"
            '"I never liked the tweets and I never will," Fox said.')
    assert [(s, w) for s, w, _ in _speakers(text)] == [("Fox", "Fox")]


def test_top_speakers_counts_a_surname_under_the_corpus_full_name():
    hits = pd.DataFrame({
        "doc_id": ["a", "a", "b", "c", "d"],
        "voice": ["quoted"] * 5,
        "speaker": ["Macron", "Macron", "Emmanuel Macron", "George W. Bush", "Bush"],
        "entry": ["threat", "regime", "threat", "regime", "regime"],
    })
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "y", "y", "y"]})
    docs = pd.concat([docs, pd.DataFrame({"doc_id": ["e"], "outlet": ["y"]})])
    hits = pd.concat([hits, pd.DataFrame({"doc_id": ["e"], "voice": ["quoted"],
                                          "speaker": ["Jeb Bush"], "entry": ["regime"]})])
    table = top_speakers(hits, docs, n=10).set_index("speaker")
    assert table.loc["Emmanuel Macron", ["hits", "documents", "also_named"]].tolist() == [3, 2, "Macron"]
    assert table.loc["Emmanuel Macron", "outlets"] == "x (2), y (1)"
    assert sorted(table.index) == ["Bush", "Emmanuel Macron", "George W. Bush", "Jeb Bush"]
    assert table.loc["Bush", "also_named"] == ""


@pytest.mark.parametrize("name, written, expected", [
    ("Hillary Clinton", "", "female"),
    ("George Zimmerman", "", "male"),
    ("Clinton", "Mrs. Clinton", "female"),         # a title decides
    ("Trump", "Mr Trump", "male"),
    ("Sarah Sanders", "White House spokeswoman Sarah Sanders", "female"),
    ("Clinton", "", None),                          # one word is a surname ("Clinton" is a first name too)
    ("Jordan Smith", "", None),                     # given to both sexes
    ("Volodymyr Zelensky", "", None),               # not in the 1990 US lists
])
def test_sex_of_a_name_comes_from_titles_then_first_names(name, written, expected):
    assert sex_of(name, written) == expected


@pytest.mark.parametrize("text, speaker", [
    ('Mary Jones spoke to reporters on Friday. George Zimmerman left the court early.\n\n'
     '"It was a waste of everybody\'s time," she said.', "Mary Jones"),
    ('Mrs. Clinton spoke on Friday. Mr. Trump left early.\n\n'
     '"It was a waste of everybody\'s time," she said.', "Clinton"),
    # a first name given to both sexes says nothing: the last subject, as before
    ('Mary Jones spoke on Friday. Jordan Smith left early.\n\n'
     '"It was a waste of everybody\'s time," she said.', "Jordan Smith"),
])
def test_she_does_not_resolve_to_a_man(text, speaker):
    assert [q.speaker for q in find_quotes(text)] == [speaker]



@pytest.mark.parametrize("text, speaker", [
    # an office or a sex written with the surname must fit the full name
    ("Republicans pressed their inquiry into Hunter Biden on Tuesday.\n\n"
     '"This is a witch hunt," President Biden said at the White House.', "Biden"),
    ("President Trump spoke at the White House, with his daughter Ivanka Trump at his side.\n\n"
     '"We are winning," Trump said.', "Trump"),
    ("Mrs. Clinton spoke in Iowa, a day after former President Bill Clinton campaigned there.\n\n"
     '"We will win," Clinton said.', "Clinton"),
    # ... and when they fit, the full name is taken
    ("President Joe Biden met Hunter Biden on Tuesday.\n\n"
     '"This is a witch hunt," President Biden said at the White House.', "Joe Biden"),
])
def test_a_surname_with_a_title_is_not_a_relative(text, speaker):
    assert [q.speaker for q in find_quotes(text)] == [speaker]


@pytest.mark.parametrize("name, written, expected", [
    ("Gayle King", "CBS host Gayle King", "female"),  # "King" is her name, not a title
    ("Li Keqiang", "", None),                           # family name first
    ("Moon Jae-in", "", None),
    ("Bruno Le Maire", "", "male"),
])
def test_sex_of_does_not_read_names_as_titles(name, written, expected):
    assert sex_of(name, written) == expected


def test_many_quotes_of_one_surname_take_linear_time():
    # each quotation looks up the nearest full name before it by bisection
    text = "\n\n".join(["Emmanuel Macron spoke on Monday."]
                       + [f'"We will not give in on point {i}," Macron said.' for i in range(3000)])
    quotes = find_quotes(text)
    assert len(quotes) == 3000 and {q.speaker for q in quotes} == {"Emmanuel Macron"}
    assert {text[q.speaker_start:q.speaker_end] for q in quotes} == {"Emmanuel Macron"}


def test_top_speakers_merges_only_surnames_into_names():
    speakers = ["Comey", "James Comey", "A.M. James Comey", "Iran", "Iraq and Iran",
                "Washington", "George Washington", "Bush", "George W. Bush", "Jeb Bush"]
    hits = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(speakers))], "voice": "quoted",
                         "speaker": speakers, "entry": "regime"})
    docs = pd.DataFrame({"doc_id": hits["doc_id"], "outlet": "x"})
    table = top_speakers(hits, docs, n=20).set_index("speaker")
    assert table.loc["James Comey", "also_named"] == "Comey"  # not into "A.M. James Comey"
    assert table.loc["A.M. James Comey", "also_named"] == ""
    assert {"Iran", "Washington", "Bush"} <= set(table.index)  # a place; two Bushes


def test_top_speakers_keeps_an_organisation_word_apart_from_a_person():
    # "Fox" may be Fox News written short when "Fox News" speaks in the corpus
    speakers = ["Fox", "Jeff Fox", "Fox News’s motion", "Macron", "Emmanuel Macron"]
    hits = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(speakers))], "voice": "quoted",
                         "speaker": speakers, "entry": "regime"})
    docs = pd.DataFrame({"doc_id": hits["doc_id"], "outlet": "x"})
    table = top_speakers(hits, docs, n=20).set_index("speaker")
    assert table.loc["Jeff Fox", "also_named"] == "" and "Fox" in table.index
    assert table.loc["Emmanuel Macron", "also_named"] == "Macron"
    # without an organisation of that name, the surname is merged as before
    table = top_speakers(hits[hits["speaker"] != "Fox News’s motion"], docs, n=20).set_index("speaker")
    assert table.loc["Jeff Fox", "also_named"] == "Fox"


def test_top_speakers_of_term_hits_lines_that_carry_an_outlet():
    """term_report's 'Who says it' on a word that is no lexicon entry: term_hits lines
    already have an outlet column, and the merge with the documents gave outlet_x /
    outlet_y, so the section failed with KeyError 'outlet'."""
    from framing.pipeline import ScoreSettings, score_documents
    from framing.report_tools import term_hits

    texts = {"a": '"We want dialogue with Moscow," Emmanuel Macron said on Tuesday.',
             "b": 'Analysts doubt the dialogue. "There is no dialogue," Macron told reporters.'}
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "outlet": list(texts), "title": "", "author": "",
                         "date": pd.Timestamp("2024-04-04"), "url": "", "text": list(texts.values()),
                         "source": "x",
                         "source_id": ""})
    scores = score_documents(docs, settings=ScoreSettings(targets=None))
    lines = term_hits(scores, term="dialogue")
    assert lines.attrs["source"] == "text" and "outlet" in lines.columns
    table = top_speakers(lines, scores.documents).set_index("speaker")
    assert table.loc["Emmanuel Macron", ["hits", "documents", "outlets", "also_named"]].tolist() == [
        2, 2, "a (1), b (1)", "Macron"]
    assert len(table) == 1  # the author-voice line has no speaker
    # the outlet comes from the documents, not from a column the lines carry
    relabelled = lines.assign(outlet="stale")
    assert top_speakers(relabelled, scores.documents).loc[0, "outlets"] == "a (1), b (1)"
