"""Targets: YAML model and validation, mention finding, voice on mentions."""

from __future__ import annotations

import pickle

import pytest

from framing.errors import MissingFileError, TargetsError
from framing.schema import MENTION_COLUMNS
from framing.targets import (
    TargetMatcher,
    exclusion_warnings,
    find_mentions,
    load_targets,
    mentions_frame,
    parse_targets,
    voice_from_quotes,
)

SMALL = """\
name: test-targets
version: "2"
licence: MIT
source: tests
targets:
  Russia:
    aliases: [Russia, Russian*, Moscow, the Kremlin, Kremlin]
    exclude: [Moscow attack]
  NATO:
    aliases: [NATO, the alliance]
  France: [France, French, Paris]
"""


@pytest.fixture
def small():
    return parse_targets(SMALL, path="small.yaml")


def spans(text, mentions):
    return [(m.target, text[m.start:m.end]) for m in mentions]


def test_builtin_sample_targets_cover_the_story():
    targets = load_targets()
    assert targets.names[:4] == ["Russia", "NATO", "France", "Ukraine"]
    assert len(targets.sha256) == 64
    assert targets.id == "sample-ukraine-2024@1.1"
    aliases = {a.text for a in targets["France"].aliases}
    assert {"Lecornu", "Paris", "Macron", "the Élysée"} <= aliases
    assert "Shoigu" in {a.text for a in targets["Russia"].aliases}


