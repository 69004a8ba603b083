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
    sentence_openers: frozenset[str] = field(default_factory=frozenset)
    clause_openers: frozenset[str] = field(default_factory=frozenset)
    title_introducers: frozenset[str] = field(default_factory=frozenset)
    news_agency_phrases: frozenset[str] = field(default_factory=frozenset)
    weak_segments: frozenset[str] = field(default_factory=frozenset)
    group_label_skip: frozenset[str] = field(default_factory=frozenset)
    org_heads: Mapping[str, str] = field(default_factory=dict)
    name_connectors: frozenset[str] = field(default_factory=frozenset)
    institution_heads: frozenset[str] = field(default_factory=frozenset)
    institution_preps: frozenset[str] = field(default_factory=frozenset)
    honorifics: frozenset[str] = field(default_factory=frozenset)
    place_heads: frozenset[str] = field(default_factory=frozenset)
    document_heads: Mapping[str, str] = field(default_factory=dict)
    # modality.toml: polarity and modality cues
    hypothetical_aux: frozenset[str] = field(default_factory=frozenset)
    future_aux: frozenset[str] = field(default_factory=frozenset)
    obligation_aux: frozenset[str] = field(default_factory=frozenset)
    future_heads: frozenset[str] = field(default_factory=frozenset)
    continuation_verbs: frozenset[str] = field(default_factory=frozenset)
    topic_verbs: frozenset[str] = field(default_factory=frozenset)
    plan_nouns: frozenset[str] = field(default_factory=frozenset)
    wish_heads: frozenset[str] = field(default_factory=frozenset)
    refusal_heads: frozenset[str] = field(default_factory=frozenset)
    denial_verbs: frozenset[str] = field(default_factory=frozenset)
    possible_modifiers: frozenset[str] = field(default_factory=frozenset)
    future_modifiers: frozenset[str] = field(default_factory=frozenset)
    possible_heads: frozenset[str] = field(default_factory=frozenset)
    possible_adverbs: frozenset[str] = field(default_factory=frozenset)
    conditional_marks: frozenset[str] = field(default_factory=frozenset)
    threat_marks: frozenset[str] = field(default_factory=frozenset)
    speculative_aux: frozenset[str] = field(default_factory=frozenset)
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
    sending_verbs: frozenset[str] = field(default_factory=frozenset)
    question_verbs: frozenset[str] = field(default_factory=frozenset)
    question_marks: frozenset[str] = field(default_factory=frozenset)
    verbal_attack_verbs: frozenset[str] = field(default_factory=frozenset)
    verbal_adverbs: frozenset[str] = field(default_factory=frozenset)
    announcing_verbs: frozenset[str] = field(default_factory=frozenset)
    preparation_verbs: frozenset[str] = field(default_factory=frozenset)
    commitment_heads: frozenset[str] = field(default_factory=frozenset)
    advocacy_verbs: frozenset[str] = field(default_factory=frozenset)
    joining_verbs: frozenset[str] = field(default_factory=frozenset)
    presence_verbs: frozenset[str] = field(default_factory=frozenset)
    copulas: frozenset[str] = field(default_factory=frozenset)
    # protest.toml
    protest_verbs: frozenset[str] = field(default_factory=frozenset)
    protest_nouns: frozenset[str] = field(default_factory=frozenset)
    # treaties_and_forums.toml: treaties and forums named by description
    treaty_nouns: frozenset[str] = field(default_factory=frozenset)
    forum_nouns: frozenset[str] = field(default_factory=frozenset)
    signing_verbs: frozenset[str] = field(default_factory=frozenset)
    signing_objects: frozenset[str] = field(default_factory=frozenset)
    absence_words: frozenset[str] = field(default_factory=frozenset)
    alliance_words: frozenset[str] = field(default_factory=frozenset)
    mutual_words: frozenset[str] = field(default_factory=frozenset)
    vague_words: frozenset[str] = field(default_factory=frozenset)
    weak_treaty_words: frozenset[str] = field(default_factory=frozenset)
    treaty_kind_words: frozenset[str] = field(default_factory=frozenset)
    press_words: frozenset[str] = field(default_factory=frozenset)
    generic_modifiers: frozenset[str] = field(default_factory=frozenset)
    forum_reference_nouns: frozenset[str] = field(default_factory=frozenset)
    forum_reference_determiners: frozenset[str] = field(default_factory=frozenset)
    treaty_reference_determiners: frozenset[str] = field(default_factory=frozenset)
    framing_preps: frozenset[str] = field(default_factory=frozenset)
    commitment_nouns: frozenset[str] = field(default_factory=frozenset)
    # membership.toml: groups of members, accession, founding
    member_groups: frozenset[str] = field(default_factory=frozenset)
    fellow_words: frozenset[str] = field(default_factory=frozenset)
    member_words: frozenset[str] = field(default_factory=frozenset)
    accession_nouns: frozenset[str] = field(default_factory=frozenset)
    accession_of: frozenset[str] = field(default_factory=frozenset)
    accession_into: frozenset[str] = field(default_factory=frozenset)
    presupposing: frozenset[str] = field(default_factory=frozenset)
    founding_forms: frozenset[str] = field(default_factory=frozenset)
    bloc_nouns: frozenset[str] = field(default_factory=frozenset)
    naming_verbs: frozenset[str] = field(default_factory=frozenset)
    leading_verbs: frozenset[str] = field(default_factory=frozenset)
    # gatherings.toml: attendance, hosts and venues of forums and events
    gathering_verbs: frozenset[str] = field(default_factory=frozenset)
    particle_gathering_verbs: frozenset[str] = field(default_factory=frozenset)
    gathering_particles: frozenset[str] = field(default_factory=frozenset)
    addressing_verbs: frozenset[str] = field(default_factory=frozenset)
    hosting_verbs: frozenset[str] = field(default_factory=frozenset)
    hosting_partners: frozenset[str] = field(default_factory=frozenset)
    setting_nouns: frozenset[str] = field(default_factory=frozenset)
    setting_of: frozenset[str] = field(default_factory=frozenset)
    host_nouns: frozenset[str] = field(default_factory=frozenset)
    venue_verbs: frozenset[str] = field(default_factory=frozenset)
    place_taking: frozenset[str] = field(default_factory=frozenset)
    place_words: frozenset[str] = field(default_factory=frozenset)
    # presence.toml: visits and meetings told by circumstances
    visit_nouns: frozenset[str] = field(default_factory=frozenset)
    meeting_nouns: frozenset[str] = field(default_factory=frozenset)
    conversation_nouns: frozenset[str] = field(default_factory=frozenset)
    quantity_nouns: frozenset[str] = field(default_factory=frozenset)
    briefing_verbs: frozenset[str] = field(default_factory=frozenset)
    stative_passives: frozenset[str] = field(default_factory=frozenset)
    premodifying_verbs: frozenset[str] = field(default_factory=frozenset)
    presence_preps: frozenset[str] = field(default_factory=frozenset)
    base_nouns: frozenset[str] = field(default_factory=frozenset)
    base_sites: frozenset[str] = field(default_factory=frozenset)
    holding_verbs: frozenset[str] = field(default_factory=frozenset)
    motion_verbs: frozenset[str] = field(default_factory=frozenset)
    motion_preps: frozenset[str] = field(default_factory=frozenset)
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
    reason_preps: frozenset[str] = field(default_factory=frozenset)
    asked_for: frozenset[str] = field(default_factory=frozenset)
    demand_source: frozenset[str] = field(default_factory=frozenset)
    deployment: frozenset[str] = field(default_factory=frozenset)
    venue: frozenset[str] = field(default_factory=frozenset)
    attendance: frozenset[str] = field(default_factory=frozenset)
    treaty_parties: frozenset[str] = field(default_factory=frozenset)
    role_prepositions: frozenset[str] = field(default_factory=frozenset)
    signing_partners: frozenset[str] = field(default_factory=frozenset)
    signers: frozenset[str] = field(default_factory=frozenset)
    one_signer: frozenset[str] = field(default_factory=frozenset)
    affiliation: frozenset[str] = field(default_factory=frozenset)
    state_of_body: frozenset[str] = field(default_factory=frozenset)
    office_posting: frozenset[str] = field(default_factory=frozenset)
    gerund_adjuncts: frozenset[str] = field(default_factory=frozenset)
    example_preps: frozenset[str] = field(default_factory=frozenset)
    # titles.toml (besides its titles): words of title phrases, kinds of office
    title_fillers: frozenset[str] = field(default_factory=frozenset)
    counterpart_words: frozenset[str] = field(default_factory=frozenset)
    sole_titles: frozenset[str] = field(default_factory=frozenset)
    current_title_words: frozenset[str] = field(default_factory=frozenset)
    portfolio_words: frozenset[str] = field(default_factory=frozenset)
    posting_titles: frozenset[str] = field(default_factory=frozenset)
    former_words: frozenset[str] = field(default_factory=frozenset)
    affiliation_fillers: frozenset[str] = field(default_factory=frozenset)
    party_leading_kinds: frozenset[str] = field(default_factory=frozenset)
    legislator_kinds: frozenset[str] = field(default_factory=frozenset)
    institution_kinds: frozenset[str] = field(default_factory=frozenset)
    kinds: Mapping[str, str] = field(default_factory=dict)
    # stance.toml: stance, evaluation and reciprocal predicates
    negative_evaluation: frozenset[str] = field(default_factory=frozenset)
    positive_evaluation: frozenset[str] = field(default_factory=frozenset)
    negative_acts: frozenset[str] = field(default_factory=frozenset)
    evaluative_verbs: frozenset[str] = field(default_factory=frozenset)
    pejorative_nouns: frozenset[str] = field(default_factory=frozenset)
    concern_nouns: frozenset[str] = field(default_factory=frozenset)
    concern_preps: frozenset[str] = field(default_factory=frozenset)
    reciprocal_verbs: frozenset[str] = field(default_factory=frozenset)
    contest_verbs: frozenset[str] = field(default_factory=frozenset)
    contested_things: frozenset[str] = field(default_factory=frozenset)
    each_other: frozenset[str] = field(default_factory=frozenset)
    exchange_verbs: frozenset[str] = field(default_factory=frozenset)
    exchanged: Mapping[str, str] = field(default_factory=dict)
    # coercion.toml: trade measures, cut ties, force in other shapes, invitations
    trade_measure_nouns: frozenset[str] = field(default_factory=frozenset)
    imposing_verbs: frozenset[str] = field(default_factory=frozenset)
    measure_target: frozenset[str] = field(default_factory=frozenset)
    measure_opponent: frozenset[str] = field(default_factory=frozenset)
    goods_origin: frozenset[str] = field(default_factory=frozenset)
    sanction_nouns: frozenset[str] = field(default_factory=frozenset)
    under_words: frozenset[str] = field(default_factory=frozenset)
    measure_nouns: frozenset[str] = field(default_factory=frozenset)
    punitive_words: frozenset[str] = field(default_factory=frozenset)
    targeting_verbs: frozenset[str] = field(default_factory=frozenset)
    dispute_nouns: frozenset[str] = field(default_factory=frozenset)
    trade_words: frozenset[str] = field(default_factory=frozenset)
    severance_verbs: frozenset[str] = field(default_factory=frozenset)
    relation_nouns: frozenset[str] = field(default_factory=frozenset)
    ties_with: frozenset[str] = field(default_factory=frozenset)
    recall_verbs: frozenset[str] = field(default_factory=frozenset)
    envoy_nouns: frozenset[str] = field(default_factory=frozenset)
    envoy_posts: frozenset[str] = field(default_factory=frozenset)
    backing_verbs: frozenset[str] = field(default_factory=frozenset)
    target_nouns: frozenset[str] = field(default_factory=frozenset)
    attack_event_nouns: frozenset[str] = field(default_factory=frozenset)
    conducting_verbs: frozenset[str] = field(default_factory=frozenset)
    responsibility_nouns: frozenset[str] = field(default_factory=frozenset)
    claiming_verbs: frozenset[str] = field(default_factory=frozenset)
    invitation_nouns: frozenset[str] = field(default_factory=frozenset)
    invitation_preps: frozenset[str] = field(default_factory=frozenset)
    arrival_verbs: frozenset[str] = field(default_factory=frozenset)
    threat_verbs: frozenset[str] = field(default_factory=frozenset)
    summon_verbs: frozenset[str] = field(default_factory=frozenset)
    warning_verbs: frozenset[str] = field(default_factory=frozenset)
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
