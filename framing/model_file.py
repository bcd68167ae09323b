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

__all__ = ["MODEL_FORMAT", "MODEL_FORMAT_VERSION", "TRUSTED_TYPES", "check_model_file",
           "check_model_id", "model_file_sha256", "model_id", "read_model_bytes",
           "read_model_metadata"]


#: Identifies a saved stance model file.
MODEL_FORMAT = "framing-stance-model"
#: Bump when the saved layout or the feature extraction changes incompatibly.
#: 2: left/right/clause n-grams and target-centred valence features (framing.stance_features).
#: 3: embeddings of a 6-word target window, the whole sentence's only on request
#:    (``embed_window``, ``embed_sentence``).
#: 4: a skops archive instead of a pickle (versions 1-3 were pickles).
#: 5: the lexicon-stance features count loaded-term hits (``lexicons``), and the stance
#:    rules of framing 2026-11 (praise, speakers after a comma, role objects).
MODEL_FORMAT_VERSION = 5
#: The types a framing model file may name besides its model: skops builds only
#: these (and refuses the rest) when framing loads a model, so a file naming
#: another is refused before anything is read from it (its metadata included).
_DATA_PACKAGES = frozenset({"numpy", "scipy", "sklearn"})
_BUILTIN_TYPES = frozenset({"dict", "list", "tuple", "str", "int", "float", "bool", "complex",
                            "slice", "set", "frozenset", "map", "bytes", "bytearray",
                            "NoneType"})
#: The only types outside skops' defaults (scikit-learn, NumPy, SciPy, builtins)
#: that :func:`framing.stance_model.load_model` builds from a model file.
TRUSTED_TYPES = ("framing.stance_model.StanceClassifier",)
_MODEL_TYPE = tuple(TRUSTED_TYPES[0].rsplit(".", 1))  # (module, class)
#: Other types skops trusts by default.
_OTHER_TYPES = frozenset({("collections", "OrderedDict"), ("collections", "defaultdict")})


