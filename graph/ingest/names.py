"""Names: folding accents for ids and comparisons."""

from __future__ import annotations

import re

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower case ASCII, every letter transliterated (``anyascii``, ISC licence), none dropped.

    >>> fold("Iván Duque Márquez"), fold("Støre"), fold("Türkiye"), fold("Radosław Çavuşoğlu Weiß")
    ('ivan duque marquez', 'store', 'turkiye', 'radoslaw cavusoglu weiss')
    """
    return anyascii(text).lower()


def slug(text: str) -> str:
    """An id part: folded, with runs of other characters as one hyphen.

    >>> slug("Sauli Niinistö"), slug("Boris Tadić"), slug("Đorđe Gašić"), slug("  ")
    ('sauli-niinisto', 'boris-tadic', 'dorde-gasic', 'x')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


# Adjectives of nationality, for states of the dataset and beyond (ids are ISO 3166 alpha-3).
DEMONYMS: dict[str, str] = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "American": "USA", "Armenian": "ARM",
    "Australian": "AUS", "Austrian": "AUT", "Azerbaijani": "AZE", "Bahraini": "BHR", "Belarusian": "BLR",
    "Belgian": "BEL", "Bosnian": "BIH", "British": "GBR", "Bulgarian": "BGR", "Canadian": "CAN",
    "Chinese": "CHN", "Colombian": "COL", "Croatian": "HRV", "Czech": "CZE", "Danish": "DNK",
    "Dutch": "NLD", "Egyptian": "EGY", "Emirati": "ARE", "Estonian": "EST", "Finnish": "FIN",
    "French": "FRA", "Georgian": "GEO", "German": "DEU", "Greek": "GRC", "Hungarian": "HUN",
    "Icelandic": "ISL", "Indian": "IND", "Iranian": "IRN", "Iraqi": "IRQ", "Irish": "IRL", "Israeli": "ISR",
    "Italian": "ITA", "Japanese": "JPN", "Jordanian": "JOR", "Kazakh": "KAZ", "Korean": "KOR",
    "Kuwaiti": "KWT", "Latvian": "LVA", "Lithuanian": "LTU", "Luxembourgish": "LUX", "Macedonian": "MKD",
    "Maltese": "MLT", "Mauritanian": "MRT", "Moldovan": "MDA", "Mongolian": "MNG", "Montenegrin": "MNE",
    "Moroccan": "MAR", "New Zealander": "NZL", "Norwegian": "NOR", "Omani": "OMN", "Pakistani": "PAK",
    "Polish": "POL", "Portuguese": "PRT", "Qatari": "QAT", "Romanian": "ROU", "Russian": "RUS",
    "Saudi": "SAU", "Serbian": "SRB", "Slovak": "SVK", "Slovenian": "SVN", "Spanish": "ESP",
    "Swedish": "SWE", "Swiss": "CHE", "Tunisian": "TUN", "Turkish": "TUR", "Ukrainian": "UKR",
    "Uzbek": "UZB", "Venezuelan": "VEN", "Tajik": "TJK", "Kyrgyz": "KGZ", "Turkmen": "TKM", "Azeri": "AZE",
    "Libyan": "LBY", "Syrian": "SYR", "Brazilian": "BRA", "Mexican": "MEX",
}  # fmt: skip
# Short names that ISO 3166 does not list, and ISO names too ambiguous to match in prose.
EXTRA_STATE_NAMES = {"Bosnia": "BIH", "Czech Republic": "CZE", "Russian Federation": "RUS", "the UAE": "ARE"}
AMBIGUOUS_STATE_NAMES = frozenset({"Chad", "Jersey", "Guernsey", "Georgia South", "Man"})

