"""Rules about handovers: who succeeded whom, and who took up which office of a body, and when.

"Y succeeded X", "X is succeeded … by Y", "X handed over to Y as Chair of the Military
Committee" (both held the office: X until the date, Y from it), "Director General of the
International Military Staff … two years later".
"""

from __future__ import annotations

import re
from itertools import pairwise

from graph.ingest.base import Mention, rule, span
from graph.ingest.dates import DateMention, later_count, years_later
from graph.ingest.names import COMMAND_OF_ROLE, role_name
from graph.ingest.patterns import UPPER, hedged
from graph.ingest.sentence import SentenceView

# "X of Poland took over from Y", "X, the outgoing Chair, handed over to Y"
APPOSITION = rf"^(?:\s*,[^,;.]{{0,60}},|\s+of\s+(?:the\s+)?{UPPER}[\w]*(?:\s+{UPPER}[\w]*){{0,2}})?"
SUCCESSION = [
    (
        re.compile(
            APPOSITION + r"\s*,?\s*(?:who\s+)?(?:has\s+|had\s+|will\s+)?"
            r"(?:succeeded|succeeds|succeed|replaced|replaces|replace|took over from|takes over from"
            r"|will take over from|(?:taken|took|takes) the handover from)"
            r"\s+(?:the\s+)?(?:current\s+|outgoing\s+)?(?:[\w-]+\s+){0,4}?$",
            re.I,
        ),
        "new-old",
    ),
    (
        re.compile(r"^\s*(?:is|was|will be|has been)\s+succeeded\b.*\bby\s+(?:[\w-]+\s+){0,3}?$", re.I),
        "old-new",
    ),
    (  # "X assumed the duties of Deputy Commander from Y"
        re.compile(
            APPOSITION + r"\s*(?:has\s+|had\s+)?(?:assumed|took\s+over|took\s+up)\s+(?:the\s+)?"
            r"(?:duties|post|position|office|command)\b[^.;]{0,90}?\bfrom\s+(?:[\w-]+\s+){0,3}?$",
            re.I,
        ),
        "new-old",
    ),
    (
        re.compile(APPOSITION + r"\s*(?:has\s+|had\s+)?handed over\b.*?\bto\s+(?:[\w-]+\s+){0,3}?$", re.I),
        "old-new",
    ),
]


@rule("succession between two people")
def succession(view: SentenceView) -> None:
    """'Y succeeded X', 'X is succeeded … by Y', 'X handed over to Y' (Y is successor_of X)."""
    people = [p for p in view.people]
    for first, second in pairwise(people):
        between = view.text[first.end : second.start]
        for pattern, order in SUCCESSION:
            if pattern.search(between):
                new, old = (first, second) if order == "new-old" else (second, first)
                date = view.date_in_clause(second.start)
                view.claim(
                    "succession between two people",
                    new.id,
                    "successor_of",
                    old.id,
                    0.75,
                    [span(first), (first.end, second.start), span(second)],
                    start=date.value if date else None,
                    note=date.note if date else "",
                )
                handover_office(view, new, old, date)
                break
    for match in re.finditer(r"\bsuccessor (?:to|of)\s+", view.text):
        predecessor = next((p for p in people if p.start >= match.end() and p.start - match.end() < 40), None)
        successor = next((p for p in people if p.end <= match.start()), None)
        if predecessor and successor:
            view.claim(
                "succession between two people",
                successor.id,
                "successor_of",
                predecessor.id,
                0.7,
                [span(successor), match.span(), span(predecessor)],
            )
    for match in re.finditer(r"\bwhen\s+", view.text):
        leaving = next((p for p in people if p.start == match.end()), None)
        if leaving and re.match(
            r"['’]s?\s+(?:tenure|term|mandate)\s+(?:ends|expires|runs out)", view.text[leaving.end :]
        ):
            arriving = next((p for p in people if p.end <= match.start()), None)
            if arriving:
                date = view.date_near(match.start())
                view.claim(
                    "succession between two people",
                    arriving.id,
                    "successor_of",
                    leaving.id,
                    0.7,
                    [span(arriving), (match.start(), leaving.end + 20)],
                    start=date.value if date else None,
                )


def handover_office(view: SentenceView, new: Mention, old: Mention, date: DateMention | None) -> None:
    """'… as the Chairman of the NATO Military Committee' in a handover sentence: both held it."""
    match = re.search(
        r"\b(?:as|duties\s+of|post\s+of|position\s+of)\s+(?:the\s+)?(?:new\s+)?"
        r"(?P<role>Chair(?:man)?|Director General|Secretary General|Deputy Supreme Allied Commander \w+"
        r"|Supreme Allied Commander \w+|Commander|Head)\b",
        view.text,
    )
    if not match:
        return
    bodies = [
        m
        for m in view.mentions
        if view.ex.entity_type(m.id) in ("body", "alliance") and 0 <= m.start - match.end() < 40
    ]
    role = "Chair" if match.group("role").startswith("Chair") else match.group("role")
    nato_role = role == "Secretary General" or role.startswith(("Supreme Allied", "Deputy Supreme Allied"))
    command = next((node for office, node in COMMAND_OF_ROLE.items() if role.endswith(office)), None)
    body = (
        bodies[0].id
        if bodies
        else (view.ex.command(command) if command else "alliance:nato" if nato_role else None)
    )
    if body is None:
        return
    value = date.value if date else None
    spans = [match.span()] + ([span(bodies[0])] if bodies else [])
    view.claim(
        "office passes in a handover",
        new.id,
        "holds_office",
        body,
        0.75,
        [*spans, span(new)],
        start=value,
        role=role,
    )
    view.claim(
        "office passes in a handover",
        old.id,
        "holds_office",
        body,
        0.7,
        [*spans, span(old)],
        end=value,
        role=role,
    )


