"""Rules about places: where an event was held, and the state a place is in.

:func:`place_after` finds the place after "in" or "at" (a known place or state, or a new
place); the event rules use it too.
"""

from __future__ import annotations

import re

from graph.ingest.base import Mention, Span, rule, span
from graph.ingest.names import DEMONYMS, slug
from graph.ingest.patterns import LOWER, UPPER, hedged
from graph.ingest.sentence import SentenceView
from graph.model import Entity

_CALENDAR = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday"
    r"|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
# A building's name may be longer: "at Supreme Headquarters Allied Powers Europe", "at Lancaster House".
_FACILITY = (
    rf"(?:{UPPER}{LOWER}+\s+){{0,2}}?(?:Headquarters|Base|Palace|Hall|House|Castle|Centre|Center|Academy)"
    rf"(?:\s+(?!{_CALENDAR}){UPPER}{LOWER}+){{0,3}}"
)
# A military headquarters named after its command: "Headquarters, Allied Joint Force Command Naples"
_HEADQUARTERS_OF = rf"Headquarters,\s+{UPPER}{LOWER}+(?:\s+(?!{_CALENDAR}){UPPER}{LOWER}+){{1,5}}"
PLACE_AFTER = re.compile(
    rf"\b(?:in|at)\s+(?:the\s+(?:{UPPER}{LOWER}+\s+)?(?:town|city|capital|port)\s+of\s+)?"
    rf"(?P<place>{_HEADQUARTERS_OF}|{_FACILITY}|{UPPER}{LOWER}+(?:\s+{UPPER}{LOWER}+)?)(?![\w-])"
)
NOT_A_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday"
    r"|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|His|Her|Their|Its|NATO|Nato|Allied|Latin|Eastern"
    r"|Western|Northern|Southern|Central|Europe|Asia|Africa|America)\b"
)


def new_place(view: SentenceView, name: str, start: int) -> Mention:
    """A place the dataset lacks, named at ``start`` (a dateline's "NEW YORK" is labelled "New York")."""
    label = name.title() if name.isupper() else name
    node = view.ex.add_new(Entity(f"place:{slug(label)}", "place", label, (), "A place named in the text."))
    mention = Mention(node, start, start + len(name), name, "new")
    view.mentions.append(mention)
    return mention


def place_after(view: SentenceView, position: int, limit: int = 80) -> tuple[str, Span] | None:
    """A place or state named after 'in'/'at' behind ``position``: known, or a new place."""
    known_after = next(
        (
            m
            for m in view.mentions
            if position <= m.start <= position + limit + 10
            and view.ex.entity_type(m.id) in ("place", "state")
            and m.how != "coreference"
            and re.search(r"\b(?:in|at)\s+(?:the\s+)?$", view.text[max(0, m.start - 9) : m.start])
        ),
        None,
    )  # a known name PLACE_AFTER's shape misses: "at NATO Headquarters"
    for match in PLACE_AFTER.finditer(view.text, position):
        if known_after and known_after.start < match.start("place"):
            break
        if match.start() - position > limit:
            break
        known = [
            m
            for m in view.mentions
            if m.start <= match.start("place") < m.end and view.ex.entity_type(m.id) in ("place", "state")
        ]
        if known:
            return known[0].id, (match.start(), known[0].end)
        other = [m for m in view.mentions if m.start <= match.start("place") < m.end]
        name = match.group("place")
        if other or NOT_A_PLACE.match(name):
            continue
        return new_place(view, name, match.start("place")).id, match.span()
    if known_after:
        return known_after.id, (known_after.start - 3, known_after.end)
    for mention in view.mentions:
        if mention.start >= position and mention.start - position < 25 and mention.id == "place:nato-hq":
            return mention.id, span(mention)
    return None


