"""The verb rules of issue 9 (stance, directives, force and coercion, modality, parse shapes)
with the English model: (text, expected claims) pairs on sentences written for these tests.

Each family has cases where the rule must fire and, where it risks precision, cases where
it must not.  The helpers are those of ``test_extraction.py``: a ``Want`` is a claim that
must be found (with its factuality), an ``Absent`` one that must not be factual.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_extraction import Absent, Want, claims_of, fits, matches, show

pytestmark = pytest.mark.model

CASES = [
    # -- F81 parse shapes ----------------------------------------------------------------------
    pytest.param(
        "Serbia is ready to negotiate with Montenegro.",
        [Want("state/SRB", "negotiatesWith", "state/MNE", False, modality="Future")],
        [],
        id="adjective-control-subject",
    ),
    pytest.param(
        "Sudan allowed Kenyan aid workers to enter Darfur.",
        [Want("state/SDN", "concedesTo", "org/kenyan-aid-workers", True)],
        [],
        id="object-control-parsed-as-clause",
    ),
    pytest.param(
        "Rome and Tokyo signed a pact allowing the two countries to station troops on each other's soil.",
        [],
        [Absent("state/ITA", "concedesTo", "state/JPN"), Absent("state/JPN", "concedesTo", "state/ITA")],
        id="no-object-control-from-a-participle",
    ),
    pytest.param(
        "Washington sent Antony Blinken to attend the Munich Security Conference.",
        [Want("person/antony-blinken", "attends", "forum/munich-security-conference", True)],
        [Absent("state/USA", "attends", "forum/munich-security-conference")],
        id="sent-to-do-object-is-the-doer",
    ),
    pytest.param(
        "Canadian lawmakers are likely to be angered by a Chinese court ruling to continue to detain Michael Kovrig.",
        [],
        [Absent("state/CAN", "coerces", "person/michael-kovrig")],
        id="no-doer-from-a-passive-for-a-purpose-clause",
    ),
    pytest.param(
        "Russia sent troops to attack Ukraine.",
        [Want("state/RUS", "attacks", "state/UKR", True)],
        [],
        id="troops-sent-to-attack-leave-it-to-the-sender",
    ),
    # -- F40 directives -----------------------------------------------------------------------
    pytest.param(
        "Kenya urged an end to the border war between Ethiopia and Eritrea.",
        [Want("state/KEN", "urges", "state/ETH", True), Want("state/KEN", "urges", "state/ERI", True)],
        [],
        id="directive-nested-pairwise-target",
    ),
    pytest.param(
        "Mohamed ElBaradei rejected charges of collaboration with Iran.",
        [],
        [Absent("person/mohamed-elbaradei", "rejects", "state/IRN")],
        id="no-target-deep-inside-a-rejected-charge",
    ),
    pytest.param(
        "Ecuador pressed for a withdrawal by Peru from the disputed valley.",
        [Want("state/ECU", "urges", "state/PER", True)],
        [],
        id="directive-for-noun-with-agent",
    ),
    pytest.param(
        "French troops returned at the request of the Malian government.",
        [
            Want("state/MLI", "urges", "org/armed-forces-fra", True),
            Want("state/MLI", "hosts", "org/armed-forces-fra", True),
        ],
        [],
        id="at-the-request-of",
    ),
    pytest.param(
        "The spokesman for Chile was asked if Peru's offer was acceptable.",
        [],
        [Absent("state/CHL", "urges", "state/PER")],
        id="ask-if-is-a-question",
    ),
    # -- F34 sense choice ----------------------------------------------------------------------
    pytest.param(
        "President Gustavo Petro attacked The Miami Herald for its coverage of the vote.",
        [Want("person/gustavo-petro", "criticizes", "org/miami-herald", True)],
        [Absent("person/gustavo-petro", "attacks", "org/miami-herald")],
        id="verbal-attack-for-a-reason",
    ),
    pytest.param(
        "Prime Minister Sitiveni Rabuka attacked the opposition leader Mahendra Chaudhry over the budget.",
        [Want("person/sitiveni-rabuka", "criticizes", "person/mahendra-chaudhry", True)],
        [Absent("person/sitiveni-rabuka", "attacks", "person/mahendra-chaudhry")],
        id="verbal-attack-person-on-person",
    ),
    pytest.param(
        "Hamas attacked Israel from Gaza.",
        [Want("org/hamas", "attacks", "state/ISR", True)],
        [Absent("org/hamas", "criticizes", "state/ISR")],
        id="armed-attack-stays-force",
    ),
    pytest.param(
        "Nicaragua quit the OAS in 2021.",
        [Want("state/NIC", "withdrawsFrom", "org/oas", True), Want("state/NIC", "opposes", "org/oas", True)],
        [],
        id="leaving-an-organization-is-opposition",
    ),
    pytest.param(
        "Russian troops withdrew from Kherson.",
        [],
        [Absent("org/armed-forces-rus", "opposes", "place/kherson")],
        id="leaving-a-place-is-not-opposition",
    ),
    # -- F31 stance adjectives and verbs ------------------------------------------------------------
    pytest.param(
        "Poland is strongly opposed to the Commission's proposal.",
        [Want("state/POL", "opposes", "org/commission", True)],
        [],
        id="stance-adjective-opposed-to",
    ),
    pytest.param(
        "Norway is critical of Sweden's policy on fishing.",
        [Want("state/NOR", "criticizes", "state/SWE", True)],
        [],
        id="stance-adjective-critical-of",
    ),
    pytest.param(
        "Norway is not critical of Sweden's policy on fishing.",
        [],
        [Absent("state/NOR", "criticizes", "state/SWE")],
        id="stance-adjective-negated",
    ),
    pytest.param(
        "Chile and Argentina have disputed the Beagle islands for decades.",
        [Want("state/CHL", "opposes", "state/ARG", True), Want("state/ARG", "opposes", "state/CHL", True)],
        [],
        id="reciprocal-dispute-over-territory",
    ),
    pytest.param(
        "Chile and Argentina disputed the report.",
        [],
        [Absent("state/CHL", "opposes", "state/ARG")],
        id="dispute-of-a-report-is-no-quarrel",
    ),
    pytest.param(
        "Italy and Austria disagreed about the border.",
        [Want("state/ITA", "opposes", "state/AUT", True), Want("state/AUT", "opposes", "state/ITA", True)],
        [],
        id="reciprocal-disagree",
    ),
    pytest.param(
        "The Peruvian and Chilean presidents traded accusations over fishing rights.",
        [Want("state/PER", "criticizes", "state/CHL", True), Want("state/CHL", "criticizes", "state/PER", True)],
        [],
        id="reciprocal-exchange-of-accusations",
    ),
    pytest.param(
        "Italy and Austria traded goods worth billions.",
        [],
        [Absent("state/ITA", "criticizes", "state/AUT"), Absent("state/ITA", "attacks", "state/AUT")],
        id="trading-goods-is-no-exchange-of-blows",
    ),
    pytest.param(
        "India and Brazil were unable to agree on farm subsidies.",
        [],
        [Absent("state/IND", "agreesWith", "state/BRA")],
        id="unable-to-is-negative",
    ),
    pytest.param(
        "Canada was pleased with its reception by Brazilian investors.",
        [],
        [Absent("state/CAN", "praises", "state/BRA")],
        id="stance-adjective-not-through-a-pronouns-thing",
    ),
    pytest.param(
        "The bank withdrew Nigeria's licence in February.",
        [],
        [Absent("org/bank", "opposes", "state/NGA")],
        id="withdrawing-a-licence-is-no-exit",
    ),
    pytest.param(
        "France discussed Iran's nuclear programme with Germany.",
        [Want("state/FRA", "meetsWith", "state/DEU", True)],
        [Absent("state/FRA", "meetsWith", "state/IRN")],
        id="discuss-a-topic-with-a-partner",
    ),
    pytest.param(
        "Egypt and Uganda discussed the dam on the Nile.",
        [Want("state/EGY", "meetsWith", "state/UGA", True)],
        [],
        id="two-discuss-a-topic",
    ),
    pytest.param(
        "Japan, along with Canada, called a meeting of the council to discuss Iran's missile programme.",
        [],
        [Absent("state/JPN", "meetsWith", "state/CAN"), Absent("state/JPN", "meetsWith", "state/IRN")],
        id="a-meeting-called-to-discuss-a-topic",
    ),
    # -- F32 evaluation in reported speech ----------------------------------------------------------
    pytest.param(
        "Brazil said the Venezuelan move was illegal.",
        [Want("state/BRA", "criticizes", "state/VEN", True, attribution="Brazil")],
        [],
        id="reported-negative-predicate",
    ),
    pytest.param(
        "Brazil said the Venezuelan move was not illegal.",
        [],
        [Absent("state/BRA", "criticizes", "state/VEN")],
        id="reported-negative-predicate-negated",
    ),
    pytest.param(
        "The United States said Iran is defying the Security Council.",
        [Want("state/USA", "criticizes", "state/IRN", True)],
        [],
        id="reported-negative-act",
    ),
    pytest.param(
        "Prime Minister Justin Trudeau called Beijing's new rules 'unacceptable'.",
        [Want("person/justin-trudeau", "criticizes", "state/CHN", True)],
        [Absent("person/justin-trudeau", "urges", "state/CHN")],
        id="evaluative-small-clause",
    ),
    pytest.param(
        "'We will resist Moscow's aggression,' Latvian Prime Minister Ivars Zarins said.",
        [Want("person/ivars-zarins", "criticizes", "state/RUS", True)],
        [],
        id="pejorative-noun-in-a-quote",
    ),
    pytest.param(
        "Mark Rutte expressed concern over China's campaign of economic coercion.",
        [Want("person/mark-rutte", "criticizes", "state/CHN", True)],
        [],
        id="concern-over",
    ),
    # -- F50 trade measures and sanctions -----------------------------------------------------------
    pytest.param(
        "Canada slapped 25% tariffs on Chilean steel.",
        [Want("state/CAN", "sanctions", "state/CHL", True)],
        [],
        id="tariffs-on-the-goods-of-a-state",
    ),
    pytest.param(
        "Canada imposed new tariffs on $20 billion worth of Brazilian exports.",
        [Want("state/CAN", "sanctions", "state/BRA", True)],
        [],
        id="tariffs-on-worth-of-exports",
    ),
    pytest.param(
        "Canada imposed new duties on steel exports to Japan.",
        [],
        [Absent("state/CAN", "sanctions", "state/JPN")],
        id="tariffs-never-on-the-destination",
    ),
    pytest.param(
        "Ottawa is keeping new tariffs in place on Mexico and Chile.",
        [Want("state/CAN", "sanctions", "state/MEX", True), Want("state/CAN", "sanctions", "state/CHL", True)],
        [],
        id="tariffs-kept-in-place-on",
    ),
    pytest.param(
        "Myanmar remains under EU sanctions.",
        [Want("org/eu", "sanctions", "state/MMR", True)],
        [],
        id="under-sanctions",
    ),
    pytest.param(
        "China's punitive measures against Australia hurt wine exports.",
        [Want("state/CHN", "sanctions", "state/AUS", True)],
        [],
        id="punitive-measures-against",
    ),
    pytest.param(
        "Brazil is waging a trade war with Argentina.",
        [Want("state/BRA", "opposes", "state/ARG", True)],
        [Absent("state/BRA", "inConflictWith", "state/ARG")],
        id="trade-war-is-opposition-not-conflict",
    ),
    # -- F51 reduced relations ------------------------------------------------------------------
    pytest.param(
        "Morocco recalled its ambassador from Sweden.",
        [Want("state/MAR", "sanctions", "state/SWE", True)],
        [],
        id="recall-ambassador",
    ),
    pytest.param(
        "Kenya and Uganda recalled their envoys.",
        [Want("state/KEN", "sanctions", "state/UGA", True), Want("state/UGA", "sanctions", "state/KEN", True)],
        [],
        id="recall-envoys-both-ways",
    ),
    pytest.param(
        "Diplomatic ties with Taipei, severed by Managua in 2021, were not restored.",
        [Want("state/NIC", "sanctions", "state/TWN", True)],
        [],
        id="ties-severed-by",
    ),
    pytest.param(
        "Bolivia broke off relations with Israel in 2023.",
        [Want("state/BOL", "sanctions", "state/ISR", True)],
        [],
        id="broke-off-relations",
    ),
    # -- F52 force in other shapes -------------------------------------------------------------------
    pytest.param(
        "Ghana backed President John Mahama against the Hausa rebels of Niger.",
        [Want("state/GHA", "supports", "person/john-mahama", True)],
        [],
        id="back-against",
    ),
    pytest.param(
        "Bolivian President Evo Morales was ousted in a coup led by General Williams Kaliman.",
        [Want("person/williams-kaliman", "attacks", "person/evo-morales", True)],
        [],
        id="coup-led-by",
    ),
    # -- F53 implied threats and preparation --------------------------------------------------
    pytest.param(
        "Japan will impose tariffs on Chilean steel if Santiago refuses to negotiate.",
        [Want("state/JPN", "sanctions", "state/CHL", False), Want("state/JPN", "threatens", "state/CHL", True)],
        [],
        id="conditional-threat",
    ),
    pytest.param(
        "Belarus said it would close its airspace to Lithuanian airlines if the sanctions stayed.",
        [Want("state/BLR", "threatens", "state/LTU", True)],
        [],
        id="announced-conditional-threat",
    ),
    pytest.param(
        "If Rome imposes tariffs on Chinese goods, Beijing will respond.",
        [],
        [Absent("state/ITA", "threatens", "state/CHN")],
        id="the-condition-is-no-threat",
    ),
    pytest.param(
        "Analysts said Russia could attack Finland.",
        [],
        [Absent("state/RUS", "threatens", "state/FIN")],
        id="someone-elses-speculation-is-no-threat",
    ),
    pytest.param(
        "Russian troops prepared to shell Ukraine.",
        [Want("org/armed-forces-rus", "mobilizesAgainst", "state/UKR", True)],
        [],
        id="prepare-to-attack-is-mobilization",
    ),
    pytest.param(
        "Iran threatened to launch a new offensive unless Iraq accepted its terms.",
        [Want("state/IRN", "threatens", "state/IRQ", True)],
        [],
        id="threat-aimed-at-the-condition",
    ),
    pytest.param(
        "Nigeria announced that it will withdraw its peacekeepers from Chad unless the fighting stops.",
        [Want("state/NGA", "threatens", "state/TCD", True)],
        [],
        id="conditional-withdrawal-is-a-threat",
    ),
    pytest.param(
        "Syria says it is willing to withdraw its troops from Lebanon.",
        [Want("state/SYR", "agreesWith", "state/LBN", True)],
        [Absent("state/SYR", "threatens", "state/LBN")],
        id="offered-withdrawal-is-a-commitment",
    ),
    pytest.param(
        "Vladimir Putin offered to negotiate with Armenia.",
        [Want("person/vladimir-putin", "agreesWith", "state/ARM", True)],
        [Absent("person/vladimir-putin", "negotiatesWith", "state/ARM")],
        id="offer-to-negotiate-is-a-commitment",
    ),
    pytest.param(
        "Ronald Reagan will meet the leaders of Japan.",
        [],
        [Absent("person/ronald-reagan", "agreesWith", "state/JPN")],
        id="a-plan-is-no-commitment",
    ),
    pytest.param(
        "China summoned the Japanese ambassador over the shrine visit.",
        [Want("state/CHN", "criticizes", "state/JPN", True)],
        [],
        id="summoning-an-envoy-is-a-protest",
    ),
    pytest.param(
        "Nigerian Foreign Minister Dubem Oniya summoned Niger's ambassador Brah Mohamane.",
        [Want("person/dubem-oniya", "criticizes", "state/NER", True)],
        [Absent("person/dubem-oniya", "criticizes", "person/brah-mohamane")],
        id="summoning-a-named-envoy-protests-to-his-state",
    ),
    pytest.param(
        "Kenya welcomed Ethiopia's decision to reopen the border.",
        [Want("state/KEN", "praises", "state/ETH", True)],
        [],
        id="welcoming-a-decision-praises",
    ),
    pytest.param(
        "Austrian Chancellor Karl Nehammer welcomed Emmanuel Macron and Olaf Scholz at the Hofburg palace.",
        [],
        [Absent("person/karl-nehammer", "praises", "person/emmanuel-macron")],
        id="counter-welcoming-guests-at-a-place-greets",
    ),
    pytest.param(
        "Analyst Kabiru Adamu welcomed the Nigerian plan but expressed concerns about its cost.",
        [],
        [Absent("person/kabiru-adamu", "criticizes", "state/NGA")],
        id="concern-about-a-pronouns-quality-blames-no-one",
    ),
    pytest.param(
        "Australia warned on Monday that it will keep up the pressure on Fiji.",
        [Want("state/AUS", "warns", "state/FJI", True)],
        [],
        id="warning-about-an-actor",
    ),
    pytest.param(
        "Australia warned that the drought would last another year.",
        [],
        [Absent("state/AUS", "warns", "state/AUS")],
        id="warning-about-no-actor",
    ),
    # -- F80 modality --------------------------------------------------------------------------
    pytest.param(
        "Ottawa decided to continue its talks with Quito.",
        [Want("state/CAN", "negotiatesWith", "state/ECU", True)],
        [],
        id="continue-holds-now",
    ),
    pytest.param(
        "Japan can continue to support Ukraine.",
        [Want("state/JPN", "supports", "state/UKR", True)],
        [],
        id="continue-under-a-modal",
    ),
    pytest.param(
        "Spain was expected to endorse Lisbon's warning to Rabat.",
        [Want("state/PRT", "warns", "state/MAR", True)],
        [],
        id="event-noun-under-a-topic-verb-keeps-its-modality",
    ),
    pytest.param(
        "Canada did not condemn the Russian attack on Ukraine.",
        [Want("state/RUS", "attacks", "state/UKR", True), Want("state/CAN", "condemns", "state/RUS", False)],
        [],
        id="negated-condemnation-keeps-the-attack",
    ),
    pytest.param(
        "Peru will hold talks with Chile.",
        [Want("state/PER", "negotiatesWith", "state/CHL", False, modality="Future")],
        [],
        id="talks-under-a-light-verb-stay-future",
    ),
    # -- F82 ontology ------------------------------------------------------------------------
    pytest.param(
        "Oslo donated medical supplies to Sudan.",
        [Want("state/NOR", "supports", "state/SDN", True)],
        [],
        id="aid-is-support",
    ),
]


@pytest.mark.parametrize(("text", "wants", "absents"), CASES)
def test_verb_rules(nlp: Language, text: str, wants: list[Want], absents: list[Absent]) -> None:
    claims = claims_of(nlp, text)
    missing = [w for w in wants if not any(matches(c, w) for c in claims)]
    present = [a for a in absents if any(c.factual and fits(c, *a) for c in claims)]
    assert not missing and not present, (
        f"{text}\nmissing: {missing}\nfactual but not asserted: {present}\nfound:\n{show(claims)}"
    )


def test_implied_claims_name_their_extractor(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Nicaragua quit the OAS in 2021. Japan will impose tariffs on Chilean steel if Santiago balks."
    )
    extractors = {c.predicate: c.extractor for c in claims}
    assert extractors.get("opposes") == "kg.implied.exit", show(claims)
    assert extractors.get("threatens") == "kg.implied.threat", show(claims)
