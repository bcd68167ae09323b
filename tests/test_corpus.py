import csv
import io
import json

import pandas as pd
import pytest

from framing.corpus import iter_corpus, load_corpus, make_doc_id
from framing.errors import CorpusError, MissingFileError

ARTICLE = "Title of the piece\nJane Roe\n5 April 2024\n\nThe minister said the talks were useful. They went on for an hour.\n"


def counts(manifest):
    return manifest["status"].value_counts().to_dict()


def test_folder_tree_outlets_headers_and_manifest(write, tmp_path):
    write("corpus/alpha/a.txt", ARTICLE)
    write("corpus/beta/b.txt", "---\ntitle: Front\ndate: 2024-04-06\n---\nA body in YAML style. It has two sentences.\n")
    write("corpus/beta/README.md", "# not an article")
    documents, manifest = load_corpus(tmp_path / "corpus")
    assert sorted(documents["outlet"]) == ["alpha", "beta"]
    alpha = documents.set_index("outlet").loc["alpha"]
    assert alpha["title"] == "Title of the piece" and alpha["author"] == "Jane Roe"
    assert alpha["date"] == pd.Timestamp("2024-04-05")
    assert alpha["text"] == "The minister said the talks were useful. They went on for an hour."
    assert alpha["doc_id"] == make_doc_id(alpha["text"])
    assert len(manifest) == 2 and set(manifest["status"]) == {"accepted"}


def test_metadata_sidecar_overrides_fields(write, tmp_path):
    write("c/out/a.txt", "Just a body without a header, long enough to be prose. Another sentence follows here.")
    write("c/out/metadata.csv", "file,title,date,url\na.txt,From sidecar,2024-04-07,http://x.org/a\n")
    documents, _ = load_corpus(tmp_path / "c")
    row = documents.iloc[0]
    assert row["title"] == "From sidecar" and row["url"] == "http://x.org/a"
    assert row["date"] == pd.Timestamp("2024-04-07")


def test_csv_jsonl_parquet_with_column_names(write, tmp_path):
    rows = [
        {"source": "Wire", "content": "First article text. It is short.", "headline": "One", "date": "2024-04-04"},
        {"source": "Daily", "content": "Second article text. Also short.", "headline": "Two", "date": "April 5, 2024"},
    ]
    columns = {"outlet": "source", "text": "content", "title": "headline"}
    frame = pd.DataFrame(rows)
    paths = [write("t.csv", frame.to_csv(index=False)),
             write("t.jsonl", "\n".join(json.dumps(r) for r in rows)),
             write("t.tsv", frame.to_csv(index=False, sep="\t"))]
    frame.to_parquet(tmp_path / "t.parquet")
    paths.append(tmp_path / "t.parquet")
    for path in paths:
        documents, manifest = load_corpus(path, columns=columns)
        assert list(documents["outlet"]) == ["Wire", "Daily"], path
        assert list(documents["title"]) == ["One", "Two"]
        assert list(documents["date"]) == [pd.Timestamp("2024-04-04"), pd.Timestamp("2024-04-05")]
        # CSV/TSV: the file line a row starts on (line 1 is the header); JSONL: its line;
        # Parquet: the row number
        assert list(manifest["line"]) == ([2, 3] if path.suffix in (".csv", ".tsv") else [1, 2])


def test_csv_with_embedded_newlines_and_quotes(write):
    frame = pd.DataFrame({"outlet": ["A", "B"], "text": ['He said "no,"\nthen left.\n\nNew paragraph.', "Plain, text."]})
    documents, manifest = load_corpus(write("e.csv", frame.to_csv(index=False)))
    assert documents["text"].iloc[0] == 'He said "no," then left.\n\nNew paragraph.'
    assert counts(manifest) == {"accepted": 2}


def test_html_through_trafilatura(write):
    html = """<html><head><title>Shoigu calls Lecornu</title>
    <meta name="author" content="Jane Roe"><meta property="article:published_time" content="2024-04-04">
    </head><body><nav>Home | World</nav><article><h1>Shoigu calls Lecornu</h1>
    <p>The Russian defence minister spoke with his French counterpart on Wednesday, officials said.</p>
    <p>The French side said it had not proposed any talks on Ukraine during the call.</p>
    </article><footer>Copyright 2024</footer></body></html>"""
    documents, manifest = load_corpus(write("site/page.html", html))
    row = documents.iloc[0]
    assert row["title"] == "Shoigu calls Lecornu"
    assert row["date"] == pd.Timestamp("2024-04-04")
    assert "French counterpart on Wednesday" in row["text"]
    assert "\n\n" in row["text"] and "Home | World" not in row["text"]
    assert row["outlet"] == "site"


