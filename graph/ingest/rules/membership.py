"""Rules about memberships and frameworks: who joined, acceded to, was listed in or suspended from what.

"Malta joined the PfP in April 1995", "the accession of A, B and C to the PfP", "the ICI
countries – A, B and C", "NATO lists A, B and C as partners across the globe", "one of the
twelve founding members", cooperation suspended.
"""

from __future__ import annotations

import re

from graph.ingest.base import Mention, Span, rule, span
from graph.ingest.dates import find_dates
from graph.ingest.names import slug
from graph.ingest.patterns import hedged
from graph.ingest.sentence import SentenceView
from graph.model import Entity

JOIN = re.compile(
    r"\b(?:joined|joins|join|joining|acceded|accede|signed\s+up|sign\s+up|signing\s+up|enrolled|enrols"
    r"|take\s+up|took\s+up|taken\s+up|signed(?=\s+the\s+[\w\s]{0,40}Framework\s+(?:Document|Agreement))"
    r"|became|become|becomes|has\s+become|have\s+joined|has\s+joined)\b",
    re.IGNORECASE,
)
ACCESSION = re.compile(
    r"\b(?:accession|return|participation|entry|membership|re-?admission)\s+(?:of\s+)?",
    re.IGNORECASE,
)


# What a state may accede to besides an alliance: "NATO's Partnership for Peace programme".
FRAMEWORK_HEAD = re.compile(
    r"(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:for|of|and|on)\s+)?){0,5}"
    r"(?:Programme|Program|Partnership|Council|Initiative|Dialogue|Plan|Process))\b"
)


def acceded_to(view: SentenceView, target: Mention) -> Mention | None:
    """What a state joins or accedes to at ``target``: the alliance itself, or the framework it names.

    "NATO's Partnership for Peace" and "the Alliance's partnership programme" are not the
    Alliance: the framework is returned when the text names one (a new candidate when the
    dataset lacks it), else nothing, so that no membership of the alliance is proposed.
    """
    if view.ex.entity_type(target.id) != "alliance":
        return target
    rest = view.text[target.end :]
    possessive = re.match(r"['’]s?\s+", rest)
    start = target.end + (possessive.end() if possessive else 0)
    following = next((m for m in view.mentions if start <= m.start <= start + 4), None)
    if following is not None and view.ex.entity_type(following.id) in ("framework", "body"):
        return following if view.ex.entity_type(following.id) == "framework" else None
    named = FRAMEWORK_HEAD.match(view.text, start)
    if named is None or len(named.group("name").split()) < 2:
        if re.match(
            r"(?:['’]s?)?\s*(?:[\w-]+\s+){0,2}?(?:programme|program|partnership|council|initiative|dialogue)\b",
            rest,
            re.I,
        ):
            return None  # "the Alliance's partnership programme": a framework, but which?
        return target  # the alliance itself: "NATO", "NATO's 30th member"
    name = named.group("name")
    node = view.ex.add_new(
        Entity(f"framework:{slug(name)}", "framework", name, (), "A framework named in the text.")
    )
    return Mention(node, named.start("name"), named.end("name"), name, "new")


def _subjects_before(view: SentenceView, position: int) -> list[Mention]:
    """The state (and the states listed with it) nearest before ``position`` in the same clause."""
    before = [m for m in view.states if m.end <= position]
    if not before:
        return []
    nearest = before[-1]
    between = view.text[nearest.end : position]
    own_clause = re.fullmatch(r"\s*,\s*(?:which|that)\s+(?:has\s+|had\s+)?(?:\w+ly\s+)?", between)
    if (
        re.search(r"[;:]|\bbut\b|\bwhich\b|\bwho\b", between)
        and not re.search(r"\bwhich saw\b", between)
        and not own_clause  # "Slovenia, which joined NATO in 2004": the clause is the state's own
    ):
        return []
    return view.enumeration(nearest)


def claim_each(
    view: SentenceView,
    name: str,
    subjects: list[Mention],
    relation: str,
    target: Mention,
    verb: Span,
    confidence: float,
) -> None:
    """One claim per listed subject, dated by the date nearest the verb in its own clause."""
    date = view.date_in_clause(verb[1])
    for subject in subjects:
        view.claim(
            name,
            subject.id,
            relation,
            target.id,
            confidence,
            [span(subject), verb, span(target)],
            start=date.value if date else None,
            note=date.note if date else "",
        )


