"""Stance targets as data: a YAML model, a reader that validates it, and a mention finder.

A *target* is something an outlet can be for or against (a country, a leader, an
alliance).  It is defined by a list of aliases; every alias occurrence in a
sentence is a :class:`Mention`.  See ``docs/stance.md`` for the file format.

Matching rules (documented in ``docs/stance.md``):

* **Word boundaries** follow :data:`framing.text.WORD_RE`: a match may not start
  or end inside a run of word characters (``\\w``).  Hyphens and apostrophes are
  boundaries, so "NATO-backed" and "Russia's" mention NATO and Russia, while
  "Frenchmen" does not mention France.
* **Longest match, leftmost first**: "the Kremlin" wins over "Kremlin"; overlapping
  shorter matches are dropped.
* **Case**: an alias written in lower case matches any case ("the alliance" finds
  "The alliance").  An alias with a capital letter is a proper name and matches
  only as written, except that its first letter may be capitalised at the start
  of a sentence ("the Kremlin" finds "The Kremlin").  So "Paris" finds the city
  (and, by metonymy, the French government) but not "paris" the common noun; the
  city-versus-government ambiguity itself cannot be settled by case and is left
  to ``exclude`` phrases.  Override per alias with ``{text: ..., case: insensitive}``.
* **Wildcard**: a trailing ``*`` matches any word ending ("Russian*" finds
  "Russian" and "Russians").
* **Exclusions**: ``exclude`` phrases take part in longest matching but produce
  no mention ("Paris Agreement" blocks "Paris").  :func:`exclusion_warnings`
  flags an exclusion whose wildcard word directly follows an alias ("Moscow
  attack*"), which also blocks the alias as the subject of a verb ("Moscow
  attacked Kyiv").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pandas as pd
import yaml

from framing.errors import MissingFileError, TargetsError
from framing.schema import MENTION_COLUMNS

__all__ = [
    "MentionVoice",
    "Alias",
    "Target",
    "TargetSet",
    "Mention",
    "TargetMatcher",
    "BUILTIN_TARGETS",
    "DEFAULT_TARGETS",
    "load_targets",
    "parse_targets",
    "exclusion_warnings",
    "find_mentions",
    "voice_from_quotes",
    "mentions_frame",
]

MentionVoice = Literal["author", "quoted"]
CaseRule = Literal["auto", "sensitive", "insensitive"]
VoiceFunction = Callable[[int, int], "tuple[str | None, str | None]"]

#: Built-in target lists: name -> file under ``framing/data``.
BUILTIN_TARGETS = {"sample": "targets_sample.yaml"}
#: Targets used when none are given (the story of the sample corpus).
DEFAULT_TARGETS = "sample"

_WORD_CHAR = re.compile(r"\w")
_WHITESPACE = re.compile(r"\s+")
# Characters folded to one form before matching (same length, so offsets stay valid).
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("\u00a0", " "), ("\t", " "), ("\n", " "), ("\r", " "))
_FOLD = str.maketrans(dict(_FOLD_PAIRS))
_CASE_RULES = ("auto", "sensitive", "insensitive")
_TOP_KEYS = {"name", "version", "licence", "license", "source", "description", "targets"}
_TARGET_KEYS = {"aliases", "exclude", "description"}


@dataclass(frozen=True)
class Alias:
    """One alias (or exclusion phrase) of a target.

    Attributes
    ----------
    text : str
        The alias as written in the targets file (``*`` at the end is a wildcard).
    case : {"auto", "sensitive", "insensitive"}
        ``auto``: case-insensitive if ``text`` is all lower case, else as written
        with an optional capital first letter.
    line : int or None
        1-based line in the targets file.
    """

    text: str
    case: CaseRule = "auto"
    line: int | None = None

    @property
    def wildcard(self) -> bool:
        """True if the alias ends with ``*``."""
        return self.text.endswith("*")

    @property
    def stem(self) -> str:
        """The literal part of the alias (without the trailing ``*``), folded."""
        return self.text.rstrip("*").translate(_FOLD)

    @property
    def case_sensitive(self) -> bool:
        """Whether letters after the first must match as written."""
        if self.case == "auto":
            return self.stem != self.stem.lower()
        return self.case == "sensitive"

    @property
    def key(self) -> str:
        """Normalised form used to detect duplicates: folded as the matcher folds
        (curly apostrophes), case-folded, single spaces."""
        return _WHITESPACE.sub(" ", self.text.strip().translate(_FOLD)).casefold()


@dataclass(frozen=True)
class Target:
    """A stance target: a name, its aliases and phrases that must not count.

    Attributes
    ----------
    name : str
        Target name used in every frame (``target`` column), e.g. ``"Russia"``.
    aliases : tuple of Alias
        Words and phrases that mention the target.
    exclude : tuple of Alias
        Phrases containing an alias that do not mention the target ("Paris Agreement").
    description : str
        Free text (what the target covers).
    line : int or None
        1-based line where the target is defined.
    """

    name: str
    aliases: tuple[Alias, ...]
    exclude: tuple[Alias, ...] = ()
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class TargetSet:
    """A validated list of targets with provenance and a content hash.

    Attributes
    ----------
    name, version, licence, source, description : str
        Provenance from the file header.
    targets : tuple of Target
        The targets in file order.
    sha256 : str
        SHA-256 of the file bytes (or of the YAML text it was parsed from).
    path : str or None
        Where it was read from (``None`` for text parsed in memory).
    """

    name: str
    version: str
    targets: tuple[Target, ...]
    sha256: str
    licence: str = ""
    source: str = ""
    description: str = ""
    path: str | None = None
    _matcher: list = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> str:
        """``name@version``, the identifier recorded in run metadata."""
        return f"{self.name}@{self.version}"

    @property
    def names(self) -> list[str]:
        """Target names in file order."""
        return [t.name for t in self.targets]

    def __iter__(self) -> Iterator[Target]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, name: str) -> Target:
        for target in self.targets:
            if target.name == name:
                return target
        raise KeyError(name)

    def matcher(self) -> TargetMatcher:
        """Return the compiled :class:`TargetMatcher` (built once, then cached)."""
        if not self._matcher:
            self._matcher.append(TargetMatcher(self))
        return self._matcher[0]


@dataclass(frozen=True)
class Mention:
    """One occurrence of a target alias.

    ``start``/``end`` are offsets into the text given to the finder (the document
    text when the pipeline calls it), so ``text[start:end]`` is the mention.
    ``alias`` is the alias as written in the targets file (``"Russian*"``), so each
    mention is traceable to its definition.  ``voice`` is ``"author"`` or
    ``"quoted"`` and ``speaker`` the quoted speaker, filled by a voice function
    (:func:`voice_from_quotes`) or by the pipeline; ``None`` when unknown.
    """

    target: str
    alias: str
    start: int
    end: int
    voice: str | None = None
    speaker: str | None = None
    doc_id: str | None = None
    sent_id: int | None = None

    def as_row(self) -> dict[str, Any]:
        """Return the mention as a dict with :data:`framing.schema.MENTION_COLUMNS`."""
        return {c: getattr(self, c) for c in MENTION_COLUMNS}


# --------------------------------------------------------------------------- reading


def load_targets(source: str | Path | TargetSet = DEFAULT_TARGETS) -> TargetSet:
    """Load a targets file, or a built-in target list by name.

    Parameters
    ----------
    source : str, Path or TargetSet
        A path to a YAML targets file, the name of a built-in list
        (:data:`BUILTIN_TARGETS`, default ``"sample"``), or an already loaded set
        (returned as it is).

    Returns
    -------
    TargetSet
        The validated targets with their ``sha256`` and ``id``.

    Raises
    ------
    MissingFileError
        If ``source`` is neither an existing file nor a built-in name.
    TargetsError
        If the file is invalid (with file, line and how to fix it).
    """
    if isinstance(source, TargetSet):
        return source
    path = Path(source)
    if path.is_file():
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[:err.start].count(b"\n") + 1
            raise TargetsError("not valid UTF-8 text", path=str(path), line=line,
                               hint="save the file as UTF-8 (in an editor: 'Save with encoding')"
                               ) from None
        return parse_targets(text, path=str(path), sha256=hashlib.sha256(data).hexdigest())
    if path.is_dir():
        raise TargetsError("a targets file is needed, not a folder", path=str(path),
                           hint="give the YAML file inside it")
    if isinstance(source, str) and source in BUILTIN_TARGETS:
        ref = resources.files("framing.data").joinpath(BUILTIN_TARGETS[source])
        data = ref.read_bytes()
        return parse_targets(data.decode("utf-8"), path=f"framing/data/{BUILTIN_TARGETS[source]}",
                             sha256=hashlib.sha256(data).hexdigest())
    raise MissingFileError(
        "targets file not found", path=str(source),
        hint=f"give a YAML file path or a built-in name ({', '.join(sorted(BUILTIN_TARGETS))})",
    )


def parse_targets(text: str, *, path: str | None = None, sha256: str | None = None) -> TargetSet:
    """Parse and validate targets from YAML text.

    Parameters
    ----------
    text : str
        YAML document (see ``docs/stance.md``).
    path : str, optional
        File name used in error messages.
    sha256 : str, optional
        Content hash; computed from ``text`` (UTF-8) if not given.

    Returns
    -------
    TargetSet

    Raises
    ------
    TargetsError
        Invalid YAML, unknown keys, a target without aliases, an empty alias, an
        alias listed twice (in one target or across targets), or a misplaced ``*``.
    """
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise TargetsError(f"invalid YAML: {problem}", path=path,
                           line=None if mark is None else mark.line + 1,
                           hint="check indentation, colons and quoting") from None
    if not isinstance(root, yaml.MappingNode):
        raise TargetsError("a targets file must be a mapping with a 'targets' key", path=path,
                           line=None if root is None else _line(root),
                           hint="see docs/stance.md for an example")
    header: dict[str, str] = {}
    targets_node = None
    for key_node, value_node in _pairs(root, path):
        key = key_node.value
        if key not in _TOP_KEYS:
            raise TargetsError(f"unknown key {key!r}", path=path, line=_line(key_node), field=key,
                               hint=f"use one of {sorted(_TOP_KEYS)}")
        if key == "targets":
            targets_node = value_node
        else:
            header["licence" if key == "license" else key] = _scalar(value_node, path, key)
    if targets_node is None or not isinstance(targets_node, yaml.MappingNode) \
            or not targets_node.value:
        raise TargetsError("no targets defined", path=path,
                           line=_line(targets_node) if targets_node is not None else None,
                           field="targets",
                           hint="add 'targets:' with one entry per target, each with 'aliases:'")
    targets: list[Target] = []
    seen_names: set[str] = set()
    seen_aliases: dict[str, tuple[str, int | None]] = {}
    for name_node, body in _pairs(targets_node, path):
        name = _scalar(name_node, path, "targets").strip()
        if not name:
            raise TargetsError("empty target name", path=path, line=_line(name_node))
        if name in seen_names:  # equal after stripping spaces
            raise TargetsError(f"target {name!r} is defined twice", path=path,
                               line=_line(name_node), hint="merge the two definitions")
        seen_names.add(name)
        target = _parse_target(name, name_node, body, path)
        for alias in target.aliases + target.exclude:
            if alias.key in seen_aliases:
                other, other_line = seen_aliases[alias.key]
                where = f"target {other!r}" + (f" (line {other_line})" if other_line else "")
                raise TargetsError(
                    f"alias {alias.text!r} of target {name!r} is already listed for {where}",
                    path=path, line=alias.line, field=name,
                    hint="an alias must belong to one target only; remove one of them",
                )
            seen_aliases[alias.key] = (name, alias.line)
        targets.append(target)
    _check_wildcards(targets, path)
    return TargetSet(
        name=header.get("name") or (Path(path).stem if path else "targets"),
        version=header.get("version", "0"),
        licence=header.get("licence", ""),
        source=header.get("source", ""),
        description=header.get("description", ""),
        targets=tuple(targets),
        sha256=sha256,
        path=path,
    )


def _check_wildcards(targets: list[Target], path: str | None) -> None:
    """A wildcard alias of one target must not match an alias of another one of the
    same length ("Russian*" and "Russian"): which target a mention would count for
    would depend on the order of the file."""
    # keys are computed (normalised) properties: each once, not once per pair
    wildcards = [(t.name, a, a.key.rstrip("*")) for t in targets for a in t.aliases if a.wildcard]
    for target in targets:
        for alias in target.aliases:
            if alias.wildcard:
                continue
            key = alias.key
            if not _WORD_CHAR.match(key[-1]):  # keys are never empty
                continue
            for owner, wild, stem in wildcards:
                if owner != target.name and key.startswith(stem) and key.count(" ") == stem.count(" "):
                    raise TargetsError(
                        f"alias {alias.text!r} of target {target.name!r} is also matched by "
                        f"{wild.text!r} of target {owner!r} (line {wild.line})",
                        path=path, line=alias.line, field=target.name,
                        hint="narrow the wildcard or drop one of the aliases")


def exclusion_warnings(targets: TargetSet) -> list[str]:
    """Exclusions that may block more than the noun phrase they were written for.

    An exclusion made of an alias and a wildcard word ("Moscow attack*") blocks the
    alias before every word that begins with the wildcard's stem, verb forms
    included: "Moscow attacked Kyiv" then mentions no one, and the stance of that
    sentence loses its agent.  Listing the noun phrases ("the Moscow attack", "the
    Moscow attacks") keeps the verb uses.  Used by ``framing targets check``.

    Parameters
    ----------
    targets : TargetSet

    Returns
    -------
    list of str
        One message per such exclusion, ``file:line [target]: ... (fix: ...)``.
    """
    # a wildcard alias ("Russian*") is usually a word family, an adjective before a
    # noun ("Russian troop*"), not a subject: only plain aliases are checked
    aliases = [a for t in targets for a in t.aliases if not a.wildcard]
    out = []
    for target in targets:
        for excl in target.exclude:
            head, _, last = excl.key.rpartition(" ")
            if not excl.wildcard or not head:
                continue
            alias = next((a for a in aliases if a.key == head), None)
            if alias is None:
                continue
            stem = last.rstrip("*")
            out.append(str(TargetsError(
                f"exclusion {excl.text!r} blocks {alias.text!r} before every word beginning "
                f"with {stem!r}, verb forms included: where {alias.text!r} is the subject of "
                f"such a verb, that mention is lost too",
                path=targets.path, line=excl.line, field=target.name,
                hint=f"write the noun phrases one by one without '*' (e.g. "
                     f"'the {excl.text.rstrip('*')}'), or ignore this if no word beginning "
                     f"with {stem!r} is a verb")))
    return out


def _parse_target(name: str, name_node: yaml.Node, body: yaml.Node, path: str | None) -> Target:
    if isinstance(body, yaml.SequenceNode):  # short form: Russia: [Russia, Moscow]
        fields = {"aliases": body}
    elif isinstance(body, yaml.MappingNode):
        fields = {}
        for key_node, value_node in _pairs(body, path):
            if key_node.value not in _TARGET_KEYS:
                raise TargetsError(f"unknown key {key_node.value!r} in target {name!r}",
                                   path=path, line=_line(key_node), field=name,
                                   hint=f"use one of {sorted(_TARGET_KEYS)}")
            fields[key_node.value] = value_node
    else:
        raise TargetsError(f"target {name!r} must be a mapping with 'aliases:' or a list",
                           path=path, line=_line(name_node), field=name,
                           hint="write 'Russia: {aliases: [Russia, Moscow]}'")
    if "aliases" not in fields:
        raise TargetsError(f"target {name!r} has no aliases", path=path, line=_line(name_node),
                           field=name, hint="add 'aliases:' with at least one word or phrase")
    aliases = _parse_aliases(fields["aliases"], name, path)
    if not aliases:
        raise TargetsError(f"target {name!r} has no aliases", path=path,
                           line=_line(fields["aliases"]), field=name,
                           hint="add at least one word or phrase")
    exclude = _parse_aliases(fields["exclude"], name, path) if "exclude" in fields else ()
    description = _scalar(fields["description"], path, "description") \
        if "description" in fields else ""
    own: dict[str, int | None] = {}
    for alias in aliases + exclude:
        if alias.key in own:
            raise TargetsError(f"alias {alias.text!r} is listed twice in target {name!r}",
                               path=path, line=alias.line, field=name,
                               hint=f"remove the repeat (first on line {own[alias.key]})")
        own[alias.key] = alias.line
    return Target(name=name, aliases=aliases, exclude=exclude, description=description,
                  line=_line(name_node))


def _parse_aliases(node: yaml.Node, name: str, path: str | None) -> tuple[Alias, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out: list[Alias] = []
    for item in items:
        case: str = "auto"
        if isinstance(item, yaml.MappingNode):
            spec = {k.value: v for k, v in _pairs(item, path)}
            unknown = set(spec) - {"text", "case"}
            if unknown or "text" not in spec:
                raise TargetsError(f"alias of target {name!r} needs 'text' (and optional 'case')",
                                   path=path, line=_line(item), field=name,
                                   hint="write {text: nato, case: insensitive}")
            text = _scalar(spec["text"], path, name)
            if "case" in spec:
                case = _scalar(spec["case"], path, name)
                if case not in _CASE_RULES:
                    raise TargetsError(f"unknown case rule {case!r}", path=path,
                                       line=_line(spec["case"]), field=name,
                                       hint=f"use one of {list(_CASE_RULES)}")
        else:
            text = _scalar(item, path, name)
        # NFC, as ingestion normalises every document: "Київ" typed in decomposed form
        # must still match
        text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).strip())
        line = _line(item)
        if not text.rstrip("*").strip():
            raise TargetsError(f"empty alias in target {name!r}", path=path, line=line,
                               field=name, hint="remove the empty entry or write the alias")
        if "*" in text.rstrip("*") or text.endswith("**") or text.endswith(" *"):
            raise TargetsError(f"alias {text!r}: '*' is only allowed at the end of a word",
                               path=path, line=line, field=name,
                               hint="write 'Russian*' to match Russian, Russians")
        if _WORD_CHAR.match(text[0]) is None:
            raise TargetsError(f"alias {text!r} must start with a letter or digit",
                               path=path, line=line, field=name,
                               hint="drop leading punctuation")
        out.append(Alias(text=text, case=case, line=line))  # type: ignore[arg-type]
    return tuple(out)


def _pairs(node: yaml.MappingNode, path: str | None) -> list[tuple[yaml.Node, yaml.Node]]:
    """The key/value nodes of a mapping; a repeated key is an error (YAML loaders
    would silently keep only the last one: a whole target or alias list lost)."""
    first: dict[str, int | None] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise TargetsError("keys must be plain text", path=path, line=_line(key_node))
        if key_node.value in first:
            raise TargetsError(f"{key_node.value!r} is defined twice", path=path,
                               line=_line(key_node), field=key_node.value,
                               hint=f"merge it with the first one (line {first[key_node.value]})")
        first[key_node.value] = _line(key_node)
    return list(node.value)


def _scalar(node: yaml.Node, path: str | None, where: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise TargetsError("expected a single value, not a list or mapping", path=path,
                           line=_line(node), field=where, hint="quote the value")
    if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
        return ""
    return str(node.value)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


# --------------------------------------------------------------------------- matching


def _fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (offsets stay valid)."""
    for old, new in _FOLD_PAIRS:  # str.replace is far faster than str.translate on long texts
        if old in text:
            text = text.replace(old, new)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Spec(NamedTuple):
    """An alias as the matcher reads it for every candidate (its properties computed once)."""

    target: str | None  # None for an exclusion phrase
    alias: str  # as written
    stem: str
    wildcard: bool
    case_sensitive: bool

    @classmethod
    def of(cls, target: str | None, alias: Alias) -> _Spec:
        return cls(target, alias.text, alias.stem, alias.wildcard, alias.case_sensitive)


class TargetMatcher:
    """Compiled alias matcher for a :class:`TargetSet` (Aho-Corasick, picklable).

    Parameters
    ----------
    targets : TargetSet or str or Path
        The targets (or a path / built-in name passed to :func:`load_targets`).

    Notes
    -----
    The automaton is built lazily and dropped when pickled, so a matcher can be
    sent to worker processes and rebuilds itself there on first use.
    """

    def __init__(self, targets: TargetSet | str | Path) -> None:
        self.targets = load_targets(targets)
        self._automaton = None

    def __getstate__(self) -> dict[str, Any]:
        return {"targets": replace(self.targets, _matcher=[])}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.targets = state["targets"]
        self._automaton = None

    def _build(self):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Spec]] = {}
        for target in self.targets:
            for alias in target.aliases:
                keys.setdefault(_fold(alias.stem), []).append(_Spec.of(target.name, alias))
            for alias in target.exclude:
                keys.setdefault(_fold(alias.stem), []).append(_Spec.of(None, alias))
        for key, specs in keys.items():
            automaton.add_word(key, (len(key), tuple(specs)))
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def find(self, text: str, start: int = 0, end: int | None = None, *,
             voice: VoiceFunction | None = None) -> list[Mention]:
        """Return the mentions in ``text[start:end]`` in text order.

        Parameters
        ----------
        text : str
            The document (or sentence) text.
        start, end : int
            Region to search; offsets of the mentions are into ``text``.
        voice : callable, optional
            ``voice(start, end) -> (voice, speaker)`` used to fill each mention's
            voice (see :func:`voice_from_quotes`).

        Returns
        -------
        list of Mention
        """
        end = len(text) if end is None else end
        automaton = self._automaton or self._build()
        region = text[start:end]
        folded = _fold(region)
        candidates: list[tuple[int, int, _Spec]] = []
        for last, (length, specs) in automaton.iter(folded):
            s = last - length + 1
            if s > 0 and _WORD_CHAR.match(folded[s - 1]):
                continue
            for spec in specs:
                e = last + 1
                if spec.wildcard:
                    while e < len(folded) and _WORD_CHAR.match(folded[e]):
                        e += 1
                elif e < len(folded) and _WORD_CHAR.match(folded[e]):
                    continue
                if spec.case_sensitive and not _case_ok(region, s, spec.stem):
                    continue
                candidates.append((s, e, spec))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].target is not None))
        mentions: list[Mention] = []
        pos = 0
        for s, e, spec in candidates:
            if s < pos:
                continue
            pos = e
            if spec.target is None:  # an exclusion phrase consumes its span
                continue
            v = speaker = None
            if voice is not None:
                v, speaker = voice(start + s, start + e)
            mentions.append(Mention(spec.target, spec.alias, start + s, start + e, v, speaker))
        return mentions


