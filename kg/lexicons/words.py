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

__all__ = ["Words", "Where", "read_words", "where_of", "TABLES"]

# Top-level keys that hold records, not words (see entries.py).
TABLES = frozenset({"senses", "properties", "titles", "bodies"})
# Where a list comes from, for error messages: a file name, or list name -> the files that hold it.
Where = str | Mapping[str, str]


def where_of(where: Where, key: str) -> str:
    """The file(s) a list named ``key`` comes from."""
    return where if isinstance(where, str) else where.get(key, "lexicon")


@dataclass(frozen=True)
class Words:
    """Every word list of the lexicon files, by name."""

    # actor_nouns.toml: nouns and pronouns that stand for actors named elsewhere
    collective: frozenset[str] = field(default_factory=frozenset)
    groups: frozenset[str] = field(default_factory=frozenset)
    troops: frozenset[str] = field(default_factory=frozenset)
    person_pronouns: frozenset[str] = field(default_factory=frozenset)
    masculine_pronouns: frozenset[str] = field(default_factory=frozenset)
    organization_pronouns: frozenset[str] = field(default_factory=frozenset)
    pair_words: frozenset[str] = field(default_factory=frozenset)
    pair_states: frozenset[str] = field(default_factory=frozenset)
    pair_people: frozenset[str] = field(default_factory=frozenset)
    definite_articles: frozenset[str] = field(default_factory=frozenset)
    compass_states: Mapping[str, str] = field(default_factory=dict)
    # names.toml: words that open, end or rule out a name; organization heads
    name_prefixes: frozenset[str] = field(default_factory=frozenset)
    name_articles: frozenset[str] = field(default_factory=frozenset)
    possessive_endings: frozenset[str] = field(default_factory=frozenset)
    junk_words: frozenset[str] = field(default_factory=frozenset)
    compass_words: frozenset[str] = field(default_factory=frozenset)
    not_names: frozenset[str] = field(default_factory=frozenset)
    list_conjunctions: frozenset[str] = field(default_factory=frozenset)
    news_agency_phrases: frozenset[str] = field(default_factory=frozenset)
    weak_segments: frozenset[str] = field(default_factory=frozenset)
    group_label_skip: frozenset[str] = field(default_factory=frozenset)
    org_heads: Mapping[str, str] = field(default_factory=dict)
    # modality.toml: polarity and modality cues
    hypothetical_aux: frozenset[str] = field(default_factory=frozenset)
    future_aux: frozenset[str] = field(default_factory=frozenset)
    obligation_aux: frozenset[str] = field(default_factory=frozenset)
    future_heads: frozenset[str] = field(default_factory=frozenset)
    wish_heads: frozenset[str] = field(default_factory=frozenset)
    refusal_heads: frozenset[str] = field(default_factory=frozenset)
    denial_verbs: frozenset[str] = field(default_factory=frozenset)
    possible_modifiers: frozenset[str] = field(default_factory=frozenset)
    future_modifiers: frozenset[str] = field(default_factory=frozenset)
    possible_adverbs: frozenset[str] = field(default_factory=frozenset)
    conditional_marks: frozenset[str] = field(default_factory=frozenset)
    question_openers: frozenset[str] = field(default_factory=frozenset)
    negative_determiners: frozenset[str] = field(default_factory=frozenset)
    going_to: frozenset[str] = field(default_factory=frozenset)
    temporal_marks: frozenset[str] = field(default_factory=frozenset)
    # reporting.toml: reported speech and attribution
    speech_verbs: frozenset[str] = field(default_factory=frozenset)
    directive_speech_verbs: frozenset[str] = field(default_factory=frozenset)
    according_to: frozenset[str] = field(default_factory=frozenset)
    report_verbs: frozenset[str] = field(default_factory=frozenset)
    citing_verbs: frozenset[str] = field(default_factory=frozenset)
    # verbs.toml: classes of verbs the argument rules treat alike
    light_verbs: frozenset[str] = field(default_factory=frozenset)
    object_control: frozenset[str] = field(default_factory=frozenset)
    presence_verbs: frozenset[str] = field(default_factory=frozenset)
    copulas: frozenset[str] = field(default_factory=frozenset)
    # protest.toml
    protest_verbs: frozenset[str] = field(default_factory=frozenset)
    protest_nouns: frozenset[str] = field(default_factory=frozenset)
    # treaties_and_forums.toml: treaties and forums named by description
    treaty_nouns: frozenset[str] = field(default_factory=frozenset)
    forum_nouns: frozenset[str] = field(default_factory=frozenset)
    signing_verbs: frozenset[str] = field(default_factory=frozenset)
    alliance_words: frozenset[str] = field(default_factory=frozenset)
    mutual_words: frozenset[str] = field(default_factory=frozenset)
    vague_words: frozenset[str] = field(default_factory=frozenset)
    weak_treaty_words: frozenset[str] = field(default_factory=frozenset)
    treaty_kind_words: frozenset[str] = field(default_factory=frozenset)
    press_words: frozenset[str] = field(default_factory=frozenset)
    forum_reference_nouns: frozenset[str] = field(default_factory=frozenset)
    forum_reference_determiners: frozenset[str] = field(default_factory=frozenset)
    treaty_reference_determiners: frozenset[str] = field(default_factory=frozenset)
    # prepositions.toml: prepositions by the role of their object
    comitative: frozenset[str] = field(default_factory=frozenset)
    collective_of: frozenset[str] = field(default_factory=frozenset)
    by_agent: frozenset[str] = field(default_factory=frozenset)
    pairwise: frozenset[str] = field(default_factory=frozenset)
    circumstance: frozenset[str] = field(default_factory=frozenset)
    object_of_noun: frozenset[str] = field(default_factory=frozenset)
    directive_target: frozenset[str] = field(default_factory=frozenset)
    nested_target: frozenset[str] = field(default_factory=frozenset)
    noun_target_of_target: frozenset[str] = field(default_factory=frozenset)
    partitive: frozenset[str] = field(default_factory=frozenset)
    deployment: frozenset[str] = field(default_factory=frozenset)
    venue: frozenset[str] = field(default_factory=frozenset)
    attendance: frozenset[str] = field(default_factory=frozenset)
    treaty_parties: frozenset[str] = field(default_factory=frozenset)
    signing_partners: frozenset[str] = field(default_factory=frozenset)
    signers: frozenset[str] = field(default_factory=frozenset)
    one_signer: frozenset[str] = field(default_factory=frozenset)
    affiliation: frozenset[str] = field(default_factory=frozenset)
    state_of_body: frozenset[str] = field(default_factory=frozenset)
    # titles.toml (besides its titles): words of title phrases, kinds of office
    title_fillers: frozenset[str] = field(default_factory=frozenset)
    counterpart_words: frozenset[str] = field(default_factory=frozenset)
    affiliation_fillers: frozenset[str] = field(default_factory=frozenset)
    kinds: Mapping[str, str] = field(default_factory=dict)
    # reference.toml: pronouns, quotations, descriptions of actors named earlier
    plural_pronouns: frozenset[str] = field(default_factory=frozenset)
    not_antecedents: frozenset[str] = field(default_factory=frozenset)
    other_actor_nouns: frozenset[str] = field(default_factory=frozenset)
    inclusion: frozenset[str] = field(default_factory=frozenset)
    quantities: frozenset[str] = field(default_factory=frozenset)
    origin: frozenset[str] = field(default_factory=frozenset)
    role_nouns: frozenset[str] = field(default_factory=frozenset)
    linked_to: frozenset[str] = field(default_factory=frozenset)
    linked_to_preps: frozenset[str] = field(default_factory=frozenset)
    first_person: frozenset[str] = field(default_factory=frozenset)
    quote_verbs: frozenset[str] = field(default_factory=frozenset)
    bare_sets: frozenset[str] = field(default_factory=frozenset)
    org_sets: frozenset[str] = field(default_factory=frozenset)
    set_determiners: frozenset[str] = field(default_factory=frozenset)
    other_words: frozenset[str] = field(default_factory=frozenset)
    other_referents: frozenset[str] = field(default_factory=frozenset)
    numbers: Mapping[str, int] = field(default_factory=dict)
    former_latter: Mapping[str, int] = field(default_factory=dict)
    act_determiners: frozenset[str] = field(default_factory=frozenset)
    responsibility: frozenset[str] = field(default_factory=frozenset)
    acts: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)
    # dates.toml
    relative_days: Mapping[str, int] = field(default_factory=dict)
    relative_years: Mapping[str, int] = field(default_factory=dict)

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


def read_words(tables: Mapping[str, Any], where: Where, partial: bool = False) -> Words:
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
            raise InputError(where_of(where, key), f"unknown word list {key!r} (add a field to kg.lexicons.Words)")
        if isinstance(value, dict):
            if str(spec.type).startswith("frozenset"):
                raise InputError(where_of(where, key), f"{key} must be a list of words")
            values[key] = dict(value)
        elif isinstance(value, list) and all(isinstance(w, str) for w in value):
            if not str(spec.type).startswith("frozenset"):
                raise InputError(where_of(where, key), f"{key} must be a table")
            values[key] = frozenset(value)
        else:
            raise InputError(where_of(where, key), f"{key} must be a list of strings or a table")
    missing = [] if partial else [n for n in names if n not in values]
    if missing:
        raise InputError("kg.lexicons", f"no word list {missing[0]!r} in the lexicon files")
    return Words(**values)