@rule("state joins framework or alliance")
def joins(view: SentenceView) -> None:
    """'Malta joined the PfP in April 1995', 'X officially became the 29th member of NATO on Monday'."""
    targets = [m for m in view.mentions if view.ex.entity_type(m.id) in ("framework", "alliance")]
    for verb in JOIN.finditer(view.text):
        after = [t for t in targets if 0 <= t.start - verb.end() <= 70]
        if not after:
            continue
        if re.match(r"take|took|taken", verb.group(0), re.I):
            after = [t for t in after if view.ex.entity_type(t.id) == "framework"]  # "taken up by NATO's …"
            if not after:
                continue
        if any(
            verb.end() <= m.start < after[0].start and m.how != "coreference"
            for m in view.people + view.states
        ):
            continue  # "X joined President Y and the leaders of NATO's members": not NATO joined
        acceded = acceded_to(view, after[0])  # "NATO's Partnership for Peace": the framework
        if acceded is None:
            continue
        target = acceded
        phrase = view.text[verb.end() : target.end]
        tail = phrase + view.text[target.end : target.end + 30]
        if verb.group(0).lower().startswith("bec") and not re.search(
            r"\b(member|ally|partner|participant|part)\b", tail, re.I
        ):
            continue
        subjects = _subjects_before(view, verb.start())
        if not subjects:
            continue
        between = view.text[subjects[-1].end : verb.start()]
        if hedged(between):
            continue
        if re.match(r"(?i:becomes|joins|accedes)\b", verb.group(0)) and re.search(
            r"(?i:\b(?:after|once|until|before|when|if|unless)\s+(?:[\w'’-]+\s+){0,3})$",
            view.text[: subjects[0].start],
        ):
            continue  # "… will cooperate after North Macedonia becomes NATO's 30th member": not yet
        if re.search(r"\bto\s+$", between) and not re.search(
            r"\bthe (?:first|second|third|\w+th)\b", between
        ):
            continue  # "invited … to join", "anxious to join"; but "the first … country to sign up"
        kind = view.ex.entity_type(target.id)
        relation = "member_of" if kind == "alliance" else "partner_in"
        if kind == "alliance" and re.search(r"\bpartner\b", tail, re.I):
            relation = "partner_in"
            if "framework:patg" in view.ex.G and re.search(
                r"global partner|partners? across", view.text, re.I
            ):
                target = Mention("framework:patg", target.start, target.end, target.text, "reference")
            else:
                continue
        claim_each(view, "state joins framework or alliance", subjects, relation, target, verb.span(), 0.75)


# Words of a membership still to come, sought or stopped: an accession or membership noun in such a
# sentence is not a membership.
NOT_YET_A_MEMBER = re.compile(
    r"\b(?:bids?|aspir\w*|prospects?|path|road|towards|future|talks|agenda|discuss\w*|debat\w*|block\w*"
    r"|delay\w*|veto\w*|oppos\w*|support\w*|ratif\w*|protocols?|appl(?:y|ied|ication)|candida\w*|invit\w*"
    r"|remains?|distant|eventual\w*|process|request\w*|seek\w*|sought|approv\w*|endors\w*|consent\w*"
    r"|green\s+light)\b",
    re.IGNORECASE,
)


@rule("accession of states to a framework")
def accession(view: SentenceView) -> None:
    """'the accession of A, B and C to the PfP', 'Malta's return to the PfP', 'Malta's participation in'."""
    targets = [m for m in view.mentions if view.ex.entity_type(m.id) in ("framework", "alliance")]
    for noun in ACCESSION.finditer(view.text):
        states = [m for m in view.states if 0 <= m.start - noun.end() <= 5]
        possessive = [
            m
            for m in view.states
            if 0 <= noun.start() - m.end <= 12
            and re.match(r"['’]s?\s+(?:new\s+|full\s+)?$", view.text[m.end : noun.start()])
        ]
        subjects = view.enumeration(states[0]) if states else possessive
        if not subjects:
            continue
        after = [
            t
            for t in targets
            if (
                0 <= t.start - subjects[-1].end <= 40
                and re.match(
                    r"\s*(?:to|in|into|of|with)\s+(?:the\s+|NATO['’]s\s+)?$",
                    view.text[max(subjects[-1].end, noun.end()) : t.start],
                )
            )
            or (
                0 <= t.start - noun.end() <= 30
                and re.match(r"(?:to|in|into)\s+(?:the\s+)?$", view.text[noun.end() : t.start])
            )
        ]
        if not after or re.search(
            r"\b(?:will|would|could|may|might|shall|hopes?|hoped|expect\w*)\b", view.text[: noun.start()]
        ):
            continue
        acceded = acceded_to(view, after[0])
        if acceded is None:
            continue
        target = acceded
        relation = "member_of" if view.ex.entity_type(target.id) == "alliance" else "partner_in"
        if relation == "member_of" and re.search(
            r"\bpartners?\b", view.text[target.end : target.end + 40], re.I
        ):
            continue  # "the entry of Colombia into NATO in the category of global partner"
        if relation == "member_of" and (hedged(view.text) or NOT_YET_A_MEMBER.search(view.text)):
            continue  # "Ukraine's membership in NATO is not on the agenda", "… was blocked by …"
        claim_each(view, "accession of states to a framework", subjects, relation, target, noun.span(), 0.7)


