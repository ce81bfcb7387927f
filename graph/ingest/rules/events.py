"""Rules about events: who hosted, attended, spoke at, was invited to or excluded from them, and more.

Events themselves (and their dates) are found by the sentence view before the rules run;
a rule here may add one more: a visit ("X welcomed President Y at NATO HQ") or an address
("Addressing an audience in Algiers on Nov. 25, X said").
"""

from __future__ import annotations

import re

from graph.ingest.base import EventMention, Mention, rule, span
from graph.ingest.dates import DateMention
from graph.ingest.names import slug
from graph.ingest.patterns import LOWER, TITLE_RUN, UPPER, hedged
from graph.ingest.rules.places import NOT_A_PLACE, new_place, place_after
from graph.ingest.sentence import SentenceView
from graph.model import Entity

SPEECH = re.compile(
    r"\b(said|says|added|highlighted|stressed|underlined|noted|told|affirmed|declared|reiterated|pointed out"
    r"|emphasi[sz]ed|spoke|speaking|speech|address(?:ed|ing)?|keynote|welcomed|thanked|acknowledged|hailed)\b"
)


@rule("person hosted event")
def hosted(view: SentenceView) -> None:
    """'X held/hosted/chaired/opened the meeting', 'the Military Committee held two meetings'."""
    verb = re.search(r"\b(held|hosted|chaired|convened|opened|Opening|welcomed|presided over)\b", view.text)
    if not verb or not (view.events or view.ex.main_event):
        return
    event = view.events[0].id if view.events else view.ex.main_event
    if any(
        e.end <= verb.start() and re.fullmatch(r",?\s*", view.text[e.end : verb.start()]) for e in view.events
    ) or re.match(r"\s+by\b", view.text[verb.end() :]):
        return  # "a summit held at the air base", "hosted by X": not what the person before did
    if re.search(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$", view.text[: verb.start()]):
        return  # "the meeting of the Commission was held in Brussels": nobody before it held it
    if re.match(
        r"\s+(?:the|his|her|their|that|this|a)?\s*(?:\w+\s+)?(?:post|office|position|job|role|command|seat|title"
        r"|rank|presidency|chairmanship|portfolio|talks)\b",
        view.text[verb.end() :],
    ) or re.search(r"\b(?:who|which)\s+(?:\w+\s+)?$", view.text[: verb.start()]):
        return  # "X, who held the post for two years, …": an office held, not an event
    hosts = [m for m in view.people if m.start < verb.start()] or [
        m for m in view.mentions if view.ex.entity_type(m.id) == "body" and m.start < verb.start()
    ]
    if verb.group(1) == "Opening":
        hosts = [m for m in view.people if m.start > verb.start()][:1]
    if verb.group(1) == "welcomed" and not view.events:
        return
    if hosts and event:
        host = hosts[0]
        view.claim("person hosted event", host.id, "hosted", event, 0.75, [span(host), verb.span()])


@rule("chaired a council")
def chaired_body(view: SentenceView) -> None:
    """'X chaired his first North Atlantic Council on 1 October': a meeting of the body that X hosted.

    Dated by the sentence, else by the article only when the sentence speaks of the present.
    """
    verb = re.search(
        r"\b(?:chaired|chairs|presided\s+over)\s+(?:his|her|its|their|the|a)?\s*(?:first\s+|last\s+)?",
        view.text,
    )
    body = next(
        (m for m in view.mentions if verb and m.start == verb.end() and view.ex.entity_type(m.id) == "body"),
        None,
    )
    chair = next((p for p in reversed(view.people) if verb and p.end <= verb.start()), None)
    if verb is None or body is None or chair is None or view.events:
        return
    date = view.date_near(body.end)
    value = date.value if date else None
    if value is None and view.present_or_deictic(body.start, body.end, ""):
        value = view.ex.published
    label = f"Meeting of the {view.ex.gazetteer.label(body.id) if body.id in view.ex.G else body.text}"
    node_id = f"event:{slug(label)}" + (f"-{value}" if value else "")
    node = view.ex.add_new(Entity(node_id, "event", label, (), "A meeting named in the text."))
    view.events.append(EventMention(node, body.start, body.end, "meeting", "new"))
    view.ex.main_event = view.ex.main_event or node
    view.ex.last_event = node
    if value:
        view.ex.event_dates.setdefault(node, value)
        note = (
            date.note if date else "No date in the sentence, which speaks of the present: the article's date."
        )
        spans = [(date.start, date.end), span(body)] if date else [span(body)]
        view.claim("event date", node, "date", value, 0.7, spans, note=note)
    view.claim("chaired a council", chair.id, "hosted", node, 0.7, [span(chair), verb.span(), span(body)])


@rule("welcomed a visitor")
def visit(view: SentenceView) -> None:
    """'X welcomed President Y of Colombia at NATO HQ' (with a date): a visit Y attended and X hosted;
    'X visited Kyiv on 20 April 2023' (claims named "visited a place")."""
    match = re.search(r"\bwelcomed\b", view.text)
    visited = re.search(r"\b(?:visited|paid\s+(?:a|an)\s+(?:\w+\s+)?visit\s+to)\s+", view.text)
    if not match and visited and not view.events:
        _visited(view, visited)
        return
    if not match or view.events:
        return
    hosts = [p for p in view.people if p.end <= match.start()]
    guests = [p for p in view.people if p.start >= match.end() and p.start - match.end() < 60]
    place = place_after(view, match.end(), 120) or (
        ("place:nato-hq", span(next(m for m in view.mentions if m.id == "place:nato-hq")))
        if any(m.id == "place:nato-hq" for m in view.mentions)
        else None
    )
    date = view.dates[0] if view.dates else None
    if not hosts or not guests or not date:
        return
    node = _visit_event(view, guests[0], date, match)
    view.claim("welcomed a visitor", hosts[-1].id, "hosted", node, 0.7, [span(hosts[-1]), match.span()])
    view.claim("welcomed a visitor", guests[0].id, "attended", node, 0.7, [match.span(), span(guests[0])])
    if place:
        view.claim("welcomed a visitor", node, "held_in", place[0], 0.7, [match.span(), place[1]])


def _visit_event(view: SentenceView, guest: Mention, date: DateMention, verb: re.Match[str]) -> str:
    """A new event, the visit of ``guest`` on ``date`` named by ``verb``: this sentence's event, and
    the article's if it had none."""
    surname = slug(view.ex.label(guest.id).split()[-1]) if guest.id in view.ex.G else guest.id.split(":")[1]
    node = view.ex.add_new(
        Entity(
            f"event:visit-{surname}-{date.value}",
            "event",
            f"Visit of {guest.text} ({date.value})",
            (),
            "A visit named in the text.",
        )
    )
    view.claim("event date", node, "date", date.value, 0.7, [(date.start, date.end)], note=date.note)
    view.events.append(EventMention(node, verb.start(), verb.end(), "visit", "new"))
    view.ex.main_event = view.ex.main_event or node
    view.ex.last_event = node
    return node


def _visited(view: SentenceView, verb: re.Match[str]) -> None:
    """'Finnish President X visited NATO Headquarters on 14 March 2023': a visit X attended, held where
    X went (a place or a state named right after the verb) on the sentence's date."""
    before = [p for p in view.people if p.end <= verb.start()]
    place = next(
        (
            m
            for m in view.mentions
            if m.start == verb.end() + (4 if view.text.startswith("the ", verb.end()) else 0)
            and view.ex.entity_type(m.id) in ("place", "state")
            and m.how not in ("demonym", "coreference")
        ),
        None,
    )
    if place is None and not any(m.start == verb.end() for m in view.mentions):
        town = re.match(rf"{UPPER}{LOWER}+(?:\s+{UPPER}{LOWER}+)?(?![\w-])", view.text[verb.end() :])
        if town and not NOT_A_PLACE.match(town.group(0)):  # "visited Kyiv": a town the dataset lacks
            place = new_place(view, town.group(0), verb.end())
    date = view.date_near(verb.end())
    if not before or place is None or date is None or len(date.value) < 10:
        return
    visitor = before[-1]
    clause = view.text[visitor.end : verb.start()]
    if re.search(r"[;:]|\b(?:who|which|said|says|but|while|will|would|plans?|to)\b", clause):
        return
    node = _visit_event(view, visitor, date, verb)
    view.claim("visited a place", visitor.id, "attended", node, 0.7, [span(visitor), verb.span()])
    view.claim("visited a place", node, "held_in", place.id, 0.7, [verb.span(), span(place)])


# "A and B (have) signed a charter in Madrid", "X signed the agreement at NATO Headquarters on 5 May"
SIGNED_AT = re.compile(
    r"\b(?P<tense>(?:has|have|had)\s+)?signed\s+(?:a|an|the)\s+(?P<document>(?:[\w'’-]+\s+){0,6}?)"
    r"(?=(?:in|at)\s+)"
)


@rule("signing at a place")
def signing(view: SentenceView) -> None:
    """'NATO leaders and Ukrainian President X have signed a charter in Madrid': a signing, held there,
    that the people and states who signed attended. Dated by its own clause, or by the article's date
    when the verb speaks of the present ("have signed"); a past signing with no date is not an event."""
    match = SIGNED_AT.search(view.text)
    if match is None or view.events or hedged(view.text[: match.start()]):
        return
    found = place_after(view, match.end(), 3)
    if found is None:
        return
    date = view.date_in_clause(match.end())
    value = date.value if date else None
    note = date.note if date else ""
    if value is None and match.group("tense") and match.group("tense").startswith("ha") and view.ex.published:
        value = view.ex.published
        note = "No date in the sentence, which speaks of the present: the article's date."
    signers = [
        m
        for m in view.mentions
        if m.end <= match.start()
        and view.ex.entity_type(m.id) in ("person", "state")
        and m.how not in ("demonym", "coreference")
    ]
    if value is None:
        return
    document = match.group("document").strip()
    node = view.ex.add_new(
        Entity(
            f"event:signing-{value}",
            "event",
            f"Signing of the {document} ({value})" if document else f"Signing ({value})",
            (),
            "A signing named in the text.",
        )
    )
    view.claim("event date", node, "date", value, 0.7, [match.span()], note=note)
    view.events.append(EventMention(node, match.start(), match.end(), "ceremony", "new"))
    view.ex.events_by_kind.setdefault("ceremony", node)
    view.ex.last_event = node
    view.ex.main_event = view.ex.main_event or node
    view.claim("signing at a place", node, "held_in", found[0], 0.7, [match.span(), found[1]])
    for signer in view.enumeration(signers[-1]) if signers else []:
        view.claim("signing at a place", signer.id, "attended", node, 0.7, [span(signer), match.span()])


@rule("spoke at event")
def spoke(view: SentenceView) -> None:
    """A person who said, told, addressed … in a sentence that names the event ('said at the ceremony')."""
    if not view.events:
        return
    for speech in SPEECH.finditer(view.text):
        if speech.group(1) in ("welcomed", "thanked"):
            continue
        near = [p for p in view.people if abs(p.start - speech.start()) < 100]
        opening = next((view.subject_after_opening(e) for e in view.events if e.start > speech.end()), None)
        if opening is not None and speech.start() < 20:
            near = [opening]  # "In a speech during the event, held …, X affirmed": the opening's subject
        if not near:
            continue
        speaker = min(near, key=lambda p: abs(p.start - speech.start()))
        for event in view.events:
            if speech.end() <= event.start:
                between = view.text[speech.end() : event.start]
                # "spoke to reporters after today's meeting": said apart from it, not at it
                linked = (
                    event.start - speech.end() < 60
                    and re.search(LINK_AFTER, between) is not None
                    and not re.search(r"\b(?:after|following|ahead\s+of|since)\b", between)
                )
            else:
                linked = (
                    speech.start() - event.end < 90
                    and re.search(LINK_BEFORE, view.text[: event.start]) is not None
                )
            if linked:
                view.claim(
                    "spoke at event",
                    speaker.id,
                    "spoke_at",
                    event.id,
                    0.7,
                    [span(speaker), speech.span(), span(event)],
                )
                return


# "said at the ceremony", "told the meeting", "speaking to"; "In a speech during the event, X said"
LINK_AFTER = (
    r"^\s*(?:\w+\s+){0,2}?(?:at|to|during|before|told|in|addressed)?\s*(?:the|a|an|this|today['’]s)?\s*"
    r"(?:[\w'’-]+\s+){0,3}$"
)
LINK_BEFORE = (
    r"\b(?:[Ii]n a speech (?:during|at)|[Dd]uring|[Aa]t|[Ss]peaking (?:to|at)|[Aa]ddressing|Opening|Closing)"
    r"\s+"
    r"(?:the\s+|a\s+|an\s+|this\s+)?(?:[\w'’-]+\s+){0,3}$"
)


@rule("keynote at the event")
def keynote(view: SentenceView) -> None:
    """'During her keynote address, X highlighted …': X spoke at the event the article is about."""
    match = re.search(
        r"\b(?:During|In)\s+(?:his|her|their)\s+(?:keynote\s+|opening\s+|closing\s+)?(?:address|speech|remarks)\b",
        view.text,
    )
    # "In his address" is the address the article described, if it did; else the article's event
    event = view.ex.events_by_kind.get("address") or view.ex.main_event or view.ex.last_event
    if match and event and view.people and not view.events:
        speaker = min(view.people, key=lambda p: abs(p.start - match.end()))
        view.claim("keynote at the event", speaker.id, "spoke_at", event, 0.65, [match.span(), span(speaker)])


_REMARKS_AT = re.compile(
    r"\b(?:in|during)\s+(?:his|her|their)\s+(?:(?:opening|closing|introductory|welcoming|keynote|brief)\s+)?"
    r"(?:remarks|speech|address|statement|intervention)\s+(?:at|to|during|before)\s+$"
)


@rule("remarks at the event")
def remarks_at(view: SentenceView) -> None:
    """'…, said X in his opening remarks at the event', 'X stressed in her speech to the meeting that …':
    the person named last before the phrase spoke at the event right after it."""
    for event in view.events:
        phrase = _REMARKS_AT.search(view.text[: event.start])
        if phrase is None or view.ex.entity_type(event.id) != "event":
            continue
        before = [p for p in view.people if p.end <= phrase.start()]
        if before and not re.search(
            r"[;:]|\b(?:who|which|while|but)\b", view.text[before[-1].end : phrase.start()]
        ):
            speaker = before[-1]
            view.claim(
                "remarks at the event",
                speaker.id,
                "spoke_at",
                event.id,
                0.7,
                [span(speaker), phrase.span(), span(event)],
            )


# "Opening the first meeting, the Chair …, Admiral X welcomed …": a sentence that opens with what the
# person did at the event
_OPENING_THE_EVENT = re.compile(
    r"\s*(?:(?P<hosting>Chairing|Hosting)|Opening|Closing|Addressing|Concluding|Wrapping\s+up)\s+"
    r"(?:the\s+|this\s+|today['’]s\s+|a\s+|an\s+)?(?:\w+\s+){0,2}?$"
)


@rule("opened the event")
def opened_event(view: SentenceView) -> None:
    """'Opening the first meeting, the Chair of the Military Committee, Admiral X welcomed …' (X spoke
    at it; "Chairing the meeting, X …": X hosted it): the first person after the opening's comma
    whose words since that comma are only a title."""
    for event in view.events:
        opening = _OPENING_THE_EVENT.fullmatch(view.text, 0, event.start)
        if opening is None or view.ex.entity_type(event.id) != "event":
            continue
        comma = view.text.find(",", event.end)
        if comma < 0 or comma - event.end > 60:
            continue
        speaker = next(
            (
                p
                for p in view.people
                if p.start > comma
                and re.fullmatch(TITLE_RUN, view.text[view.text.rfind(",", comma, p.start) + 1 : p.start])
            ),
            None,
        )
        if speaker is None:
            continue
        relation = "hosted" if opening.group("hosting") else "spoke_at"
        view.claim("opened the event", speaker.id, relation, event.id, 0.7, [opening.span(), span(speaker)])
        return


@rule("speech with a date and place")
def dated_speech(view: SentenceView) -> None:
    """'Addressing an audience in Algiers on Nov. 25, X said': the address is an event X spoke at."""
    match = re.search(
        r"\b(?:Addressing|addressing|addressed|In a speech|in a speech|gave a speech|delivered a speech)\b",
        view.text,
    )
    if not match or view.events or not view.dates or not view.people:
        return
    place = place_after(view, match.end(), 60)
    date = view.date_near(match.end())
    speaker = min(view.people, key=lambda p: abs(p.start - match.start()))
    if date is None or place is None:
        return
    name = view.ex.gazetteer.label(speaker.id) if speaker.id in view.ex.G else speaker.text
    label = f"Address by {name} ({date.value})"
    node = view.ex.add_new(
        Entity(
            f"event:address-{speaker.id.split(':')[1]}-{date.value}",
            "event",
            label,
            (),
            "An address named in the text.",
        )
    )
    view.ex.event_dates.setdefault(node, date.value)
    view.ex.last_event = node
    view.ex.events_by_kind["address"] = node
    view.events.append(EventMention(node, match.start(), match.end(), "address", "new"))
    view.claim(
        "event date", node, "date", date.value, 0.7, [(date.start, date.end), match.span()], note=date.note
    )
    view.claim(
        "speech with a date and place", speaker.id, "spoke_at", node, 0.7, [match.span(), span(speaker)]
    )
    view.claim("speech with a date and place", node, "held_in", place[0], 0.7, [match.span(), place[1]])


def _attending_subject(view: SentenceView, verb: int) -> Mention | None:
    """The person or state named last before the verb, unless it is a title's complement ("the
    Special Representative for Afghanistan X attended": not Afghanistan)."""
    subject = next(
        (
            m
            for m in reversed(view.mentions)
            if m.end <= verb and view.ex.entity_type(m.id) in ("person", "state")
        ),
        None,
    )
    if subject is not None and re.search(r"\b(?:for|to)\s+(?:the\s+)?$", view.text[: subject.start]):
        return None
    return subject


@rule("person attended")
def attended(view: SentenceView) -> None:
    """'X joined a meeting', 'attended by …', 'with the participation of X', 'representatives of A, B'."""
    if not view.events:
        return
    event = view.events[0].id
    for match in re.finditer(
        r"\b(?:attended|took part in|participated in|joined|began|conducted|staged"
        r"|(?:was|were) (?:on hand|present) (?:for|at))\b",
        view.text,
    ):
        subject = _attending_subject(view, match.start())
        later = [
            e
            for e in view.events
            if 0 <= e.start - match.end() < 60
            and not re.search(r"[;:]|\b(?:which|who|that|where)\b", view.text[match.end() : e.start])
        ]  # not "joined the initiative, which was launched at the summit"
        if subject and later and not hedged(view.text[subject.end : match.start()]):
            # "Minister X of Sweden attended": the person whose own state that is attended too
            for attendee in view.enumeration(subject) + view.own_person(subject):
                view.claim(
                    "person attended",
                    attendee.id,
                    "attended",
                    later[0].id,
                    0.7,
                    [span(attendee), match.span()],
                )
    for match in re.finditer(
        r"\b(?:attended by|with the participation of|in the presence of|[Rr]epresentatives of"
        r"|[Mm]inisters (?:from|of)|[Ll]eaders (?:from|of)|[Cc]hiefs of [Dd]efen[cs]e (?:from|of)"
        r"|[Cc]ounterparts from|[Dd]elegations from|[Oo]fficials from)\b",
        view.text,
    ):
        delegates = re.match(r"(?i:ministers of|leaders|chiefs)", match.group(0))
        after = [
            m
            for m in view.mentions
            if m.start >= match.end()
            and m.start - match.end() < (6 if delegates else 90)
            and view.ex.entity_type(m.id) in (("state",) if delegates else ("person", "state"))
            and (delegates or m.how != "demonym")  # "attended by Georgian Prime Minister X": X
        ]  # "Leaders of Estonia and Latvia": the states that sent them, named next
        if not after:
            continue
        for attendee in view.enumeration(after[0]):
            if attendee.id == view.subject_person and match.group(0) == "welcomed":
                continue
            view.claim("person attended", attendee.id, "attended", event, 0.7, [match.span(), span(attendee)])
        for mention in after[1:]:
            if (
                mention not in view.enumeration(after[0])
                and re.fullmatch(r"[\s,]*(?:and\s+)?", view.text[after[0].end : mention.start]) is None
            ):
                break


@rule("meeting reviews summit")
def reviews(view: SentenceView) -> None:
    main = view.ex.main_event
    summits = [e.id for e in view.events if e.id != main]
    if (
        main
        and summits
        and re.search(r"\b(evaluat\w*|review\w*|assess\w*|results of|follow\w* up)\b", view.text)
    ):
        view.claim("meeting reviews summit", main, "reviews", summits[0], 0.75, [(0, len(view.text))])


@rule("meeting discussed document")
def discussed(view: SentenceView) -> None:
    main = view.ex.main_event
    publications = view.of_type("publication")
    if (
        main
        and publications
        and re.search(r"\b(analy[sz]ed|discussed|examined|attention to|debated)\b", view.text)
    ):
        view.claim(
            "meeting discussed document", main, "discussed", publications[0].id, 0.75, [span(publications[0])]
        )
    summits = [e.id for e in view.events if e.id != main]
    for publication in publications:
        if summits and re.search(r"\b(adopted|agreed|endorsed)\b", view.text):
            view.claim("agreed at summit", publication.id, "adopted_at", summits[0], 0.7, [span(publication)])


@rule("established at summit")
def established_at(view: SentenceView) -> None:
    """'The DCB Initiative, established at the 2014 Wales Summit' (adopted_at)."""
    for match in re.finditer(
        r"\b(?:[Ee]stablished|[Ll]aunched|[Cc]reated|[Ss]et up|[Aa]dopted|agreed)\s+at\s+", view.text
    ):
        event = next((e for e in view.events if 0 <= e.start - match.end() < 20), None)
        opening = re.match(r"\s*(?:Launched|Established|Created|Set up|Adopted)\b", view.text[: match.end()])
        if opening and event:  # "Launched at the Istanbul Summit in 2004, the Initiative aims …"
            after = re.match(r"[^,]{0,40},\s*", view.text[event.end :])
            founded = next(
                (
                    m
                    for m in view.mentions
                    if after
                    and m.start <= event.end + after.end() + 4 <= m.end + 4
                    and view.ex.entity_type(m.id) in ("framework", "body", "publication")
                ),
                None,
            )
            if founded:
                view.claim(
                    "established at summit",
                    founded.id,
                    "adopted_at",
                    event.id,
                    0.7,
                    [match.span(), span(event), span(founded)],
                )
            continue
        subject = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= match.start()
                and view.ex.entity_type(m.id) in ("framework", "body", "publication")
            ),
            None,
        )
        event = next((e for e in view.events if 0 <= e.start - match.end() < 20), None)
        if subject and event:
            view.claim(
                "established at summit",
                subject.id,
                "adopted_at",
                event.id,
                0.7,
                [span(subject), match.span(), span(event)],
            )


