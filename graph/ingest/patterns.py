"""The patterns that find names, titles and named bodies in prose, and the words that hedge a claim.

>>> import re
>>> re.fullmatch(NAME, "Jaap de Hoop Scheffer") is not None
True
>>> [hedged(t) for t in ("Sweden hopes to join", "Sweden joined", "Sweden may join", "on 4 May 2021")]
[True, False, True, False]
>>> names = ("Radosław Sikorski", "Mevlüt Çavuşoğlu", "Øystein Ødegård", "Sohn JiAe", "Ian McDonald")
>>> [re.fullmatch(NAME, name) is not None for name in names]
[True, True, True, True, True]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.ingest.names import HONORIFICS, RANK_WORDS, ROLE_MODIFIERS, ROLE_WORDS

MONTH_OR_DAY = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


def _letter_class(wanted: Callable[[str], bool]) -> str:
    """A character class of the letters (Basic Multilingual Plane) for which ``wanted`` holds, as ranges."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if wanted(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return (
        "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges) + "]"
    )


# Names are matched on Unicode letters, whatever the script: an upper-case (or title-case) letter,
# then lower-case or uncased ones (ć, ł, ş, ğ, ø, ß, đ … and scripts without case).
UPPER = _letter_class(lambda c: c.isupper() or c.istitle())
LOWER = _letter_class(lambda c: c.isalpha() and not (c.isupper() or c.istitle()))
# A capital inside a name word too: "McDonald", "DeSantis", "JiAe"
_NAME_WORD = (
    rf"(?:{UPPER}(?:{LOWER}|['’])+(?:{UPPER}{LOWER}+)?(?:-{UPPER}(?:{LOWER}|['’])+)*"
    rf"|{UPPER}\.|{UPPER}{LOWER}+-{UPPER}\.)"
)
PARTICLE = r"(?:de|van|von|der|den|da|dos|du|al|el|bin|ibn|la|le|De|Van|Von|Al|El)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
NOT_A_NAME = re.compile(
    r"\b(?:Staff|Committee|Council|Commission|Military|International|Alliance|NATO|Nato|Partnership|Division"
    r"|Ministry|Department|Office|Forces|Army|Navy|Government|Parliament|Summit|Initiative|Programme|Program"
    r"|Group|Mission|Headquarters|Republic|Union|Assembly|Affairs|Defence|Defense|State|Command|Transformation"
    r"|Europe|Operations|Nations|Senate|Congress|Duma|Sejm|Bundestag|Cabinet|Presidency|Party|Institute"
    r"|University|Foundation|Agency|Police|Guard|Corps|Force|Administration|Embassy|Marines"
    r"|Sea|Ocean|River|Lake|Gulf|Bay|Coast|Strait|Peninsula|Mountains|Islands|Region|Province|Asia|Africa"
    r"|Caucasus|Balkans|Arctic|Pacific|Atlantic|Mediterranean|Baltics?)s?\b"
)
ROLE = "|".join(
    sorted((re.escape(word).replace(r"\ ", r"[\s-]+") for word in ROLE_WORDS), key=len, reverse=True)
)
RANK = "|".join(
    sorted((re.escape(word).replace(r"\ ", r"\s+") for word in RANK_WORDS), key=len, reverse=True)
)
_HONORIFIC = "|".join(re.escape(word) + r"\.?" for word in HONORIFICS)
# "[Org] [modifiers] Role [of|for|to …] [rank] [honorific] Name"; roles in any case, names capitalised.
TITLE_BEFORE = re.compile(
    rf"(?P<title>(?i:{ROLE_MODIFIERS}(?P<role>{ROLE}))"
    rf"(?P<of>\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|to|on)?\s*[A-Z][\w'’.-]*)*?))?"
    rf"(?:,?\s+(?P<rank>{RANK}))?(?:,?\s+(?P<honorific>{_HONORIFIC}))?),?\s+(?P<name>{NAME})"
    rf"|(?P<title2>(?P<rank2>{RANK})|(?P<honorific2>{_HONORIFIC}))\s+(?P<name2>{NAME})"
)
# A body written in lower case, as some papers do: "chairman of the military committee"
LOWER_BODY = r"(?:military|international\s+military|north\s+atlantic)\s+(?:committee|council|staff)\b"
# "Name, [the] [Country's] Role [of …]," — the title after the name (or between dashes).
TITLE_AFTER = re.compile(
    rf"(?P<name>{NAME})(?:,|\s+(?:--|—|–))\s+(?:the\s+|a\s+)?(?P<title>(?:[A-Z][\w'’.-]*\s+){{0,3}}?"
    rf"(?i:{ROLE_MODIFIERS}(?P<role>{ROLE}))(?P<of>\s+(?:of|for|to)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|{LOWER_BODY}))?)"
)
BODY_NAME = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:and|of|for|on|related)\s+)*){0,5}?"
    r"(?P<head>Council|Commission|Committee|Division|Staff|Centre|Center|Agency|Command|Pact|Initiative"
    r"|Partners(?!\s+[A-Z])|Partner(?!\s+[A-Z])"
    r"|Advocacy\s+Group|Cooperation\s+Group|Action\s+Plan))(?:\s+\((?P<short>[A-Z]{2,6})\))?(?![\w-])"
)
BODY_TYPES = {
    "Pact": "alliance",
    "Initiative": "framework",
    "Partners": "framework",
    "Partner": "framework",
    "Advocacy Group": "framework",
    "Cooperation Group": "framework",
    "Action Plan": "framework",
}
# Words that are titles, names or joiners, not a verb: "the Serbian Deputy Prime Minister, Mr. X and with"
TITLE_RUN = (
    r"(?:[\s,]|\b(?:and|with|the|of|for|to|a|an|his|her|their|counterparts?|Mr|Mrs|Ms|Dr)\b\.?"
    r"|[A-Z][\w.'’-]*)*"
)
# Words between "a"/"the" and a nationality in a description: "X, the outgoing Dutch prime minister"
DESCRIPTION_MODIFIERS = (
    r"(?:(?:former|retired|veteran|senior|leading|outgoing|incoming|current|then|acting|new|top)\s+)*"
)
# What a person is called after a nationality: "a Romanian diplomat", "Czech general Petr Pavel"
CALLING = (
    r"diplomat|politician|general|admiral|officer|official|lawyer|economist|journalist|scholar|academic"
    r"|statesman|stateswoman|soldier|pilot|businessman|businesswoman|activist"
)
# The words of a military operation's or mission's name ("ISAF", "Operation Active Endeavour")
OPERATION = re.compile(
    r"\b(?:Mission|Operation|Force|Forces|ISAF|KFOR|SFOR|IFOR|Support|Endeavour)\b", re.IGNORECASE
)
# A sentence opening with a phrase that sets the scene at an event: "At the summit, …", "In a speech
# during the ceremony, …" (the event's own phrase follows).
OPENING_AT_EVENT = re.compile(
    r"\s*(?:(?:In|During)\s+(?:a|an|his|her|their)\s+(?:\w+\s+){0,2}?(?:speech|address|remarks|statement)"
    r"\s+(?:at|during|to)\s+|(?:At|During|In)\s+)"
)
FUTURE_OR_HEDGE = re.compile(
    r"\b(will|would|could|can|cannot|might|(?-i:may)|should|shall|never|not|n['’]t|hopes?|hoped|expects?|expected|plans?|planned"
    r"|wants?|wanted|aims?|if|whether|ready\s+to|intends?|candidate|aspir\w+|opposition|oppose\w*)\b",
    re.IGNORECASE,
)


def hedged(text: str) -> bool:
    """Future, hoped-for, conditional or negated: 'will never join', 'hopes … will join'."""
    return FUTURE_OR_HEDGE.search(text) is not None
