import pandas as pd
import pytest

from framing.header import parse_date, parse_dates, split_header


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4 April 2024", "2024-04-04"),
        ("April 4, 2024", "2024-04-04"),
        ("Apr. 4, 2024", "2024-04-04"),
        ("4th of April 2024", "2024-04-04"),
        ("Thursday, 4 April 2024", "2024-04-04"),
        ("Thursday, April 4, 2024", "2024-04-04"),
        ("Published: 4 April 2024", "2024-04-04"),
        ("2024-04-04", "2024-04-04"),
        ("2024-04-04T22:30:00+02:00", "2024-04-04 20:30:00"),
        ("2024/04/04", "2024-04-04"),
        ("25/04/2024", "2024-04-25"),
    ],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text) == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["", "soon", "04/05/2024", "31 February 2024", "Alex Lantier", None])
def test_parse_date_refuses_ambiguous_or_invalid(text):
    assert parse_date(text) is None


def test_seed_header(seed_text):
    from tests.conftest import SEED

    header = split_header(SEED.read_text("utf-8"))
    assert header.meta["title"] == "France rejects Russian offer of Ukraine peace talks"
    assert header.meta["author"] == "Alex Lantier"
    assert header.meta["date"] == pd.Timestamp("2024-04-04")
    assert header.body.lstrip().startswith("On Wednesday, the Russian and French defense ministers")
    assert header.body_line == 7


def test_front_matter():
    text = "---\ntitle: A title\nauthors: [Ann, Bob]\ndate: 2024-04-05\noutlet: x\n---\nBody text here.\n"
    header = split_header(text)
    assert header.meta["title"] == "A title"
    assert header.meta["author"] == "Ann, Bob"
    assert parse_date(header.meta["date"]) == pd.Timestamp("2024-04-05")
    assert header.meta["outlet"] == "x"
    assert header.body.strip() == "Body text here."


def test_front_matter_invalid_yaml_is_reported_with_line():
    header = split_header("---\ntitle: [unclosed\n---\nBody.\n")
    assert header.problems and header.problems[0][0] >= 2
    assert "YAML" in header.problems[0][1]


def test_no_header_when_text_starts_with_prose():
    text = "The minister spoke on Wednesday. He said the call was useful.\n\nMore text follows here."
    header = split_header(text)
    assert header.meta == {}
    assert header.body == text


def test_title_alone_before_blank_line():
    header = split_header("Talks stall in Geneva\n\nThe talks stalled on Monday after three hours.")
    assert header.meta == {"title": "Talks stall in Geneva"}
    assert header.body.strip().startswith("The talks stalled")


def test_by_line_author_and_date_any_order():
    header = split_header("Big news\nApril 5, 2024\nBy Jane Roe\n\nBody of the article, which is long.")
    assert header.meta["author"] == "Jane Roe"
    assert header.meta["date"] == pd.Timestamp("2024-04-05")


@pytest.mark.parametrize(
    "lede",
    [
        "“We will not negotiate,” the minister said, “not now”",
        "“We will not negotiate with Moscow.”",
        "Who benefits from the war in Ukraine?",
        "Enough of this war!",
        "The minister left the talks early (they had failed.)",
    ],
)
def test_a_lone_line_ending_as_a_sentence_or_quotation_stays_in_the_body(lede):
    text = f"{lede}\n\nThe second paragraph follows here."
    header = split_header(text)
    assert "title" not in header.meta
    assert header.body == text


@pytest.mark.parametrize("headline", ["Putin calls the West 'imperialist'", "Macron’s “strategic ambiguity”"])
def test_a_lone_headline_ending_in_a_quoted_word_is_a_title(headline):
    header = split_header(f"{headline}\n\nThe Russian president used the word on Tuesday.")
    assert header.meta["title"] == headline
    assert header.body.strip() == "The Russian president used the word on Tuesday."


@pytest.mark.parametrize("headline", [
    "Who Will Pay for the Climate Transition?",
    "Is This the End of the Euro?",
    "Can Macron Survive?",
    "WHO WILL PAY?",
    "Enough Is Enough!",
    "Will 2025 Be the Year of the Deal?",
])
def test_a_lone_question_or_exclamation_in_title_case_is_a_title(headline):
    header = split_header(f"{headline}\n\nThe bill for the transition lands on taxpayers.")
    assert header.meta == {"title": headline}
    assert header.body.strip() == "The bill for the transition lands on taxpayers."


@pytest.mark.parametrize("lede", [
    "Who will pay?",  # sentence case: a lede as much as a headline
    "Will Biden and Trump debate again?",  # capitals of names only
    "Why Now?",  # too short to tell
    "“Who Will Pay?” he Asked.",  # ends as a sentence with a period
])
def test_a_lone_question_in_sentence_case_stays_in_the_body(lede):
    text = f"{lede}\n\nThe second paragraph follows here."
    header = split_header(text)
    assert "title" not in header.meta and header.body == text