@rule("contributor to mission")
def contributor(view: SentenceView) -> None:
    """'Australia is one of the largest non-NATO contributors to the ISAF operation'."""
    match = re.search(r"\bcontribut(?:or|ors|ed|es|ing)\s+(?:troops\s+)?to\s+(?:the\s+)?", view.text)
    if not match:
        return
    event = next(
        (
            m
            for m in view.mentions
            if view.ex.entity_type(m.id) == "event" and 0 <= m.start - match.end() < 10
        ),
        None,
    )
    subject = next((m for m in view.states if m.end <= match.start()), None)
    if event and subject:
        view.claim(
            "contributor to mission",
            subject.id,
            "contributed_to",
            event.id,
            0.7,
            [span(subject), match.span(), span(event)],
        )


@rule("NATO led")
def nato_led(view: SentenceView) -> None:
    if "alliance:nato" in {m.id for m in view.mentions} and re.search(
        r"\b(led|commanded|NATO-led)\b", view.text
    ):
        for event in view.events:
            if event.id != view.ex.main_event and event.how == "known":
                view.claim("NATO led", event.id, "led_by", "alliance:nato", 0.7, [span(event)])


@rule("exception/excluded")
def excluded(view: SentenceView) -> None:
    exception = re.search(
        r"(with the exception of|except|excluded|excluding|not invited|\bbut\b(?=.*\bwere not\b))",
        view.text,
        re.IGNORECASE,
    )
    if not exception or not view.states:
        return
    named = next((e.id for e in view.events if 0 <= e.start - exception.end() <= 12), None)
    target = named or view.ex.main_event or (view.events[0].id if view.events else None)
    passive = re.search(
        r"\b(?:was|were|had\s+been|have\s+been|has\s+been)\s+$", view.text[: exception.start()]
    )
    before = [m for m in view.states if m.end <= exception.start() and m.how != "demonym"]
    excluded_before = view.enumeration(before[-1]) if passive and before else []
    for state in view.states:
        if (
            state.start > exception.start()
            or state in excluded_before
            or re.search(r"\bExcluded\b|\bnot invited\b", view.text)
        ):
            if state.how in ("demonym",):
                continue
            view.claim(
                "exception/excluded", state.id, "excluded_from", target, 0.8, [span(state), exception.span()]
            )


