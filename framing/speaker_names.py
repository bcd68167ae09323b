"""One person, one name: a surname written alone stands for the full name.

News style names a person in full once ("French President Emmanuel Macron") and
by surname after that ("Macron said"). Counted as written, one speaker becomes
two ("Macron" and "Emmanuel Macron") in every table grouped by speaker. The rule
here is the one a careful reader applies: a shorter name is the longer one it
ends with ("Macron" -> "Emmanuel Macron", "Le Pen" -> "Marine Le Pen") when
exactly one such longer name is at hand ("Donald Trump", also when it is
written "Donald J. Trump" too). When two are ("Bush" with "George W. Bush" and
"Jeb Bush") the short name stays as written: guessing would merge two people.

What a run of capitals before a surname makes is not always a name:

* words before the first name are not part of it: "Democrat Joe Biden",
  "Environmentalist Tom Steyer", "A.M. James Comey" are Joe Biden, Tom Steyer and
  James Comey (a first name is a word of the US Census 1990 first-name lists,
  ``framing/data/first_names.yaml``, or an initial);
* a longer name adds at most :data:`MAX_EXTRA_WORDS` words: a run that adds more
  ("Maine Democrat Zak Ringelstein") is not taken, and like a run that is not a
  person's name ("Facebook Twitter Pinterest Jeff Fox", a photo credit), it keeps
  the short name as written unless it ends with the name taken;
* of two candidates where one ends with the other ("Huckabee Sanders", "Sarah
  Huckabee Sanders"), the one that starts with a first name is the name.

In a document, a surname written with an office ("President Biden") is not the
full name of someone written without it ("Hunter Biden"), nor a "Mrs. Clinton" a
"Bill Clinton": the titles and the sex (:func:`sex_of`) of the two must agree.

:func:`fuller_names` is the rule. :mod:`framing.speakers` applies it to the
person speakers of each document, with the longer names that
:func:`names_ending_with` finds written anywhere in the document, and
:func:`framing.report_tools.top_speakers` to one-word speaker names of a corpus,
where a document may use the surname only.

:func:`sex_of` tells what a name says of its bearer's sex, from a title written
before it ("Mrs.", "spokeswoman") or a first name the 1990 census lists found
nearly always given to one sex, so that "she said" does not resolve to "George
Zimmerman".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal, NamedTuple

from framing.memo import BoundedMemo
from framing.packaged import packaged_yaml
from framing.quote_tags import Mention, Skeleton, cap_runs, cues, make_mention

__all__ = ["fuller_names", "follow_chains", "names_ending_with", "sex_of", "pronoun_sex", "is_first_name",
           "Written", "MAX_EXTRA_WORDS", "Sex"]

Sex = Literal["female", "male"]

#: Words a full name may add to a short one: "Mohammad Javad Zarif" for "Zarif".
MAX_EXTRA_WORDS = 2

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
def _first_names() -> dict[str, Sex | None]:
    data = packaged_yaml("first_names.yaml")
    out: dict[str, Sex | None] = {str(n): None for n in data["other"]}
    out.update((str(n), "male") for n in data["male"])
    out.update((str(n), "female") for n in data["female"])
    return out


def is_first_name(word: str) -> bool:
    """A first name of the 1990 census lists (any sex) or an initial ("J."); not a
    name particle ("Le" of "Le Pen")."""
    low = word.lower()
    return ((len(word) == 2 and word[0].isupper() and word[1] == ".")
            or (low in _first_names() and low not in cues().name_particles))


def _title_words(name: str, written: str) -> list[str]:
    """The lower-case words written before ``name`` ("Mrs." of "Mrs. Clinton")."""
    if not written or not written.endswith(name):
        return []
    return written[:len(written) - len(name)].lower().split()


def sex_of(name: str, written: str = "") -> Sex | None:
    """What a person's name says of their sex, None when it says nothing.

    Parameters
    ----------
    name : str
        The name ("Hillary Clinton").
    written : str, optional
        The noun phrase as written, ending with the name ("Mrs. Clinton",
        "spokeswoman Sarah Sanders"): a title before the name decides first.

    Returns
    -------
    {"female", "male"} or None
        From a title or sex-marked noun written before the name, else from the
        first word of a name of two or more words when it is a first name that
        the US Census 1990 found nearly always (10 to 1) given to one sex ("Mary",
        "George"; not "Jordan", nor East Asian family names written first such as
        "Li" or "Moon"); None otherwise (most non-English names). The name's own
        words are never read as titles ("Gayle King", "Patty Duke").
    """
    for word in _title_words(name, written):
        if word in _FEMALE_WORDS:
            return "female"
        if word in _MALE_WORDS:
            return "male"
    words = name.split()
    # a name of one word is a surname ("Clinton", "Warren" are first names too)
    return _first_names().get(words[0].lower()) if len(words) > 1 else None


#: Abbreviated titles, for comparing offices ("Gen." is "General").
_OFFICE_WORDS = {"gen": "general", "lt": "lieutenant", "sen": "senator", "rep": "representative",
                 "gov": "governor", "pres": "president", "col": "colonel", "maj": "major",
                 "capt": "captain", "sgt": "sergeant", "adm": "admiral", "prof": "professor",
                 "dr": "doctor", "rev": "reverend"}
#: Title words that qualify an office rather than name one ("former", "deputy").
_NOT_OFFICES = frozenset({"former", "then", "acting", "first", "vice", "deputy", "chief", "state",
                          "foreign", "defense", "defence", "interior", "finance", "health"})


def _office(name: str, written: str) -> frozenset[str]:
    """Offices written before a name ("president", "general" for "Lt. Gen."; not "mr",
    not "former")."""
    titles = cues().titles
    got = set()
    for w in _title_words(name, written):
        if w in titles and w not in _FEMALE_WORDS and w not in _MALE_WORDS:
            w = w.rstrip(".")
            w = _OFFICE_WORDS.get(w, w)
            if w not in _NOT_OFFICES:
                got.add(w)
    return frozenset(got)


def _trim(name: str, text: str = "") -> str:
    """The name without the words written before it that are no name: "Democrat Joe
    Biden" -> "Joe Biden" when "democrat" is written in lower case in ``text`` (or is
    a title, sentence or speaker word); a first name is never cut ("Bill Clinton",
    although "bill" is a word), nor a word the text never writes in lower case
    ("Jens David Ohlin")."""
    c = cues()
    words = name.split()
    i = 0
    while i < len(words) - 1 and not is_first_name(words[i]) and (
            (low := words[i].lower()) in c.titles or low in c.sentence_words
            or low in c.person_nouns or low in c.plural_nouns or low in c.organisation_nouns
            or (text and _written_in_lower_case(text, low))):
        i += 1
    return " ".join(words[i:]) if i else name


def _written_in_lower_case(text: str, low: str) -> bool:
    r"""Whether ``text`` writes the word ``low`` in lower case somewhere (not inside a
    longer word: no letter or digit on either side; ``[^\W_]`` is ``str.isalnum``).
    One regex scan: a Python loop over every embedded occurrence ("an" in
    "banana") cost a pass per occurrence."""
    return re.search(rf"(?<![^\W_]){re.escape(low)}(?![^\W_])", text) is not None


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
        words longer); a short name with no such name, or with two or more, is
        left out. A full name that is itself mapped is followed to its end.

    Examples
    --------
    >>> fuller_names(["Macron", "Bush", "Putin"],
    ...              ["Emmanuel Macron", "George W. Bush", "Jeb Bush"])
    {'Macron': 'Emmanuel Macron'}
    """
    def endings(names: Iterable[str]) -> dict[tuple[str, ...], set[str]]:
        got: dict[tuple[str, ...], set[str]] = {}
        for name in set(names):
            words = tuple(name.split())
            for k in range(1, len(words)):
                got.setdefault(words[k:], set()).add(" ".join(words))
        return got

    full_endings, other_endings = endings(full), endings(others)
    out: dict[str, str] = {}
    for name in sorted(set(short)):
        words = tuple(name.split())
        if (not words or not words[-1][:1].isupper() or words not in full_endings
                or (len(words) > 1 and is_first_name(words[0]))):  # "Colin Quinn" is full
            continue
        n = len(words) + max_extra_words
        longer = {f for f in full_endings[words] if len(f.split()) <= n}
        blocking = other_endings.get(words, set()) | (full_endings[words] - longer)
        if any(not any(f.endswith(" " + g) for g in longer) for f in blocking):
            continue  # "Facebook Twitter Pinterest Jeff Fox" besides "Denise Fox"
        # of nested candidates, the one that starts with a first name ("Sarah Huckabee
        # Sanders", not "Huckabee Sanders"), else the shorter ("Rand Paul", not
        # "Watch Rand Paul")
        drop = set()
        for f in longer:
            for g in longer:
                if f != g and f.endswith(" " + g):
                    fuller = is_first_name(f.split()[0]) and not is_first_name(g.split()[0])
                    drop.add(g if fuller else f)
        longer -= drop
        if len(longer) == 1:
            out[name] = next(iter(longer))
            continue
        # one name, also written with a middle initial ("Donald Trump", "Donald J.
        # Trump"); but "George H.W. Bush" and "George W. Bush" are two people
        bare = {" ".join(_without_initials(f)) for f in longer}
        if len(bare) == 1 and (plain := bare.pop()) in longer:
            out[name] = plain
    return follow_chains(out)