def test_load_from_path_hashes_file_bytes(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(SMALL, encoding="utf-8")
    a = load_targets(path)
    path.write_text(SMALL.replace('"2"', '"3"'), encoding="utf-8")
    b = load_targets(str(path))
    assert a.sha256 != b.sha256
    assert (a.id, b.id) == ("test-targets@2", "test-targets@3")
    assert a.path == str(path)


def test_unknown_source_is_missing_file():
    with pytest.raises(MissingFileError, match="sample"):
        load_targets("no-such-targets.yaml")


def test_longest_match_and_word_boundaries(small):
    text = "The Kremlin said Russians and NATO-backed forces met; Frenchmen stayed home."
    found = spans(text, find_mentions(text, 0, len(text), small))
    assert found == [("Russia", "The Kremlin"), ("Russia", "Russians"), ("NATO", "NATO")]


def test_offsets_are_into_the_full_text_and_region_is_respected(small):
    text = "France spoke. Then Moscow answered."
    second = text.index("Then")
    mentions = find_mentions(text, second, len(text), small)
    assert [(m.target, m.start, m.end) for m in mentions] == [("Russia", 19, 25)]
    assert text[19:25] == "Moscow"


def test_case_rules(small):
    # proper names match as written (capital first letter allowed), lower-case aliases any case
    text = "The alliance met. the kremlin was silent. paris fashion. THE ALLIANCE again. nato"
    found = spans(text, find_mentions(text, 0, len(text), small))
    assert found == [("NATO", "The alliance"), ("NATO", "THE ALLIANCE")]


def test_case_override(tmp_path):
    targets = parse_targets("targets:\n  NATO:\n    aliases:\n"
                            "      - {text: NATO, case: insensitive}\n")
    assert spans("nato and Nato", find_mentions("nato and Nato", targets=targets)) == \
        [("NATO", "nato"), ("NATO", "Nato")]


def test_exclusion_phrase_blocks_alias(small):
    text = "After the Moscow attack, Moscow blamed Kiev."
    found = spans(text, find_mentions(text, 0, len(text), small))
    assert found == [("Russia", "Moscow")]
    assert find_mentions(text, 0, len(text), small)[0].start == text.index("Moscow blamed")


def test_curly_apostrophe_and_possessive(small):
    text = "Russia’s offer and France's answer"
    assert spans(text, find_mentions(text, targets=small)) == [("Russia", "Russia"),
                                                                ("France", "France")]


def test_matcher_is_picklable(small):
    matcher = TargetMatcher(small)
    text = "Paris and Moscow"
    before = matcher.find(text)
    clone = pickle.loads(pickle.dumps(matcher))
    assert clone.find(text) == before
    assert pickle.loads(pickle.dumps(small)).matcher().find(text) == before


def test_voice_function_fills_mentions(small):
    text = 'Moscow said: "France is behind it." NATO denied.'
    q_start = text.index('"')
    q_end = text.index('"', q_start + 1) + 1
    voice = voice_from_quotes([(q_start, q_end, "Shoigu", "speech")])
    mentions = find_mentions(text, 0, len(text), small, voice=voice)
    assert [(m.target, m.voice, m.speaker) for m in mentions] == [
        ("Russia", "author", None), ("France", "quoted", "Shoigu"), ("NATO", "author", None)]
    frame = mentions_frame(mentions)
    assert list(frame.columns) == MENTION_COLUMNS
    assert frame.loc[1, "voice"] == "quoted"


def test_scare_quotes_stay_in_author_voice(small):
    import pandas as pd

    # 'its "Western partners" in NATO': a scare quote at 4..22
    quotes = pd.DataFrame({"start": [4], "end": [22], "kind": ["scare"], "speaker": [None]})
    voice = voice_from_quotes(quotes)
    assert voice(5, 12) == ("author", None)


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        ("targets:\n  A: [Paris]\n  B:\n    aliases: [Lyon, paris]\n", 4, "already listed"),
        ("targets:\n  A:\n    aliases:\n      - Paris\n      - ''\n", 5, "empty alias"),
        ("targets:\n  A: [Paris, Paris]\n", 2, "listed twice"),
        ("targets:\n  A: [Par*is]\n", 2, "only allowed at the end"),
        ("targets:\n  A:\n    aliases: [x\n  B: [y]\n", 4, "invalid YAML"),
        ("targets:\n  A:\n    description: no aliases\n", 2, "no aliases"),
        ("targets:\n  A:\n    alias: [x]\n", 3, "unknown key"),
        ("name: x\n", None, "no targets"),
        ("targets:\n  A: [x]\n  A: [y]\n", 3, "defined twice"),
        # a repeated key inside a target would silently drop its first alias list
        ("targets:\n  A:\n    aliases: [Paris]\n    aliases: [Lyon]\n", 4, "defined twice"),
        # curly and straight apostrophes are one alias for the matcher
        ("targets:\n  A: [\"Russia's\"]\n  B: [\"Russia\u2019s\"]\n", 3, "already listed"),
        ("targets:\n  A: [Russian*]\n  B: [Russians]\n", 3, "also matched by"),
    ],
)
def test_bad_targets_files_name_file_and_line(tmp_path, yaml_text, line, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(TargetsError) as info:
        load_targets(path)
    err = info.value
    assert message in str(err)
    assert err.path == str(path)
    assert err.line == line
    assert str(path) in str(err)


def test_targets_file_encoding_folder_and_unicode_forms(tmp_path):
    import unicodedata

    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("targets:\n  Zurich: [Z\u00fcrich]\n".encode("latin-1"))
    with pytest.raises(TargetsError, match="UTF-8") as info:
        load_targets(latin1)
    assert info.value.line == 2
    with pytest.raises(TargetsError, match="not a folder"):
        load_targets(tmp_path)
    # an alias typed in decomposed form (NFD) matches the NFC text ingestion produces
    nfd = tmp_path / "nfd.yaml"
    nfd.write_text("targets:\n  Ukraine: [" + unicodedata.normalize("NFD", "Київ") + "]\n",
                   encoding="utf-8")
    text = unicodedata.normalize("NFC", "Він поїхав до Київ сьогодні.")
    mentions = find_mentions(text, 0, len(text), load_targets(nfd))
    assert [text[m.start:m.end] for m in mentions] == ["Київ"]
    # a longer phrase sharing a wildcard's first word is fine: the longest match wins
    ok = tmp_path / "ok.yaml"
    ok.write_text("targets:\n  A: [Russian*]\n  B: [Russian Orthodox Church]\n", encoding="utf-8")
    assert list(load_targets(ok).names) == ["A", "B"]


# --------------------------------------------------------------------------- the built-in list


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reviewer rev16d finding 2: the exclusion was 'Moscow attack*', which also
        # swallowed Moscow as the agent of the verb
        ("Moscow attacked Kyiv overnight.", [("Russia", "Moscow"), ("Ukraine", "Kyiv")]),
        ("Moscow attacks Ukrainian energy sites every week.",
         [("Russia", "Moscow"), ("Ukraine", "Ukrainian")]),
        # the noun phrase (the Crocus City Hall attack) is still a place, no mention
        ("Kyiv denied any role in the Moscow attack.", [("Ukraine", "Kyiv")]),
        ("Paris did not cause the Moscow attacks.", [("France", "Paris")]),
        ("The Moscow terror attackers were arrested.", []),
        # finding 8: names and phrases that merely contain an alias
        ("Russia and China renewed the alliance between them.", [("Russia", "Russia")]),
        ("The alliance of religion and business held.", []),
        ("Stoltenberg said the alliance would not mirror Russia.",
         [("NATO", "Stoltenberg"), ("NATO", "the alliance"), ("Russia", "Russia")]),
        ("The Washington Post reported the talks.", []),
        ("The George Washington Bridge was closed in Washington state.", []),
        ("Paris Hilton posted a video.", []),
        ("Trump left the Paris climate accord; the Paris Climate Agreement stayed.", []),
        ("A Moscow-based analyst and a Paris-based agency spoke.", []),
        # finding 8: spellings that were missed
        ("The Elysée said nothing.", [("France", "Elysée")]),
        ("Zelenskiy spoke to reporters.", [("Ukraine", "Zelenskiy")]),
        ("Nato allies met in Brussels.", [("NATO", "Nato")]),
        ("US sanctions on Russia were tightened.", [("United States", "US"), ("Russia", "Russia")]),
        ("U.S. officials said Russia was responsible.",
         [("United States", "U.S."), ("Russia", "Russia")]),
        # bare US is a proper name: the pronoun is never the United States
        ("Let us talk. Us and them. Tell us.", []),
        ("Washington warned Moscow.", [("United States", "Washington"), ("Russia", "Moscow")]),
    ],
)
def test_builtin_list_mentions(text, expected):
    assert spans(text, find_mentions(text)) == expected