@rule("event held in place")
def event_place(view: SentenceView) -> None:
    """'the ceremony … in New York', 'a summit in Belgium', 'took place at NATO Headquarters'."""
    for event in view.events:
        if view.ex.entity_type(event.id) != "event" or view.ex.is_operation(event.id):
            continue  # a mission is where it operates ("event in place"), not where a summit decided on it
        found = place_after(view, event.end, 30)
        if found is None and event.how == "verb":
            # "X met with Y, Z and their deputies at NATO Headquarters": past the people met, same clause
            clause = re.search(r"[;:\"“”]|\b(?:who|which|said|says|but|while)\b", view.text[event.end :])
            found = place_after(view, event.end, min(clause.start() if clause else 250, 250))
        if found is None:
            verb = re.search(
                r"\b(?:held|took place|take place|takes place|met|convened|kicked off|gathered)\b", view.text
            )
            if (
                verb
                and not _relative(view, verb.start())
                and (abs(verb.start() - event.end) < 80 or abs(event.start - verb.end()) < 120)
            ):
                found = place_after(view, verb.end(), 40)
        verb2 = re.search(r"\b(?:met|convened|gathered)\b", view.text[: event.start])
        if found is None and verb2 is not None and not _relative(view, verb2.start()):
            found = place_after(view, verb2.end(), 60)
        if found and any(
            other.id != event.id and event.end <= other.start and other.end <= found[1][0]
            for other in view.events
        ):
            found = None  # the place belongs to the event named between them
        if found and re.match(r"\s+in\s", view.text[found[1][1] :]):
            # "at NATO headquarters in Kabul": not the dataset's headquarters, but in Kabul
            outer = place_after(view, found[1][1], 2)
            if outer is not None and _placed_elsewhere(view, found[0], outer[0]):
                found = outer
        if found:
            view.claim("event held in place", event.id, "held_in", found[0], 0.7, [span(event), found[1]])


def _relative(view: SentenceView, verb: int) -> bool:
    """Whether the verb at ``verb`` opens a relative clause: "X, who met Y in Geneva on Monday, spoke
    after today's meeting" (that place is the other meeting's)."""
    return re.search(r"\b(?:who|which)\s+(?:\w+\s+)?$", view.text[:verb]) is not None


@rule("meeting held at/in place")
def meeting_place(view: SentenceView) -> None:
    """A place the dataset knows, after the event in a sentence about holding or hosting it."""
    if not view.events or not re.search(r"\b(meeting|held|hosted)\b", view.text):
        return
    event = view.events[0]
    if view.ex.is_operation(event.id):
        return
    places = [
        m
        for m in view.of_type("place")
        if m.start > event.end
        and re.search(r"\b(?:at|in)\s+(?:the\s+)?$", view.text[max(0, m.start - 8) : m.start])
        and not any(other.id != event.id and event.end <= other.start < m.start for other in view.events)
    ]  # a place after another event is that event's
    if places:
        view.claim(
            "meeting held at/in place", event.id, "held_in", places[0].id, 0.7, [span(event), span(places[0])]
        )


@rule("place in a state")
def place_in_state(view: SentenceView) -> None:
    """'the Portuguese town of Sintra', 'Prague, capital of the Czech Republic'."""
    for match in re.finditer(
        rf"\bthe\s+(?P<adj>{UPPER}{LOWER}+)\s+(?:town|city|capital|port)\s+of\s+(?P<place>{UPPER}{LOWER}+)",
        view.text,
    ):
        state = DEMONYMS.get(match.group("adj"))
        place = next((m for m in view.mentions if m.start == match.start("place")), None)
        if state and place:
            view.claim(
                "place in a state",
                place.id,
                "located_in",
                view.ex.state_entity(f"state:{state}", match.group("adj")),
                0.7,
                [match.span()],
            )
    for match in re.finditer(rf"(?P<place>{UPPER}{LOWER}+),\s+(?:the\s+)?capital of (?:the\s+)?", view.text):
        city = next((m for m in view.mentions if m.start == match.start("place")), None)
        country = next((m for m in view.states if m.start == match.end()), None)
        if city and country:
            view.claim(
                "place in a state", city.id, "located_in", country.id, 0.7, [(match.start(), country.end)]
            )


# "in Mons, Belgium", a dateline "OSTEND, Belgium --": a town, a comma, then the state it is in
TOWN_COMMA_STATE = re.compile(
    rf"(?:^\s*|\b(?:in|at|near|outside)\s+)(?P<place>{UPPER}(?:{LOWER}+|{UPPER}+)(?:\s+{UPPER}(?:{LOWER}+|{UPPER}+))?),\s+"
)


