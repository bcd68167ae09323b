"""Writing outputs: atomic replacement, and ordinary file permissions (the umask, not 0600)."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from framing.io import atomic_path, safe_name, write_csv, write_json, write_parquet


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_outputs_get_the_permissions_of_ordinary_new_files(tmp_path, umask):
    frame = pd.DataFrame({"a": [1, 2]})
    written = [write_json({"x": 1}, tmp_path / "a.json"), write_csv(frame, tmp_path / "t" / "a.csv"),
               write_parquet(frame, tmp_path / "a.parquet")]
    with atomic_path(tmp_path / "raw.bin") as tmp:
        tmp.write_bytes(b"\x00")
    written.append(tmp_path / "raw.bin")
    with open(tmp_path / "plain.txt", "w") as handle:  # what open() gives under this umask
        handle.write("x")
    expected = _mode(tmp_path / "plain.txt")
    assert expected == 0o666 & ~umask
    assert {p.name: _mode(p) for p in written} == {p.name: expected for p in written}


def test_replaces_whole_file_or_leaves_the_old_one(tmp_path):
    target = tmp_path / "out.json"
    write_json({"v": 1}, target)
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == '{\n  "v": 1\n}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left
    write_json({"v": 2}, target)
    assert '"v": 2' in target.read_text(encoding="utf-8")


def test_safe_name_keeps_names_inside_a_folder():
    assert safe_name("../../etc/passwd") == "etc_passwd"
    assert safe_name("") == "unnamed"
