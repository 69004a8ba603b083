"""Terms of the kg-ir ontology as an rdflib namespace, and their local names as plain strings.

Generated from ontology/ir.ttl by `python -m kg.ontology`; do not edit.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class IR(DefinedNamespace):
    """
    kg-ir: international-relations news ontology (version 0.1.0)

    Misspelled terms raise AttributeError: IR.critcizes fails, IR.criticizes works.
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Actor: URIRef  # Actor
    ArmedForces: URIRef  # Armed forces
    ArmedGroup: URIRef  # Armed group
    Article: URIRef  # Article
    Claim: URIRef  # Claim
    Company: URIRef  # Company
    Conflict: URIRef  # Conflict
    Event: URIRef  # Event
    Forum: URIRef  # Forum
    GovernmentBody: URIRef  # Government body
    IntergovernmentalOrganization: URIRef  # Intergovernmental organization
    Leader: URIRef  # Leader
    Modality: URIRef  # Modality
    NamedEntity: URIRef  # Named entity
    NewsAgency: URIRef  # News agency
    Official: URIRef  # Official
    Organization: URIRef  # Organization
    Person: URIRef  # Person
    Place: URIRef  # Place
    Polarity: URIRef  # Polarity
    PoliticalParty: URIRef  # Political party
    State: URIRef  # State
    Treaty: URIRef  # Treaty

    # http://www.w3.org/2002/07/owl#ObjectProperty
    accuses: URIRef  # accuses
    agreesWith: URIRef  # agrees with
    aids: URIRef  # aids
    alliedWith: URIRef  # allied with
    attacks: URIRef  # attacks
    attends: URIRef  # attends
    attributedTo: URIRef  # attributed to
    coerces: URIRef  # coerces
    concedesTo: URIRef  # concedes to
    condemns: URIRef  # condemns
    consultsWith: URIRef  # consults with
    cooperatesWith: URIRef  # cooperates with
    criticizes: URIRef  # criticizes
    demands: URIRef  # demands
    denounces: URIRef  # denounces
    deploysForcesTo: URIRef  # deploys forces to
    expels: URIRef  # expels
    hasLeader: URIRef  # has leader
    hasMember: URIRef  # has member
    hasPart: URIRef  # has part
    headOfGovernment: URIRef  # head of government of
    headOfState: URIRef  # head of state of
    hostedBy: URIRef  # hosted by
    hosts: URIRef  # hosts
    imposesEmbargoOn: URIRef  # imposes embargo on
    inConflictWith: URIRef  # in conflict with
    invades: URIRef  # invades
    investigates: URIRef  # investigates
    leaderOf: URIRef  # leader of
    locatedIn: URIRef  # located in
    meetsWith: URIRef  # meets with
    memberOf: URIRef  # member of
    mentionedIn: URIRef  # mentioned in
    mobilizesAgainst: URIRef  # mobilizes against
    modality: URIRef  # modality
    negotiatesWith: URIRef  # negotiates with
    officialOf: URIRef  # official of
    opposes: URIRef  # opposes
    partOf: URIRef  # part of
    partyTo: URIRef  # party to
    polarity: URIRef  # polarity
    praises: URIRef  # praises
    protestsAgainst: URIRef  # protests against
    rejects: URIRef  # rejects
    sanctions: URIRef  # sanctions
    signs: URIRef  # signs
    supports: URIRef  # supports
    threatens: URIRef  # threatens
    urges: URIRef  # urges
    visits: URIRef  # visits
    warns: URIRef  # warns
    withdrawsFrom: URIRef  # withdraws from

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    articleId: URIRef  # article id
    attribution: URIRef  # attribution
    charEnd: URIRef  # end offset
    charStart: URIRef  # start offset
    confidence: URIRef  # confidence
    contentHash: URIRef  # content hash
    eventDate: URIRef  # event date
    extractor: URIRef  # extractor
    extractorVersion: URIRef  # extractor version
    headline: URIRef  # headline
    iso2: URIRef  # ISO 3166-1 alpha-2 code
    iso3: URIRef  # ISO 3166-1 alpha-3 code
    office: URIRef  # office
    sentence: URIRef  # sentence
    trigger: URIRef  # trigger
    validFrom: URIRef  # valid from
    validUntil: URIRef  # valid until

    # http://www.w3.org/2002/07/owl#AnnotationProperty
    cameoRoot: URIRef  # CAMEO root code
    goldstein: URIRef  # Goldstein weight
    ploverCategory: URIRef  # PLOVER category
    quadClass: URIRef  # quad class

    # http://www.w3.org/2002/07/owl#NamedIndividual
    Asserted: URIRef  # asserted
    Denied: URIRef  # denied
    Future: URIRef  # future
    Hypothetical: URIRef  # hypothetical
    Negative: URIRef  # negative
    Positive: URIRef  # positive
    Possible: URIRef  # possible

    _NS = Namespace("https://w3id.org/kg-ir/ontology#")


