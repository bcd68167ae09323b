"""Lexicon model, readers, validation, content hash, built-in registry and the CLI."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from framing.cli.main import main
from framing.errors import LexiconError, MissingFileError
from framing.lexicon import (
    EXCLUDE_CATEGORY,
    Lexicon,
    LexiconEntry,
    check_lexicon,
    list_builtin_lexicons,
    load_lexicon,
    normalize_pattern,
    read_lexicon,
)

FIXTURES = Path(__file__).parent / "fixtures" / "lexicons"
REQUIRED = ("ideological_label", "delegitimising", "emotive_intensifier", "threat_escalation",
            "hedge_evidential")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entry_map(lex: Lexicon) -> dict[tuple[str, str], LexiconEntry]:
    return {(e.pattern, e.category): e for e in lex.entries}


# --------------------------------------------------------------------------- readers

def test_yaml_grouped_reader():
    lex = load_lexicon(FIXTURES / "grouped.yaml")
    assert lex.id == "tiny@0.3"
    assert (lex.licence, lex.source) == ("CC0-1.0", "tests/fixtures (written for the test suite)")
    entries = entry_map(lex)
    assert set(entries) == {("imperialis*", "label"), ("regime", "label"),
                            ("regime change", "label"), ("u.s.-backed", "label"),
                            ("so-called", "hedge"), ("without any evidence", "hedge")}
    assert entries[("imperialis*", "label")].weight == 0.8  # the category's weight
    assert entries[("regime", "label")].weight == 0.5  # the entry's own weight
    assert entries[("regime", "label")].notes == "also 'tax regime'"
    assert entries[("so-called", "hedge")].weight == 0.4
    assert entries[("regime", "label")].line == 16
    assert lex.category_counts() == {"label": 4, "hedge": 2}
    assert [c.description for c in lex.categories] == ["Political labels.", ""]


def test_yaml_list_reader_and_csv_give_the_same_lexicon_and_hash():
    from_yaml = load_lexicon(FIXTURES / "flat.yaml")
    from_csv = load_lexicon(FIXTURES / "flat.csv")
    assert from_yaml.id == from_csv.id == "flat@2.0"
    assert set(from_yaml.entries) == set(from_csv.entries)
    # curly and straight apostrophes give one pattern
    assert ("kremlin's lies", "delegitimising") in entry_map(from_yaml)
    assert from_yaml.sha256 == from_csv.sha256


def test_hash_ignores_entry_order_and_source_but_not_content():
    lex = load_lexicon(FIXTURES / "flat.yaml")
    shuffled = dataclasses.replace(lex, entries=tuple(reversed(lex.entries)), path="elsewhere")
    assert shuffled.sha256 == lex.sha256
    first = lex.entries[0]
    reweighted = dataclasses.replace(
        lex, entries=(dataclasses.replace(first, weight=0.61),) + lex.entries[1:])
    renoted = dataclasses.replace(
        lex, entries=(dataclasses.replace(first, notes="other"),) + lex.entries[1:])
    renamed = dataclasses.replace(lex, version="2.1")
    hashes = {lex.sha256, reweighted.sha256, renoted.sha256, renamed.sha256}
    assert len(hashes) == 4
    assert len(lex.sha256) == 64


def test_tsv_reader_default_weight_and_unversioned():
    lex = load_lexicon(FIXTURES / "small.tsv")
    assert lex.id == "small@unversioned"
    entries = entry_map(lex)
    assert entries[("so-called", "hedge")].weight == 1.0
    assert entries[("warmonger*", "label")].weight == 0.9


def test_tsv_has_no_quoting_so_quotes_are_text(tmp_path):
    """A '"' in a TSV opened a quoted field that swallowed the rest of the file."""
    path = write(tmp_path, "q.tsv", 'pattern\tcategory\n6" gun\tweapon\n"so-called\thedge\n'
                                    '"scare quotes"\thedge\nregime\tlabel\n')
    lex = load_lexicon(path)
    assert [e.pattern for e in lex.entries] == ['6" gun', '"so-called', '"scare quotes"', "regime"]
    assert [e.line for e in lex.entries] == [2, 3, 4, 5]


def test_liwc_dic_reader():
    lex = load_lexicon(FIXTURES / "liwc.dic")
    assert lex.name == "liwc"
    pairs = {(e.pattern, e.category) for e in lex.entries}
    assert pairs == {("hate*", "negemo"), ("hate*", "anger"), ("happy", "posemo"),
                     ("kind of", "posemo"), ("abandon*", "negemo"), ("good", "posemo"),
                     ("war crime", "negemo"), ("war crime", "anger")}
    assert lex.category_names == ("negemo", "anger", "posemo")
    assert all(e.line is not None for e in lex.entries)


def test_liwc_category_names_of_several_words_are_kept_whole(tmp_path):
    """'1 Positive Emotion' and '2 Positive Affect' were both read as 'Positive' and merged."""
    path = write(tmp_path, "moral.dic", "%\n1\tPositive Emotion\n2  Positive   Affect\n"
                                        "3\t\tHarm Virtue\tignored note\n%\nhappy\t1\t2\ncare\t3\n")
    lex = load_lexicon(path)
    assert [(e.pattern, e.category) for e in lex.entries] == [
        ("happy", "Positive_Emotion"), ("happy", "Positive_Affect"), ("care", "Harm_Virtue")]


def test_wordlist_reader_category_from_stem_or_parameter():
    lex = load_lexicon(FIXTURES / "words.txt")
    assert lex.id == "threat_words@1"
    assert lex.source == "tests"
    assert {e.pattern for e in lex.entries} == {"threat", "escalat*", "wipe out"}
    assert {e.category for e in lex.entries} == {"words"}
    named = load_lexicon(FIXTURES / "words.txt", category="threat")
    assert {e.category for e in named.entries} == {"threat"}


def test_wordlist_category_from_a_file_name_that_is_no_category_name(tmp_path, capsys):
    """'2024-terms.txt' gave one error per line, none saying the name came from the file."""
    path = write(tmp_path, "2024-terms.txt", "regime\njunta\nthug\n")
    lexicon, errors = check_lexicon(path)
    assert lexicon is None and len(errors) == 1
    assert errors[0].line == 1 and "comes from the file name ('2024-terms')" in errors[0].message
    assert "# category: NAME" in errors[0].hint and "category=" in errors[0].hint
    assert {e.category for e in load_lexicon(path, category="label").entries} == {"label"}
    named = write(tmp_path, "2024-named.txt", "# version: 2\n# category: label\nregime\n")
    lex = load_lexicon(named)
    assert (lex.version, [(e.pattern, e.category) for e in lex.entries]) == ("2", [("regime", "label")])
    bad = write(tmp_path, "bad.txt", "# category: 1st\nregime\n")
    with pytest.raises(LexiconError, match="comes from the '# category:' line") as info:
        load_lexicon(bad)
    assert info.value.line == 1
    assert main(["lexicon", "show", str(path), "--category", "label"]) == 0
    assert "label" in capsys.readouterr().out


def test_wordlist_inline_comments_are_not_part_of_the_pattern(tmp_path):
    """'regime   # political sense only' was the pattern 'regime # political sense only'."""
    path = write(tmp_path, "terms.txt", "regime   # political sense only\nc#\njunta\t# x\n"
                                        "# a comment line\nso-called #hedge\n")
    lex = load_lexicon(path)
    assert [e.pattern for e in lex.entries] == ["regime", "c#", "junta", "so-called"]


def test_format_override_and_unknown_extension(tmp_path):
    path = write(tmp_path, "terms.list", "regime\njunta\n")
    with pytest.raises(LexiconError, match="extension"):
        load_lexicon(path)
    lex = read_lexicon(path, format="wordlist", category="label")
    assert len(lex) == 2


def test_a_folder_or_file_named_like_a_builtin_does_not_shadow_it(tmp_path, monkeypatch):
    """An output folder ./loaded_language made the built-in name unusable everywhere."""
    from framing.matcher import Matcher

    monkeypatch.chdir(tmp_path)
    (tmp_path / "loaded_language").mkdir()
    assert load_lexicon("loaded_language").id == load_lexicon("loaded_language@1.1").id
    assert Matcher("loaded_language").find("The regime.")[0].entry == "regime"
    (tmp_path / "loaded_language").rmdir()
    write(tmp_path, "loaded_language", "junta\n")
    assert len(load_lexicon("loaded_language")) > 1000  # the built-in
    own = load_lexicon("loaded_language", format="wordlist", category="label")
    assert [e.pattern for e in own.entries] == ["junta"]


def test_missing_file_and_unknown_builtin():
    with pytest.raises(MissingFileError, match="absent.yaml' not found"):
        load_lexicon(FIXTURES / "absent.yaml")
    # a name that is neither a built-in nor a file: "not found" (a MissingFileError, exit 2, as
    # a missing file; it was a LexiconError, exit 1), listing the built-ins, with the closest one
    with pytest.raises(MissingFileError, match="'no_such_lexicon' not found") as info:
        load_lexicon("no_such_lexicon")
    assert info.value.exit_code == 2 and info.value.field == "lexicon"
    assert "built-in lexicons: loaded_language" in info.value.hint
    assert "did you mean" not in str(info.value)
    for typo in ("loaded_languag", "Loaded_Language", "loaded_languag.yaml", "loaded_languag@1.0"):
        with pytest.raises(MissingFileError, match="did you mean 'loaded_language'"):
            load_lexicon(typo)


def test_lexicon_check_of_a_name(capsys):
    """'lexicon check loaded_languag' said "cannot tell the lexicon format from the extension ''"
    (exit 1): it is not found (exit 2, did you mean); a built-in name checks the installed file."""
    assert main(["lexicon", "check", "loaded_languag"]) == 2
    err = capsys.readouterr().err
    assert "'loaded_languag' not found" in err and "did you mean 'loaded_language'?" in err
    assert "extension" not in err
    with pytest.raises(MissingFileError, match="not found"):
        check_lexicon("loaded_languag")
    assert main(["lexicon", "check", "loaded_language"]) == 0
    assert "loaded_language: ok" in capsys.readouterr().out


def test_normalize_pattern():
    assert normalize_pattern("  Kremlin’s   LIES ") == "kremlin's lies"
    # as corpus texts are cleaned: NFC, soft hyphens and zero-width characters removed
    assert normalize_pattern("Nai\u0308ve") == "na\u00efve"
    assert normalize_pattern("re\u00adgime\u200b cha\u2060nge") == "regime change"
    assert normalize_pattern("U.S.") == "u.s."
    with pytest.raises(LexiconError):
        normalize_pattern("   ")


def test_entries_are_frozen_and_validated():
    entry = LexiconEntry("Regime", "label", 0.5)
    assert entry.pattern == "regime"
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.weight = 1.0  # type: ignore[misc]
    with pytest.raises(LexiconError, match="weight"):
        LexiconEntry("regime", "label", 1.5)
    with pytest.raises(LexiconError, match="category"):
        LexiconEntry("regime", "", 0.5)
    with pytest.raises(LexiconError, match="duplicate"):
        Lexicon("x", "1", (LexiconEntry("a", "c"), LexiconEntry("A", "c")))
    with pytest.raises(LexiconError, match="version"):
        Lexicon("x", "", (LexiconEntry("a", "c"),))


# --------------------------------------------------------------------------- validation

INVALID = [
    # (file name, content, line, message fragment)
    ("bad_id.dic", "%\n1\tpos\n%\ngood\t1\nbad\t7\n", 5, "unknown category id '7'"),
    ("empty.csv", "pattern,category\nregime,label\n ,label\n", 3, "empty pattern"),
    ("nonword.csv", "pattern,category\n...,label\n", 2, "no letter or digit"),
    ("suffix.csv", "pattern,category\n*ism,label\n", 2, "wildcard not at the end"),
    ("infix.txt", "regime\nim*perial\n", 2, "wildcard not at the end"),
    ("double.txt", "regime\nimperial**\n", 2, "wildcard not at the end"),
    ("text_weight.csv", "pattern,category,weight\nregime,label,high\n", 2, "not a number"),
    ("nan_weight.csv", "pattern,category,weight\nregime,label,nan\n", 2, "outside"),
    ("neg_weight.csv", "pattern,category,weight\nregime,label,-0.2\n", 2, "outside"),
    ("big_weight.yaml",
     'name: x\nversion: "1"\nentries:\n  - {pattern: regime, category: l, weight: 3}\n', 4,
     "outside"),
    ("yaml_nan.yaml",
     'name: x\nversion: "1"\nentries:\n  - {pattern: regime, category: l, weight: .nan}\n', 4,
     "outside"),
    ("conflict.yaml",
     'name: x\nversion: "1"\nentries:\n  label:\n    - regime\n  hedge:\n    - regime\n', 7,
     "conflicts with line 5"),
    ("conflict.dic", "%\n1\ta\n2\tb\n%\nwar\t1\nwar\t2\n", 6, "conflicts with line 5"),
    ("same_name.dic", "%\n1\tposemo\n2\tposemo\n%\nhappy\t1\t2\n", 3,
     "category name 'posemo' is declared twice (first at line 2)"),
    ("same_id.dic", "%\n1\tposemo\n01\tnegemo\n%\nhappy\t1\n", 3,
     "category id '1' is declared twice (first at line 2)"),
    ("unknown_cat.yaml",
     'name: x\nversion: "1"\ncategories:\n  label: {weight: 0.5}\nentries:\n'
     "  - {pattern: regime, category: lable}\n", 6, "unknown category 'lable'"),
    ("syntax.yaml", 'name: x\nversion: "1"\nentries:\n  l:\n    - a\n   - b\n', 6,
     "invalid YAML"),
    ("quote.csv", 'pattern,category\n"regime,label\n', 2, "invalid CSV"),
    ("fields.csv", "pattern,category\nregime,label,0.5\n", 2, "expected 2 fields"),
    # the first 'pattern' column was dropped without a word
    ("dup_column.csv", "pattern,category,pattern\nregime,label,junta\n", 1,
     "column 'pattern' appears twice"),
    # an unclosed quote was reported at the last line of the file, not where it opens
    ("open_quote.csv", 'pattern,category\njunta,label\n"so-called,hedge\nregime,label\n'
     "horde,label\n", 3, "a quote opened in the row at line 3 is never closed"),
    # a row whose quoted field spans two lines: the line where the row starts
    ("multiline.csv", 'pattern,category,notes\nregime,label,\njunta,label,"two\nlines",x\n', 3,
     "expected 3 fields"),
    ("key.yaml", 'name: x\nversion: "1"\nlicense: MIT\nentries:\n  l: [a]\n', 3,
     "unknown key 'license'"),
    ("number_version.yaml", "name: x\nversion: 1.10\nentries:\n  l: [a]\n", 2, "not text"),
    # a repeated key dropped its first block without a word (PyYAML keeps the last)
    ("dup_entries.yaml", 'name: x\nversion: "1"\nentries:\n  l: [regime, junta]\n'
     "entries:\n  l: [so-called]\n", 5, "duplicate key 'entries' (first at line 3)"),
    ("dup_categories.yaml", 'name: x\nversion: "1"\ncategories:\n  l: {weight: 0.5}\n'
     "categories:\n  h: {weight: 0.4}\nentries:\n  l: [a]\n", 5, "duplicate key 'categories'"),
    ("dup_category.yaml", 'name: x\nversion: "1"\ncategories:\n  l: {weight: 0.5}\n'
     "  l: {weight: 0.9}\nentries:\n  l: [a]\n", 5, "duplicate key 'l' under 'categories'"),
    ("dup_field.yaml", 'name: x\nversion: "1"\nentries:\n'
     "  - {pattern: regime, category: l, pattern: junta}\n", 4,
     "duplicate key 'pattern' in an entry"),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), INVALID,
                         ids=[case[0] for case in INVALID])
def test_validation_errors_name_file_and_line(tmp_path, name, content, line, message):
    path = write(tmp_path, name, content)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert message in err.message
    assert f"{path}:{line}" in str(err)


def test_a_category_listed_twice_under_entries_keeps_both_lists(tmp_path):
    path = write(tmp_path, "twice.yaml", 'name: x\nversion: "1"\nentries:\n  l: [regime]\n'
                                         "  h: [so-called]\n  l: [junta]\n")
    assert [e.pattern for e in load_lexicon(path).entries] == ["regime", "so-called", "junta"]


def test_same_duplicate_is_dropped_with_a_warning(tmp_path, caplog):
    path = write(tmp_path, "dupes.csv", "pattern,category,weight\nregime,label,0.5\n"
                                        "junta,label,0.9\nRegime,label,0.5\n")
    with caplog.at_level(logging.WARNING, logger="framing.lexicon"):
        lex = load_lexicon(path)
    assert [e.pattern for e in lex.entries] == ["regime", "junta"]
    assert any("duplicate entry 'regime'" in r.getMessage() and ":4:" in r.getMessage()
               for r in caplog.records)


def test_check_lexicon_reports_every_problem(tmp_path):
    path = write(tmp_path, "many.csv", "pattern,category,weight\n,label,0.5\n"
                                       "ok,label,0.5\n*x,label,0.5\ny,label,2\n")
    lexicon, errors = check_lexicon(path)
    assert lexicon is None
    assert [e.line for e in errors] == [2, 4, 5]
    with pytest.raises(LexiconError, match="2 more problem"):
        load_lexicon(path)


def test_patterns_copied_decomposed_or_with_soft_hyphens_match_cleaned_text(tmp_path):
    from framing.clean import clean_text
    from framing.matcher import Matcher

    path = write(tmp_path, "terms.txt", "nai\u0308ve\ningérence\nre\u00adgime\n")
    text = clean_text("A na\u00efve view of Russian inge\u0301rence by the re\u00adgime.")
    found = Matcher(load_lexicon(path)).find(text)
    assert [h.entry for h in found] == ["na\u00efve", "ing\u00e9rence", "regime"]


def test_metacharacters_are_kept_as_text(tmp_path):
    path = write(tmp_path, "meta.txt", "U.S.\nC++\n(so-called)\na.b*\n[x]|y\n")
    lex = load_lexicon(path)
    assert [e.pattern for e in lex.entries] == ["u.s.", "c++", "(so-called)", "a.b*", "[x]|y"]


def test_yaml_plain_scalars_are_text_as_written(tmp_path):
    """YAML 1.1 reads no/off/yes/1_000/12:30 as false/true/numbers: 'no' and 'off' both became
    the pattern 'false' (the second dropped as a duplicate) and nothing matched 'No'."""
    from framing.matcher import Matcher

    path = write(tmp_path, "negators.yaml",
                 'name: negators\nversion: "1"\ncategories:\n  on: {description: yes}\n'
                 "entries:\n  on:\n    - no\n    - never\n    - off\n    - yes\n    - 1_000\n"
                 "    - 12:30\n    - {pattern: junta, notes: no}\n")
    lex = load_lexicon(path)
    assert [(e.pattern, e.category) for e in lex.entries] == [
        ("no", "on"), ("never", "on"), ("off", "on"), ("yes", "on"), ("1_000", "on"),
        ("12:30", "on"), ("junta", "on")]
    assert lex.entries[-1].notes == "no" and lex.categories[0].description == "yes"
    found = Matcher(lex).find("No, never: off the record at 12:30.")
    assert [h.match for h in found] == ["No", "never", "off", "12:30"]
    empty = write(tmp_path, "empty.yaml", 'name: e\nversion: "1"\nentries:\n  l:\n    - ~\n')
    with pytest.raises(LexiconError, match="empty pattern"):
        load_lexicon(empty)


# --------------------------------------------------------------------------- built-in

def test_builtin_lexicon():
    assert "loaded_language" in list_builtin_lexicons()
    lex = load_lexicon("loaded_language")
    assert lex is load_lexicon("loaded_language@1.1")  # cached
    assert lex.version == "1.1"
    assert lex.licence and lex.source and lex.description
    counts = lex.category_counts()
    loaded = {c: n for c, n in counts.items() if c != EXCLUDE_CATEGORY}
    assert sum(loaded.values()) >= 400
    for category in REQUIRED:
        assert counts[category] >= 25, category
    patterns = {e.pattern for e in lex.entries}
    for term in ("imperialis*", "regime", "junta", "warmonger*", "puppet", "neo-fascis*",
                 "regime change", "propagand*", "lie", "bankruptcy", "hypocri*", "sham",
                 "horrif*", "brutal*", "baldly", "outrag*", "shameless*", "threat",
                 "escalation", "aggressi*", "provocat*", "annihilat*", "claimed", "alleged",
                 "so-called", "without any evidence", "reportedly", "purported"):
        assert term in patterns, term
    assert all(0.0 <= e.weight <= 1.0 for e in lex.entries)
    with pytest.raises(LexiconError, match="version"):
        load_lexicon("loaded_language@9.9")


# --------------------------------------------------------------------------- CLI

def test_cli_check_ok(capsys):
    code = main(["lexicon", "check", str(FIXTURES / "grouped.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    lex = load_lexicon(FIXTURES / "grouped.yaml")
    assert "tiny@0.3: 6 entries in 2 categories" in out
    assert lex.sha256 in out


def test_cli_check_invalid(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", "pattern,category,weight\nregime,label,x\n*a,label,1\n")
    code = main(["lexicon", "check", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:2" in err and f"{path}:3" in err
    assert "2 problem(s)" in err


def test_cli_show_and_list(capsys):
    assert main(["lexicon", "show", "loaded_language", "--examples", "2"]) == 0
    out = capsys.readouterr().out
    assert "loaded_language@1.1" in out and "ideological_label" in out and "licence: MIT" in out
    assert main(["lexicon", "show", str(FIXTURES / "liwc.dic")]) == 0
    out = capsys.readouterr().out
    assert "negemo" in out and "hate*" in out
    assert main(["lexicon", "list"]) == 0
    assert capsys.readouterr().out.startswith("loaded_language\t1.1\t")


def test_a_lexicon_of_exclusions_only_is_flagged(tmp_path, capsys, caplog):
    """Exclusions block entries of their own lexicon only: a separate exclusion list next
    to the built-in changes no hit, and nothing said so."""
    from framing.matcher import Matcher

    path = write(tmp_path, "my_exclusions.csv", "pattern,category\nbrutal honesty,exclude\n")
    with caplog.at_level(logging.WARNING, logger="framing.lexicon"):
        matcher = Matcher(["loaded_language", str(path)])
    assert "my_exclusions@unversioned has only 'exclude' entries" in caplog.text
    assert [h.match for h in matcher.find("His brutal honesty.")] == ["brutal"]  # the documented rule
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="framing.lexicon"):
        Matcher(["loaded_language"])
    assert "only 'exclude'" not in caplog.text
    assert main(["lexicon", "check", str(path)]) == 0
    assert "note: lexicon my_exclusions@unversioned has only 'exclude' entries" in capsys.readouterr().out
    # the note points to the built-in's file, to copy: 'show' prints where it really is
    assert main(["lexicon", "show", "loaded_language", "--examples", "0"]) == 0
    shown = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("path: "))
    assert Path(shown[len("path: "):]).is_file()


def test_cli_show_unknown_name_is_an_error(capsys):
    assert main(["lexicon", "show", "nope"]) == 2  # a usage error, as a missing file (was 1)
    assert "lexicon 'nope' not found" in capsys.readouterr().err


def test_cli_lexicon_without_subcommand_prints_help(capsys):
    assert main(["lexicon"]) == 2
    assert "check" in capsys.readouterr().out


def test_cli_check_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["lexicon", "check", str(tmp_path / "none.yaml")]) == 2
    assert "not found" in capsys.readouterr().err
