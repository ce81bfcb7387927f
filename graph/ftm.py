"""FollowTheMoney (FtM) and our tables: what maps to what, for the reader and the exporter.

FtM (``followthemoney`` on PyPI) is the data model of OCCRP's Aleph and of OpenSanctions:
entities ``{"id", "schema", "properties"}``, one JSON object a line. The mapping, both ways
(docs/formats.md has it as a table):

==========================================  ==========================================
FtM                                         ours
==========================================  ==========================================
Person                                      person
PublicBody                                  body (a state when marked ``agx:type=state``)
Organization, Company, LegalEntity          organization
Event                                       event
Address, Territory                          place
Article, Document (not cited as proof)      publication
Membership (member → organization)          member_of, ``role``
Occupancy (holder → post) + Position        holds_office to the post's organisation,
                                            the post's name as the role
Directorship (director → organization)      holds_office, ``role``
Succession (predecessor → successor)        successor_of (successor → predecessor)
UnknownLink (subject → object)              related_to, ``role`` (our relation when the
                                            role names one: our own exports)
other link schemas (Ownership, Family …)    related_to, the schema's name as the role
Note (entity, name, description)            a literal claim when ``name`` is ours (rank …)
==========================================  ==========================================

Our own exports mark each entity with ``keywords`` ``agx:id=<our id>`` and ``agx:type=<our
type>`` (FtM ids may only hold letters, digits, ``.`` and ``-``, so ``state:BEL`` cannot be
an FtM id), and each source (an Article) with ``agx:source=<id>`` and ``agx:kind=<kind>``:
a round trip gives back the same ids, types and sources. ``followthemoney`` is imported
inside the functions that need it: its import costs about 1 s of CPU (3 s on a busy machine),
which starting the app does not pay.

>>> ftm_id("state:BEL")
'state-BEL-494bcbc7'
>>> ftm_id("Q7747")
'Q7747'
>>> state_of_code("be")
('state:BEL', 'Belgium', 'BEL')
"""

from __future__ import annotations

import hashlib
import re

KEYWORD_ID = "agx:id="
KEYWORD_TYPE = "agx:type="
KEYWORD_SOURCE = "agx:source="
KEYWORD_KIND = "agx:kind="
MARKERS = (KEYWORD_ID, KEYWORD_TYPE, KEYWORD_SOURCE, KEYWORD_KIND)

# Writing: the FtM schema of each of our types. A state is a PublicBody (an Organization, so
# it can be a Membership's member and a Position's organisation, which a Territory cannot)
# with ``country`` and ``jurisdiction`` set to its ISO 3166 code.
SCHEMA_OF_TYPE: dict[str, str] = {
    "person": "Person",
    "state": "PublicBody",
    "alliance": "Organization",
    "framework": "Organization",
    "body": "PublicBody",
    "organization": "Organization",
    "event": "Event",
    "place": "Address",
    "publication": "Article",
    "other": "LegalEntity",
}
# Reading: our type of an FtM schema, the most specific first (schema.is_a).
TYPE_OF_SCHEMA: tuple[tuple[str, str], ...] = (
    ("Person", "person"),
    ("PublicBody", "body"),
    ("Event", "event"),
    ("Address", "place"),
    ("Territory", "place"),
    ("Document", "publication"),
    ("LegalEntity", "organization"),
)
# Link schemas with a relation of ours; (relation, swap subject and object).
LINK_RELATIONS: dict[str, tuple[str, bool]] = {
    "Membership": ("member_of", False),
    "Directorship": ("holds_office", False),
    "Occupancy": ("holds_office", False),
    "UnknownLink": ("related_to", False),
    "Succession": ("successor_of", True),
}
# Literal claims that have an FtM property of their own: (schema, property) → our attribute.
NATIVE_FACTS: dict[tuple[str, str], str] = {
    ("Event", "date"): "date",
    ("Event", "startDate"): "date",
    ("Event", "endDate"): "end_date",
    ("LegalEntity", "incorporationDate"): "founded",
    ("Person", "profession"): "occupation",
}
# Country properties (ISO 3166 codes) and the relation they give: the entity → the state.
COUNTRY_RELATIONS: dict[str, str] = {
    "nationality": "national_of",
    "citizenship": "national_of",
    "jurisdiction": "located_in",
    "country": "located_in",
    "mainCountry": "located_in",
}

_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_NOT_ID = re.compile(r"[^0-9a-zA-Z]+")


def ftm_id(our_id: str) -> str:
    """An FtM id for one of ours: kept when FtM allows it, else a readable slug and a hash."""
    if _FTM_ID.match(our_id) and len(our_id) <= 128:
        return our_id
    slug = _NOT_ID.sub("-", our_id).strip("-")[:80].strip("-")
    digest = hashlib.sha1(our_id.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"id-{digest}"


def slug_id(prefix: str, text: str) -> str:
    """An id of ours made from free text (a place's address, a source's URL)."""
    slug = _NOT_ID.sub("-", text).strip("-")[:60].strip("-").lower()
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}:{slug}-{digest}" if slug else f"{prefix}:{digest}"


def state_of_code(code: str) -> tuple[str, str, str] | None:
    """Our state for an FtM country code (ISO 3166 alpha-2, lower case): (id, name, alpha-3)."""
    import pycountry

    if not isinstance(code, str) or len(code) != 2:
        return None
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None
    name = getattr(country, "common_name", None) or country.name
    return f"state:{country.alpha_3}", name, country.alpha_3


def code_of_state(entity_id: str, iso3: str = "") -> str | None:
    """The FtM country code (alpha-2, lower case) of one of our states, from its iso3 or its id."""
    import pycountry

    for candidate in (iso3, entity_id.rpartition(":")[2]):
        if len(candidate) == 3 and candidate.isalpha():
            country = pycountry.countries.get(alpha_3=candidate.upper())
            if country is not None:
                return str(country.alpha_2).lower()
    return None


def marker(keywords: list[str], prefix: str) -> str | None:
    """The value of our marker ``prefix`` among an entity's keywords, if there is one."""
    for keyword in keywords:
        if keyword.startswith(prefix) and len(keyword) > len(prefix):
            return keyword[len(prefix) :]
    return None
