import codecs

import pytest

import framing.decode as decode
import framing.text_lines as text_lines
from framing.decode import decode_bytes, utf16_without_bom
from framing.errors import CorpusError

FRENCH = "Le ministre a déclaré à la presse que l'échange était « très difficile » et très tendu."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8"),
        (FRENCH.encode("utf-16"), "utf-16"),  # with BOM
        (FRENCH.encode("utf-16-le"), "utf-16-le"),  # without BOM
        (FRENCH.encode("utf-16-be"), "utf-16-be"),
        (FRENCH.encode("cp1252"), "cp1252"),
        (FRENCH.encode("latin-1"), "cp1252"),
    ],
)
def test_decodes_common_encodings(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == FRENCH
    assert decoded.encoding == encoding


def test_cp1252_quotes_and_dashes():
    text = "He called it “bizarre” – and left."
    assert decode_bytes(text.encode("cp1252")).text == text


def test_cyrillic_legacy_encoding_not_mistaken_for_cp1252():
    text = "Министр обороны заявил, что переговоры возможны. " * 3
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_empty_is_rejected(data):
    with pytest.raises(CorpusError, match="empty"):
        decode_bytes(data, path="a.txt")


def test_binary_with_a_block_of_nul_bytes_on_one_side_is_not_utf16():
    # mostly bytes without NUL, one block whose NUL bytes are on one side, one with
    # them on both (as in a compiled library): binary, not UTF-16
    block = bytes(range(1, 256)) * 16
    data = block * 14 + b"\x00\x07" * 2048 + (b"\x00\x00\x05\x06" * 1024)
    assert utf16_without_bom(data) is None
    assert utf16_without_bom(("Text " * 2000).encode("utf-16-le")) == "utf-16-le"


def test_binary_is_rejected_with_path():
    data = bytes(range(256)) * 10
    with pytest.raises(CorpusError) as err:
        decode_bytes(data, path="photo.txt")
    assert "binary" in str(err.value) and "photo.txt" in str(err.value)
    assert err.value.hint


def test_forced_encoding_error_names_encoding():
    with pytest.raises(CorpusError, match="ascii"):
        decode_bytes("é".encode(), encoding="ascii")


def test_utf8_file_with_a_cp1252_line_keeps_its_utf8_lines():
    lines = ["Le ministre a déclaré à la presse.", "Der Außenminister: „Kein Spaß“, sagte er groß.",
             "La réunion a continué.", "Un accord a été trouvé.", "Les élus ont applaudi."]
    data = b"\n".join([line.encode("cp1252" if i == 1 else "utf-8") for i, line in enumerate(lines)])
    decoded = decode_bytes(data)
    # the whole Windows-1252 line is read as such, though "ß“" alone is valid UTF-8
    assert decoded.text.split("\n") == lines
    assert decoded.encoding == "utf-8"
    assert "1 line(s) (2)" in decoded.note and "Windows-1252" in decoded.note


@pytest.mark.parametrize("text", [
    "Der Außenminister sagte: „Das ist kein\nSpaß“, sagte er.\nSpäter: „Wir sind groß“ und „stark“.\n",
    "Il a déclaré : « La liberté de la presse\nest notre priorité\xa0», a dit M. Barrot.\nIl a évoqué l'été.\n",
    "Le ministre a parlé.\nThe CafÃ© owner said so.\nLa réunion a continué hier à Orléans.\nElle était longue.\n",
])
def test_cp1252_file_with_lines_that_happen_to_be_utf8_is_read_as_cp1252(text):
    # "ß“", "é\xa0»" and "Ã©" are valid UTF-8 byte sequences: a few such lines must
    # not switch a Windows-1252 file to UTF-8
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252"


@pytest.mark.parametrize("text", ["Ça été réglé à Orléans où l'évêque était présent.", "Élysée"])
def test_short_accented_latin1_text_is_read_as_western(text):
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text and decoded.encoding == "cp1252"


def test_english_text_quoting_russian_in_cp1251_is_not_read_as_western():
    text = ("Kremlin spokesman Dmitry Peskov said on Thursday: «Мы не видим никаких оснований "
            "для переговоров с Францией сейчас». He added that Moscow would respond. "
            "«Это провокация», he told reporters in Moscow.\n")
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


def test_a_charset_normalizer_guess_comes_with_a_note():
    text = "Министр обороны заявил, что переговоры возможны. " * 3
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert "charset-normalizer's guess" in decoded.note and "--encoding" in decoded.note
    assert decode_bytes(FRENCH.encode("utf-8")).note is None


def test_utf8_file_with_legacy_lines_is_read_by_line_when_not_western_windows_1252():
    # "”" in UTF-8 holds byte 0x9D, which Windows-1252 leaves undefined: the file is not
    # Windows-1252 throughout, so its UTF-8 lines are kept although they are few
    lines = ["Le café est « très » bon, dit-il ”enfin”.", "La réunion a continué.",
             "Der Außenminister sagte groß."]
    data = b"\n".join([lines[0].encode(), lines[1].encode(), lines[2].encode("cp1252")])
    decoded = decode_bytes(data)
    assert decoded.text.split("\n") == lines
    assert "not valid UTF-8 on 1 line(s) (3)" in decoded.note


def test_a_utf8_line_with_pasted_legacy_quotes_keeps_its_utf8_letters():
    lines = ["Première ligne à Paris.", "Deuxième ligne déjà.", "Troisième élément.",
             "déclaré “non” à l’Élysée."]
    last = lines[3].encode().replace("“".encode(), b"\x93").replace("”".encode(), b"\x94")
    data = b"\n".join([*(line.encode() for line in lines[:3]), last.replace("’".encode(), b"\x92")])
    assert decode_bytes(data).text.split("\n") == lines


def test_a_file_read_as_windows_1252_names_its_lines_that_are_utf8_too():
    data = b"\n".join(["Le café est très bon.".encode(), "Der Außenminister sagte groß.".encode("cp1252")])
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp1252"  # one line each way: no majority, so no guess
    assert "1 line(s) (1) are valid UTF-8 too" in decoded.note


CENTRAL = [
    "Zażółć gęślą jaźń.",
    "Premier Donald Tusk powiedział w czwartek, że rząd nie zgodzi się na żadne ustępstwa. "
    "Według ministra sytuacja jest poważna, a rozmowy będą trudne.",
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Předseda vlády řekl ve čtvrtek novinářům, že vláda nepřijme žádné ústupky.",  # no "ť"
    "Talks in Gdańsk with Lech Wałęsa and the mayor of Łódź ended on Thursday in Kraków.",
]


@pytest.mark.parametrize("text", CENTRAL)
def test_central_european_windows_1250_is_not_read_as_western(text):
    # read as Windows-1252, Polish came out as "Za¿ó³æ gêœl¹ jaŸñ"
    decoded = decode_bytes(text.encode("cp1250"))
    assert decoded.text == text and decoded.encoding == "cp1250"
    assert "read as Windows-1250" in decoded.note and "--encoding" in decoded.note


@pytest.mark.parametrize("text", [
    FRENCH,
    "Le cœur de l'œuvre : sa sœur a dit « non » à l'été, très émue, près de la forêt où il est né.",
    "El señor Muñoz, de España, dijo que el año próximo habrá más niños. ¿Por qué? ¡Nadie sabe!",
    "As negociações não avançaram. A situação é difícil, disse o ministro à imprensa.",
    "Il ministro ha detto che la situazione è difficile e che le trattative non sono più possibili.",
    "Ministeren sagde, at situationen er svær, og at forhandlingerne går trægt i Tromsø.",
    "Forsætisráðherra sagði á fimmtudag að ríkisstjórnin myndi ekki gefa eftir.",
    "Der Außenminister sagte: „Das ist kein Spaß“, sagte er. Später: „Wir sind groß“.",
    "The lake holds 5 km³ of water, the next 10 km³ and the last 20 km³; it cost £300 (¥50,000).",
    "Talks between François Hollande, Zoë Müller and José Muñoz in Tromsø ended, said Søren.",
])
def test_western_windows_1252_is_not_taken_for_central_european(text):
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252" and decoded.note is None


def test_windows_1250_without_clear_evidence_is_read_as_western_with_a_warning():
    decoded = decode_bytes("Łódź".encode("cp1250"))  # two letters differ: too few to switch
    assert decoded.encoding == "cp1252"
    assert "'£ódŸ' would be 'Łódź'" in decoded.note and "--encoding cp1250" in decoded.note


FINNISH_QUOTING_ITALIAN = (
    "Juventus voitti sunnuntaina Torinossa Lazion 2–1. Maalit tekivät Dušan Vlahovic ja Federico "
    "Chiesa. Valmentaja Massimiliano Allegri sanoi ottelun jälkeen: ”È stata una partita difficile, "
    "però la squadra ha dimostrato carattere.” Seuraavaksi joukkue kohtaa Città di Palermon ja sen "
    "jälkeen Sassuolon. Società Sportiva Lazion puheenjohtaja kritisoi tuomaria: ”Non è giusto.”")

SWEDISH_NAMING_SPANIARDS = (
    "Spaniens premiärminister Pedro Sánchez säger att regeringen går vidare. Oppositionsledaren "
    "Alberto Núñez Feijóo kallar förslaget ”en skam”.")
FINNISH_NAMING_CATALANS = (
    "Barcelonassa pidettiin sunnuntaina mielenosoitus. Järjestäjät Òmnium Cultural ja Assemblea "
    "Nacional Catalana kertoivat, että Plaça de Catalunyalle ja Passeig de Gràcialle kerääntyi väkeä.")


@pytest.mark.parametrize("text", [
    FINNISH_QUOTING_ITALIAN,  # read as Windows-1250: all Slovak letters ('perň', 'Cittŕ')
    SWEDISH_NAMING_SPANIARDS + " I Barcelona demonstrerade tusentals på Plaça de Catalunya.",
    FINNISH_NAMING_CATALANS,
])
def test_western_text_quoting_another_western_language_stays_windows_1252(text):
    # no one Western alphabet holds the letters of both languages, but two do
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252"


def test_short_central_european_text_that_a_western_alphabet_fits_as_well_gets_no_warning():
    # docs/ingest.md's limit: "č" and "ć" read as Windows-1252 are the French "è" and "æ"
    text = "Premijer je rekao da vlada neće odustati od reforme unatoč pritisku oporbe."
    decoded = decode_bytes(text.encode("cp1250"))
    assert decoded.encoding == "cp1252" and decoded.note is None
    assert "neæe" in decoded.text and "unatoè" in decoded.text


def test_windows_1250_warning_names_a_word_of_the_language_it_names():
    # Polish fits best; the first word that would change ("Plzně") is Czech
    decoded = decode_bytes("Vlak z Plzně do Łodzi jedzie pięć godzin.".encode("cp1250"))
    assert decoded.encoding == "cp1252"
    assert "fit Polish" in decoded.note and "'£odzi' would be 'Łodzi'" in decoded.note


@pytest.mark.parametrize("text", [
    SWEDISH_NAMING_SPANIARDS,
    FINNISH_NAMING_CATALANS,
])
def test_western_text_naming_foreign_people_gets_no_windows_1250_warning(text):
    # Swedish and Spanish letters, Finnish and Catalan ones: two Western alphabets hold
    # them better than Slovak would ('går' -> 'gĺr', 'Òmnium' -> 'Ňmnium')
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252" and decoded.note is None


def test_central_european_text_that_two_western_languages_explain_stays_western_with_a_warning():
    # Hungarian "ő" read as Windows-1252 is the "õ" of Portuguese, its other letters
    # (á é í ó ö ú ü) are Dutch: a Western text quoting another language, as far as
    # letters tell
    text = ("A kormányfő szerint a tárgyalások nehezek lesznek, de bízik az eredményben. Az "
            "ellenzék bírálta a döntést, mert szerintük a kormány nem hallgatta meg őket.")
    decoded = decode_bytes(text.encode("cp1250"))
    assert decoded.encoding == "cp1252"
    assert "fit Hungarian in Windows-1250" in decoded.note and "--encoding cp1250" in decoded.note


def test_western_windows_1252_skips_the_word_by_word_windows_1250_comparison(monkeypatch):
    # one Western alphabet holds all its letters, so Windows-1250 cannot fit better:
    # comparing the two readings word by word made small files 2.4 times slower to read
    class Unused:
        def fullmatch(self, *args):
            raise AssertionError("the words were compared")

    monkeypatch.setattr(decode, "_UNIT_RE", Unused())
    text = "Le président a reçu à l'Élysée les syndicats « déçus », près d'Orléans, où il a évoqué le coût."
    assert decode_bytes(text.encode("cp1252")).text == text
    # a letter of Windows-1250 only ("ł" is "³") or one of no single Western alphabet: compared
    for data in ("Wałęsa".encode("cp1250"), "Tromsø und Zürich".encode("cp1252")):
        with pytest.raises(AssertionError, match="compared"):
            decode_bytes(data)


@pytest.mark.parametrize("newline", ["", None, "\n"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32-le"])
def test_text_lines_split_wide_files_as_open_does(tmp_path, monkeypatch, encoding, newline):
    # "\r\n", "\n" and a lone "\r" (a classic Mac file) end lines as open() ends them,
    # also when a read of the file ends between the "\r" and the "\n"
    text = "id,text\r1,Mac line.\r2,\"Quoted\r\nfield\"\r\n3,Unix.\n4,Stray\rreturn.\r\n\r\r\n5,last"
    (tmp_path / "wide").write_bytes(text.encode(encoding))
    (tmp_path / "utf8").write_bytes(text.encode("utf-8"))
    with open(tmp_path / "utf8", encoding="utf-8", newline=newline) as fh:
        want = list(fh)
    for chunk in (1, 3, 5, 1 << 20):
        monkeypatch.setattr(text_lines, "_WIDE_CHUNK", chunk)
        with text_lines.TextLines(tmp_path / "wide", encoding, newline=newline) as lines:
            assert [line.lstrip("\ufeff") for line in lines] == want