@rule("town, state")
def town_comma_state(view: SentenceView) -> None:
    """'a ceremony in Mons, Belgium', 'OSTEND, Belgium -- …': the town is in that state (a list of
    states, "Austria, Ireland and Malta", is not)."""
    for match in TOWN_COMMA_STATE.finditer(view.text):
        state = next((m for m in view.states if m.start == match.end() and m.how != "demonym"), None)
        if state is None or re.match(rf"\s*(?:,\s*(?:the\s+)?{UPPER}|and\b|or\b)", view.text[state.end :]):
            continue
        name = match.group("place")
        if not re.search(r"\b(?:in|at|near|outside)\s+$", view.text[: match.start("place")]) and not (
            name.isupper() and re.match(r"\s*(?:--|—|–|-)", view.text[state.end :])
        ):
            continue  # at the start of a sentence only a dateline: "OSTEND, Belgium -- …"
        known = next((m for m in view.mentions if m.start == match.start("place")), None)
        if known is not None and view.ex.entity_type(known.id) != "place":
            continue
        if known is None:
            if NOT_A_PLACE.match(name):
                continue
            known = new_place(view, name, match.start("place"))
        view.claim("town, state", known.id, "located_in", state.id, 0.7, [span(known), span(state)])
        if view.index == 0 and match.start("place") < 3:
            view.ex.dateline = known.id


# "the Madrid Summit", "the 2008 Bucharest Summit": a summit named after the town it was held in
_TOWN_SUMMIT = re.compile(rf"(?:\b\d{{4}}\s+)?(?P<town>{UPPER}{LOWER}+)\s+Summit$")
# Words that name a summit's theme, kind or region, not its town: "the Peace Summit", "the Leaders'
# Summit", "the Western Balkans Summit", "the Nordic Summit" (no town's name ends in "-ic" here)
_NOT_A_TOWN = re.compile(
    r"^(?:Peace|Security|Leaders|Jubilee|Anniversary|Future|Partnership|Partners|Alliance|Defence|Defense"
    r"|Energy|Climate|Cyber|Special|Extraordinary|Emergency|Informal|Last|Next|Previous|First|Final|Global"
    r"|Enlargement|Transformation|League|Union|Process|Recovery|Balkan|Balkans|Gulf|Sea|Region|Regional"
    r"|Digital|Nuclear|Space|Health|Trade|Business|Youth|Women|Economic|Democracy|Investment|Innovation"
    r"|Council|Group|Forum|Format|Plus|Visegrad|Weimar|Quad|Trilateral|Bilateral|Annual|Ministerial"
    r"|\w+ic)$"
)


_DECIDED_AT = re.compile(
    r"\b(?:adopted|agreed|established|launched|created|set\s+up|taken|made|decided|approved|endorsed|announced"
    r"|reached)\s+(?:at|during)\s+$"
)


@rule("summit named after its town")
def town_summit(view: SentenceView) -> None:
    """'the Madrid Summit', 'the 2008 Bucharest Summit': the summit was held in that town (not a
    summit named after a state or a theme)."""
    for event in view.events:
        if event.how not in ("new", "known") or view.ex.entity_type(event.id) != "event":
            continue
        phrase = _TOWN_SUMMIT.search(view.text[event.start : event.end])
        if phrase is None or _DECIDED_AT.search(view.text[: event.start]):
            continue  # "the changes adopted at the Chicago Summit": a summit recalled, not reported
        if event.id in view.ex.G and any(
            data.get("relation") == "held_in" for _, _, data in view.ex.G.out_edges(event.id, data=True)
        ):
            continue  # the dataset already says where
        start = event.start + phrase.start("town")
        name = phrase.group("town")
        if NOT_A_PLACE.match(name) or _NOT_A_TOWN.match(name) or name in DEMONYMS:
            continue
        known = next(
            (
                m
                for m in view.mentions
                if m.start <= start < m.end
                and m.how != "coreference"
                and view.ex.entity_type(m.id) != "event"
            ),
            None,
        )
        if known is not None and view.ex.entity_type(known.id) != "place":
            continue  # "the Ukraine Summit", "the NATO Summit": a state or a body, not a town
        if known is None:
            known = new_place(view, name, start)
        view.claim("summit named after its town", event.id, "held_in", known.id, 0.7, [span(event)])


