"""Stance model files before they are loaded: cheap checks and the content hash.

Loading a trained stance model imports scikit-learn and skops (several seconds).
The score cache only needs to know *which* model a run uses, and its file's
SHA-256 says that exactly, so :class:`framing.pipeline.Scorer` hashes the file
here and loads it (:func:`framing.stance_model.load_model`) only when a document
is actually scored.  The training metadata a run records is read here too, from
the archive's skops schema, so a run whose batches all come from the cache never
loads the model.  This module imports neither package.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from framing.errors import MissingFileError, ModelError
from framing.provenance import sha256_file

__all__ = ["MODEL_FORMAT", "MODEL_FORMAT_VERSION", "check_model_file", "model_file_sha256",
           "read_model_bytes", "read_model_metadata"]


#: Identifies a saved stance model file.
MODEL_FORMAT = "framing-stance-model"
#: Bump when the saved layout or the feature extraction changes incompatibly.
#: 2: left/right/clause n-grams and target-centred valence features (framing.stance_features).
#: 3: embeddings of a 6-word target window, the whole sentence's only on request
#:    (``embed_window``, ``embed_sentence``).
#: 4: a skops archive instead of a pickle (versions 1-3 were pickles).
MODEL_FORMAT_VERSION = 4


def check_model_file(path: str | Path) -> Path:
    """Refuse a path that cannot be a stance model file, without loading the model.

    Parameters
    ----------
    path : str or Path
        A file written by ``framing stance train --out``.

    Returns
    -------
    Path

    Raises
    ------
    MissingFileError
        If the file does not exist.
    ModelError
        If ``path`` is a folder, a pickle (framing before format version 4) or
        not a skops archive.
    """
    path = Path(path)
    if path.is_dir():
        raise ModelError("a model file is needed, not a folder", path=str(path),
                         hint="give the file written by 'framing stance train --out'")
    if not path.is_file():
        raise MissingFileError("model file not found", path=str(path),
                               hint="train one with 'framing stance train ... --out FILE'")
    if not zipfile.is_zipfile(path):  # reads the archive's directory at the end only
        with path.open("rb") as handle:
            pickled = handle.read(1) == b"\x80"  # every pickle of protocol 2+ starts so
        if pickled:
            raise ModelError("this looks like a pickled model (framing before format version 4); "
                             "pickles are not loaded because loading one can run any code",
                             path=str(path), hint="retrain with 'framing stance train ... --out FILE'")
        raise ModelError("cannot read model file (not a skops archive)", path=str(path),
                         hint="give a file written by 'framing stance train --out'")
    found = _archive_content(path)
    if found is not None:
        raise ModelError(f"not a framing stance model (the archive holds {found})", path=str(path),
                         hint="give a file written by 'framing stance train --out'")
    return path


#: A framing model's skops schema is about 0.5 MB (the NewsMTSC model): a far larger one
#: is not a framing model, and is not read into memory to find that out.
MAX_SCHEMA_BYTES = 64 * 2**20


def _archive_content(path: Path) -> str | None:
    """``None`` when a zip archive's skops schema describes a framing model
    (``{"meta": ..., "model": StanceClassifier}``), else what it holds; no object is built."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("schema.json")
            if info.file_size > MAX_SCHEMA_BYTES:
                return f"a skops schema of {info.file_size:,} bytes, too large for a framing model"
            schema = json.loads(archive.read(info))
    except KeyError:
        return "no skops schema: another kind of zip file"
    except Exception as err:  # noqa: BLE001 (damaged deflate data, encryption, deep nesting...)
        return f"an unreadable skops schema ({type(err).__name__}: {err})"
    if not isinstance(schema, dict):
        return "no object"
    content = schema.get("content")
    if schema.get("__class__") != "dict" or not isinstance(content, dict):
        return f"a {schema.get('__class__', 'value')}"
    model = content.get("model")
    name = model.get("__class__") if isinstance(model, dict) else None
    if set(content) == {"meta", "model"} and name == "StanceClassifier":
        return None
    return f"a dict of {', '.join(map(str, content))}" + (f" with a {name} model" if name else "")


