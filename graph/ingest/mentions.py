"""Mentions a sentence names without the gazetteer: people by their titles, and named bodies.

``titled_people`` finds a name after (or before) a title, rank or honorific, with the role
and the organisation the title names; ``named_bodies`` finds councils, commissions,
initiatives and partner groups the dataset lacks. Both add the new candidates to the
article's :class:`~graph.ingest.article.Extractor`.
"""

from __future__ import annotations

import re

from graph.ingest.article import Extractor
from graph.ingest.base import Mention, Title
from graph.ingest.names import COMMANDS, DEMONYMS, ROLE_MODIFIERS, ROLE_WORDS, role_name, slug
from graph.ingest.patterns import (
    BODY_NAME,
    BODY_TYPES,
    CALLING,
    DESCRIPTION_MODIFIERS,
    LOWER,
    LOWER_BODY,
    MONTH_OR_DAY,
    NAME,
    NOT_A_NAME,
    RANK,
    ROLE,
    TITLE_AFTER,
    TITLE_BEFORE,
    UPPER,
)
from graph.model import Entity


def titled_people(ex: Extractor, sentence: str) -> tuple[list[Mention], list[Title]]:
    """People after (or before) a title, rank or honorific, with the title's role and organisation."""
    mentions: list[Mention] = []
    titles: list[Title] = []
    for match in TITLE_BEFORE.finditer(sentence):
        before = _name_after_title(ex, sentence, match)
        if before is not None:
            mentions.append(before[0])
            if before[1] is not None:
                titles.append(before[1])
    for match in TITLE_AFTER.finditer(sentence):
        after = _name_before_title(ex, sentence, match, mentions)
        if after is not None:
            mentions.append(after[0])
            titles.append(after[1])
    for match in DESCRIBED.finditer(sentence):
        name, name_start = _trim_name(match.group("name"), match.start("name"))[0], match.start("name")
        if (
            match.group("adjective") in DEMONYMS
            and len(name.split()) >= 2
            and not NOT_A_NAME.search(name)
            and name.split()[0] not in _NOT_A_NAME_START
            and not MONTH_OR_DAY.match(name.split()[0])
            and not any(m.start <= name_start < m.end for m in mentions)
            and (name not in ex.gazetteer.names or ex.gazetteer.names[name][0] in ex.gazetteer.people)
        ):
            mentions.append(Mention(ex.person(name), name_start, name_start + len(name), name, "described"))
    for match in NAMED_WITH_NATIONALITY.finditer(sentence):
        name, name_start = _trim_name(match.group("name"), match.start("name"))[0], match.start("name")
        if (
            match.group("adjective") in DEMONYMS
            and not _headline(sentence, match.start())
            and _plain_name(ex, sentence, name, name_start, mentions, match.start())
        ):
            mentions.append(Mention(ex.person(name), name_start, name_start + len(name), name, "described"))
    for match in (*PERSON_BY_VERB.finditer(sentence), *PERSON_AFTER_VERB.finditer(sentence)):
        name, name_start = _trim_name(match.group("name"), match.start("name"))[0], match.start("name")
        if _plain_name(ex, sentence, name, name_start, mentions):
            mentions.append(Mention(ex.person(name), name_start, name_start + len(name), name, "verb"))
    for match in COUNTERPART.finditer(sentence):
        counterpart = _counterpart(ex, match, titles, mentions)
        if counterpart is not None:
            mentions.append(counterpart[0])
            titles.append(counterpart[1])
    return mentions, titles