# A dateline with a date and an agency: "Madrid, 9 July 1997 (RFE/RL) -", "NEW YORK, Sept 26 (KUNA) --"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    rf"^\s*(?P<place>(?:{UPPER}{LOWER}+|{UPPER}{{2,}})(?:\s+(?:{UPPER}{LOWER}+|{UPPER}{{2,}})){{0,2}}),\s+"
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})(?:,?\s+\d{{4}})?\s*(?:\([^()]{{1,30}}\))?\s*(?:--|—|–|-)\s"
)


@rule("dateline")
def dateline(view: SentenceView) -> None:
    """The town of a report's dateline ("Madrid, 9 July 1997 (RFE/RL) - …"): a place the text names,
    where the events its lead names with no place of their own were held (rule "event at the dateline")."""
    if view.index != 0 or view.ex.dateline is not None:
        return
    match = DATELINE.match(view.text)
    if match is None:
        return
    name = match.group("place")
    known = next((m for m in view.mentions if m.start == match.start("place")), None)
    if known is not None and view.ex.entity_type(known.id) != "place":
        return  # "ROMANIA, May 4 -": a state, not a town
    if known is None:
        if NOT_A_PLACE.match(name):
            return
        known = new_place(view, name, match.start("place"))
    view.ex.dateline = known.id


@rule("event at the dateline")
def dateline_event(view: SentenceView) -> None:
    """An event the lead of a datelined report names with no place of its own was held in the dateline's
    town ("OSTEND, Belgium -- … At a meeting with his counterparts, X …")."""
    if view.ex.dateline is None or view.index > 1:
        return
    placed = {c.subject for c in view.ex.proposal.claims if c.relation == "held_in"}
    for event in view.events:
        if event.how not in ("new", "verb") or event.id in placed or view.ex.is_operation(event.id):
            continue
        if hedged(view.text):
            continue  # a meeting to come may be elsewhere
        view.claim("event at the dateline", event.id, "held_in", view.ex.dateline, 0.7, [span(event)])


@rule("place in a place")
def place_in_place(view: SentenceView) -> None:
    """'at Lancaster House in London', 'at NATO Headquarters in Brussels': the first is in the second."""
    for inner in [m for m in view.of_type("place") if m.how != "coreference"]:
        if not re.search(r"\b(?:at|in)\s+(?:the\s+)?$", view.text[: inner.start]) or not re.match(
            r"\s+in\s", view.text[inner.end :]
        ):
            continue
        outer = place_after(view, inner.end, 2)
        if outer is not None and outer[0] != inner.id and not _placed_elsewhere(view, inner.id, outer[0]):
            view.claim("place in a place", inner.id, "located_in", outer[0], 0.7, [span(inner), outer[1]])


def _placed_elsewhere(view: SentenceView, inner: str, outer: str) -> bool:
    """Whether the dataset already places ``inner`` somewhere that is not ``outer`` nor inside it: "NATO
    headquarters in Kabul" is another headquarters than the dataset's, in Brussels."""
    G = view.ex.G
    if inner not in G:
        return False
    known = {v for _, v, d in G.out_edges(inner, data=True) if d.get("relation") == "located_in"}
    inside = {w for v in known for _, w, d in G.out_edges(v, data=True) if d.get("relation") == "located_in"}
    return bool(known) and outer not in known | inside


@rule("event in place")
def event_in_place(view: SentenceView) -> None:
    """Legacy: a known event followed by 'in (the) <state or place>' ('the ISAF operation in Afghanistan')."""
    for event in view.mentions:
        if view.ex.entity_type(event.id) != "event":
            continue
        following = [
            m
            for m in view.mentions
            if m.start > event.end and view.ex.entity_type(m.id) in ("state", "place")
        ]
        if following and re.match(
            r"\s+(?:operation\s+|mission\s+)?in\s+(?:the\s+)?$", view.text[event.end : following[0].start]
        ):
            view.claim(
                "event in place", event.id, "held_in", following[0].id, 0.7, [span(event), span(following[0])]
            )