def model_id(params: Any, data_sha256: str) -> str:
    """The id of a trained model: 12 hex digits of the SHA-256 of its parameters and
    training data (``StanceClassifier.fit`` sets ``model_id_`` to it, and the checks
    of a model file's stored id recompute it).

    Parameters
    ----------
    params : dict
        The classifier's ``get_params()`` (or the ``params`` stored with it).
    data_sha256 : str
        The hash of the training rows (``training_info_["data_sha256"]``).
    """
    text = json.dumps(params, sort_keys=True, default=str) + data_sha256
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def check_model_id(meta: dict[str, Any], path: str | Path, *, model_id_: Any = None,
                   params: Any = None) -> None:
    """Refuse model metadata whose ``model_id`` is not the one its ``params`` and
    ``data_sha256`` give (the file was edited), or, for a loaded model, not its own
    ``model_id_`` and the id of its own ``params``.

    Raises
    ------
    ModelError
        Naming the stored and the computed id.
    """
    stored = meta.get("model_id")
    data = meta.get("data_sha256")
    computed = model_id(meta.get("params"), data) if isinstance(data, str) else None
    ids = {computed}
    if params is not None:
        ids |= {model_id_, model_id(params, data) if isinstance(data, str) else None}
    if ids != {stored}:
        raise ModelError(f"the model id stored in the file ({stored!r}) is not the one its "
                         f"parameters and training data give ({computed!r}): the file was "
                         "edited after training", path=str(path), field="model_id",
                         hint="retrain the model with 'framing stance train'")


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
        If ``path`` is a folder, a pickle (framing before format version 4), not
        a skops archive of a framing model, or names a type framing never loads
        (not a builtin data type, NumPy, SciPy, scikit-learn or its own
        ``StanceClassifier``): such a file is refused before its metadata is read,
        as loading it would be.
    """
    path = Path(path)
    _check_path(path)
    _checked_schema(path, path)
    return path


def _check_path(path: Path) -> None:
    """The checks of :func:`check_model_file` that need no schema: a file, a zip archive."""
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


def _checked_schema(archive: Path | io.BytesIO, path: Path) -> dict[str, Any]:
    """The skops schema of ``archive`` (the file ``path`` or its bytes), read and parsed
    once, if it describes a framing model naming only types framing loads.

    Raises
    ------
    ModelError
        As :func:`check_model_file`.
    """
    schema, found = _archive_content(archive)
    if found is not None:
        raise ModelError(f"not a framing stance model (the archive holds {found})", path=str(path),
                         hint="give a file written by 'framing stance train --out'")
    foreign = _foreign_types(schema)
    if foreign:
        raise ModelError(f"model file holds types framing does not load ({', '.join(foreign[:5])}"
                         f"{', ...' if len(foreign) > 5 else ''})", path=str(path),
                         hint="load only files written by 'framing stance train --out'")
    return schema


#: A framing model's skops schema is about 0.5 MB (the NewsMTSC model): a far larger one
#: is not a framing model, and is not read into memory to find that out.
MAX_SCHEMA_BYTES = 64 * 2**20


def _archive_content(archive: Path | io.BytesIO) -> tuple[Any, str | None]:
    """A zip archive's skops schema and ``None`` when it describes a framing model
    (``{"meta": ..., "model": StanceClassifier}``), else what it holds; no object is built."""
    try:
        with zipfile.ZipFile(archive) as opened:
            info = opened.getinfo("schema.json")
            if info.file_size > MAX_SCHEMA_BYTES:
                return None, f"a skops schema of {info.file_size:,} bytes, too large for a framing model"
            schema = json.loads(opened.read(info))
    except KeyError:
        return None, "no skops schema: another kind of zip file"
    except Exception as err:  # noqa: BLE001 (damaged deflate data, encryption, deep nesting...)
        return None, f"an unreadable skops schema ({type(err).__name__}: {err})"
    if not isinstance(schema, dict):
        return schema, "no object"
    content = schema.get("content")
    if schema.get("__class__") != "dict" or not isinstance(content, dict):
        return schema, f"a {schema.get('__class__', 'value')}"
    model = content.get("model")
    name = model.get("__class__") if isinstance(model, dict) else None
    if set(content) == {"meta", "model"} and name == "StanceClassifier":
        module = model.get("__module__", _MODEL_TYPE[0])
        if module == _MODEL_TYPE[0]:
            return schema, None
        return schema, f"a {module}.{name} model, not framing's"
    return schema, (f"a dict of {', '.join(map(str, content))}"
                    + (f" with a {name} model" if name else ""))


def _foreign_types(schema: dict[str, Any]) -> list[str]:
    """The types a model file's skops schema names that framing never loads (sorted,
    ``module.Class``): anything but :data:`_MODEL_TYPE`, builtin data types, the
    ordered and default dicts and NumPy, SciPy and scikit-learn types.  skops vets
    the last ones one by one when loading (it trusts scikit-learn's estimators, not
    every class of the package): this cheap check, which imports neither, leaves
    those to it."""
    found: set[str] = set()
    stack = [schema]
    while stack:  # no recursion: a schema may nest deeply
        node = stack.pop()
        if isinstance(node, dict):
            module, name = node.get("__module__"), node.get("__class__")
            if module is not None and not (
                    (module, name) == _MODEL_TYPE or (module, name) in _OTHER_TYPES
                    or (module == "builtins" and name in _BUILTIN_TYPES)
                    or (isinstance(module, str) and module.split(".")[0] in _DATA_PACKAGES)):
                found.add(f"{module}.{name}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(found)


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
    return _read_checked(path, sha256)[0]


def _read_checked(path: str | Path, sha256: str | None) -> tuple[bytes, dict[str, Any]]:
    """:func:`read_model_bytes` and the skops schema it checked, parsed once from those bytes."""
    path = Path(path)
    _check_path(path)
    data = path.read_bytes()
    schema = _checked_schema(io.BytesIO(data), path)  # the bytes used, not the file as it was
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise ModelError(f"model file changed since this run hashed it (sha256 {sha256[:12]})",
                         path=str(path), hint="run again, and do not replace a model file "
                         "while a run uses it")
    return data, schema


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
        As :func:`read_model_bytes`; also if the stored ``model_id`` is not the one
        the stored parameters and training data give (:func:`check_model_id`), as
        loading the model refuses it.
    """
    _, schema = _read_checked(path, sha256)  # also the check that this is a framing model archive
    try:
        meta = _plain(schema["content"]["meta"])
    except (_NotPlain, RecursionError, KeyError, TypeError, ValueError):
        return None
    if not (isinstance(meta, dict) and isinstance(meta.get("model_id"), str)
            and meta.get("format") == MODEL_FORMAT
            and meta.get("format_version") == MODEL_FORMAT_VERSION):
        return None
    check_model_id(meta, path)
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