# "Mircea Geoană, a Romanian diplomat, …": a name described by a nationality and a calling
DESCRIBED = re.compile(
    rf"(?P<name>{NAME}),\s+(?:a|an|the)\s+{DESCRIPTION_MODIFIERS}"
    rf"(?P<adjective>{UPPER}{LOWER}+)\s+(?:{CALLING}|prime\s+minister|president|minister|ambassador|envoy)\b"
)
# "Romanian Mircea Geoană", "Czech general Petr Pavel": a nationality (and a calling) before a name
NAMED_WITH_NATIONALITY = re.compile(
    rf"(?<![\w'’.-])(?P<adjective>{UPPER}{LOWER}+)\s+(?:(?:{CALLING})\s+)?(?P<name>{NAME})"
)
# A name with no title, before what only a person does: "Mark Rutte, …, was appointed" (not "said":
# "Sky News said", "Human Rights Watch said" are no people)
PERSON_BY_VERB = re.compile(
    rf"(?<![\w'’.-])(?P<name>{NAME})(?:,\s+[^,;]{{3,80}},)?\s+(?:succeeded|succeeds|will\s+succeed"
    r"|was\s+appointed|has\s+been\s+appointed|was\s+elected|has\s+been\s+elected|was\s+sworn\s+in"
    r"|took\s+office|takes\s+office|resigned|stepped\s+down|replaced|replaces|will\s+replace)\b"
)
# A name with no title after a verb whose object is a person: "will replace Rose Gottemoeller"
PERSON_AFTER_VERB = re.compile(
    r"\b(?:succeeded|succeeds|succeeding|will\s+succeed|replaced|replaces|replacing|will\s+replace|appoint"
    r"|appointed|nominate|nominated"
    rf"|took\s+over\s+from|take\s+over\s+from|handover\s+from|successor\s+to)\s+(?P<name>{NAME})"
)


def _headline(sentence: str, at: int) -> bool:
    """Whether the line of the sentence at ``at`` is in title case ("Russian Troops Will Serve in …"):
    its capitals do not mark names. (A headline without a full stop runs into the next line's sentence.)"""
    line = sentence[sentence.rfind("\n", 0, at) + 1 :].split("\n")[0].strip()
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return (
        not line.endswith((".", "!", "?", '"', "”", ":"))
        and len(words) >= 3
        and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    )


def _plain_name(
    ex: Extractor, sentence: str, name: str, start: int, found: list[Mention], run_start: int | None = None
) -> bool:
    """Whether a name PERSON_BY_VERB found is a person's: two words or more, none a known name, a role,
    a rank or a demonym, not the tail of a longer capitalised run ("the Military Committee Chair …")
    that begins before ``run_start`` (the name's own nationality, if it has one)."""
    words = name.split()
    return (
        len(words) >= 2
        and not NOT_A_NAME.search(name)
        and words[0] not in _NOT_A_NAME_START
        and not any(MONTH_OR_DAY.match(w) for w in words)
        and not any(w in ex.gazetteer.names or w in DEMONYMS for w in words)
        and not re.search(rf"(?i:\b(?:{ROLE})\b)|\b(?:Ministers|Leaders|Heads|Allies|Officials)\b", name)
        and not re.search(rf"\b(?:{RANK})\b", name)
        and not re.search(rf"{UPPER}[\w'’.-]*\s+$", sentence[: start if run_start is None else run_start])
        and not any(m.start <= start < m.end or start <= m.start < start + len(name) for m in found)
        and (name not in ex.gazetteer.names or ex.gazetteer.names[name][0] in ex.gazetteer.people)
    )


# "X met his Lithuanian counterpart Gabrielius Landsbergis": the same office, in the demonym's state
COUNTERPART = re.compile(
    rf"\b(?P<title>(?:his|her|their)\s+(?P<adjective>{UPPER}{LOWER}+)\s+counterpart),?\s+(?P<name>{NAME})"
)