def test_bad_inputs_are_rejected_with_reasons_and_counts_add_up(write, tmp_path):
    root = tmp_path / "bad"
    write("bad/o/empty.txt", b"")
    write("bad/o/binary.txt", bytes(range(256)) * 4)
    write("bad/o/latin.txt", ARTICLE.replace("minister", "ministre français").encode("latin-1"))
    write("bad/o/utf16.txt", ARTICLE.replace("Title", "Other title").replace("useful", "helpful").encode("utf-16"))
    write("bad/o/nodate.txt", "A headline\n\nThe body has no date line at all. Two sentences here.")
    write("bad/o/image.png", b"\x89PNG\r\n")
    write("bad/t/rows.jsonl", '{"outlet": "X", "text": "Good row one. Fine."}\n{"outlet": "X", "text": \n{"outlet": "X"}\n{"outlet": "X", "text": "   "}\n')
    write("bad/t/nocol.csv", "outlet,body\nA,some text\n")
    documents, manifest = load_corpus(root)
    by_item = manifest.set_index("item")
    assert by_item.loc[str(root / "o/empty.txt"), "status"] == "rejected"
    assert "empty" in by_item.loc[str(root / "o/empty.txt"), "reason"]
    assert "binary" in by_item.loc[str(root / "o/binary.txt"), "reason"]
    assert "unsupported file type '.png'" in by_item.loc[str(root / "o/image.png"), "reason"]
    assert by_item.loc[str(root / "o/latin.txt"), "status"] == "accepted"
    assert "cp1252" in by_item.loc[str(root / "o/latin.txt"), "reason"]
    assert "ministre français" in documents.set_index("source").loc[str(root / "o/latin.txt"), "text"]
    assert by_item.loc[str(root / "o/utf16.txt"), "status"] == "accepted"
    assert "no date" in by_item.loc[str(root / "o/nodate.txt"), "reason"]
    jsonl = manifest[manifest["path"] == str(root / "t/rows.jsonl")].set_index("line")
    assert list(jsonl["status"]) == ["accepted", "rejected", "rejected", "rejected"]
    assert "malformed JSON" in jsonl.loc[2, "reason"] and "rows.jsonl:2" in jsonl.loc[2, "reason"]
    assert "no 'text' field" in jsonl.loc[3, "reason"]
    assert "no text left" in jsonl.loc[4, "reason"]
    nocol = by_item.loc[f"{root / 't/nocol.csv'}:1"]
    assert nocol["status"] == "rejected" and "no text column 'text' (columns: outlet, body)" in nocol["reason"]
    # every input item has exactly one manifest row
    assert len(manifest) == 6 + 4 + 1
    assert manifest["status"].isin(["accepted", "rejected", "duplicate"]).all()
    assert len(documents) == (manifest["status"] == "accepted").sum()


def test_exact_duplicates_recorded_not_counted(write, tmp_path):
    write("d/a/1.txt", ARTICLE)
    write("d/b/2.txt", ARTICLE.replace("The minister said", "THE MINISTER\n said"))
    documents, manifest = load_corpus(tmp_path / "d")
    assert len(documents) == 1
    dup = manifest[manifest["status"] == "duplicate"].iloc[0]
    assert dup["doc_id"] == documents["doc_id"].iloc[0]
    assert "same text as" in dup["reason"] and "(a)" in dup["reason"]


def test_strict_mode_raises_with_location(write, tmp_path):
    write("s/o/rows.jsonl", '{"outlet": "X", "text": "ok text. yes.", "date": "2024-04-04"}\n{broken\n')
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path / "s", strict=True)
    assert "rows.jsonl:2" in str(err.value)


def test_strict_mode_fails_on_missing_date(write, tmp_path):
    write("s2/o/a.txt", "Just prose without header. And another sentence here.")
    with pytest.raises(CorpusError, match="no date"):
        load_corpus(tmp_path / "s2", strict=True)


def test_missing_path():
    with pytest.raises(MissingFileError) as err:
        load_corpus("/nonexistent/corpus")
    assert isinstance(err.value, FileNotFoundError)


def test_iter_corpus_streams_in_batches(write, tmp_path):
    lines = [json.dumps({"outlet": "X", "text": f"Article number {i}. Unique text {i}."}) for i in range(25)]
    path = write("many.jsonl", "\n".join(lines))
    batches = list(iter_corpus(path, batch_size=10))
    assert [len(b.manifest) for b in batches] == [10, 10, 5]
    assert sum(len(b.documents) for b in batches) == 25


def test_sample_corpus_accounts_for_every_file(sample_corpus):
    from tests.conftest import SAMPLE

    documents, manifest = sample_corpus
    articles = [p for p in SAMPLE.rglob("*.txt")]
    assert len(manifest) == len(articles)
    assert (manifest["status"] == "accepted").all()
    assert documents["outlet"].nunique() >= 4
    assert documents["date"].notna().all()
    assert (documents.groupby("outlet").size() >= 1).all()


def test_summary_columns(sample_corpus):
    summary = sample_corpus.summary()
    assert summary.iloc[-1]["outlet"] == "total"
    assert summary.iloc[-1]["documents"] == len(sample_corpus.documents)
    assert {"words", "first_date", "last_date", "rejected", "duplicates", "undated"} <= set(summary.columns)