ASSUMED_COMMAND = re.compile(
    r"\b(?:assumed|assumes|has\s+assumed|took|takes|has\s+taken|took\s+over)\s+command\s+of\s+(?:the\s+)?"
)


@rule("assumed command")
def assumed_command(view: SentenceView) -> None:
    """'X assumed command of Allied Command Operations on 4 July': X took up the office of its commander."""
    for match in ASSUMED_COMMAND.finditer(view.text):
        body = next(
            (
                m
                for m in view.mentions
                if m.start == match.end() and view.ex.entity_type(m.id) in ("body", "alliance")
            ),
            None,
        )
        holder = next((p for p in reversed(view.people) if p.end <= match.start()), None)
        between = view.text[holder.end : match.start()] if holder else ""
        if body is None or holder is None or hedged(between) or re.search(r"[;:\"“]|\bwho\b", between):
            continue
        date = view.date_near(match.end())
        view.claim(
            "assumed command",
            holder.id,
            "holds_office",
            body.id,
            0.7,
            [span(holder), match.span(), span(body)],
            start=date.value if date and len(date.value) >= 7 else None,
            role="Commander",
            note=date.note if date else "",
        )


_NATO_OFFICE = (
    r"(?:the\s+)?(?:(?:new|next|incoming)\s+)?(?:NATO['’]s\s+|NATO\s+|the\s+Alliance['’]s\s+)?"
    r"(?P<role>Deputy Secretary[\s-]General|Assistant Secretary[\s-]General|Secretary[\s-]General"
    r"|Senior Civilian Representative)\b(?!\s+(?:for|to)\s)"
    r"(?!\s+of\s+(?!NATO\b|the\s+(?:North\s+Atlantic\s+)?(?:Treaty\s+Organi[sz]ation|Alliance)\b))"
)
APPOINTED_AS = re.compile(
    r"\b(?P<verb>appointed|named|elected|chosen|selected)\b(?:(?P<object>[^;:.]{0,80}?)\s+as\s+|\s+)"
    + _NATO_OFFICE
)
# "X took office as NATO Secretary General", "X succeeded Y as Secretary General": the subject holds it
TOOK_OFFICE_AS = re.compile(
    r"\b(?:(?:took\s+office|takes\s+office|took\s+over|takes\s+over|took\s+up\s+(?:his|her)\s+(?:post|duties)"
    r"|succeeded\s+[^;:.]{3,60}?)\s+as\s+|became\s+(?:as\s+)?)" + _NATO_OFFICE
)


@rule("appointed to a NATO office")
def appointed_as(view: SentenceView) -> None:
    """'Allies appointed X as the next Secretary General', 'X was named as Deputy Secretary General':
    an office of NATO itself (an office "of" another organisation is the office-of-body rule's)."""
    for match in APPOINTED_AS.finditer(view.text):
        objects = [p for p in view.people if match.start("object") <= p.start < match.end("object")]
        before = [p for p in view.people if p.end <= match.start()]
        passive = before and re.search(
            r"\b(?:was|has\s+been|had\s+been|is|will\s+be)\s+(?:\w+ly\s+)?$", view.text[: match.start()]
        )
        holder = objects[0] if objects else before[-1] if passive else None
        if (
            holder is None
            or hedged(view.text[holder.end : match.start("role")])
            or hedged(view.text[max(0, match.start() - 30) : match.start()])
        ):
            continue
        _holds_nato_office(view, holder, match)
    for match in TOOK_OFFICE_AS.finditer(view.text):
        before = [p for p in view.people if p.end <= match.start()]
        if not before:
            continue
        holder = before[-1]
        clause = view.text[holder.end : match.start()]
        if re.search(r"[;:]|\b(?:who|which|said|says|but|while)\b", clause) or hedged(clause):
            continue
        _holds_nato_office(view, holder, match)


def _holds_nato_office(view: SentenceView, holder: Mention, match: re.Match[str]) -> None:
    """``holder`` holds the NATO office ``match`` names (its group "role"), from the date nearest it."""
    date = view.date_near(match.end())
    view.claim(
        "appointed to a NATO office",
        holder.id,
        "holds_office",
        "alliance:nato",
        0.7,
        [span(holder), match.span()],
        start=date.value if date else None,
        role=role_name(match.group("role")),
        note=date.note if date else "",
    )