def _counterpart(
    ex: Extractor, match: re.Match[str], titles: list[Title], found: list[Mention]
) -> tuple[Mention, Title] | None:
    """The counterpart's title: the role of the last titled person before it, held in the state the
    adjective names ("Latvian Foreign Minister X and his Lithuanian counterpart Y")."""
    code = DEMONYMS.get(match.group("adjective"))
    earlier = [t for t in titles if t.name_end <= match.start()]
    name, name_start = match.group("name"), match.start("name")
    name, name_end = _trim_name(name, name_start)
    if (
        code is None
        or not earlier
        or not name
        or NOT_A_NAME.search(name)
        or len(name.split()) < 2
        or any(m.start <= name_start < m.end for m in found)
    ):
        return None
    person = ex.person(name)
    state = ex.state_entity(f"state:{code}", match.group("adjective"))
    title = Title(
        person, earlier[-1].role, state, match.start("title"), match.end("title"), name_start, name_end
    )
    return Mention(person, name_start, name_end, name, "title+name"), title


def _name_after_title(
    ex: Extractor, sentence: str, match: re.Match[str]
) -> tuple[Mention, Title | None] | None:
    """'US Secretary of State Dana Whitcombe', 'Air Marshal Sir Edmund Hale' (TITLE_BEFORE)."""
    key = "name" if match.group("name") else "name2"
    name, name_start = match.group(key), match.start(key)
    name, name_end = _trim_name(name, name_start, sentence[match.end(key) :])
    if name and NOT_A_NAME.search(name) and key == "name":
        # "Head of Ukraine's Mission to NATO Heorhiy Tolkachov": the name is the run's tail
        name, name_start, name_end = _name_at_end_of_run(ex, sentence, name_start)
    if not name or NOT_A_NAME.search(name) or MONTH_OR_DAY.match(name.split()[0]):
        return None
    if name in ex.gazetteer.names and ex.gazetteer.names[name][0] not in ex.gazetteer.people:
        return None  # "President Obama" yes, "General Assembly"/"Minister Russia" no
    role = _role(sentence, match) if key == "name" else ""
    rank = match.group("rank") or match.group("rank2") or ""
    if key == "name2" and len(name.split()) < 2 and not (match.group("honorific2") or rank):
        return None
    given = None
    if re.match(r"(?:Sir|Dame)\b", match.group("honorific") or match.group("honorific2") or ""):
        given = ex.by_given_name(re.sub(r"['’]s$", "", name)) if len(name.split()) == 1 else None
    person = given or ex.person(name, rank)
    mention = Mention(person, name_start, name_end, name, "title+name")
    if not role:
        return mention, None
    title_start = match.start("title")
    of_part = match.group("of") or ""
    if name_start > match.end("title") + 2:
        of_part = sentence[match.end("role") : name_start]
    after_name = re.match(
        rf"\s+of\s+(?:the\s+)?({UPPER}[\w-]*(?:\s+{UPPER}[\w-]*)*)(?![\w'’])", sentence[name_end:]
    )
    if after_name and not of_part:
        of_part = after_name.group(1)  # "President Iván Duque of Colombia"
    organisation = _organisation(ex, sentence, title_start, match.end("title"), of_part)
    title = Title(person, role, organisation, title_start, match.end("title"), name_start, name_end, rank)
    return mention, title


def _name_before_title(
    ex: Extractor, sentence: str, match: re.Match[str], found: list[Mention]
) -> tuple[Mention, Title] | None:
    """'Marta Ilic, President of Montenegro' (TITLE_AFTER), unless ``found`` already holds the name."""
    name, name_start = match.group("name"), match.start("name")
    words = name.split()
    if NOT_A_NAME.search(name) or len(words) < 1 or any(MONTH_OR_DAY.match(w) for w in words):
        return None  # "On Monday, Secretary General X": a day, not a name
    if re.search(rf"(?i:\b(?:{ROLE})\b)", name):
        return None  # "the Deputy Secretary General, Ambassador X": a title, not a name
    if words[0] in _NOT_A_NAME_START or words[0] in ("On", "By", "For", "From", "With", "After", "Before"):
        return None
    if name in ex.gazetteer.names and ex.gazetteer.names[name][0] not in ex.gazetteer.people:
        return None
    if len(words) == 1 and name not in ex.gazetteer.names:
        return None  # one capitalised word before a comma is too often not a name
    if any(m.start <= name_start < m.end for m in found):
        return None
    person = ex.person(name)
    organisation = _organisation(ex, sentence, match.start("title"), match.end("title"), match.group("of"))
    title = Title(
        person,
        _role(sentence, match),
        organisation,
        match.start("title"),
        match.end("title"),
        name_start,
        match.end("name"),
    )
    return Mention(person, name_start, match.end("name"), name, "title+name"), title