@rule("invited to event")
def invited(view: SentenceView) -> None:
    """'A and B were invited to the Riga summit' (the event named after 'invited to', else the
    article's), 'leaders invited A to join the Membership Action Plan' (the framework or alliance)."""
    verb = re.search(r"\binvited\b", view.text)
    if not verb or re.search(r"\bnot invited\b", view.text) or hedged(view.text[: verb.start()][-40:]):
        return
    join = re.search(
        r"\bto\s+(?:join|become\s+(?:a\s+)?(?:member|part)\s+of)\s+(?:the\s+)?", view.text[verb.end() :]
    )
    if join:
        _invited_to_join(view, verb, verb.end() + join.end())
        return
    talks = re.search(r"\bto\s+(?:begin|start|open)\s+accession\s+talks\b", view.text[verb.end() :])
    if talks:  # "Allies invited Albania and Croatia to begin accession talks": invited to join the Alliance
        _invited_to_join(view, verb, verb.end() + talks.start(), accession_talks=True)
        return
    named = next(
        (
            e.id
            for e in view.events
            if e.start >= verb.end() and re.fullmatch(INVITED_TO, view.text[verb.end() : e.start])
        ),
        None,
    )
    target = named or view.ex.main_event or (view.events[0].id if view.events else None)
    if not target:
        return
    exception = re.search(
        r"(with the exception of|except|excluded|excluding|\bbut\b)", view.text, re.IGNORECASE
    )
    cut = exception.start() if exception else len(view.text)
    for framework in view.frameworks:
        if framework.start < cut:
            view.claim(
                "partners of framework invited", framework.id, "invited_to", target, 0.75, [span(framework)]
            )
    for state in view.states:
        if state.start < cut and state.how != "demonym":
            view.claim("state invited", state.id, "invited_to", target, 0.7, [span(state)])