@rule("framework lists its members")
def framework_lists(view: SentenceView) -> None:
    """'… the region: Algeria, Egypt …' after the framework (or 'It'), 'the ICI countries – A, B'."""
    for framework in view.frameworks:
        rest = view.text[framework.end :]
        lead = (
            re.match(r"[^.;]{0,90}?(?:\s[–—-]\s|:\s|\(\s*|\bnamely\s|\bsuch as\s|\bincluding\s)", rest)
            or re.match(
                r"[^.;]{0,80}\b(?:involves|includes|comprises|consists of|brings together)\b[^.;:]{0,80}:\s",
                rest,
            )
            or re.match(r"\s+(?:now\s+)?(?:includes|included|comprises|comprised|brings\s+together)\s+", rest)
        )
        if not lead:
            continue
        first = next(
            (
                m
                for m in view.states
                if m.start >= framework.end + lead.end() - 1 and m.start - (framework.end + lead.end()) <= 6
            ),
            None,
        )
        if first is None:
            continue
        listed = view.enumeration(first)
        if len(listed) < 2:
            continue
        for state in listed:
            view.claim(
                "framework lists its members",
                state.id,
                "partner_in",
                framework.id,
                0.7,
                [span(framework), span(state)],
            )


@rule("listed as partners")
def listed_as(view: SentenceView) -> None:
    """'NATO lists A, B and C as partners across the globe'; 'A, B and C have joined the initiative'."""
    for framework in view.frameworks:
        before = view.text[: framework.start]
        match = re.search(r"\bas\s+(?:[\"“]\s*)?(?:the\s+)?$", before) or re.search(
            r"\bhave\s+(?:all\s+)?joined\s+(?:the\s+)?$", before
        )
        if not match:
            continue
        states = [m for m in view.states if m.end <= match.start()]
        if not states:
            continue
        listed = view.enumeration(states[-1])
        if len(listed) < 2 and not re.search(r"\bhave\b", match.group(0)):
            continue
        if hedged(view.text[listed[-1].end : framework.start]):
            continue
        for state in listed:
            view.claim(
                "listed as partners",
                state.id,
                "partner_in",
                framework.id,
                0.7,
                [span(state), match.span(), span(framework)],
            )


# "A and B are members of the ICI", "Ukraine is an Enhanced Opportunities Partner", "Kazakhstan takes
# part in the PfP", "Japan is among NATO's partners across the globe": the words between the
# states and the framework
PARTNER_STATED = re.compile(
    r"\s*(?:,\s*)?(?:is|are|was|were|has\s+been|have\s+been|remains|remain)\s+(?:also\s+|now\s+|still\s+)?"
    r"(?:(?:an?|one\s+of\s+the|among\s+the|among)\s+)?(?:(?:active|full|founding|long-standing|key|NATO)\s+)?"
    r"(?:(?:members?|partners?|participants?|part)\s+(?:of|in)\s+)?(?:the\s+|NATO['’]s\s+|the\s+Alliance['’]s\s+)?$"
    r"|\s*(?:participates|participate|participated|takes\s+part|take\s+part|took\s+part|is\s+involved"
    r"|are\s+involved)\s+in\s+(?:the\s+|NATO['’]s\s+)?$"
)
# "Jordan, a member of the Mediterranean Dialogue, …", "Austria, a PfP partner since 1995, …"
PARTNER_APPOSITION = re.compile(
    r"\s*,\s+(?:a|an|one\s+of\s+the)\s+(?:(?:founding|full|active|long-standing|key)\s+)?"
    r"(?:(?:members?|partners?|participants?)\s+(?:of|in)\s+(?:the\s+|NATO['’]s\s+)?)?$"
)
_PARTNER_AFTER = re.compile(
    r"\s+(?:partner|partners|participant|member|country|countries|nation|state)\b"
    r"(?:\s+since\s+(?P<since>(?:\w+\s+){0,2}?(?:19|20)\d\d))?"
)