def test_unreadable_file_rejected_with_reason_even_as_root(write, tmp_path, monkeypatch):
    # chmod 0 does not stop root (CI runs as root), so the read itself is made to fail
    from pathlib import Path

    write("corpus/alpha/ok.txt", "Title: Fine\nDate: 2024-04-04\n\nA readable article.\n")
    write("corpus/alpha/locked.txt", "Title: Locked\nDate: 2024-04-04\n\nNobody may read this.\n")
    read_bytes = Path.read_bytes

    def guarded(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    documents, manifest = load_corpus(tmp_path / "corpus")
    status = dict(zip(manifest["item"].map(lambda p: Path(p).name), manifest["status"], strict=True))
    assert status == {"ok.txt": "accepted", "locked.txt": "rejected"}
    reason = manifest.loc[manifest["status"] == "rejected", "reason"].item()
    assert "locked.txt" in reason and "Permission denied" in reason and "readable" in reason
    assert len(documents) == 1


def _csv_status(path):
    docs, manifest = load_corpus(path)
    rejected = manifest[manifest["status"] == "rejected"]
    return docs, manifest, dict(zip(rejected["line"], rejected["reason"], strict=True))


def test_a_malformed_csv_row_is_rejected_alone(tmp_path):
    """Each bad row is one rejection naming it; every other row is read, also in a
    later block of a long file, and an unquoted comma in the first data row does not
    shift the columns of the others."""
    rows = [f"O{i % 3},Article number {i} says the talks went well.,2024-04-0{1 + i % 9}"
            for i in range(1, 6001)]
    rows[4] = "O1,Row five has, an unquoted comma,2024-04-05"
    rows[5500] = "O2,\"Row 5501 has\"a stray quote,2024-04-05"
    path = tmp_path / "long.csv"
    path.write_text("outlet,text,date\n" + "\n".join(rows) + "\n", "utf-8")
    docs, manifest, rejected = _csv_status(path)
    assert len(manifest) == 6000 and len(docs) == 5998
    assert set(rejected) == {6, 5502}  # file lines: the header is line 1
    assert "4 fields, the header 3" in rejected[6] and "quoting" in rejected[5502]
    first = tmp_path / "first.csv"
    first.write_text("outlet,text\nA,Some text, with an unquoted comma.\nB,Other text here.\n", "utf-8")
    docs, manifest, rejected = _csv_status(first)
    assert list(rejected) == [2] and docs["outlet"].tolist() == ["B"]


def test_csv_encoding_errors_after_the_sniffed_start_reject_only_their_rows(tmp_path):
    good = "".join(f"A,Plain article {i} about the ministry and its plans.\n" for i in range(25_000))
    path = tmp_path / "late.csv"
    path.write_bytes(b"outlet,text\n" + good.encode() + "B,Caf\xe9 society.\n".encode("latin-1")
                     + b"C,The last article.\n")
    assert path.stat().st_size > 1 << 20  # past the bytes the encoding is guessed from
    docs, manifest, rejected = _csv_status(path)
    assert len(manifest) == 25_002 and list(rejected) == [25_002]
    assert "not valid UTF-8" in rejected[25_002] and "--encoding" in rejected[25_002]
    assert docs["text"].iloc[-1] == "The last article."


def test_csv_unclosed_quote_and_repeated_column(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text('outlet,text\nA,"Opening quote never closed.\nB,Other text.\nC,Third.\n', "utf-8")
    docs, manifest, rejected = _csv_status(path)
    assert len(docs) == 0 and "never closed" in rejected[2] and "line 4" in rejected[2]
    twice = tmp_path / "twice.csv"
    twice.write_text("outlet,text,text\nA,one,two\n", "utf-8")
    docs, manifest, rejected = _csv_status(twice)
    assert len(docs) == 0 and "appears more than once" in next(iter(rejected.values()))


def test_windows_1250_table_is_read_as_central_european(write):
    rows = ["Premier powiedział, że rząd nie zgodzi się na żadne ustępstwa.",
            "Według ministra sytuacja jest poważna, a rozmowy będą trudne."]
    text = "outlet,text\n" + "".join(f'A,"{row}"\n' for row in rows)
    documents, manifest = load_corpus(write("t.csv", text, "cp1250"))
    assert list(documents["text"]) == rows
    assert manifest["reason"].str.contains("read as Windows-1250").all()


def test_a_csv_row_that_cannot_be_parsed_names_the_lines_read_into_it(tmp_path):
    # the open quote of line 2 runs into line 3, whose quote closes it: the parser
    # stops there, and line 3's row must not vanish without a trace
    path = tmp_path / "quote.csv"
    path.write_text('outlet,text\nA,"Opening quote here.\nB,"Next row.",\nC,Third.\n', "utf-8")
    docs, manifest, rejected = _csv_status(path)
    assert list(rejected) == [2] and "(lines 2-3)" in rejected[2]
    assert list(docs["text"]) == ["Third."]


def test_only_documentation_files_are_left_out_not_articles_named_alike(tmp_path):
    article = "A title\n\n4 April 2024\n\nThe licence fee will rise next year, the minister said.\n"
    (tmp_path / "provenance-post").mkdir()
    (tmp_path / "provenance-post" / "licence-fee-rise-2024.txt").write_text(article, "utf-8")
    (tmp_path / "provenance-post" / "README.md").write_text("About this outlet.\n", "utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", "utf-8")
    (tmp_path / "PROVENANCE.txt").write_text("Collected in 2024.\n", "utf-8")
    docs, manifest = load_corpus(tmp_path)
    assert [p.rsplit("/", 2)[-2:] for p in manifest["item"]] == [["provenance-post", "licence-fee-rise-2024.txt"]]
    assert docs["outlet"].tolist() == ["provenance-post"]


def test_dates_beyond_the_nanosecond_range_next_to_precise_ones(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("outlet,text,date\nA,Body text here.,4 April 2924\n"
                    "B,Other text here.,2024-04-04T10:30:00.123456789Z\n", "utf-8")
    docs, manifest = load_corpus(path)  # used to crash with OutOfBoundsDatetime
    assert docs["date"].dt.year.tolist() == [2924, 2024]
    assert (manifest["status"] == "accepted").all()


def test_a_damaged_parquet_row_group_loses_only_its_rows_each_accounted_for(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "damaged.parquet"
    texts = [f"Article {i} reports that the ministry met on Tuesday." for i in range(2000)]
    pq.write_table(pa.table({"outlet": ["A"] * 2000, "text": texts}), path, row_group_size=1000,
                   compression="none", use_dictionary=False)
    data = bytearray(path.read_bytes())
    meta = pq.ParquetFile(path).metadata.row_group(1).column(1)
    start = meta.data_page_offset
    data[start + 400:start + 2400] = b"\xff" * 2000  # inside the second row group's text page
    path.write_bytes(bytes(data))
    docs, manifest = load_corpus(path)  # every row accounted for: 1,000 read, 1,000 lost
    rejected = manifest[manifest["status"] == "rejected"]
    assert len(manifest) == 2000 and len(docs) == 1000 and len(rejected) == 1000
    assert rejected["line"].min() == 1001 and rejected["line"].max() == 2000
    reason = rejected["reason"].iloc[0]
    assert "row group 2 (rows 1001-2000) is damaged" in reason and "could not be read" in reason


def test_table_values_that_are_not_text_are_rejected_row_by_row(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [{"outlet": "A", "text": "A plain article about the talks."},
            {"outlet": "B", "text": ["a", "list"]},
            {"outlet": {"name": "C"}, "text": "The outlet is an object here."},
            {"outlet": "D", "text": "Another plain article after them."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    docs, manifest = load_corpus(path)
    assert docs["outlet"].tolist() == ["A", "D"]  # no "['a', 'list']" or "{'name': 'C'}"
    rejected = manifest[manifest["status"] == "rejected"].set_index("line")["reason"]
    assert "'text' holds list" in rejected[2] and "'outlet' holds dict" in rejected[3]


@pytest.mark.parametrize("data", [b"\x80", b"outlet,te\xffxt\nA,Some text here.\n"])
def test_csv_whose_header_is_not_text_is_one_clear_rejection(tmp_path, data):
    """Found by the property test: undecodable bytes in a CSV header used to reach the
    manifest's reason (column names) as unencodable characters."""
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    docs, manifest = load_corpus(path)
    assert len(docs) == 0 and manifest["status"].tolist() == ["rejected"]
    manifest["reason"].iloc[0].encode("utf-8")  # no lone surrogates left in the reason


def test_a_yaml_like_opening_block_is_kept_in_the_text_with_a_warning(write, tmp_path):
    write("c/out/a.txt", "---\nParis: the minister said the talks were over\n---\n\nHe left at noon.\n")
    documents, manifest = load_corpus(tmp_path / "c")
    assert "Paris: the minister said the talks were over" in documents["text"].iloc[0]
    assert "kept as article text" in manifest["reason"].iloc[0]


def test_unused_front_matter_keys_are_shown_but_pass_strict_mode(write, tmp_path):
    write("c/out/a.txt", "---\ntitle: Talks\ndate: 2024-04-04\ntags: [war]\nslug: talks\n---\n\nHe left at noon.\n")
    documents, manifest = load_corpus(tmp_path / "c", strict=True)
    assert documents["title"].tolist() == ["Talks"]
    assert "line 4: front matter key(s) 'tags', 'slug' not used" in manifest["reason"].iloc[0]


JSONL_ROWS = [{"outlet": "A", "text": "Première phrase à l'Élysée."}, {"outlet": "B", "text": "Second text here."}]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig", "cp1252"])
def test_jsonl_encoding_is_detected_like_other_files(write, encoding):
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in JSONL_ROWS) + "\n"
    documents, manifest = load_corpus(write("t.jsonl", text, encoding))
    assert counts(manifest) == {"accepted": 2}
    assert list(documents["text"]) == [r["text"] for r in JSONL_ROWS]
    assert list(manifest["line"]) == [1, 2]


def test_jsonl_forced_encoding_overrides_detection(write):
    path = write("t.jsonl", json.dumps(JSONL_ROWS[0], ensure_ascii=False), "utf-8")
    documents, _ = load_corpus(path, encoding="latin-1")
    assert documents["text"].iloc[0].startswith("PremiÃ¨re")  # UTF-8 bytes read as Latin-1


def test_jsonl_line_in_another_encoding_is_rejected_alone_naming_its_line(write):
    # a UTF-8 file (as its first MiB shows) with a cp1252 line after it
    lines = [json.dumps(JSONL_ROWS[1]).encode(), b" " * (1 << 20),
             json.dumps(JSONL_ROWS[0], ensure_ascii=False).encode("cp1252"),
             json.dumps(JSONL_ROWS[1] | {"text": "Third."}).encode()]
    _, manifest = load_corpus(write("t.jsonl", b"\n".join(lines) + b"\n"))
    assert list(manifest["status"]) == ["accepted", "rejected", "accepted"]
    assert list(manifest["line"]) == [1, 3, 4]
    assert "t.jsonl:3: this line is not valid UTF-8 text" in manifest["reason"].iloc[1]


def test_broken_utf16_table_is_one_rejection_naming_the_line(write):
    text = "\n".join(json.dumps(r) for r in JSONL_ROWS) + "\n"
    data = text.encode("utf-16") + b"x"  # an odd byte at the end
    documents, manifest = load_corpus(write("t.jsonl", data))
    assert counts(manifest) == {"accepted": 2, "rejected": 1}
    assert manifest["line"].iloc[2] == 3
    assert "this line is damaged: its 1 bytes are not a whole number of 2-byte UTF-16 characters" in (
        manifest["reason"].iloc[2])


def _damage(data: bytearray, encoding: str, row: int, how: str) -> None:
    """Damage the text 'row {row} ' in UTF-16/32 ``data``: add or lose a byte, or write an
    unpaired surrogate over one character."""
    unit = "\ud800".encode(encoding.replace("-sig", ""), "surrogatepass") if "16" in encoding else None
    at = data.index(f"row {row} ".encode(encoding)) + 6
    if how == "add":
        data[at:at] = b"\xd8"
    elif how == "lose":
        del data[at]
    else:
        data[at:at + len(unit)] = unit


def _utf16_losing_a_byte(text: str, marker: str) -> bytes:
    """``text`` in UTF-16 with a byte-order mark, the first byte of ``marker`` lost."""
    data = text.encode("utf-16")
    at = 2 + 2 * text.index(marker)
    return data[:at] + data[at + 1:]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@pytest.mark.parametrize("encoding, bom", [("utf-16-le", True), ("utf-16-be", False), ("utf-32-le", True)])
def test_damaged_utf16_table_rejects_the_damaged_lines_and_reads_the_rest(write, suffix, encoding, bom):
    # over 1 MiB, so the damage falls in later reads of the file, not only the first
    n = 6000 if "32" in encoding else 12000
    rows = [f"Text of row {i} here, with some more words to make the line long." for i in range(n)]
    if suffix == ".csv":
        text = "outlet,text\n" + "".join(f'A,"{r}"\n' for r in rows)
    else:
        text = "".join(json.dumps({"outlet": "A", "text": r}) + "\n" for r in rows)
    data = bytearray(text.encode(encoding))
    if bom:
        data[:0] = "\ufeff".encode(encoding)
    damaged = {n // 3: "add", n // 2: "lose", n - 2: "surrogate" if "16" in encoding else "add"}
    for row, how in sorted(damaged.items(), reverse=True):  # later first: offsets stay valid
        _damage(data, encoding, row, how)
    documents, manifest = load_corpus(write(f"t{suffix}", bytes(data)))
    first = 2 if suffix == ".csv" else 1  # file line of row 0
    rejected = manifest[manifest["status"] == "rejected"]
    assert list(rejected["line"]) == [row + first for row in sorted(damaged)]
    assert counts(manifest) == {"accepted": n - len(damaged), "rejected": len(damaged)}
    assert set(documents["text"]) == set(rows) - {rows[row] for row in damaged}
    reasons = list(rejected["reason"])
    assert "a byte was lost or added in this line" in reasons[0] and "lost or added" in reasons[1]
    if "16" in encoding:
        assert "illegal UTF-16 surrogate" in reasons[2]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_csv_with_classic_mac_line_ends_is_read_in_any_encoding(write, encoding):
    # a UTF-16 file ending its lines with a lone "\r" was rejected whole: "table header
    # cannot be parsed ... universal-newline mode?"
    text = "id,outlet,text\r1,A,First article.\r2,A,Second article.\r3,B,Third article.\r"
    documents, manifest = load_corpus(write("t.csv", text.encode(encoding)))
    assert list(documents["text"]) == ["First article.", "Second article.", "Third article."]
    # a stray "\r" in an unquoted field ends the row there, as it does in UTF-8: the rest
    # is a row of its own, rejected with its line
    text = "id,outlet,text\r\n1,A,Fine row.\r\n2,A,Stray\rcarriage return.\r\n3,A,Fine too.\r\n"
    documents, manifest = load_corpus(write("t.csv", text.encode(encoding)))
    assert list(documents["text"]) == ["Fine row.", "Stray", "Fine too."]
    rejected = manifest[manifest["status"] == "rejected"]
    assert list(rejected["line"]) == [4] and "has 1 fields, the header 3" in rejected["reason"].iloc[0]


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
def test_damage_in_a_quoted_multi_line_utf16_field_costs_only_its_row(write, quoting):
    # a byte lost in the field's last line turns its closing quote into noise: the row
    # read every later row (to the next quote) into its field
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["id", "outlet", "text"])
    for i in range(1, 31):
        writer.writerow([i, "A", f"Article {i}\nsecond paragraph" if i == 5 else f"Article {i} in full"])
    documents, manifest = load_corpus(write("t.csv", _utf16_losing_a_byte(out.getvalue(), "second paragraph")))
    assert sorted(documents["source_id"].astype(int)) == [i for i in range(1, 31) if i != 5]
    rejected = manifest[manifest["status"] == "rejected"]
    assert list(rejected["line"]) == [6]
    reason = rejected["reason"].iloc[0]
    assert "(lines 6-7)" in reason and "line 7: its" in reason and "a byte was lost or added" in reason
    assert "never closed" not in reason and "close the quote" not in reason


def test_damaged_utf16_tables_are_one_clear_message_naming_file_line_and_damage(write):
    rows = "".join(f'{i},A,"Article {i} in full."\r\n' for i in range(1, 5))
    path = write("h.csv", _utf16_losing_a_byte("id,outlet,text\r\n" + rows, "outlet"))  # in the header
    reason = load_corpus(path)[1]["reason"].iloc[0]
    assert reason.startswith(f"{path}:1: the header is damaged: its ") and "UTF-16" in reason
    assert "a byte was lost or added" in reason and "--encoding" not in reason
    lines = "".join(json.dumps({"outlet": "A", "text": f"Line {i} of the file."}) + "\n" for i in range(1, 5))
    path = write("t.jsonl", _utf16_losing_a_byte(lines, "Line 3"))
    manifest = load_corpus(path)[1]
    reason = manifest.loc[manifest["status"] == "rejected", "reason"].iloc[0]
    assert reason.startswith(f"{path}:3: this line is damaged: its ")
    assert reason.count("line 3") == 0 and "utf-16-le" not in reason and "UTF-16 characters" in reason


def test_utf16_table_without_byte_order_mark_is_read(write):
    text = "outlet,text\nA,Première phrase à l'Élysée.\nB,Second text here.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        documents, manifest = load_corpus(write("t.csv", text, encoding))
        assert counts(manifest) == {"accepted": 2}
        assert documents["text"].iloc[0] == "Première phrase à l'Élysée."
    # and when a byte is lost half way through the first MiB
    data = (text + "".join(f"C,Row {i} of the table here.\n" for i in range(20000))).encode("utf-16-le")
    middle = len(data) // 4 + 1
    _, manifest = load_corpus(write("t.csv", data[:middle] + data[middle + 1:]))
    assert counts(manifest) == {"accepted": 20001, "rejected": 1}
    assert "a byte was lost or added in this line" in manifest.loc[manifest["status"] == "rejected", "reason"].iloc[0]


def test_utf16_without_byte_order_mark_with_long_cyrillic_passages_is_read(write, tmp_path):
    # a block of Cyrillic has few NUL bytes (its spaces and commas): neutral, not binary
    en = "The minister said on Tuesday that the talks would continue next week in Geneva. " * 60
    ru = "Министр заявил во вторник, что переговоры продолжатся на следующей неделе в Женеве. " * 60
    text = "Talks to continue\n\n" + en + "\n\n" + ru + "\n\n" + ru + "\n\n" + en * 2 + "\n"
    documents, manifest = load_corpus(write("c/o/mixed.txt", text.encode("utf-16-le")).parent)
    assert counts(manifest) == {"accepted": 1} and "Женеве" in documents["text"].iloc[0]
    rows = "".join(f'A,"Министр обороны заявил {i}, что переговоры возможны."\n' for i in range(300))
    documents, manifest = load_corpus(write("t.csv", ("outlet,text\n" + rows).encode("utf-16-le")))
    assert counts(manifest) == {"accepted": 300}


def test_damaged_utf16_text_file_is_not_called_binary(write):
    data = ("Title\n\n" + "The body of the article goes on.\n" * 1000).encode("utf-16-le")
    middle = len(data) // 2 + 1  # a byte lost half way: every byte after it changes sides
    _, manifest = load_corpus(write("o/a.txt", data[:middle] + data[middle + 1:]))
    assert "not valid utf-16-le" in manifest["reason"].iloc[0]
    assert "binary" not in manifest["reason"].iloc[0]


def test_utf16_csv_whose_encoding_sample_ends_inside_a_character(write):
    # the 1 MiB encoding sample ends between the two halves of a surrogate pair
    head = "outlet,text\nA,"
    filler = "x" * (((1 << 20) - 4) // 2)
    text = head + filler[len(head):] + "😀 end.\n"
    assert text.encode("utf-16")[: 1 << 20][-2:] == "😀".encode("utf-16-le")[:2]
    documents, manifest = load_corpus(write("t.csv", text, "utf-16"))
    assert counts(manifest) == {"accepted": 1}
    assert documents["text"].iloc[0].endswith("😀 end.")


def test_a_date_that_cannot_be_parsed_is_named_in_the_warning(write, tmp_path):
    write("c/o/a.txt", "A headline here\n30 February 2024\n\nThe body text. More text.\n")
    write("c/o/b.csv", "outlet,text,date\nA,Some text.,2024-02-30\n")
    documents, manifest = load_corpus(tmp_path / "c")
    assert documents.set_index("source").loc[str(tmp_path / "c/o/a.txt"), "title"] == "A headline here"
    assert documents["text"].str.startswith("The body text").any()
    assert "'30 February 2024' not understood" in manifest["reason"].iloc[0]
    assert "'2024-02-30' not understood" in manifest["reason"].iloc[1]


def test_a_table_row_taking_its_outlet_from_the_folder_name_says_so(write, tmp_path):
    write("c/wire/t.csv", "text,outlet,date\nFirst text here.,,2024-04-04\nSecond text.,Daily,2024-04-04\n")
    write("c/u.csv", "text,date\nThird text.,2024-04-04\n")
    documents, manifest = load_corpus(tmp_path / "c", strict=True)  # a note, not a problem
    by_item = manifest.set_index("item")
    first, second = by_item.loc[f"{tmp_path}/c/wire/t.csv:2"], by_item.loc[f"{tmp_path}/c/wire/t.csv:3"]
    assert first["outlet"] == "wire" and "'outlet' is empty in this row" in first["reason"]
    assert "folder name" not in second["reason"]
    root = by_item.loc[f"{tmp_path}/c/u.csv:2"]
    assert root["outlet"] == "c" and root["reason"].startswith("no 'outlet' column: outlet 'c' taken from the folder")
    _, manifest = load_corpus(tmp_path / "c/u.csv", outlet="Ledger")
    assert manifest["outlet"].iloc[0] == "Ledger" and manifest["reason"].iloc[0] == ""


# Thai headlines of 49 to 55 letters (no final punctuation, as Thai sentences have none)
THAI_HEADLINES = ["นายกฯ สั่งเร่งแก้ปัญหาฝุ่นพีเอ็มสองจุดห้าในกรุงเทพมหานครและปริมณฑล",
                  "ตลาดหุ้นไทยปิดบวกสิบจุดรับแรงซื้อจากนักลงทุนต่างชาติที่กลับเข้ามา",
                  "กรมอุตุนิยมวิทยาเตือนพายุฤดูร้อนถล่มภาคเหนือและภาคตะวันออกเฉียงเหนือ"]
NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>'


@pytest.mark.parametrize("body", [
    "<h1>404 - Page not found</h1><p>Sorry, this page does not exist.</p>",  # an error page
    '<div class="menu"><a href="/a">Russia</a> <a href="/b">Ukraine</a> <a href="/c">France</a></div>',  # a menu
    "<ul>" + "".join(f'<li><a href="/{i}">Macron says France will not send troops to Ukraine, part {i}</a></li>'
                     for i in range(12)) + "</ul>",  # a section front: headlines only
    "<ul>" + "".join(f"<li><a href='/{i}'>Putin calls the West 'imperialist', part {i}</a></li>"
                     for i in range(6)) + "</ul>",  # headlines ending in a quoted word
    "<p>We’re sorry, but the page you were looking for doesn’t exist.</p>",
    "<p>对不起，您要访问的页面不存在或已被删除。</p>",  # Chinese: the page does not exist
    "<p>ไม่พบหน้าที่คุณต้องการ</p>",  # Thai: the page you want was not found
    "<p>ขออภัย ไม่พบหน้าที่คุณต้องการ กรุณาลองใหม่อีกครั้ง</p>",  # Thai: sorry, ..., please try again
    "".join(f"<h3><a href='/n/{i}'>{h}</a></h3>" for i, h in enumerate(THAI_HEADLINES)),  # a section front
    f"<h1>{THAI_HEADLINES[1]}</h1><div class='video'>▶</div>",  # a video page: one headline
    "<ul><li>home</li><li>news</li><li>world</li><li>politics</li><li>all rights reserved.</li></ul>",
])
def test_html_page_without_an_article_body_is_rejected_naming_the_file(write, tmp_path, body):
    page = write("site/page.html", f"<html><head><title>Daily News</title></head><body>{NAV}{body}"
                                   "<footer>© 2024 Daily News</footer></body></html>")
    documents, manifest = load_corpus(tmp_path / "site")
    assert documents.empty and list(manifest["status"]) == ["rejected"]
    reason = manifest["reason"].iloc[0]
    assert reason.startswith(f"{page}: no article body in the HTML page")


@pytest.mark.parametrize("body", [
    # a one-sentence wire brief of 18 words
    "<p>MOSCOW (AP) — Russia's Defense Ministry says it has shot down 12 Ukrainian drones over the "
    "Belgorod region.</p>",
    # Chinese: no spaces between words
    "<p>俄罗斯国防部长绍伊古3日与法国国防部长勒科尔尼通电话，双方讨论了乌克兰局势。</p><p>法方未立即回应。</p>",
    # Thai: no spaces between words, sentences ended by a space or by nothing
    "<p>กรุงเทพฯ - นายกรัฐมนตรีกล่าวกับผู้สื่อข่าวเมื่อวันพฤหัสบดีว่า รัฐบาลจะไม่ยอมรับข้อเสนอของฝ่ายค้าน "
    "และการเจรจาจะดำเนินต่อไปในสัปดาห์หน้า โฆษกรัฐบาลระบุว่าคณะรัฐมนตรีจะพิจารณาร่างงบประมาณในวันอังคาร</p>",
    # Thai paragraphs ending in a figure and in a Latin name, after their last Thai letter
    "<p>ธนาคารแห่งประเทศไทยคาดการณ์ว่าเศรษฐกิจไทยในปีนี้จะขยายตัวได้ประมาณร้อยละ 2.6%</p>"
    "<p>โดยได้รับแรงหนุนจากการฟื้นตัวของภาคการท่องเที่ยวและการส่งออกสินค้าไปยังตลาดจีน ตามรายงานของ Reuters</p>",
    # a paragraph broken with <br>: only its last line ends as a sentence
    "<p>The foreign minister said on Tuesday that the talks with Moscow<br>would resume next week in "
    "Geneva, and that France<br>would send a delegation.</p>",
    # a French quotation closing the paragraph after its full stop
    "<p>Le ministre a déclaré mardi à Paris : « La liberté de la presse est notre priorité. »</p>",
])
def test_short_html_articles_are_accepted(write, tmp_path, body):
    write("site/page.html", f"<html><head><title>Daily News</title></head><body>{NAV}<article>"
                            f"<h1>Talks</h1>{body}</article><footer>© 2024 Daily News</footer></body></html>")
    documents, manifest = load_corpus(tmp_path / "site")
    assert list(manifest["status"]) == ["accepted"], manifest["reason"].iloc[0]
    assert len(documents["text"].iloc[0]) > 40


def test_csv_line_is_the_file_line_a_row_starts_on(tmp_path):
    path = tmp_path / "multi.csv"
    lines = ["outlet,text", 'A,"First paragraph.', "", 'Second paragraph."', "", "B,Plain row.",
             'C,"x"y', "D,too,many"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs, manifest = load_corpus(path)
    # each manifest line points at the line of the file where its row begins
    starts = {"A": 2, "B": 6, "C": 7, "D": 8}
    assert manifest["line"].tolist() == list(starts.values())
    for outlet, line in starts.items():
        assert lines[line - 1].startswith(f"{outlet},")
    assert manifest["item"].tolist() == [f"{path}:{n}" for n in starts.values()]
    assert manifest["status"].tolist() == ["accepted", "accepted", "rejected", "rejected"]


def test_encoding_guesses_are_warned_for_text_files_and_table_rows(write, tmp_path):
    write("c/o/mixed.txt", b"Un titre\n\n" + "Café crème à l'Élysée.".encode("cp1252")
          + "\nLa réunion a continué.\nElle a duré.\nLes élus sont partis.\n".encode())
    cyrillic = "outlet,text\nA,Министр обороны заявил.\nB,Переговоры возможны.\n"
    write("c/o/cyrillic.csv", cyrillic.encode("cp1251"))
    documents, manifest = load_corpus(tmp_path / "c")
    reasons = dict(zip(manifest["item"].str.rsplit("/", n=1).str[-1], manifest["reason"], strict=True))
    assert "Café crème à l'Élysée." in documents["text"].tolist()[-1]
    assert "not valid UTF-8 on 1 line(s) (3)" in reasons["mixed.txt"]
    assert set(documents["text"].iloc[:2]) == {"Министр обороны заявил.", "Переговоры возможны."}
    for row in ("cyrillic.csv:2", "cyrillic.csv:3"):
        assert "charset-normalizer's guess" in reasons[row]


def test_a_cp1252_table_with_a_row_that_happens_to_be_utf8_is_read_as_cp1252(tmp_path):
    rows = [f"A,Le ministre a déclaré mardi {i} que la situation était grave." for i in range(6)]
    rows.append("B,The CafÃ© owner said the rules were a burden.")  # valid UTF-8 by accident
    path = tmp_path / "news.csv"
    path.write_bytes("\n".join(["outlet,text", *rows, ""]).encode("cp1252"))
    documents, manifest = load_corpus(path)
    assert (manifest["status"] == "accepted").all()
    assert documents["text"].tolist() == [row.split(",", 1)[1] for row in rows]


@pytest.mark.parametrize("dated, expected", [
    ("", None),  # only a copyright year: no date, not 1 January
    ('<p class="date">Published 4 April 2024</p>', pd.Timestamp("2024-04-04")),
    ('<time datetime="2024-04-04">4 April</time>', pd.Timestamp("2024-04-04")),
])
def test_html_date_is_not_guessed_from_a_copyright_year(write, tmp_path, dated, expected):
    body = ("<p>The talks between the two delegations stalled on Monday after three hours, "
            "officials said, with neither side willing to give ground on the ceasefire.</p>")
    write("site/page.html", f"<html><body><article><h1>Talks stall</h1>{dated}{body}</article>"
                            "<footer>© 2023 Daily News</footer></body></html>")
    documents, manifest = load_corpus(tmp_path / "site")
    date = documents["date"].iloc[0]
    assert (pd.isna(date) and expected is None) or date == expected
    assert ("no date" in manifest["reason"].iloc[0]) == (expected is None)


@pytest.mark.parametrize("text", [
    "Putin calls the West 'imperialist'\nMacron says 'no'\nScholz 'ready' for talks\nBiden: 'we will see'",
    "home\nnews\nworld\npolitics\nabout us\ncontact\nall rights reserved.",  # a lower-case menu
    "หน้าแรก ข่าว กีฬา บันเทิง การเมือง เศรษฐกิจ ต่างประเทศ",  # a Thai menu on one line
    "x" + '"' * 60000,  # a long run of closing quotes is read in linear time
])
def test_prose_words_leave_out_headlines_and_menus(text):
    from framing.html_pages import MIN_HTML_PROSE_WORDS, _prose_words

    assert _prose_words(text) < MIN_HTML_PROSE_WORDS