def _role(sentence: str, match: re.Match[str]) -> str:
    """The role a title names, with "Deputy" where that makes another office ("NATO Deputy Secretary
    General": the modifiers are matched apart from the role)."""
    role = role_name(match.group("role"))
    deputy = re.search(r"(?i:\bdeputy)\s+$", sentence[match.start("title") : match.start("role")])
    return f"Deputy {role}" if deputy and f"Deputy {role}" in _DEPUTY_ROLES else role


def _name_at_end_of_run(ex: Extractor, sentence: str, start: int) -> tuple[str, int, int]:
    """The last two or three name words of a capitalised run that begins with an organisation."""
    run = re.match(rf"(?:(?:{UPPER}[\w'’.-]*|of|to|the|for)\s+)*{UPPER}[\w'’.-]*", sentence[start:])
    if not run:
        return "", start, start
    words = run.group(0).split()
    tail: list[str] = []
    for word in reversed(words):
        if (
            not word[:1].isupper()
            or NOT_A_NAME.search(word)
            or word.rstrip(".") in ex.gazetteer.names
            or word.endswith(("'s", "’s"))
            or len(tail) == 3
        ):
            break
        tail.insert(0, word)
    if not tail:
        return "", start, start
    name = " ".join(tail)
    end = start + run.end()
    return name, end - len(name), end


def _own_role(sentence: str, start: int, end: int) -> str:
    """The title's words up to its role's end (before any "of"/"for"/"to" part)."""
    return re.split(r"\s+(?:of|for|to)\s+", sentence[start:end], maxsplit=1)[0]


def _organisation(ex: Extractor, sentence: str, start: int, end: int, of_part: str | None) -> str | None:
    """The state, alliance or body a title names: 'Romania's', 'NATO', 'Russian', 'of Colombia'."""
    before = sentence[max(0, start - 90) : start]
    # "the Serbian Deputy Prime Minister and Minister of Defence, X": the first role's state is the second's
    before = re.sub(rf"(?i:{ROLE_MODIFIERS}(?:{ROLE}))\s+and\s+$", "", before)[-40:]
    own = sentence[start:end]
    # "Norway's Ambassador to NATO": Norway's; "the UN's Special Representative for Afghanistan": the UN's
    to_part = bool(of_part and re.match(r"\s*to\b", of_part))
    posted_to = to_part or bool(
        of_part
        and re.match(r"\s*for\b", of_part)
        and re.search(r"(?i:representative|envoy)\s*$", _own_role(sentence, start, end))
    )
    if of_part and posted_to and of_part.strip() in own:
        own = own[: own.index(of_part.strip())]
    found = [m for m in ex.gazetteer.find(own) if ex.entity_type(m.id) in ("state", "alliance", "body")]
    prefix = re.search(rf"(?P<org>{UPPER}[\w.-]*(?:\s+{UPPER}[\w-]*)*)(?:['’]s?)?\s*$", before)
    candidates = []
    if of_part and not posted_to:
        candidates += [m.id for m in ex.gazetteer.find(of_part)]
        if re.search(LOWER_BODY, of_part):  # "chairman of the military committee"
            candidates += [m.id for m in ex.gazetteer.find(of_part.title()) if ex.entity_type(m.id) == "body"]
        candidates += [
            node
            for node, entity in ex.new.items()
            if entity.type in ("body", "framework", "alliance") and entity.label in of_part
        ]
    candidates += [m.id for m in found if m.how != "demonym" or m.start == 0]
    if prefix:
        candidates += [
            m.id for m in ex.gazetteer.find(prefix.group("org")) if m.end == len(prefix.group("org"))
        ]
    candidates += [m.id for m in found]
    if of_part and to_part:  # "Ambassador to NATO X", with no state of their own: the posting's
        candidates += [m.id for m in ex.gazetteer.find(of_part)]
    for node in candidates:
        if ex.entity_type(node) in ("state", "alliance", "body", "framework"):
            return node
    return None


