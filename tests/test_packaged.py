"""The data files under framing/data load as written (framing.packaged)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from framing.errors import FramingError, InputError
from framing.packaged import load_yaml_text, packaged_yaml

DATA_FILES = sorted(p.name for p in resources.files("framing").joinpath("data").iterdir()
                    if p.name.endswith(".yaml"))


def _as_written(node: yaml.Node):
    """Every list item of a YAML node tree as ``(line, text as written)``."""
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, yaml.MappingNode):
            todo.extend(v for _, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                if isinstance(item, yaml.ScalarNode):
                    yield item.start_mark.line + 1, item.value
                else:
                    todo.append(item)


def _loaded_items(data):
    """Every scalar list item of loaded data, in the same order as :func:`_as_written`."""
    todo = [data]
    while todo:
        x = todo.pop()
        if isinstance(x, dict):
            todo.extend(x.values())
        elif isinstance(x, list):
            for item in x:
                if isinstance(item, (dict, list)):
                    todo.append(item)
                else:
                    yield item


def test_every_data_file_is_checked() -> None:
    assert {"segmentation.yaml", "stance_rules.yaml", "speaker_cues.yaml",
            "reporting_verbs.yaml", "first_names.yaml"} <= set(DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_list_entry_loads_as_written(name: str) -> None:
    # rev16c finding 6: YAML 1.1 read "- no" as False and "- on" as True, so the
    # abbreviation list held "false" and the sentence starters "true"
    text = resources.files("framing").joinpath("data", name).read_text("utf-8")
    written = list(_as_written(yaml.compose(text, Loader=yaml.BaseLoader)))
    loaded = list(_loaded_items(packaged_yaml(name)))
    assert len(written) == len(loaded)
    for (line, raw), value in zip(written, loaded, strict=True):
        assert isinstance(value, str) and value == raw, f"{name}:{line}: {raw!r} read as {value!r}"


def test_yaml_1_1_words_stay_words_in_the_data_that_holds_them() -> None:
    seg = packaged_yaml("segmentation.yaml")
    assert "on" in seg["sentence_starters"]
    assert "no" not in seg["abbreviations"]  # see framing.text: "No. 10" by a digit rule
    rules = packaged_yaml("stance_rules.yaml")
    assert "on" in rules["prepositions"]
    assert {"yes", "no"} <= set(rules["ignore"])
    assert all(isinstance(w, str) for w in rules["ignore"])


def test_plain_scalars_follow_yaml_1_2() -> None:
    data = load_yaml_text("words: [no, on, yes, off, y, n]\nweight: -1\nshare: 0.5\n"
                          "octal: 0012\ntime: 1:30\nday: 2024-04-01\nflag: true\nnone: ~\n",
                          "test.yaml")
    assert data == {"words": ["no", "on", "yes", "off", "y", "n"], "weight": -1, "share": 0.5,
                    "octal": "0012", "time": "1:30", "day": "2024-04-01", "flag": True,
                    "none": None}


@pytest.mark.parametrize("text, value", [("words:\n  - the\n  - true\n", "true"),
                                         ("words: [the, 12]\n", "12")])
def test_a_list_item_that_is_no_word_is_an_error_naming_file_and_line(
        text: str, value: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, "framing/data/x.yaml")
    err = info.value
    assert isinstance(err, FramingError) and isinstance(err, ValueError)
    assert err.path == "framing/data/x.yaml"
    assert err.line == (3 if "- true" in text else 1)
    assert repr(value) in err.message and f'"{value}"' in (err.hint or "")
