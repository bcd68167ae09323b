import pytest

from framing.clean import CleaningOptions, clean_text, normalize_unicode, strip_markdown


def test_unicode_normalisation():
    raw = "Se\u0301bastien\u00a0Lecornu\u200b said\r\nthis\x07."
    assert normalize_unicode(raw) == "Sébastien Lecornu said\nthis."


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("told *Le Monde*: yes", "told Le Monde: yes"),
        ("the **bold** claim", "the bold claim"),
        ("an _emphasised_ word", "an emphasised word"),
        ("see [wsws.org/contact](https://www.wsws.org/contact)", "see wsws.org/contact"),
        ("snake_case_name and 5*3*2 stay", "snake_case_name and 5*3*2 stay"),
    ],
)
def test_markdown(raw, expected):
    assert strip_markdown(raw) == expected


def test_footer_removed_with_everything_after():
    raw = "First paragraph.\n\nSecond paragraph.\n\nTo contact the WSWS and the\nSocialist Equality Party visit:\n\n[wsws.org/contact](https://www.wsws.org/contact)\n"
    assert clean_text(raw) == "First paragraph.\n\nSecond paragraph."


def test_footer_pattern_only_near_the_end():
    body = "\n\n".join(f"Paragraph {i} ends here." for i in range(10))
    raw = "To contact the editors visit:\n\n" + body
    assert clean_text(raw).startswith("To contact the editors visit:")


def test_line_patterns_and_custom_patterns():
    raw = "Real text.\n\nAdvertisement\n\nMore text.\n\nSponsored by ACME."
    assert clean_text(raw) == "Real text.\n\nMore text.\n\nSponsored by ACME."
    options = CleaningOptions(footer_patterns=(r"sponsored by .*",))
    assert clean_text(raw, options) == "Real text.\n\nMore text."
    no_lines = CleaningOptions(line_patterns=())
    assert "Advertisement" in clean_text(raw, no_lines)


def test_page_break_repairs_from_the_seed():
    raw = (
        'Shoigu was "ready to resume dialog\n\nover Ukraine," French defense officials told AFP.\n\n'
        "But IS-K recruited many soldiers of the Afghan regime who went underground when the Taliban took Kabul in\n\n"
        "2021. French secret services have extensive contacts among such forces."
    )
    cleaned = clean_text(raw)
    assert 'Shoigu was "ready to resume dialog over Ukraine," French defense officials told AFP.' in cleaned
    assert "took Kabul in 2021. French secret services" in cleaned
    assert cleaned.count("\n\n") == 1


def test_long_paragraph_without_final_punctuation_joins_capitalised_continuation():
    first = " ".join(["word"] * 25) + " of Russian President"
    cleaned = clean_text(first + "\n\nVladimir Putin, but from France.")
    assert "Russian President Vladimir Putin, but" in cleaned


def test_headings_are_not_joined():
    raw = "Storm Coverage\n\nAs the storm approached, the media reverted to hype."
    assert clean_text(raw) == raw


def test_hard_wrapped_lines_become_one_paragraph():
    assert clean_text("one line\nwrapped  here.\n\n\n\nnext") == "one line wrapped here.\n\nnext"


def test_repair_can_be_switched_off():
    raw = "took Kabul in\n\n2021. Then"
    assert clean_text(raw, CleaningOptions(repair_breaks=False)) == "took Kabul in\n\n2021. Then"
