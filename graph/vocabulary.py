"""The controlled vocabulary of the data model: entity types, relations and attributes.

Relations link two entities (directed, subject → object). Attributes are literal
claims: their object is a value, not an entity id, and they become node attributes.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_TYPES: dict[str, str] = {
    "state": "A sovereign state",
    "alliance": "A military or political alliance, e.g. NATO",
    "framework": "A partnership framework, e.g. the Partnership for Peace",
    "body": "An organ of an organisation, e.g. the International Military Staff",
    "person": "A person",
    "event": "A meeting, summit, mission or other happening",
    "place": "A city, building or site",
    "publication": "A document, report, agenda or article",
    "organization": "Any other organisation: a publisher, outlet or campaign",
    "other": "An entity of an imported graph whose type is none of the above",
}


@dataclass(frozen=True)
class Relation:
    """One relation of the vocabulary.

    ``description`` starts with the phrase a person reads between subject and object ("was
    excluded from"), then says in brackets what the object is.
    """

    name: str
    description: str
    negative: bool = False

    @property
    def phrase(self) -> str:
        """The relation in words, as it reads between subject and object: ``'is a member of'``."""
        return self.description.split(" (")[0]


RELATIONS: dict[str, Relation] = {
    relation.name: relation
    for relation in (
        Relation("member_of", "is a member of (a state in an alliance)"),
        Relation("partner_in", "is a partner in (a state in a partnership framework)"),
        Relation("invited_to", "was invited to (an event)"),
        Relation("excluded_from", "was excluded from (an event)", negative=True),
        Relation("attended", "attended (an event)"),
        Relation("hosted", "hosted (an event)"),
        Relation("spoke_at", "spoke at (an event)"),
        Relation("holds_office", "holds an office in (a body or alliance); the role says which"),
        Relation("national_of", "is a national of (a state)"),
        Relation("held_in", "took place in (a place)"),
        Relation("reviews", "reviews or follows up (an event or publication)"),
        Relation("part_of", "is part of (a larger whole)"),
        Relation("authored", "wrote (a publication)"),
        Relation("published_in", "was published in (an outlet)"),
        Relation("suspended_from", "had its cooperation suspended by", negative=True),
        Relation("located_in", "is located in (a place or state)"),
        Relation("led_by", "was led or commanded by (an alliance or body)"),
        Relation("contributed_to", "contributed forces to (a mission)"),
        Relation("discussed", "discussed (a publication or topic) at an event"),
        Relation("republished_from", "is a republication of (a publication)"),
        Relation("manages", "manages or runs (an organisation)"),
        Relation("lives_in", "lives in (a place)"),
        Relation("adopted_at", "was adopted or endorsed at (an event)"),
        Relation("related_to", "is linked to (an imported link whose relation is none of ours)"),
        Relation("successor_of", "succeeded (a person in an office, or an earlier framework or mission)"),
    )
}

NEGATIVE_RELATIONS: frozenset[str] = frozenset(
    name for name, relation in RELATIONS.items() if relation.negative
)

# Which entity types each relation may connect: subject types → object types. Extraction proposes
# nothing the table does not allow (graph/ingest/sentence.py), so a rule cannot make a partnership
# programme an alliance a state is a member of. "other" (an imported type none of ours) is let through.
_ACTORS = frozenset({"person", "state", "alliance", "framework", "body", "organization"})
_ORGANISATIONS = frozenset({"state", "alliance", "framework", "body", "organization"})
DOMAIN_RANGE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "member_of": (frozenset({"state", "alliance"}), frozenset({"alliance"})),
    "partner_in": (frozenset({"state", "organization"}), frozenset({"framework"})),
    "invited_to": (_ACTORS, frozenset({"event", "framework", "alliance"})),
    "excluded_from": (_ACTORS, frozenset({"event", "framework"})),
    "attended": (_ACTORS, frozenset({"event"})),
    "hosted": (_ACTORS | {"place"}, frozenset({"event"})),
    "spoke_at": (frozenset({"person"}), frozenset({"event"})),
    "holds_office": (frozenset({"person"}), _ORGANISATIONS),
    "national_of": (frozenset({"person"}), frozenset({"state"})),
    "held_in": (frozenset({"event"}), frozenset({"place", "state"})),
    "reviews": (frozenset({"event", "publication"}), frozenset({"event", "publication"})),
    "part_of": (
        frozenset({"body", "framework", "publication", "event", "place", "organization"}),
        _ORGANISATIONS | {"publication", "event", "place"},
    ),
    "authored": (_ACTORS, frozenset({"publication"})),
    "published_in": (frozenset({"publication"}), frozenset({"organization", "publication"})),
    "suspended_from": (frozenset({"state", "organization"}), frozenset({"alliance", "framework"})),
    "located_in": (frozenset({"place", "body", "organization", "event"}), frozenset({"place", "state"})),
    "led_by": (frozenset({"event", "body"}), frozenset({"alliance", "body", "state", "person"})),
    "contributed_to": (frozenset({"state", "alliance", "organization"}), frozenset({"event"})),
    "discussed": (
        frozenset({"event", "person", "body"}),
        frozenset({"event", "publication", "framework", "organization"}),
    ),
    "republished_from": (frozenset({"publication"}), frozenset({"publication"})),
    "manages": (frozenset({"person", "organization"}), frozenset({"organization", "body", "place"})),
    "lives_in": (frozenset({"person"}), frozenset({"place", "state"})),
    "adopted_at": (frozenset({"publication", "framework", "body"}), frozenset({"event"})),
    "related_to": (frozenset(ENTITY_TYPES), frozenset(ENTITY_TYPES)),
    "successor_of": (
        frozenset({"person", "event", "framework", "body", "alliance", "publication", "organization"}),
        frozenset({"person", "event", "framework", "body", "alliance", "publication", "organization"}),
    ),
}


def allows(relation: str, subject_type: str, object_type: str) -> bool:
    """Whether ``relation`` may connect an entity of ``subject_type`` to one of ``object_type``.

    >>> allows("member_of", "state", "alliance"), allows("member_of", "state", "framework")
    (True, False)
    >>> allows("partner_in", "state", "framework"), allows("national_of", "person", "other")
    (True, True)
    """
    if relation not in DOMAIN_RANGE:
        return False
    subjects, objects = DOMAIN_RANGE[relation]
    return (subject_type in subjects or subject_type == "other") and (
        object_type in objects or object_type == "other"
    )


# Literal claims: the object is a value. "kind" says how the value is checked.
ATTRIBUTES: dict[str, str] = {
    "date": "date",  # the date (or first day) of an event
    "end_date": "date",  # the last day of an event that spans days
    "rank": "text",  # a person's military rank
    "service": "text",  # a person's armed service, e.g. German Army
    "participating_nations": "integer",  # how many nations took part in an event
    "troops": "integer",  # how many troops served (e.g. in a mission, at its peak)
    "founded": "date",  # when a framework, body or organisation was set up
    "released": "text",  # when and how a document was published or adopted, in words
    "format": "text",  # the format of a meeting, e.g. in person
    "occupation": "text",  # what a person does
}


def is_attribute(relation: str) -> bool:
    """True when ``relation`` takes a literal value rather than an entity."""
    return relation in ATTRIBUTES


def phrase(relation: str) -> str:
    """How ``relation`` reads between subject and object, wherever a person reads it (details,
    paths, the Time tab's lists, legends and exports); a name outside the vocabulary reads as
    itself, with spaces for underscores.

    >>> phrase("excluded_from"), phrase("partner_in"), phrase("flies_to")
    ('was excluded from', 'is a partner in', 'flies to')
    """
    known = RELATIONS.get(relation)
    return known.phrase if known else relation.replace("_", " ")


def phrases() -> dict[str, str]:
    """Every relation's phrase, by name (the HTML export's page reads relations with these)."""
    return {name: relation.phrase for name, relation in RELATIONS.items()}


def relation_sentence(subject: str, relation: str, target: str, role: str = "", period: str = "") -> str:
    """A relation as one line a person reads: the details panel, tooltips, the HTML export and
    the command line all write relations this way.

    >>> relation_sentence("Bauer", "holds_office", "Military Committee", "Chair", "2021-06-25 – 2025-01-17")
    'Bauer holds an office in Military Committee as Chair (2021-06-25 – 2025-01-17)'
    """
    return (
        f"{subject} {phrase(relation)} {target}"
        + (f" as {role}" if role else "")
        + (f" ({period})" if period else "")
    )