def test_exclusion_wildcard_after_an_alias_is_warned_about(tmp_path, capsys):
    from framing.cli.main import main

    assert exclusion_warnings(load_targets()) == []  # the built-in list has none
    path = tmp_path / "t.yaml"
    path.write_text("targets:\n  Russia:\n    aliases: [Russia, Moscow, Russian*]\n"
                    "    exclude:\n      - Moscow attack*\n      - Moscow terror attack*\n"
                    "      - Russian troop*\n      - the Moscow attack\n", encoding="utf-8")
    targets = load_targets(path)
    # only the wildcard word right after a plain alias: there it may be the alias's verb
    warnings = exclusion_warnings(targets)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:5 [Russia]: exclusion 'Moscow attack*' blocks 'Moscow'")
    assert "verb" in warnings[0] and "'the Moscow attack'" in warnings[0]
    # the exclusion really does block the verb use: what the warning is about
    assert spans("Moscow attacked Kyiv.", find_mentions("Moscow attacked Kyiv.", targets=targets)) == []
    assert main(["targets", "check", str(path)]) == 0  # a warning, not an error
    captured = capsys.readouterr()
    assert captured.err.startswith("warning: ") and "Moscow attack*" in captured.err
    assert "1 targets" in captured.out
    assert main(["targets", "check"]) == 0
    assert capsys.readouterr().err == ""


def test_docs_example_targets_file_sends_mentions_to_the_right_target():
    # reviewer rev16d finding 10: the example listed {text: nato-led, ...} under Ukraine
    import re
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "stance.md").read_text("utf-8")
    example = re.search(r"```yaml\n(name: ukraine-war-2024.*?)```", doc, re.S)
    assert example is not None
    targets = parse_targets(example.group(1))
    for text, expected in [
        ("The NATO-led exercise began; Nato allies and the alliance met.",
         [("NATO", "NATO"), ("NATO", "Nato"), ("NATO", "the alliance")]),
        ("Moscow attacked Kyiv after the Moscow attack.", [("Russia", "Moscow"), ("Ukraine", "Kyiv")]),
        ("Zelenskiy spoke of the alliance between Russia and Iran.",
         [("Ukraine", "Zelenskiy"), ("Russia", "Russia")]),
    ]:
        assert spans(text, find_mentions(text, targets=targets)) == expected
    assert exclusion_warnings(targets) == []