def read_model_bytes(path: str | Path, sha256: str | None = None) -> bytes:
    """The bytes of a model file that passes :func:`check_model_file` (and has ``sha256``).

    Parameters
    ----------
    path : str or Path
        The model file.
    sha256 : str, optional
        The hash the caller recorded earlier (:func:`model_file_sha256`): the
        bytes must still have it, so a model replaced while a run goes on is never
        used under the old model's cache key.

    Returns
    -------
    bytes

    Raises
    ------
    MissingFileError, ModelError
        As :func:`check_model_file`; also if the content no longer has ``sha256``.
    """
    path = check_model_file(path)
    data = path.read_bytes()
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise ModelError(f"model file changed since this run hashed it (sha256 {sha256[:12]})",
                         path=str(path), hint="run again, and do not replace a model file "
                         "while a run uses it")
    return data


def model_file_sha256(path: str | Path) -> str:
    """SHA-256 of a model file that passes :func:`check_model_file`.

    Parameters
    ----------
    path : str or Path
        The model file.

    Returns
    -------
    str
        64 hexadecimal digits: what identifies the model in the score cache key.
    """
    return sha256_file(check_model_file(path))


def read_model_metadata(path: str | Path, sha256: str | None = None) -> dict[str, Any] | None:
    """The training metadata of a model file, read from its skops schema without building the model.

    This is the ``meta`` dict :func:`framing.stance_model.save_model` wrote, equal
    to the ``metadata_`` of the model :func:`framing.stance_model.load_model` builds
    (model id, training data hash and size, labels, versions, parameters), in
    milliseconds instead of seconds.

    Parameters
    ----------
    path : str or Path
        The model file.
    sha256 : str, optional
        The hash recorded earlier (:func:`model_file_sha256`); the bytes read must still have it.

    Returns
    -------
    dict or None
        ``None`` when the metadata is not stored as plain JSON values, lists and
        string-keyed dicts (a layout this reader does not know) or is not of
        :data:`MODEL_FORMAT` version :data:`MODEL_FORMAT_VERSION`: load the model then
        (which refuses another format version with a clear error).

    Raises
    ------
    MissingFileError, ModelError
        As :func:`read_model_bytes`.
    """
    data = read_model_bytes(path, sha256)  # also the check that this is a framing model archive
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        schema = json.loads(archive.read("schema.json"))
    try:
        meta = _plain(schema["content"]["meta"])
    except (_NotPlain, RecursionError, KeyError, TypeError, ValueError):
        return None
    if not (isinstance(meta, dict) and isinstance(meta.get("model_id"), str)
            and meta.get("format") == MODEL_FORMAT
            and meta.get("format_version") == MODEL_FORMAT_VERSION):
        return None
    return meta


class _NotPlain(Exception):
    """A skops node that is not a JSON value, list or string-keyed dict."""


def _plain(node: Any) -> Any:
    """The value a skops schema node stands for, if it is plain data (no object built, no import)."""
    if not isinstance(node, dict) or node.get("__module__") != "builtins":
        raise _NotPlain
    loader, content = node.get("__loader__"), node.get("content")
    if loader == "JsonNode" and node.get("is_json") is True and isinstance(content, str):
        return json.loads(content)
    if loader == "ListNode" and node.get("__class__") == "list" and isinstance(content, list):
        return [_plain(item) for item in content]
    if loader == "DictNode" and node.get("__class__") == "dict" and isinstance(content, dict):
        # skops stores each key as a string plus its type: only str keys stay as they are
        key_types = node.get("key_types")
        key_types = key_types.get("content") if isinstance(key_types, dict) else None
        if not isinstance(key_types, list) or len(key_types) != len(content) or any(
                not isinstance(t, dict) or (t.get("__class__"), t.get("__module__")) != ("str", "builtins")
                for t in key_types):
            raise _NotPlain
        return {key: _plain(value) for key, value in content.items()}
    raise _NotPlain
