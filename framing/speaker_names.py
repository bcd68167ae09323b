"""One person, one name: a surname written alone stands for the full name.

News style names a person in full once ("French President Emmanuel Macron") and
by surname after that ("Macron said"). Counted as written, one speaker becomes
two ("Macron" and "Emmanuel Macron") in every table grouped by speaker. The rule
here is the one a careful reader applies: a shorter name is the longer one it
ends with ("Macron" -> "Emmanuel Macron", "Le Pen" -> "Marine Le Pen") when
exactly one such longer name is at hand ("Donald Trump", also when it is
written "Donald J. Trump" too). When two are ("Bush" with "George W.
Bush" and "Jeb Bush") the short name stays as written: guessing would merge two
people. A longer name adds at most :data:`MAX_EXTRA_WORDS` words: a run of
capitals that adds more is seldom one name ("Maine Democrat Zak Ringelstein",
"George Washington Bridge Robert Durando"). Such a run, or one that is not a
person's name, still keeps the short name as written unless it ends with the
full name too ("Facebook Twitter Pinterest Jeff Fox", a photo credit, makes
"Fox" ambiguous beside "Denise Fox"). A longer name that ends with another
one ("Watch Rand Paul", "Republican Mitt Romney" besides "Rand Paul", "Mitt
Romney") is that one with a word before it.

:func:`fuller_names` is the rule. :mod:`framing.speakers` applies it to the
person speakers of each document, with the longer names that
:func:`names_ending_with` finds written anywhere in the document, and
:func:`framing.report_tools.top_speakers` to the speaker names of a corpus,
where a document may use the surname only.

:func:`sex_of` tells what a name says of its bearer's sex, from a title
("Mrs.", "spokeswoman") or a first name of the US Census 1990 lists
(``framing/data/first_names.yaml``), so that "she said" does not resolve to
"George Zimmerman".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

from framing.memo import BoundedMemo
from framing.quote_tags import Mention, Skeleton, cap_runs, cues, make_mention

__all__ = ["fuller_names", "names_ending_with", "sex_of", "pronoun_sex", "MAX_EXTRA_WORDS"]

Sex = Literal["female", "male"]

#: Words of a noun phrase that tell its bearer's sex ("Mrs. Clinton", "White House
#: spokeswoman Sarah Sanders").
_FEMALE_WORDS = frozenset({
    "mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "mme", "mme.", "lady", "dame",
    "queen", "princess", "duchess", "empress", "sister", "mother", "grandmother", "wife",
    "daughter", "girl", "woman", "spokeswoman", "congresswoman", "chairwoman",
    "businesswoman", "councilwoman", "assemblywoman", "actress"})
_MALE_WORDS = frozenset({
    "mr", "mr.", "sir", "lord", "king", "prince", "duke", "emperor", "brother", "father",
    "grandfather", "husband", "son", "boy", "man", "spokesman", "congressman", "chairman",
    "businessman", "councilman", "assemblyman", "actor"})
_PRONOUN_SEX: dict[str, Sex] = {"he": "male", "him": "male", "his": "male",
                                "she": "female", "her": "female", "hers": "female"}


def pronoun_sex(pronoun: str | None) -> Sex | None:
    """``"male"`` for he / him / his, ``"female"`` for she / her / hers, else None."""
    return _PRONOUN_SEX.get(pronoun or "")


@lru_cache(maxsize=1)
def _first_names() -> dict[str, Sex]:
    data = yaml.safe_load(resources.files("framing").joinpath("data/first_names.yaml")
                          .read_text(encoding="utf-8"))
    out: dict[str, Sex] = {str(n): "male" for n in data["male"]}
    out.update((str(n), "female") for n in data["female"])
    return out


def sex_of(name: str, written: str = "") -> Sex | None:
    """What a person's name says of their sex, None when it says nothing.

    Parameters
    ----------
    name : str
        The name ("Hillary Clinton").
    written : str, optional
        The noun phrase as written, with titles ("Mrs. Clinton", "spokeswoman
        Sarah Sanders"): a title decides first.

    Returns
    -------
    {"female", "male"} or None
        From a title or sex-marked noun, else from the first word of a name of two
        or more words when it is a first name that the US Census 1990 found nearly always (10 to 1) given to
        one sex ("Mary", "George"; not "Jordan"); None otherwise (most non-English
        names).
    """
    for word in (written or name).lower().split():
        if word in _FEMALE_WORDS:
            return "female"
        if word in _MALE_WORDS:
            return "male"
    words = name.split()
    # a name of one word is a surname ("Clinton", "Warren" are first names too)
    return _first_names().get(words[0].lower()) if len(words) > 1 else None

#: Words a full name may add to a short one: "Mohammad Javad Zarif" for "Zarif".
MAX_EXTRA_WORDS = 2


def fuller_names(short: Iterable[str], full: Iterable[str], *, others: Iterable[str] = (),
                 max_extra_words: int = MAX_EXTRA_WORDS) -> dict[str, str]:
    """Map each name to the one longer name that ends with it.

    Parameters
    ----------
    short : iterable of str
        Names that may be written short ("Macron", "Le Pen"). Only names whose
        last word starts with a capital letter are mapped.
    full : iterable of str
        Names that may be written in full ("Emmanuel Macron"). Words are compared
        exactly (case-sensitive) after splitting on white space.
    others : iterable of str, optional
        Names that are not persons' ("Facebook Twitter Pinterest Jeff Fox",
        "Twentieth Century Fox"): never taken, and one that ends with a short
        name keeps it as written unless it ends with the name taken too.
    max_extra_words : int, default MAX_EXTRA_WORDS
        A longer name with more words than that in front of the short one is
        one of ``others``.

    Returns
    -------
    dict of str to str
        ``{short name: full name}`` for each short name that is the last word(s)
        of exactly one longer name in ``full`` (at most ``max_extra_words``
        words longer); a short name with no such name,
        or with two or more, is left out.

    Examples
    --------
    >>> fuller_names(["Macron", "Bush", "Putin"],
    ...              ["Emmanuel Macron", "George W. Bush", "Jeb Bush"])
    {'Macron': 'Emmanuel Macron'}
    """
    endings: dict[tuple[str, ...], set[str]] = {}
    for name in set(full):
        words = tuple(name.split())
        for k in range(1, len(words)):
            endings.setdefault(words[k:], set()).add(" ".join(words))
    other_endings: dict[tuple[str, ...], set[str]] = {}
    for name in set(others):
        words = tuple(name.split())
        for k in range(1, len(words)):
            other_endings.setdefault(words[k:], set()).add(" ".join(words))
    out: dict[str, str] = {}
    for name in sorted(set(short)):
        words = tuple(name.split())
        if not words or not words[-1][:1].isupper() or words not in endings:
            continue
        n = len(words) + max_extra_words
        longer = {f for f in endings[words] if len(f.split()) <= n}
        blocking = other_endings.get(words, set()) | (endings[words] - longer)
        if any(not any(f.endswith(" " + g) for g in longer) for f in blocking):
            continue  # "Facebook Twitter Pinterest Jeff Fox" besides "Denise Fox"
        # "Watch Rand Paul", "Republican Mitt Romney": a word before the name
        longer = {f for f in longer if not any(f.endswith(" " + g) for g in longer)}
        if len(longer) == 1:
            out[name] = next(iter(longer))
            continue
        # one name, also written with a middle initial ("Donald Trump", "Donald J.
        # Trump"); but "George H.W. Bush" and "George W. Bush" are two people
        bare = {" ".join(_without_initials(f)) for f in longer}
        if len(bare) == 1 and (plain := bare.pop()) in longer:
            out[name] = plain
    return out


def _without_initials(name: str) -> tuple[str, ...]:
    """The words of a name but its initials: "Donald J. Trump" -> (Donald, Trump)."""
    return tuple(w for w in name.split() if not (w.endswith(".") and w[:-1].replace(".", "").isupper()
                                                  and len(w) <= 4))


#: Words (white-space chunks) read back from a writing of a short name: titles
#: and the name ("Russian Defense Minister Sergei Shoigu").
_RUN_CHUNKS = 8
_STOP_END = frozenset(",;:!?)]}\"”’'")


def names_ending_with(text: str, short: Iterable[str]) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """Longer names written in ``text`` that end with a short name.

    Each writing of a short name is read with the run of capitalised words
    before it on its line ("French President Emmanuel Macron", "ministers,
    Sergei Shoigu and ..."), normalised as a speaker mention (titles and
    sentence words dropped: :func:`framing.quote_tags.make_mention`); a run
    with a plural noun before the short name ("Republicans Obama") names
    nobody.

    Parameters
    ----------
    text : str
        Document text.
    short : iterable of str
        Short names ("Macron").

    Returns
    -------
    persons : dict of str to list of (int, int)
        ``{full name: [(start, end), ...]}``: persons' names longer than a short
        name, and where each is written.
    others : set of str
        Longer names that are not a person's ("Twentieth Century Fox"): the
        ``others`` of :func:`fuller_names`.
    """
    persons: dict[str, list[tuple[int, int]]] = {}
    others: set[str] = set()
    plural = cues().plural_nouns
    for name in short:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                run = _run_before(text, pos)
                men = _RUN_MENTIONS[text[run:end]] if run < pos else None
                if men is not None and men.name.endswith(" " + name) and not plural.intersection(
                        men.name[:-len(name)].lower().split()):  # not "Republicans Obama"
                    if men.type == "person":
                        persons.setdefault(men.name, []).append((run + men.start, run + men.end))
                    else:
                        others.add(men.name)
            pos = text.find(name, end)
    return persons, others


def _run_before(text: str, pos: int) -> int:
    """Start of the run of capitalised chunks (and name particles) right before
    ``pos`` on its line; ``pos`` when there is none."""
    particles = cues().name_particles
    lo = max(0, pos - 200)
    start = pos
    for _ in range(_RUN_CHUNKS):
        if start - 1 <= lo or text[start - 1] != " ":
            break  # a line start, a quote mark, a parenthesis...
        b = max(text.rfind(" ", lo, start - 1), text.rfind("\n", lo, start - 1)) + 1
        chunk = text[b:start - 1]
        if (not chunk or chunk[-1] in _STOP_END or (chunk[-1] == "." and len(chunk) > 4)
                or not (chunk[0].isupper() or chunk in particles)):
            break  # a clause or sentence ends there ("W.", "Gov." end none), or a lower-case word
        start = b
    return start


def _run_mention(run: str) -> Mention | None:
    """The name a run of capitalised words makes, offsets within ``run``."""
    sk = Skeleton(run, 0, (0, len(run)), [])
    runs = cap_runs(sk.tags, 0, len(sk.tags))
    if not runs or runs[-1][1] != len(sk.tags):
        return None
    return make_mention(run, sk, runs[-1][0], len(sk.tags))


#: Runs of capitals recur ("President Donald Trump"): normalised once.
_RUN_MENTIONS: BoundedMemo[str, Mention | None] = BoundedMemo(_run_mention, 20_000)