@rule("stated as a partner")
def stated_partner(view: SentenceView) -> None:
    """'A and B are members of the ICI', 'Ukraine is an Enhanced Opportunities Partner', 'Jordan, a
    member of the Mediterranean Dialogue', 'Austria, a PfP partner since 1995', 'X takes part in the PfP'
    (a framework, never the alliance; a hedge or a negation before the framework proposes nothing)."""
    for framework in view.frameworks:
        if framework.how == "coreference":
            continue
        before = [
            m for m in view.states if m.end <= framework.start and m.how not in ("coreference", "demonym")
        ]
        if not before:
            continue
        nearest = before[-1]
        between = view.text[nearest.end : framework.start]
        apposition = PARTNER_APPOSITION.fullmatch(between)
        if not (PARTNER_STATED.fullmatch(between) or apposition):
            continue
        label = view.text[framework.start : framework.end]
        after = _PARTNER_AFTER.match(view.text, framework.end)
        if not re.search(r"\b(?:members?|partners?|participa\w*|part|among|involved)\b", between) and not (
            after or re.search(r"(?i)partners?$", label)
        ):
            continue  # "Ukraine is an Enhanced Opportunities Partner" yes; "X is the PfP" no
        if apposition and re.fullmatch(r"\s*,\s+(?:a|an)\s+", between) and not after:
            continue  # "Austria, a PfP …": the noun after the framework says what Austria is
        if hedged(between) or re.search(r"\bnot\b|\bno\s+longer\b|\bnever\b", between):
            continue
        subjects = [nearest] if apposition else view.enumeration(nearest)
        since = after.group("since") if after else None
        start = find_dates(since, view.ex.published)[-1].value if since else None
        for state in subjects:
            view.claim(
                "stated as a partner",
                state.id,
                "partner_in",
                framework.id,
                0.7,
                [span(state), span(framework)],
                start=start,
            )


@rule("cooperation suspended")
def suspended(view: SentenceView) -> None:
    if not re.search(
        r"\bsuspend\w*\b.*\bcooperation\b|\bsuspension of cooperation\b", view.text, re.IGNORECASE
    ):
        return
    day = view.dates[0].value if view.dates else (str(view.years[0]) if view.years else None)
    for state in view.states:
        view.claim(
            "cooperation suspended",
            state.id,
            "suspended_from",
            "alliance:nato",
            0.7,
            [span(state)],
            start=day,
        )


ALLIES_INCLUDING = re.compile(
    r"\b(?:Allies|NATO\s+(?:members|member\s+states|[Aa]llies)|members\s+of\s+(?:NATO|the\s+[Aa]lliance))"
    r"\s*,?\s+(?:including|such\s+as|among\s+them|like|namely)\s+(?:the\s+)?$"
)
AN_ALLY = re.compile(
    r"^\s*(?:,\s+|\s+(?:has\s+been|is|was|had\s+been)\s+)(?:a|an|the|itself\s+a)\s+(?:fellow\s+|founding\s+|full\s+)?"
    r"(?:NATO\s+(?:member|[Aa]lly)|member\s+(?:state\s+)?of\s+(?:NATO|the\s+[Aa]lliance))\b"
    r"(?:\s+since\s+(?P<since>(?:\w+\s+){0,2}?(?:19|20)\d\d))?"
)
# "Albania, becoming the second of the 29 NATO members to …", "Norway, one of the 12 founding Allies"
ONE_OF_THE_ALLIES = re.compile(
    r"^\s*,?\s+(?:\w+,?\s+){0,3}?(?:becoming|became|is|was|as)\s+(?:one|the\s+\w+)\s+of\s+the\s+(?:\d+|\w+)\s+"
    r"(?:founding\s+)?(?:NATO\s+(?:members|member\s+states|[Aa]llies)|[Aa]llies)\b"
)
# "Norway and Denmark, as NATO members, …": each state of the list before it
AS_ALLIES = re.compile(
    r"^\s*,\s+as\s+(?:NATO\s+(?:members?|[Aa]llies|[Aa]lly)|(?:members?|[Aa]llies)\s+of\s+(?:NATO|the\s+[Aa]lliance))"
    r"(?=\s*[,;.)])"
)
# "NATO member Turkey", "fellow Ally Denmark", "NATO's newest member, Sweden" (never "non-NATO member")
ALLY_BEFORE = re.compile(
    r"(?<![Nn]on-)(?<![Nn]on)\b(?:NATO\s+(?:member|[Aa]lly)|fellow\s+(?:Ally|ally|NATO\s+member))\s+$"
)
# "NATO members Poland and Lithuania", "fellow Allies Norway and Denmark": each state of the list
ALLIES_BEFORE = re.compile(
    r"(?<![Nn]on-)(?<![Nn]on)\b(?:NATO\s+(?:members|[Aa]llies)|fellow\s+(?:Allies|allies|NATO\s+members))\s+$"
)
# "NATO's newest member", "the Alliance's 29th member", "NATO's thirtieth Ally"
_NTH_MEMBER = (
    r"(?:NATO['’]s|[Tt]he\s+[Aa]lliance['’]s)\s+(?:newest|latest|youngest|\d+(?:st|nd|rd|th)|\w+(?:th|st|nd|rd))\s+"
    r"(?:full\s+)?(?:member|[Aa]lly)\b"
)
NTH_MEMBER_AFTER = re.compile(rf"^\s*,\s+{_NTH_MEMBER}")
NTH_MEMBER_BEFORE = re.compile(rf"\b{_NTH_MEMBER}\s*,\s+(?:the\s+)?$")