def follow_chains(mapping: dict[str, str]) -> dict[str, str]:
    """``mapping`` with each target that is itself mapped followed to its end
    ("Sanders" -> "Huckabee Sanders" -> "Sarah Huckabee Sanders"); cycles stop."""
    out = dict(mapping)
    for name, target in out.items():
        seen = {name}
        while target in out and target not in seen:
            seen.add(target)
            target = out[target]
        out[name] = target
    return out


def _without_initials(name: str) -> tuple[str, ...]:
    """The words of a name but its initials: "Donald J. Trump" -> (Donald, Trump)."""
    return tuple(w for w in name.split() if not (w.endswith(".") and w[:-1].replace(".", "").isupper()
                                                  and len(w) <= 4))


#: Words (white-space chunks) read back from a writing of a short name: titles
#: and the name ("Russian Defense Minister Sergei Shoigu").
_RUN_CHUNKS = 8
_STOP_END = frozenset(",;:!?)]}\"”’'")


class Written(NamedTuple):
    """What a document writes of one short name: the longer persons' names that end
    with it (``{full name: [(start, end), ...]}``), the longer names that are no
    person's (the ``others`` of :func:`fuller_names`), and the sex each person's
    name and titles tell (absent when they tell none, or disagree)."""

    persons: dict[str, list[tuple[int, int]]]
    others: set[str]
    sexes: dict[str, Sex]