# "NATO Deputy Secretary General X": the modifier is part of these offices' names
_DEPUTY_ROLES = frozenset(word for word in ROLE_WORDS if word.startswith("Deputy "))
_NOT_A_NAME_START = ("The", "A", "An", "In", "At", "On", "During", "NATO", "Nato", "Allied")


def named_bodies(ex: Extractor, sentence: str, known: list[Mention]) -> list[Mention]:
    """Capitalised names of councils, commissions, initiatives … that the dataset lacks."""
    found = []
    for match in BODY_NAME.finditer(sentence):
        name = match.group("name")
        start = match.start("name")
        words = name.split()
        # drop leading words that are not part of a name ("NATO's", "the", a known state…)
        # "Military Representatives of NATO's Indo-Pacific Partners" → "Indo-Pacific Partners"
        cut = max((i + 1 for i, w in enumerate(words) if w.endswith(("'s", "’s")) or w == "of"), default=0)
        if cut and len(words) - cut >= 2:
            start += len(" ".join(words[:cut])) + 1
            words = words[cut:]
        roles = re.match(rf"(?i:{ROLE_MODIFIERS}(?:{ROLE}))\s+", " ".join(words) + " ")
        if roles:  # "Director General International Military Staff": the body follows the role
            start += roles.end()
            words = " ".join(words)[roles.end() :].split()
        while words and words[0] in _NOT_A_NAME_START:
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        if len(words) < 2 or name in ex.gazetteer.names or not words[0][:1].isupper():
            continue
        if any(m.start <= start and match.end("name") <= m.end for m in known):
            continue
        head = match.group("head")
        kind = BODY_TYPES.get(re.sub(r"\s+", " ", head), "body")
        label = name
        aliases = (match.group("short"),) if match.group("short") else ()
        node = ex.add_new(
            Entity(f"{kind}:{slug(name)}", kind, label, aliases, f"A {kind} named in the text.")
        )
        end = match.end("short") + 1 if match.group("short") else match.end("name")
        found.append(Mention(node, start, end, sentence[start:end], "new"))
        if match.group("short"):
            ex.gazetteer_extra[match.group("short")] = node
    return found


_COMMAND_NAMES = {name: node for node, (label, aliases) in COMMANDS.items() for name in (label, *aliases)}
_COMMAND = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_COMMAND_NAMES, key=len, reverse=True)) + r")(?![\w-])"
)


def command_bodies(ex: Extractor, sentence: str) -> list[Mention]:
    """NATO's strategic commands, by name or acronym ('Allied Command Operations', 'ACT')."""
    return [
        Mention(ex.command(_COMMAND_NAMES[m.group(1)]), m.start(), m.end(), m.group(1), "alias")
        for m in _COMMAND.finditer(sentence)
    ]


def _trim_name(name: str, start: int, after: str = "") -> tuple[str, int]:
    """Drop trailing words that cannot belong to a name ('Andrews Was' cannot happen: capitals only):
    a month or a day, unless it is the family name "May" after a given name, with no day number
    ``after`` it ("Prime Minister Theresa May said", not "President X May 5")."""
    words = name.split()
    while words and (MONTH_OR_DAY.match(words[-1]) or words[-1] in ("I", "The")):
        if words[-1] == "May" and len(words) >= 2 and not re.match(r"\s*\d", after):
            break
        words = words[:-1]
    name = " ".join(words)
    return name, start + len(name)


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest first; on ties a titled person wins over a gazetteer word inside it."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if all(mention.start >= other.end or mention.end <= other.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)