@rule("named as an Ally")
def named_as_ally(view: SentenceView) -> None:
    """'some Allies, including Turkey', 'Norway, a founding member of NATO', 'fellow Ally Denmark'."""
    nato = "alliance:nato"
    for state in view.states:
        if state.how == "coreference":
            continue
        before = view.text[: state.start]
        listed = ALLIES_INCLUDING.search(before)
        after = view.text[state.end :]
        apposition = AN_ALLY.match(after) or ONE_OF_THE_ALLIES.match(after) or NTH_MEMBER_AFTER.match(after)
        listed = listed or ALLIES_BEFORE.search(before)
        as_allies = AS_ALLIES.match(after)
        if listed:
            subjects = view.enumeration(state)
            words = (listed.start(), listed.end())
        elif as_allies:
            subjects = view.enumeration(state)
            words = (state.end, state.end + as_allies.end())
        elif (
            apposition
            or ALLY_BEFORE.search(before)
            or (NTH_MEMBER_BEFORE.search(before) and state.how != "demonym" and not hedged(before))
        ):
            subjects = [state]
            words = (
                (state.end, state.end + apposition.end())
                if apposition
                else (max(0, state.start - 20), state.start)
            )
        else:
            continue
        if hedged(view.text[words[0] : words[1]]):
            continue
        since = apposition.groupdict().get("since") if apposition else None
        start = (
            find_dates(since, view.ex.published)[-1].value if since else None
        )  # "a NATO member since 2004"
        for subject in subjects:
            view.claim(
                "named as an Ally", subject.id, "member_of", nato, 0.7, [span(subject), words], start=start
            )


@rule("founding member")
def founding_member(view: SentenceView) -> None:
    """'The US is one of the organization's twelve founding members from 1949.'"""
    founded = re.search(
        r"\bfounded\s+(?:in\s+(?P<year>1\d{3}|20\d\d)|(?P<ago>\d+)\s+years\s+ago)\s+by\s+(?:the\s+)?",
        view.text,
    )
    alliance = next((m for m in view.mentions if view.ex.entity_type(m.id) == "alliance"), None)
    first = next((m for m in view.states if founded and 0 <= m.start - founded.end() <= 4), None)
    if founded and alliance and first and alliance.end <= founded.start():
        published = view.ex.published or ""
        year = founded.group("year") or (
            str(int(published[:4]) - int(founded.group("ago"))) if published[:4].isdigit() else None
        )
        for state in view.enumeration(first):
            view.claim(
                "founding member",
                state.id,
                "member_of",
                alliance.id,
                0.7,
                [span(state), founded.span()],
                start=year,
            )
    match = re.search(r"\b(?:is|was) one of the [\w'’ ]*founding members\b", view.text)
    if match and view.states:
        state = view.states[0]
        target = next(
            (m.id for m in view.mentions if view.ex.entity_type(m.id) == "alliance"), "alliance:nato"
        )
        view.claim(
            "founding member",
            state.id,
            "member_of",
            target,
            0.7,
            [span(state), match.span()],
            start=str(view.years[0]) if view.years else None,
        )
