import pandas as pd

from framing.cache import ScoreCache, corpus_fingerprint


def test_put_get_round_trip(tmp_path):
    cache = ScoreCache(tmp_path)
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", None]})
    cache.put("batch", "k" * 24, {"hits": frame}, {"note": 1})
    frames, meta = cache.get("batch", "k" * 24)
    pd.testing.assert_frame_equal(frames["hits"], frame, check_dtype=False)
    assert meta == {"note": 1}
    assert cache.get("batch", "z" * 24) is None


def test_incomplete_entry_reads_as_missing(tmp_path):
    cache = ScoreCache(tmp_path)
    cache.put("batch", "a" * 24, {"hits": pd.DataFrame({"a": [1]})})
    folder = next((tmp_path / "batch").glob("*/*"))
    (folder / "COMPLETE").unlink()  # as if the writer crashed before the marker
    assert cache.get("batch", "a" * 24) is None


def test_damaged_entry_is_a_miss_and_removed(tmp_path):
    cache = ScoreCache(tmp_path)
    cache.put("batch", "b" * 24, {"hits": pd.DataFrame({"a": [1]})})
    folder = next((tmp_path / "batch").glob("*/*"))
    (folder / "hits.parquet").write_bytes(b"not parquet")
    assert cache.get("batch", "b" * 24) is None
    assert not folder.exists()


def test_info_and_clear(tmp_path):
    cache = ScoreCache(tmp_path)
    for key in ("c" * 24, "d" * 24):
        cache.put("batch", key, {"hits": pd.DataFrame({"a": [1]})})
    info = cache.info().set_index("kind")
    assert info.loc["batch", "entries"] == 2 and info.loc["batch", "bytes"] > 0
    assert cache.clear(older_than_days=1) == 0
    assert cache.clear() == 2
    assert cache.info().set_index("kind").loc["batch", "entries"] == 0


def test_fingerprint_follows_file_changes_and_options(tmp_path):
    (tmp_path / "o").mkdir()
    article = tmp_path / "o" / "a.txt"
    article.write_text("one")
    first = corpus_fingerprint(tmp_path, {"outlet": None})
    assert corpus_fingerprint(tmp_path, {"outlet": None}) == first
    assert corpus_fingerprint(tmp_path, {"outlet": "x"}) != first
    article.write_text("one two")
    assert corpus_fingerprint(tmp_path, {"outlet": None}) != first