class C:
    """Local names of the ontology's classes, as plain strings: ``C.State == "State"``."""

    Actor = "Actor"
    ArmedForces = "ArmedForces"
    ArmedGroup = "ArmedGroup"
    Article = "Article"
    Claim = "Claim"
    Company = "Company"
    Conflict = "Conflict"
    Event = "Event"
    Forum = "Forum"
    GovernmentBody = "GovernmentBody"
    IntergovernmentalOrganization = "IntergovernmentalOrganization"
    Leader = "Leader"
    Modality = "Modality"
    NamedEntity = "NamedEntity"
    NewsAgency = "NewsAgency"
    Official = "Official"
    Organization = "Organization"
    Person = "Person"
    Place = "Place"
    Polarity = "Polarity"
    PoliticalParty = "PoliticalParty"
    State = "State"
    Treaty = "Treaty"


class P:
    """Local names of the ontology's properties, as plain strings: ``P.attends == "attends"``."""

    accuses = "accuses"
    agreesWith = "agreesWith"
    aids = "aids"
    alliedWith = "alliedWith"
    articleId = "articleId"
    attacks = "attacks"
    attends = "attends"
    attributedTo = "attributedTo"
    attribution = "attribution"
    cameoRoot = "cameoRoot"
    charEnd = "charEnd"
    charStart = "charStart"
    coerces = "coerces"
    concedesTo = "concedesTo"
    condemns = "condemns"
    confidence = "confidence"
    consultsWith = "consultsWith"
    contentHash = "contentHash"
    cooperatesWith = "cooperatesWith"
    criticizes = "criticizes"
    demands = "demands"
    denounces = "denounces"
    deploysForcesTo = "deploysForcesTo"
    eventDate = "eventDate"
    expels = "expels"
    extractor = "extractor"
    extractorVersion = "extractorVersion"
    goldstein = "goldstein"
    hasLeader = "hasLeader"
    hasMember = "hasMember"
    hasPart = "hasPart"
    headOfGovernment = "headOfGovernment"
    headOfState = "headOfState"
    headline = "headline"
    hostedBy = "hostedBy"
    hosts = "hosts"
    imposesEmbargoOn = "imposesEmbargoOn"
    inConflictWith = "inConflictWith"
    invades = "invades"
    investigates = "investigates"
    iso2 = "iso2"
    iso3 = "iso3"
    leaderOf = "leaderOf"
    locatedIn = "locatedIn"
    meetsWith = "meetsWith"
    memberOf = "memberOf"
    mentionedIn = "mentionedIn"
    mobilizesAgainst = "mobilizesAgainst"
    modality = "modality"
    negotiatesWith = "negotiatesWith"
    office = "office"
    officialOf = "officialOf"
    opposes = "opposes"
    partOf = "partOf"
    partyTo = "partyTo"
    ploverCategory = "ploverCategory"
    polarity = "polarity"
    praises = "praises"
    protestsAgainst = "protestsAgainst"
    quadClass = "quadClass"
    rejects = "rejects"
    sanctions = "sanctions"
    sentence = "sentence"
    signs = "signs"
    supports = "supports"
    threatens = "threatens"
    trigger = "trigger"
    urges = "urges"
    validFrom = "validFrom"
    validUntil = "validUntil"
    visits = "visits"
    warns = "warns"
    withdrawsFrom = "withdrawsFrom"


class V:
    """Local names of the ontology's individuals (polarity and modality values)."""

    Asserted = "Asserted"
    Denied = "Denied"
    Future = "Future"
    Hypothetical = "Hypothetical"
    Negative = "Negative"
    Positive = "Positive"
    Possible = "Possible"