# "invited to the summit", "invited Albania and Croatia to attend the Bucharest Summit"
INVITED_TO = r"(?:\s+[\w,'’ ]{0,60}?)?\s+to\s+(?:attend\s+|take\s+part\s+in\s+|participate\s+in\s+)?"


def _invited_to_join(
    view: SentenceView, verb: re.Match[str], target_start: int, accession_talks: bool = False
) -> None:
    """The states invited (named between 'invited' and 'to join', or before 'were invited') and what to
    (accession talks are talks to join the Alliance: the alliance the sentence names, else NATO)."""
    target = next(
        (
            m
            for m in view.mentions
            if target_start - 4 <= m.start <= target_start + 4
            and view.ex.entity_type(m.id) in ("framework", "alliance")
        ),
        None,
    )
    if target is None and accession_talks:
        alliance = next((m for m in view.mentions if view.ex.entity_type(m.id) == "alliance"), None)
        if alliance is not None:
            target = alliance
        elif "alliance:nato" in view.ex.G:
            target = Mention("alliance:nato", verb.start(), verb.end(), verb.group(0), "reference")
    if target is None:
        return
    inside = [s for s in view.states if verb.end() <= s.start < target_start and s.how != "demonym"]
    before = [s for s in view.states if s.end <= verb.start() and s.how != "demonym"]
    if inside:
        invitees = view.enumeration(inside[0])
    elif before and re.search(r"\b(?:was|were|has\s+been|have\s+been)\s+$", view.text[: verb.start()]):
        invitees = view.enumeration(before[-1])
    else:
        return
    for state in invitees:
        view.claim(
            "state invited", state.id, "invited_to", target.id, 0.7, [span(state), verb.span(), span(target)]
        )