def test_a_headline_ending_in_a_question_mark_is_a_title_with_a_byline():
    header = split_header("Who benefits from the war?\n\nBy Jane Roe\nApril 8, 2024\n\nBody text.")
    assert header.meta["title"] == "Who benefits from the war?"
    assert header.meta["author"] == "Jane Roe"
    assert header.body.strip() == "Body text."


@pytest.mark.parametrize(
    "block",
    [
        "Paris: the minister said the talks were over",  # a mapping with no known key
        "Paris: the minister said: no talks",  # not valid YAML, no known key
        "A line of prose between rules",  # a string
        "- first point\n- second point",  # a list
        "update: police have named the victim of the attack.",  # a note written as prose
    ],
)
def test_a_block_without_front_matter_keys_stays_text_with_a_problem(block):
    text = f"---\n{block}\n---\nThe body of the article."
    header = split_header(text)
    assert header.meta == {}
    assert header.body == text
    assert header.problems and "kept as article text" in header.problems[0][1]


@pytest.mark.parametrize("blank_lines", [0, 2])
def test_unused_front_matter_keys_are_reported_with_their_line(blank_lines):
    text = "\n" * blank_lines + "---\ntitle: T\nauthors: Ann\nsource: AFP\ntags: [war]\n---\nBody.\n"
    header = split_header(text)
    assert header.meta == {"title": "T", "author": "Ann"}
    assert header.body.strip() == "Body."
    assert header.problems == []  # information, not a problem: --strict still loads the file
    [(line, message)] = header.info
    assert text.split("\n")[line - 1] == "source: AFP"
    assert "'source'" in message and "'tags'" in message


def test_front_matter_with_only_unknown_lower_case_keys_is_metadata_not_text():
    header = split_header("---\nheadline: Talks fail\npublished: 2024-04-04\n---\nBody.\n")
    assert header.body.strip() == "Body."
    assert header.meta == {} and header.problems == []
    assert "'headline'" in header.info[0][1] and "'published'" in header.info[0][1]


@pytest.mark.parametrize("date_line", ["30 February 2024", "April 31, 2024", "04/05/2024", "2024-02-30"])
def test_a_date_line_whose_value_is_not_a_date_is_kept_as_written(date_line):
    header = split_header(f"Talks stall in Geneva\nBy Jane Roe\n{date_line}\n\nThe talks stalled.")
    assert header.meta == {"title": "Talks stall in Geneva", "author": "Jane Roe", "date": date_line}
    assert header.body.strip() == "The talks stalled."


def test_front_matter_with_windows_line_endings_is_read():
    header = split_header("---\r\ntitle: Talks\r\nslug: talks\r\n---\r\nBody.\r\n")
    assert header.meta == {"title": "Talks"}
    assert header.body.strip() == "Body."
    assert "'slug'" in header.info[0][1] and header.info[0][0] == 3


def test_front_matter_keys_and_values_come_through_as_written():
    # YAML 1.1 reads no/yes/on/off as booleans and 0012 as octal: the key 'no' was
    # reported as 'false', the title 'Yes' became 'True' and the id '0012' became '10'
    text = "---\ntitle: Yes\noutlet: ON\nid: 0012\nurl: 1:30\nno: 5\noff: on\n---\nBody.\n"
    header = split_header(text)
    assert header.meta == {"title": "Yes", "outlet": "ON", "id": "0012", "url": "1:30"}
    [(line, message)] = header.info
    assert line == 6 and "'no', 'off' not used" in message


def test_front_matter_dates_are_read_from_their_text():
    header = split_header("---\ntitle: T\ndate: 2024-04-05T10:30:00Z\n---\nBody.\n")
    assert parse_date(header.meta["date"]) == pd.Timestamp("2024-04-05 10:30")
    # a date that does not exist is kept as written (the manifest names it), not a YAML error
    header = split_header("---\ntitle: T\ndate: 2024-13-45\n---\nBody.\n")
    assert header.meta["date"] == "2024-13-45" and header.problems == []
    assert parse_date(header.meta["date"]) is None


@pytest.mark.parametrize("written, expected", [
    # forms YAML 1.1 read as timestamps, which front matter dates were before values were
    # read as written: the same UTC times as then
    ("2024-04-04 10:30:00 +02:00", "2024-04-04 08:30"),
    ("2024-04-04 10:30:00 -5", "2024-04-04 15:30"),
    ("2024-04-04 10:30:00.5 Z", "2024-04-04 10:30:00.5"),
    ("2024-4-4 9:05:00", "2024-04-04 09:05"),
])
def test_front_matter_dates_with_a_utc_offset_are_read(written, expected):
    header = split_header(f"---\ntitle: T\ndate: {written}\n---\nBody.\n")
    assert parse_date(header.meta["date"]) == pd.Timestamp(expected)
    assert parse_date("2024-04-04 25:30:00 +02:00") is None  # no such time