def names_ending_with(text: str, short: Iterable[str]) -> dict[str, Written]:
    """Longer names written in ``text`` that end with each short name.

    Each writing of a short name is read with the run of capitalised words
    before it on its line ("French President Emmanuel Macron", "ministers,
    Sergei Shoigu and ..."), normalised as a speaker mention (titles and
    sentence words dropped: :func:`framing.quote_tags.make_mention`) and cut to
    its first first name ("Democrat Joe Biden" -> "Joe Biden"); a run with a
    plural noun before the short name ("Republicans Obama") names nobody. A
    longer name whose titles or sex disagree with those of the short name's own
    writings ("President Biden" and "Hunter Biden", "Mrs. Clinton" and "Bill
    Clinton") is someone else: no candidate.

    Parameters
    ----------
    text : str
        Document text.
    short : iterable of str
        Short names ("Macron").

    Returns
    -------
    dict of str to Written
        For each short name, the persons' names longer than it with where each is
        written and their sex, and the other longer names.
    """
    plural = cues().plural_nouns
    out: dict[str, Written] = {}
    for name in short:
        persons: dict[str, list[tuple[int, int]]] = {}
        others: set[str] = set()
        offices: dict[str, set[str]] = {}  # full name -> office titles written before it
        sexes: dict[str, set[Sex]] = {}
        own_office: set[str] = set()  # of the short name's own writings
        own_sex: set[Sex] = set()
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                run = _run_before(text, pos)
                men = _RUN_MENTIONS[text[run:end]] if run < pos else None
                if men is None:
                    pass
                elif men.name == name:  # "President Biden", "Mrs. Clinton"
                    own_office |= _office(name, men.raw)
                    if (sex := sex_of(name, men.raw)) is not None:
                        own_sex.add(sex)
                elif men.name.endswith(" " + name) and not plural.intersection(
                        men.name[:-len(name)].lower().split()):  # not "Republicans Obama"
                    if men.type != "person":
                        others.add(men.name)
                    else:
                        full = _trim(men.name, text)
                        start = run + men.end - len(full) if men.name.endswith(full) else run + men.start
                        persons.setdefault(full, []).append((start, run + men.end))
                        offices.setdefault(full, set()).update(_office(men.name, men.raw))
                        if (sex := sex_of(full, men.raw)) is not None:
                            sexes.setdefault(full, set()).add(sex)
            pos = text.find(name, end)
        for full in list(persons):
            if (own_office and not own_office & offices.get(full, set())) or (
                    own_sex and sexes.get(full) and own_sex != sexes[full]):
                del persons[full]  # someone else: not a candidate
        known = {f: next(iter(x)) for f, x in sexes.items() if len(x) == 1 and f in persons}
        out[name] = Written({f: at for f, at in persons.items() if len(f.split()) > len(name.split())},
                            others, known)
    return out


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
