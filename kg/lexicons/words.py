"""The word lists and small tables of ``kg/lexicons/*.toml``, as one typed record.

A field is named as its list is in the files (README.md says which file holds which);
lists become frozensets, tables dicts.  To add a list: write it in the TOML file whose
topic it shares, with a comment line saying what it catches, and add a field of the same
name here; :func:`read_words` fails on a list without a field and on a field without a list.

>>> words = read_words({"collective": ["troops"]}, "x.toml", partial=True)
>>> "troops" in words.collective, words.groups
(True, frozenset())
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import InputError

__all__ = ["Words", "read_words", "TABLES"]

# Top-level keys that hold records, not words (see entries.py).
TABLES = frozenset({"senses", "properties", "titles", "bodies"})


def _words() -> frozenset[str]:
    return frozenset()


def _table() -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Words:
    """Every word list of the lexicon files, by name."""

    # actor_nouns.toml: nouns and pronouns that stand for actors named elsewhere
    collective: frozenset[str] = field(default_factory=_words)
    groups: frozenset[str] = field(default_factory=_words)
    troops: frozenset[str] = field(default_factory=_words)
    person_pronouns: frozenset[str] = field(default_factory=_words)
    organization_pronouns: frozenset[str] = field(default_factory=_words)
    pair_words: frozenset[str] = field(default_factory=_words)
    pair_states: frozenset[str] = field(default_factory=_words)
    pair_people: frozenset[str] = field(default_factory=_words)
    definite_articles: frozenset[str] = field(default_factory=_words)
    compass_states: Mapping[str, str] = field(default_factory=_table)
    # names.toml: words that open, end or rule out a name; organization heads
    name_prefixes: frozenset[str] = field(default_factory=_words)
    name_articles: frozenset[str] = field(default_factory=_words)
    possessive_endings: frozenset[str] = field(default_factory=_words)
    junk_words: frozenset[str] = field(default_factory=_words)
    compass_words: frozenset[str] = field(default_factory=_words)
    not_names: frozenset[str] = field(default_factory=_words)
    list_conjunctions: frozenset[str] = field(default_factory=_words)
    news_agency_phrases: frozenset[str] = field(default_factory=_words)
    weak_segments: frozenset[str] = field(default_factory=_words)
    group_label_skip: frozenset[str] = field(default_factory=_words)
    org_heads: Mapping[str, str] = field(default_factory=_table)
    # modality.toml: polarity and modality cues
    hypothetical_aux: frozenset[str] = field(default_factory=_words)
    future_aux: frozenset[str] = field(default_factory=_words)
    obligation_aux: frozenset[str] = field(default_factory=_words)
    future_heads: frozenset[str] = field(default_factory=_words)
    wish_heads: frozenset[str] = field(default_factory=_words)
    refusal_heads: frozenset[str] = field(default_factory=_words)
    denial_verbs: frozenset[str] = field(default_factory=_words)
    possible_modifiers: frozenset[str] = field(default_factory=_words)
    future_modifiers: frozenset[str] = field(default_factory=_words)
    possible_adverbs: frozenset[str] = field(default_factory=_words)
    conditional_marks: frozenset[str] = field(default_factory=_words)
    question_openers: frozenset[str] = field(default_factory=_words)
    negative_determiners: frozenset[str] = field(default_factory=_words)
    going_to: frozenset[str] = field(default_factory=_words)
    # reporting.toml: reported speech and attribution
    speech_verbs: frozenset[str] = field(default_factory=_words)
    directive_speech_verbs: frozenset[str] = field(default_factory=_words)
    according_to: frozenset[str] = field(default_factory=_words)
    report_verbs: frozenset[str] = field(default_factory=_words)
    citing_verbs: frozenset[str] = field(default_factory=_words)
    # verbs.toml: classes of verbs the argument rules treat alike
    light_verbs: frozenset[str] = field(default_factory=_words)
    object_control: frozenset[str] = field(default_factory=_words)
    presence_verbs: frozenset[str] = field(default_factory=_words)
    copulas: frozenset[str] = field(default_factory=_words)
    # protest.toml
    protest_verbs: frozenset[str] = field(default_factory=_words)
    protest_nouns: frozenset[str] = field(default_factory=_words)
    # treaties_and_forums.toml: treaties and forums named by description
    treaty_nouns: frozenset[str] = field(default_factory=_words)
    forum_nouns: frozenset[str] = field(default_factory=_words)
    signing_verbs: frozenset[str] = field(default_factory=_words)
    alliance_words: frozenset[str] = field(default_factory=_words)
    mutual_words: frozenset[str] = field(default_factory=_words)
    vague_words: frozenset[str] = field(default_factory=_words)
    weak_treaty_words: frozenset[str] = field(default_factory=_words)
    treaty_kind_words: frozenset[str] = field(default_factory=_words)
    press_words: frozenset[str] = field(default_factory=_words)
    forum_reference_nouns: frozenset[str] = field(default_factory=_words)
    forum_reference_determiners: frozenset[str] = field(default_factory=_words)
    treaty_reference_determiners: frozenset[str] = field(default_factory=_words)
    # prepositions.toml: prepositions by the role of their object
    comitative: frozenset[str] = field(default_factory=_words)
    collective_of: frozenset[str] = field(default_factory=_words)
    by_agent: frozenset[str] = field(default_factory=_words)
    pairwise: frozenset[str] = field(default_factory=_words)
    circumstance: frozenset[str] = field(default_factory=_words)
    object_of_noun: frozenset[str] = field(default_factory=_words)
    directive_target: frozenset[str] = field(default_factory=_words)
    nested_target: frozenset[str] = field(default_factory=_words)
    noun_target_of_target: frozenset[str] = field(default_factory=_words)
    partitive: frozenset[str] = field(default_factory=_words)
    deployment: frozenset[str] = field(default_factory=_words)
    venue: frozenset[str] = field(default_factory=_words)
    attendance: frozenset[str] = field(default_factory=_words)
    treaty_parties: frozenset[str] = field(default_factory=_words)
    signing_partners: frozenset[str] = field(default_factory=_words)
    signers: frozenset[str] = field(default_factory=_words)
    one_signer: frozenset[str] = field(default_factory=_words)
    affiliation: frozenset[str] = field(default_factory=_words)
    state_of_body: frozenset[str] = field(default_factory=_words)
    # titles.toml (besides its titles): words of title phrases, kinds of office
    title_fillers: frozenset[str] = field(default_factory=_words)
    counterpart_words: frozenset[str] = field(default_factory=_words)
    affiliation_fillers: frozenset[str] = field(default_factory=_words)
    kinds: Mapping[str, str] = field(default_factory=_table)
    # dates.toml
    relative_days: Mapping[str, int] = field(default_factory=_table)
    relative_years: Mapping[str, int] = field(default_factory=_table)

    def follows(self, name: str) -> Mapping[str, frozenset[str]]:
        """A list of two-word phrases as first word -> the second words it takes.

        >>> Words(comitative=frozenset({"along with", "together with"})).follows("comitative")["along"]
        frozenset({'with'})
        """
        cache = self.__dict__.setdefault("_follows", {})
        if name not in cache:
            out: dict[str, set[str]] = {}
            for phrase in getattr(self, name):
                first, _, second = phrase.partition(" ")
                out.setdefault(first, set()).add(second)
            cache[name] = {k: frozenset(v) for k, v in out.items()}
        return cache[name]


def read_words(tables: Mapping[str, Any], where: str, partial: bool = False) -> Words:
    """The word lists among merged lexicon ``tables`` (records such as ``senses`` aside).

    Every list must have a field of :class:`Words` and, unless ``partial``, every field a list.
    """
    names = {f.name: f for f in fields(Words)}
    values: dict[str, Any] = {}
    for key, value in tables.items():
        if key in TABLES:
            continue
        spec = names.get(key)
        if spec is None:
            raise InputError(where, f"unknown word list {key!r} (add a field to kg.lexicons.Words)")
        if isinstance(value, dict):
            if str(spec.type).startswith("frozenset"):
                raise InputError(where, f"{key} must be a list of words")
            values[key] = dict(value)
        elif isinstance(value, list) and all(isinstance(w, str) for w in value):
            if not str(spec.type).startswith("frozenset"):
                raise InputError(where, f"{key} must be a table")
            values[key] = frozenset(value)
        else:
            raise InputError(where, f"{key} must be a list of strings or a table")
    missing = [] if partial else [n for n in names if n not in values]
    if missing:
        raise InputError(where, f"no word list {missing[0]!r}")
    return Words(**values)