def _case_ok(region: str, s: int, stem: str) -> bool:
    """Proper-name alias: exact case except an optionally capitalised first letter."""
    surface = region[s:s + len(stem)].translate(_FOLD)
    if surface[1:] != stem[1:]:
        return False
    return surface[0] == stem[0] or surface[0] == stem[0].upper()


def find_mentions(text: str, start: int = 0, end: int | None = None,
                  targets: TargetSet | TargetMatcher | str | Path = DEFAULT_TARGETS, *,
                  voice: VoiceFunction | None = None) -> list[Mention]:
    """Find target mentions in ``text[start:end]`` (offsets into ``text``).

    Parameters
    ----------
    text : str
        Document or sentence text.
    start, end : int
        Region to search (a sentence's offsets when called per sentence).
    targets : TargetSet, TargetMatcher, str or Path
        Targets to look for (default: the built-in sample list).
    voice : callable, optional
        ``voice(start, end) -> (voice, speaker)``; see :func:`voice_from_quotes`.

    Returns
    -------
    list of Mention
        Longest, non-overlapping alias matches in text order.
    """
    matcher = targets if isinstance(targets, TargetMatcher) else load_targets(targets).matcher()
    return matcher.find(text, start, end, voice=voice)


def voice_from_quotes(quotes: pd.DataFrame | Iterable[Sequence[Any]] | None) -> VoiceFunction:
    """Build a voice function from quotation spans.

    Parameters
    ----------
    quotes : DataFrame or iterable of tuples
        A quotes frame (:data:`framing.schema.QUOTE_COLUMNS`: ``start``, ``end``,
        ``kind``, ``speaker``) or tuples ``(start, end)``, ``(start, end, speaker)``
        or ``(start, end, speaker, kind)``.

    Returns
    -------
    callable
        ``voice(start, end) -> (voice, speaker)``: ``("quoted", speaker)`` when the
        span lies inside a quotation whose kind is not ``"scare"``; otherwise
        ``("author", None)``.  Scare quotes are the outlet's own voice.
    """
    spans: list[tuple[int, int, str | None]] = []
    if quotes is not None:
        if isinstance(quotes, pd.DataFrame):
            kinds = quotes["kind"] if "kind" in quotes else [None] * len(quotes)
            speakers = quotes["speaker"] if "speaker" in quotes else [None] * len(quotes)
            rows: Iterable[Sequence[Any]] = zip(quotes["start"], quotes["end"], speakers, kinds,
                                                strict=True)
        else:
            rows = quotes
        for row in rows:
            s, e = int(row[0]), int(row[1])
            speaker = row[2] if len(row) > 2 else None
            kind = row[3] if len(row) > 3 else None
            if kind == "scare":
                continue
            spans.append((s, e, None if pd.isna(speaker) else speaker))
    spans.sort()

    def voice(start: int, end: int) -> tuple[str | None, str | None]:
        for s, e, speaker in spans:
            if s <= start and end <= e:
                return "quoted", speaker
            if s >= end:
                break
        return "author", None

    return voice


def mentions_frame(mentions: Iterable[Mention]) -> pd.DataFrame:
    """Return mentions as a frame with :data:`framing.schema.MENTION_COLUMNS`."""
    rows = [m.as_row() for m in mentions]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MENTION_COLUMNS})
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)
