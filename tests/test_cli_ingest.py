import pandas as pd

from framing.cli.main import main


def test_ingest_prints_summary_and_writes_parquet(tmp_path, capsys):
    from tests.conftest import SAMPLE

    out = tmp_path / "docs.parquet"
    manifest = tmp_path / "manifest.csv"
    assert main(["ingest", str(SAMPLE), "--out", str(out), "--manifest", str(manifest)]) == 0
    printed = capsys.readouterr().out
    for column in ("outlet", "documents", "sentences", "words", "rejected"):
        assert column in printed
    assert "wsws" in printed and "total" in printed
    documents = pd.read_parquet(out)
    assert len(documents) == len(pd.read_csv(manifest))


def test_ingest_default_mode_reports_rejections_and_exits_0(write, tmp_path, capsys):
    write("c/o/good.txt", "A headline\nMay 1, 2024\n\nSome body text. More body text.")
    write("c/o/empty.txt", b"")
    assert main(["ingest", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "rejected (1)" in out and "empty.txt" in out and "empty file" in out


def test_ingest_strict_exits_1_without_traceback(write, tmp_path, capsys):
    write("c/o/empty.txt", b"")
    assert main(["ingest", str(tmp_path / "c"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "empty.txt" in err and "Traceback" not in err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path), "--column", "nonsense"]) == 2
    assert main(["ingest", str(tmp_path), "--column", "body=text"]) == 2
    assert "unknown field" in capsys.readouterr().err


def test_sentences_command(tmp_path, capsys):
    from tests.conftest import SEED

    out = tmp_path / "s.parquet"
    assert main(["sentences", str(SEED), "--out", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert {"doc_id", "sent_id", "para_id", "start", "end", "text"} <= set(frame.columns)
    assert len(frame) > 40


def test_help_explains_every_subcommand(capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "ingest" in out and "sentences" in out and "Exit codes" in out


def test_score_and_cache_commands(tmp_path, capsys):
    from tests.conftest import SAMPLE

    cache = tmp_path / "cache"
    out = tmp_path / "scores"
    assert main(["score", str(SAMPLE), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    n_articles = len(list(SAMPLE.rglob("*.txt")))
    assert f"{n_articles} documents scored" in printed and "loaded_language@1.1" in printed
    assert (out / "run.json").exists() and pd.read_parquet(out / "hits.parquet").shape[0] > 0
    assert main(["cache", "--dir", str(cache), "info"]) == 0
    assert "batch" in capsys.readouterr().out
    assert main(["cache", "--dir", str(cache), "clear"]) == 0
    assert "removed" in capsys.readouterr().out
    assert main(["score", str(SAMPLE), "--out", str(out), "--jobs", "0"]) == 2


def test_an_unknown_encoding_is_a_usage_error_for_every_kind_of_file(write, tmp_path, capsys):
    write("c/o/a.txt", "Some body text. More body text.")
    write("t.csv", "outlet,text\nA,Some body text.\n")
    for path in (tmp_path / "c", tmp_path / "t.csv"):
        assert main(["ingest", str(path), "--encoding", "bogus"]) == 2
        err = capsys.readouterr().err
        assert "unknown encoding 'bogus'" in err and "Traceback" not in err


def test_ingest_lists_outlets_taken_from_folder_names_once_per_file(write, tmp_path, capsys):
    rows = "".join(f"Text number {i} here.,2024-04-04\n" for i in range(30))
    write("c/wire/t.csv", "text,date\n" + rows + "Last text here.,30 February 2024\n")
    write("c/wire/u.csv", "outlet,text,date\n,First.,2024-04-04\nDaily,Second.,2024-04-04\n,Third.,2024-04-04\n")
    table = tmp_path / "c/wire/t.csv"
    assert main(["ingest", str(tmp_path / "c"), "--manifest", str(tmp_path / "m.csv")]) == 0
    out = capsys.readouterr().out
    assert "outlets taken from folder names (33 rows):" in out
    assert f"{table}: 31 rows take their outlet 'wire' from the folder name (no 'outlet' column; " in out
    assert f"{tmp_path}/c/wire/u.csv: 2 rows take their outlet 'wire' from the folder name ('outlet' is empty on line(s) 2, 4; " in out
    assert out.count("taken from the folder name") == 0 and "more (write them" not in out
    # the one real warning is listed alone, without the note
    assert "warnings (1):" in out
    assert f"{table}:32: date '30 February 2024' not understood (write it as 2024-04-04 or 4 April 2024)\n" in out
    # the manifest still says, row by row, where each outlet came from
    manifest = pd.read_csv(tmp_path / "m.csv")
    assert manifest["reason"].str.contains("outlet 'wire' taken from the folder name").sum() == 33


def test_ingest_lists_a_warning_repeated_on_the_rows_of_a_table_once(write, tmp_path, capsys):
    rows = "".join(f"A,Le ministre a déclaré {i} fois à la presse.\n" for i in range(30))
    write("c/o/t.csv", "outlet,text\n" + rows)
    write("c/o/u.csv", "outlet,text,date\nB,Some text.,2024-04-04\nB,Other text.,\n")
    assert main(["ingest", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "warnings (31):" in out and "more (write them" not in out
    assert (f"{tmp_path}/c/o/t.csv: 30 rows (line(s) 2, 3, 4, 5, 6, ...): no date (add a date line, "
            "front matter or a date column)\n") in out
    assert f"{tmp_path}/c/o/u.csv:3: no date" in out


def test_ingest_words_an_empty_date_cell_as_such(write, tmp_path, capsys):
    # the file has a date column: "add ... a date column" was wrong advice
    rows = "".join(f"A,Text number {i} of the table.,\n" for i in range(4))
    write("c/o/t.csv", "outlet,text,published\n" + rows + "A,Dated text.,2024-04-04\n")
    assert main(["ingest", str(tmp_path / "c"), "--column", "date=published"]) == 0
    out = capsys.readouterr().out
    assert (f"{tmp_path}/c/o/t.csv: 4 rows (line(s) 2, 3, 4, 5): no date (the 'published' cell "
            "is empty)\n") in out
    assert "date column" not in out