# Titles. Roles name an office; ranks and honorifics only say that a name follows.
ROLE_WORDS = [
    "Deputy Assistant Secretary General", "Assistant Secretary General", "Deputy Secretary General",
    "Secretary General", "Secretary of State", "Minister for Foreign Affairs", "Minister of Foreign Affairs",
    "Minister of Defence", "Minister of Defense", "Minister of National Defence",
    "Minister of National Defense", "Secretary of Defense", "Secretary of Defence", "Defence Secretary",
    "Defense Secretary", "Foreign Secretary", "Foreign Affairs Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister",
    "Deputy Prime Minister", "Prime Minister", "Vice President", "President", "Chancellor", "Minister",
    "Crown Prince", "King", "Queen", "Emir", "Ambassador", "Permanent Representative",
    "Special Representative", "High Representative", "Military Representative",
    "Senior Civilian Representative",
    "Supreme Allied Commander Europe", "Supreme Allied Commander Transformation", "Strategic Commander",
    "Director General", "Director", "Chief of Defence", "Chief of Defense", "Chief of the General Staff",
    "Chief of Staff", "Chairman", "Chairwoman", "Chair", "Head", "Commander", "Spokesperson", "Spokesman",
    "Spokeswoman", "Speaker", "Dean",
]  # fmt: skip
RANK_WORDS = [
    "Air Chief Marshal", "Air Vice Marshal", "Air Marshal", "Field Marshal", "Lieutenant General",
    "Lieutenant-General", "Major General", "Major-General", "Brigadier General", "Brigadier", "Vice Admiral",
    "Rear Admiral", "Admiral", "General", "Lieutenant Colonel", "Colonel", "Commodore", "Captain",
    "Lt. Gen.", "Lt Gen", "Maj. Gen.", "Maj Gen", "Brig. Gen.", "Lt. Col.", "Gen.", "Adm.", "Col.", "Capt.",
]  # fmt: skip
HONORIFICS = [
    "His Excellency", "Her Excellency", "His Highness", "Her Highness", "His Majesty", "Her Majesty",
    "Sheikh", "Sir", "Dame", "Lord", "Lady", "Mr", "Mrs", "Ms", "Dr", "Prof",
]  # fmt: skip
ROLE_MODIFIERS = r"(?:(?:Acting|First|Deputy|Former|Outgoing|Incoming|Current|New|Then)\s+)*"
# Offices of NATO itself: with no other organisation named, they are held in the Alliance.
NATO_ROLES = frozenset(
    {
        "Secretary General",
        "Deputy Secretary General",
        "Assistant Secretary General",
        "Deputy Assistant Secretary General",
        "Supreme Allied Commander Europe",
        "Supreme Allied Commander Transformation",
        "Strategic Commander",
        "Senior Civilian Representative",
    }
)
# NATO's two strategic commands, and the offices at their head (their deputies serve in them too).
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "body:aco": ("Allied Command Operations", ("ACO",)),
    "body:act": ("Allied Command Transformation", ("ACT",)),
}
COMMAND_OF_ROLE = {
    "Supreme Allied Commander Europe": "body:aco",
    "Supreme Allied Commander Transformation": "body:act",
}
# Offices held in a state: they also give the holder's nationality.
NATIONAL_ROLES = frozenset(
    {
        "Secretary of State",
        "Minister for Foreign Affairs",
        "Minister of Foreign Affairs",
        "Minister of Defence",
        "Minister of Defense",
        "Minister of National Defence",
        "Minister of National Defense",
        "Secretary of Defense",
        "Secretary of Defence",
        "Defence Secretary",
        "Defense Secretary",
        "Foreign Secretary",
        "Foreign Affairs Minister",
        "Foreign Minister",
        "Defence Minister",
        "Defense Minister",
        "Deputy Prime Minister",
        "Prime Minister",
        "Vice President",
        "President",
        "Chancellor",
        "Minister",
        "Crown Prince",
        "King",
        "Queen",
        "Emir",
        "Chief of Defence",
        "Chief of Defense",
        "Chief of the General Staff",
        "Chief of Staff",
    }
)
SERVICE = re.compile(
    r"(?:\bof\s+the|,)\s+(?:Royal\s+)?(?P<adjective>[A-Z][\w.]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?:Army|Navy|Air\s+Force|Armed\s+Forces|Defence\s+Forces|Defense\s+Forces|Marine\s+Corps|Marines)\b"
)


def role_name(text: str) -> str:
    """A role as the vocabulary writes it: 'secretary-general' → 'Secretary General'.

    >>> role_name("foreign minister"), role_name("Secretary-General"), role_name("chairman")
    ('Foreign Minister', 'Secretary General', 'Chair')
    """
    words = re.sub(r"[\s-]+", " ", text.strip()).split()
    small = {"of", "the", "for", "to"}
    name = " ".join(
        word.lower() if word.lower() in small else word[:1].upper() + word[1:].lower() for word in words
    )
    name = re.sub(r"\b(Chairman|Chairwoman)\b", "Chair", name)
    return name.replace("Defense", "Defence")