OFFICE = re.compile(
    r"\b(?P<office>Director General|Deputy Secretary General|Secretary General|Chair|Chairman"
    r"|Military Representative|representative|Commander|Chief of Defence)\b",
    re.IGNORECASE,
)
TAKING_OFFICE = re.compile(r"\b(took up|took over|assumed|became|was appointed|appointed)\b")


@rule("office of body")
def office_of_body(view: SentenceView) -> None:
    """Legacy pattern: an office title followed closely by a body ("Director General of the … Staff")."""
    bodies = [m for m in view.mentions if view.ex.entity_type(m.id) in ("body", "alliance")]
    later = years_later(view.text)
    if any(
        c.sentence == view.index and c.rule == "office passes in a handover" for c in view.ex.proposal.claims
    ):
        return
    for office in OFFICE.finditer(view.text):
        after = [
            m
            for m in bodies
            if 0 <= m.start - office.end() <= 60
            and m.how != "coreference"
            and re.fullmatch(OFFICE_TO_BODY, view.text[office.end() : m.start])
        ]
        holder = _office_holder(view, office, after[0]) if after else None
        if not after or not holder:
            continue
        role = office.group("office")
        role = "Chair" if role.lower() in ("chair", "chairman") else role[0].upper() + role[1:]
        start, note = _office_start(view, office.start(), later)
        if any(
            c.sentence == view.index
            and c.subject == holder
            and c.rule == "title names office"
            and c.object == after[0].id
            for c in view.ex.proposal.claims
        ):
            continue  # the title already gave this office (another one, "Prime Minister X as …", does not)
        spans = [(office.start(), after[0].end)]
        view.claim(
            "office of body",
            holder,
            "holds_office",
            after[0].id,
            0.75,
            spans,
            start=start,
            role=role,
            note=note,
        )
        if (
            role.lower().endswith("representative")
            and "European Union" in view.text
            and "body:eumc" in view.ex.G
        ):
            view.claim(
                "representative to the EU",
                holder,
                "holds_office",
                "body:eumc",
                0.6,
                [office.span()],
                start=start,
                role=role,
                note=note,
            )


# "Director General of the International Military Staff", "Military Representative to the NATO …"
OFFICE_TO_BODY = r"\s*,?\s*(?:(?:of|for|to|at|in)\s+(?:the\s+)?)?(?:NATO(?:['’]s)?\s+|Alliance['’]s\s+)?"
TAKES_THE_OFFICE = re.compile(
    r"\b(?:as|post of|position of|duties of|became|becomes|appointed|elected|named)\s+(?:the\s+)?"
    r"(?:(?:new|next|incoming|future)\s+)?"
    r"(?:NATO['’]s?\s+)?$"
)


def _office_holder(view: SentenceView, office: re.Match[str], body: Mention) -> str | None:
    """The person the office's phrase is attached to: 'X, Chair of the Committee', 'Chair of the
    Committee, X', 'Director General X', or the one named last before '… as the Chair', '… took up
    the post of Chair'. Another person in the same sentence never holds it."""
    before = [p for p in view.people if p.end <= office.start()]
    if before and TAKES_THE_OFFICE.search(view.text[max(0, office.start() - 40) : office.start()]):
        if hedged(view.text[before[-1].end : office.start()]):
            return None  # "X hopes to be appointed as the next …"
        return before[-1].id  # "Y took up the post of Chair", "… was appointed NATO's Director General"
    for person in view.people:
        if person.end <= office.start() and view.attached(person.end, office.start()):
            return person.id
        after_title = view.text[office.end() : person.start]
        after_body = view.text[body.end : person.start]
        if person.start >= office.end() and re.fullmatch(rf"\s+(?:{UPPER}[\w.'’-]*\s+)*", after_title):
            return person.id  # "Director General Hans-Werner Wiermann"
        if person.start >= body.end and re.fullmatch(rf",?\s+(?:{UPPER}[\w.'’-]*\s+)*", after_body):
            return person.id  # "Chair of the Military Committee, Admiral Rob Bauer"
    return None


def _office_start(view: SentenceView, position: int, later: re.Match[str] | None) -> tuple[str | None, str]:
    """When the office at ``position`` began: the day someone took it up, else :func:`year_for`."""
    start, note = year_for(view, position, later)
    days = [d for d in view.dates if len(d.value) >= 7]
    if days and TAKING_OFFICE.search(view.text):
        start, note = days[0].value, days[0].note
    return start, note


def year_for(view: SentenceView, position: int, later: re.Match[str] | None) -> tuple[str | None, str]:
    """The year an office began: the year in the sentence, or 'N years later' counted from the last one."""
    base = view.years[0] if view.years else view.ex.last_year
    if later and later.start() < position and base:
        gap = later_count(later.group(1))
        if gap:
            return str(base + gap), f"'{later.group(0)}' after {base} resolved to {base + gap}."
    return (str(base), "") if base and view.years else (None, "")