@pytest.mark.parametrize("written, expected", [
    ("2024-04-01", pd.Timestamp("2024-04-01")),
    ("2024-04-01T09:30:00Z", pd.Timestamp("2024-04-01 09:30")),
    ("April 1, 2024", pd.Timestamp("2024-04-01")),
    ("01/04/2024", "01/04/2024"),  # ambiguous: kept as written, so the manifest warns
])
def test_labelled_header_lines_are_read(written, expected):
    text = f"Title: Talks resume\nDATE: {written}\nAuthor: Jane Roe\nKeywords: x\n\nThe ministers met.\n"
    header = split_header(text)
    assert header.meta == {"title": "Talks resume", "date": expected, "author": "Jane Roe"}
    assert header.body == "The ministers met.\n" and header.body_line == 6
    assert header.info and header.info[0][0] == 4 and "'keywords'" in header.info[0][1]


@pytest.mark.parametrize("text", [
    "Paris: the minister said on Monday that talks would resume.\n\nMore.\n",  # no known key
    "Update: Russia responded on Wednesday.\n\nMore.\n",
])
def test_prose_with_a_colon_is_no_labelled_header(text):
    header = split_header(text)
    assert header.meta == {} and not header.info and header.body == text


BODY = "Russian forces advanced on Tuesday, officials said.\n\nThe Kremlin denied it.\n"
T, D = "Title: Putin's war\n", "Date: 2024-04-01\n"


@pytest.mark.parametrize("text, body, body_line, info", [
    (T + D + BODY, BODY, 3, None),  # no blank line between block and body
    (T + "Author:\n" + D + "\n" + BODY, BODY, 5, None),  # an empty value is ignored
    (T + "Published date: 2024-04-01\n\n" + BODY, BODY, 4, None),  # a key of two words
    (T + D + "Editor's note: updated with Kremlin reaction\n\n" + BODY, BODY, 5, "\"editor's note\""),
    (T + "Tags: war\n" + D + "\n" + BODY, BODY, 5, "'tags'"),  # unknown key before the last known
    (T + D + "Editor's note: This story was updated.\n\n" + BODY,  # prose after the block: body
     "Editor's note: This story was updated.\n\n" + BODY, 3, None),
    (T + D + "Keywords: war\n" + BODY, "Keywords: war\n" + BODY, 3, None),  # no blank line: body
])
def test_one_odd_line_does_not_reject_a_labelled_header(text, body, body_line, info):
    header = split_header(text)
    assert header.meta == {"title": "Putin's war", "date": pd.Timestamp("2024-04-01")}
    assert header.body == body and header.body_line == body_line
    if info is None:
        assert not header.info
    else:
        assert info in header.info[0][1]


def test_labelled_header_ends_after_the_last_known_key():
    # a transcript: the Q/A lines after the title are body, not unused header lines
    text = "Title: Interview with the minister\nQ: Will Russia attack?\nA: No.\n\n" + BODY
    header = split_header(text)
    assert header.meta == {"title": "Interview with the minister"} and not header.info
    assert header.body == "Q: Will Russia attack?\nA: No.\n\n" + BODY and header.body_line == 2
    # one known line and prose right after it: the title, then the body
    header = split_header("Title: Talks resume\nThe ministers met on Monday.\n\nMore.\n")
    assert header.meta == {"title": "Talks resume"}
    assert header.body == "The ministers met on Monday.\n\nMore.\n" and header.body_line == 2
    # an exact key wins over a qualified one, whatever the order
    header = split_header("Published date: 2024-05-01\nDate: 2024-04-01\n\nBody.\n")
    assert header.meta == {"date": pd.Timestamp("2024-04-01")}
    assert split_header("title: A").body_line in (1, 2)  # hypothesis: the whole file a header


def test_parse_dates_equals_parse_date_on_each_string():
    texts = ["2024-04-04", "2024-04-04 10:30", "2024-04-04T22:30:00+02:00", "2024-04-04T22:30:00+0200",
             "2024-04-04T22:30:00.123456Z", "2024-04-04 10:30:00 +2", " 2024-04-04 ", "2024-02-30",
             "4 April 2024", "April 4, 2024", "25/04/2024", "04/05/2024", "2024", "2024-04", "soon", "",
             "2024-04-04T9:30", "2024-04-04"]
    expected = [parse_date(t) for t in texts]
    got = parse_dates(texts)
    assert got.dtype == "datetime64[us]"
    assert [None if pd.isna(g) else pd.Timestamp(g) for g in got] == expected
