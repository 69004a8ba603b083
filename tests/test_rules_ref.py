"""Reference rules with the English model: groups, descriptions, pronouns, quotations, acts.

(text, expected claims) pairs on sentences written for these tests, in the manner of
``test_extraction.py``: every ``Want`` must be among the claims, no ``Absent`` may be
factual.  The pronoun cases form a table of their own (``PRONOUNS``), known failures
included as strict xfails.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_extraction import Absent, Want, claims_of, fits, matches, show

pytestmark = pytest.mark.model


def check(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    claims = claims_of(nlp, text)
    missing = [w for w in wants if not any(matches(c, w) for c in claims)]
    present = [a for a in absents if any(c.factual and fits(c, *a) for c in claims)]
    assert not missing and not present, (
        f"{text}\nmissing: {missing}\nfactual but not asserted: {present}\nfound:\n{show(claims)}"
    )


# -- groups: "the three countries", "both governments", "the energy ministers" (F10) ---------------
GROUPS = [
    pytest.param(
        "Chile, Peru and Bolivia met in La Paz. The three Andean nations condemned Argentina.",
        [Want(s, "criticizes", "state/ARG", True) for s in ("state/CHL", "state/PER", "state/BOL")],
        [],
        id="the-three-nations",
    ),
    pytest.param(
        "Kenya, Uganda and Tanzania met in Arusha. Kenya later criticized the other two countries.",
        [Want("state/KEN", "criticizes", "state/UGA", True), Want("state/KEN", "criticizes", "state/TZA", True)],
        [],
        id="the-other-two-countries",
    ),
    pytest.param(
        "Ghana and Togo reopened their border on Monday. Both governments praised the African Union.",
        [
            Want("state/GHA", "praises", "org/african-union", True),
            Want("state/TGO", "praises", "org/african-union", True),
        ],
        [],
        id="both-governments",
    ),
    pytest.param(
        "President William Ruto and President Yoweri Museveni met in Kampala, and Senator Mary Ochieng "
        "attended. The two leaders criticized Tanzania.",
        [
            Want("person/william-ruto", "criticizes", "state/TZA", True),
            Want("person/yoweri-museveni", "criticizes", "state/TZA", True),
        ],
        [Absent("person/mary-ochieng", "criticizes", "state/TZA")],
        id="the-two-leaders-named-together",
    ),
    pytest.param(
        "Kenya met Uganda on Monday. Tanzania criticized Rwanda. The three countries condemned Burundi.",
        [],
        [Absent(s, "criticizes", "state/BDI") for s in ("state/KEN", "state/UGA", "state/TZA", "state/RWA")],
        id="counter-no-three-named-together",
    ),
    pytest.param(
        "Energy minister Lena Ruiz of Chile met energy minister Omar Haddad of Jordan in Amman. Foreign "
        "Minister Sami Nasser joined them. The gas treaty was signed by the energy ministers.",
        [
            Want("person/lena-ruiz", "signs", "treaty/gas-treaty", True),
            Want("person/omar-haddad", "signs", "treaty/gas-treaty", True),
        ],
        [Absent("person/sami-nasser", "signs", "treaty/gas-treaty")],
        id="the-energy-ministers",
    ),
    pytest.param(
        "Chilean President Ana Soto and Peruvian President Luis Vega met in Lima on Monday. Bolivian "
        "President Jorge Quiroga greeted the two leaders at the airport. The presidents criticized Ecuador.",
        [
            Want("person/ana-soto", "criticizes", "state/ECU", True),
            Want("person/luis-vega", "criticizes", "state/ECU", True),
        ],
        [
            Absent("person/jorge-quiroga", "criticizes", "state/ECU"),
            Absent("person/luis-vega", "headOfState", "state/CHL"),
        ],
        id="the-presidents-are-the-group-named-last",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), GROUPS)
def test_groups(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


# -- descriptions: "the country", "the regional bloc" (F71) ------------------------------------------
DESCRIPTIONS = [
    pytest.param(
        "ECOWAS met in Abuja on Friday. The regional bloc condemned the coup in Niger.",
        [Want("org/ecowas", "criticizes", "state/NER", True)],
        [],
        id="the-regional-bloc",
    ),
    pytest.param(
        "Japan sent two frigates to the Gulf. The government also criticized Iran.",
        [Want("state/JPN", "criticizes", "state/IRN", True)],
        [],
        id="the-government",
    ),
    pytest.param(
        "Argentina raised its tariffs on steel. Brazil criticized the country on Monday.",
        [Want("state/BRA", "criticizes", "state/ARG", True)],
        [],
        id="the-country-is-not-its-own-verbs-subject",
    ),
    pytest.param(
        "Latvia joined NATO in 2004. About 1,000 Canadian troops are now in the country.",
        [Want("org/armed-forces-can", "deploysForcesTo", "state/LVA", True)],
        [],
        id="the-country-past-a-state-adjective",
    ),
    pytest.param(
        "Ghana and Togo reopened the border. The country also praised Benin.",
        [],
        [Absent("state/GHA", "praises", "state/BEN"), Absent("state/TGO", "praises", "state/BEN")],
        id="counter-two-countries-no-single-referent",
    ),
    pytest.param(
        "Peru sent food aid to Bolivia. The neighbouring country later praised Chile.",
        [],
        [Absent("state/PER", "praises", "state/CHL"), Absent("state/BOL", "praises", "state/CHL")],
        id="counter-neighbouring-is-another-country",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), DESCRIPTIONS)
def test_descriptions(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


# -- pronouns: a table of its own (F72) --------------------------------------------------------------
PRONOUNS = [
    pytest.param(
        "Kenya and Uganda signed a trade pact on Monday. They also criticized Tanzania.",
        [Want("state/KEN", "criticizes", "state/TZA", True), Want("state/UGA", "criticizes", "state/TZA", True)],
        [],
        id="they-a-coordinated-subject",
    ),
    pytest.param(
        "U.S. officials met in Geneva on Tuesday. They criticized Iran.",
        [Want("state/USA", "criticizes", "state/IRN", True)],
        [],
        id="they-a-plural-noun-of-a-state",
    ),
    pytest.param(
        "Analysts met in Nairobi on Monday. They criticized Tanzania.",
        [],
        [Absent("state/KEN", "criticizes", "state/TZA")],
        id="they-a-plural-noun-of-nobody",
    ),
    pytest.param(
        "President William Ruto met President Yoweri Museveni in Kampala. He later criticized Tanzania.",
        [Want("person/william-ruto", "criticizes", "state/TZA", True)],
        [Absent("person/yoweri-museveni", "criticizes", "state/TZA")],
        id="he-the-subject-before",
    ),
    pytest.param(
        "Chancellor Anna Berg's tour will include talks with Prime Minister Ravi Nair and President Luis "
        "Ortega. Observers expect trade to dominate. She later criticized Spain.",
        [Want("person/anna-berg", "criticizes", "state/ESP", True)],
        [Absent("person/luis-ortega", "criticizes", "state/ESP")],
        id="she-the-owner-of-a-subject-two-sentences-back",
    ),
    pytest.param(
        "French President Emmanuel Macron will spend two days in Mexico, where he meets President Claudia "
        "Sheinbaum, before he travels on to Canada.",
        [Want("person/emmanuel-macron", "visits", "state/CAN", False, modality="Future")],
        [],
        id="he-travels-on-to-canada",
    ),
    pytest.param(
        "French President Emmanuel Macron met President Claudia Sheinbaum in Mexico City on Monday, and on "
        "Wednesday he travels on to Canada.",
        [Want("person/emmanuel-macron", "visits", "state/CAN", True)],
        [Absent("person/claudia-sheinbaum", "visits", "state/CAN")],
        id="he-travels-on-to-canada-the-subject-not-the-object",
    ),
    pytest.param(
        "French President Emmanuel Macron arrived in Mexico City on Monday. President Claudia Sheinbaum "
        "welcomed him at the airport. On Wednesday he travels on to Canada.",
        [Want("person/emmanuel-macron", "visits", "state/CAN", True)],
        [Absent("person/claudia-sheinbaum", "visits", "state/CAN")],
        id="he-travels-on-to-canada-past-a-woman",
        marks=pytest.mark.xfail(reason="no gender: 'he' takes the last subject, Sheinbaum", strict=True),
    ),
    pytest.param(
        "NATO met in Brussels on Thursday. It criticized Russia.",
        [Want("org/nato", "criticizes", "state/RUS", True)],
        [],
        id="it-an-organization",
    ),
    pytest.param(
        "Ghana praised Togo but criticized the latter's refusal to open the border.",
        [Want("state/GHA", "criticizes", "state/TGO", True)],
        [],
        id="the-latter",
    ),
    pytest.param(
        "Peru and Ecuador met in Lima. The former later criticized Chile.",
        [Want("state/PER", "criticizes", "state/CHL", True)],
        [Absent("state/ECU", "criticizes", "state/CHL")],
        id="the-former",
    ),
    pytest.param(
        "Iran accused Paris of siding with Baghdad. It also asked France to stop selling arms to Iraq, its enemy.",
        [Want("state/IRQ", "opposes", "state/IRN", True)],
        [],
        id="its-the-pronoun-subject-before-it",
    ),
    pytest.param(
        "After talks with President Joko Widodo, Prime Minister Anthony Albanese said he would visit Bali.",
        [],
        [Absent("person/joko-widodo", "visits", "place/bali")],
        id="he-not-the-man-of-the-opening-phrase",
    ),
    pytest.param(
        "Egypt and Turkey cut ties in 2013, and both countries withdrew their ambassadors.",
        [],
        [Absent("state/EGY", "withdrawsFrom", "state/TUR"), Absent("state/TUR", "withdrawsFrom", "state/EGY")],
        id="counter-their-own-ambassadors",
    ),
    pytest.param(
        "Russian troops attacked the territory of Iran's ally.",
        [],
        [Absent("state/RUS", "attacks", "state/IRN")],
        id="counter-an-ally-is-not-its-owner",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), PRONOUNS)
def test_pronouns(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


def test_he_travels_on_to_canada_is_never_the_woman_he_meets(nlp: Language) -> None:
    text = (
        "French President Emmanuel Macron will spend two days in Mexico, where he meets President Claudia "
        "Sheinbaum, before he travels on to Canada."
    )
    claims = claims_of(nlp, text)
    assert not [c for c in claims if c.subject == "person/claudia-sheinbaum" and c.predicate == "visits"], show(claims)


# -- modality of acts still to come or wished for -------------------------------------------------------
MODALITY = [
    pytest.param(
        "Kenyan Prime Minister Ali Omondi and Ugandan Prime Minister Ruth Nankya are expected to sign the "
        "accord when they meet in Arusha later this week.",
        [Want("person/ali-omondi", "meetsWith", "person/ruth-nankya", False, modality="Future")],
        [],
        id="when-they-meet-later-this-week",
    ),
    pytest.param(
        "Kenyan Prime Minister Ali Omondi proposed that the two prime ministers meet in Arusha. Ugandan Prime "
        "Minister Ruth Nankya has not answered.",
        [],
        [Absent("person/ali-omondi", "meetsWith", "person/ruth-nankya")],
        id="proposed-that-they-meet",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), MODALITY)
def test_modality(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


# -- quotations: "I" and "we" are the speaker (F30) ----------------------------------------------------
QUOTES = [
    pytest.param(
        '"We urge Norway to reopen the talks," Finnish Foreign Minister Lena Berg said.',
        [Want("person/lena-berg", "urges", "state/NOR", True)],
        [],
        id="we-speaker-after",
    ),
    pytest.param(
        'Danish Prime Minister Ole Holm wrote on X: "I condemn Russia\'s decision."',
        [Want("person/ole-holm", "criticizes", "state/RUS", True)],
        [],
        id="i-speaker-before-a-colon",
    ),
    pytest.param(
        '"I strongly support Ukraine. We will never abandon it," said Dutch Prime Minister Jan de Wit.',
        [Want("person/jan-de-wit", "supports", "state/UKR", True)],
        [],
        id="a-quotation-over-two-sentences",
    ),
    pytest.param(
        "'We warn the Saudis that our drones will strike again', Houthi spokesman Yahya Saree said.",
        [Want("person/yahya-saree", "warns", "state/SAU", True)],
        [],
        id="single-quotes",
    ),
    pytest.param(
        'U.S. officials said Japan must act. "We condemn Russia\'s decision," a Japanese diplomat told reporters.',
        [],
        [Absent("state/USA", "criticizes", "state/RUS")],
        id="counter-the-speaker-of-the-sentence-before",
    ),
    pytest.param(
        '"It strikes me as odd," said Senator Ana Ruiz of Chile.',
        [],
        [Absent("state/CHL", "attacks", "person/ana-ruiz")],
        id="counter-me-as-an-object",
    ),
    pytest.param(
        'Norway hosted the talks on Monday. "We condemn Russia\'s decision," a statement read.',
        [],
        [Absent("state/NOR", "criticizes", "state/RUS")],
        id="counter-no-actor-speaks",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), QUOTES)
def test_quotes(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


# -- coordination shapes: lists, "including", groups tied to an organization (F11) ---------------------
COORDINATION = [
    pytest.param(
        "Finnish President Aino Salo met delegates from several capitals, including Oslo and Copenhagen.",
        [
            Want("person/aino-salo", "meetsWith", "state/NOR", True),
            Want("person/aino-salo", "meetsWith", "state/DNK", True),
        ],
        [],
        id="including",
    ),
    pytest.param(
        "Ankara sanctioned its neighbours such as Iraq and Iran.",
        [Want("state/TUR", "sanctions", "state/IRQ", True), Want("state/TUR", "sanctions", "state/IRN", True)],
        [],
        id="such-as",
    ),
    pytest.param(
        "Ankara imposed sanctions on its biggest buyers — Iraq, Iran and Syria.",
        [Want("state/TUR", "sanctions", k, True) for k in ("state/IRQ", "state/IRN", "state/SYR")],
        [],
        id="a-dash-list-not-the-owner",
    ),
    pytest.param(
        "Canadian envoy Paul Roy met the delegates of the energy ministries of Norway, Sweden and Finland.",
        [Want("person/paul-roy", "meetsWith", k, True) for k in ("state/NOR", "state/SWE", "state/FIN")],
        [],
        id="a-phrase-on-a-phrase",
    ),
    pytest.param(
        "Militants linked to al-Shabaab attacked Kenya on Monday.",
        [Want("org/al-shabaab", "attacks", "state/KEN", True)],
        [],
        id="militants-linked-to",
    ),
    pytest.param(
        "Canadian envoy Paul Roy met officials in Geneva.",
        [],
        [Absent("person/paul-roy", "meetsWith", "place/geneva")],
        id="counter-officials-in-a-city",
    ),
    pytest.param(
        "Several oil firms, including Shell and Total, are drilling off Angola.",
        [],
        [Absent("org/shell", "cooperatesWith", "org/total")],
        id="counter-including-in-a-subject",
    ),
    pytest.param(
        "Israel killed two Islamic Jihad militants in the Gaza Strip.",
        [Want("state/ISR", "attacks", "org/pij", True)],
        [Absent("state/ISR", "attacks", "place/gaza-strip")],
        id="counter-the-place-of-the-act-is-not-the-group",
    ),
    pytest.param(
        "A group linked to al-Qaeda attacked Kenya on Monday.",
        [],
        [Absent("org/al-qaeda", "attacks", "state/KEN")],
        id="counter-a-group-linked-to-is-not-that-group",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), COORDINATION)
def test_coordination(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


# -- acts named again, and forums speaking for their attendees (F70, item 1) -----------------------------
ACTS = [
    pytest.param(
        "Russia attacked Ukraine on Friday. Poland condemned the attack.",
        [Want("state/POL", "criticizes", "state/RUS", True)],
        [Absent("state/POL", "criticizes", "state/UKR")],
        id="condemned-the-attack",
    ),
    pytest.param(
        "Russia attacked Ukraine on Friday. Hungary did not condemn the offensive.",
        [Want("state/HUN", "criticizes", "state/RUS", False, polarity="Negative")],
        [],
        id="did-not-condemn-the-offensive",
    ),
    pytest.param(
        "Nigeria urged ECOWAS to act on Monday. Ghana and Senegal supported the call.",
        [Want("state/GHA", "supports", "state/NGA", True), Want("state/SEN", "supports", "state/NGA", True)],
        [],
        id="supported-the-call",
    ),
    pytest.param(
        "Somali militants attacked Kenya's embassy in Mogadishu on Monday. Al-Shabaab claimed responsibility "
        "for the attack.",
        [Want("org/al-shabaab", "attacks", "org/ken-embassy", True)],
        [],
        id="claimed-responsibility",
    ),
    pytest.param(
        "Russia attacked Ukraine in 2021. Poland and Hungary held talks in 2022. Trade grew. Exports rose. "
        "On Monday, Poland condemned the attack.",
        [],
        [Absent("state/POL", "criticizes", "state/RUS")],
        id="counter-the-act-is-too-far-back",
    ),
    pytest.param(
        "Nigeria criticized Ghana on Monday. Togo condemned an attack on its border post.",
        [],
        [Absent("state/TGO", "criticizes", "state/NGA")],
        id="counter-an-attack-is-not-the-attack",
    ),
    pytest.param(
        "The Arab League summit, attended by Egypt and Jordan, urged Israel to halt the offensive.",
        [Want("state/EGY", "urges", "state/ISR", True), Want("state/JOR", "urges", "state/ISR", True)],
        [],
        id="a-summit-speaks-for-its-attendees",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), ACTS)
def test_acts(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    check(nlp, text, wants, absents)


def test_claims_derived_from_a_forum_carry_their_own_extractor(nlp: Language) -> None:
    claims = claims_of(nlp, "The Arab League summit, attended by Egypt and Jordan, urged Israel to halt the offensive.")
    derived = [c for c in claims if c.predicate == "urges"]
    assert derived and {c.extractor for c in derived} == {"kg.acts"}, show(claims)
