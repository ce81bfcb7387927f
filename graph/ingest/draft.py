"""A review in progress as text: the article's form, its proposal and every choice made about it.

The app keeps one per author in the store it will merge into (graph/store/drafts.py), saved
as the reviewer works, so that a reload, a crash or a closed laptop loses none of it: the
pasted text and its details, the proposal (with what the reviewer added by hand), each row's
tick and edits, and the "Accept all / none / confident" choice. Read back, it is the same
review, whole; a text this version cannot read is refused with a :class:`DraftError` naming
the field, and nothing else is changed.

>>> from graph.ingest import extract
>>> proposal = extract("Finnish President Sauli Niinistö met the press.", title="t", published="2021-07-14")
>>> draft = ReviewDraft(ArticleForm(proposal.text, "t"), proposal, {0: {"accept": False, "role": "Head"}})
>>> again = draft_from_json(draft_to_json(draft))
>>> again == draft, again.proposal.claims == proposal.claims
(True, True)
>>> draft_from_json('{"format": 1, "form": {"text": 3}}')
Traceback (most recent call last):
...
graph.ingest.draft.DraftError: form.text: expected text, found 3
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from graph.errors import InputError
from graph.ingest.base import Mention, Proposal, ProposedClaim
from graph.ingest.merge import EDITABLE_FIELDS
from graph.model import Entity, Source

__all__ = [
    "DRAFT_FORMAT",
    "ArticleForm",
    "DraftError",
    "ReviewDraft",
    "draft_from_json",
    "draft_to_json",
    "proposal_to_json",
]

DRAFT_FORMAT = 1  # a new format gets a new number; an older one is still read
T = TypeVar("T")


class DraftError(InputError):
    """A saved review this version cannot read: ``field`` names where, the message what was found."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class ArticleForm:
    """What the reviewer typed into the article's form (the proposal is made from it)."""

    text: str = ""
    title: str = ""
    url: str = ""
    published: str | None = None  # ISO date
    publisher: str = ""
    author: str = ""


@dataclass(frozen=True)
class ReviewDraft:
    """A review in progress: the form, the proposal under review (None before "Propose"), each
    row's tick and edits by row number, and whether rows start ticked (True), unticked (False)
    or by their rule's confidence (None)."""

    form: ArticleForm
    proposal: Proposal | None = None
    edits: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    defaults: bool | None = None

    def is_empty(self) -> bool:
        """True when there is nothing to keep: an empty form and no proposal."""
        return self.proposal is None and self.form == ArticleForm()


def proposal_to_json(proposal: Proposal) -> str:
    """The proposal part of a draft as JSON text: the costly part (about 14 ms for a 60,000
    character article), the same while the proposal is, so a caller may keep it."""
    return json.dumps(asdict(proposal), ensure_ascii=False, default=str)


def draft_to_json(draft: ReviewDraft, proposal_json: str | None = None) -> str:
    """The draft as JSON text (what the store keeps); ``proposal_json``, when given, is
    :func:`proposal_to_json` of the draft's proposal, kept from before."""
    rest = json.dumps(
        {
            "format": DRAFT_FORMAT,
            "form": asdict(draft.form),
            "edits": {str(row): dict(change) for row, change in sorted(draft.edits.items())},
            "defaults": draft.defaults,
        },
        ensure_ascii=False,
        default=str,
    )
    if draft.proposal is None:
        proposal_json = "null"
    elif proposal_json is None:
        proposal_json = proposal_to_json(draft.proposal)
    return f'{rest[:-1]}, "proposal": {proposal_json}}}'


# ---- reading, every field checked ---------------------------------------------------------------


def _get(data: Any, where: str, key: str, kind: type[T], default: Any = ..., optional: bool = False) -> T:
    """``data[key]``, which must be a ``kind`` (or None when ``optional``)."""
    if not isinstance(data, dict):
        raise DraftError(where or "draft", f"expected an object, found {type(data).__name__}")
    path = f"{where}.{key}" if where else key
    if key not in data:
        if default is ...:
            raise DraftError(path, "missing")
        return default  # type: ignore[no-any-return]
    value = data[key]
    if value is None and optional:
        return None  # type: ignore[return-value]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}
        raise DraftError(path, f"expected {names.get(kind, kind.__name__)}, found {value!r:.40}")
    return value


def _texts(data: Any, where: str, key: str) -> tuple[str, ...]:
    items = _get(data, where, key, list, default=[])
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise DraftError(f"{where}.{key}[{index}]", f"expected text, found {item!r:.40}")
    return tuple(items)


def _span(data: Any, where: str) -> tuple[int, int]:
    if not isinstance(data, list) or len(data) != 2 or not all(isinstance(n, int) for n in data):
        raise DraftError(where, f"expected a pair of character offsets, found {data!r:.40}")
    return (data[0], data[1])


def _list(data: Any, where: str, key: str, read: Callable[[Any, str], T]) -> list[T]:
    return [read(item, f"{where}.{key}[{index}]") for index, item in enumerate(_get(data, where, key, list))]


def _entity(data: Any, where: str) -> Entity:
    pairs = _get(data, where, "attributes", list, default=[])
    attributes = tuple(
        (str(pair[0]), str(pair[1])) if isinstance(pair, list) and len(pair) == 2 else _bad_pair(where, i)
        for i, pair in enumerate(pairs)
    )
    return Entity(
        _get(data, where, "id", str),
        _get(data, where, "type", str),
        _get(data, where, "label", str),
        _texts(data, where, "aliases"),
        _get(data, where, "description", str, default=""),
        attributes,
    )


def _bad_pair(where: str, index: int) -> tuple[str, str]:
    raise DraftError(f"{where}.attributes[{index}]", "expected a pair of name and value")


def _mention(data: Any, where: str) -> Mention:
    return Mention(
        _get(data, where, "id", str),
        _get(data, where, "start", int),
        _get(data, where, "end", int),
        _get(data, where, "text", str),
        _get(data, where, "how", str),
    )


def _claim(data: Any, where: str) -> ProposedClaim:
    confidence = data.get("confidence") if isinstance(data, dict) else None
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        raise DraftError(f"{where}.confidence", f"expected a number, found {confidence!r:.40}")
    return ProposedClaim(
        _get(data, where, "subject", str),
        _get(data, where, "relation", str),
        _get(data, where, "object", str),
        _get(data, where, "sentence", int),
        _get(data, where, "char_start", int),
        _get(data, where, "char_end", int),
        float(confidence),
        _get(data, where, "rule", str),
        _get(data, where, "start", str, default=None, optional=True),
        _get(data, where, "role", str, default=""),
        _get(data, where, "note", str, default=""),
        _get(data, where, "end", str, default=None, optional=True),
        tuple(
            _span(span, f"{where}.spans[{i}]") for i, span in enumerate(_get(data, where, "spans", list, []))
        ),
    )


def _source(data: Any, where: str) -> Source:
    return Source(
        _get(data, where, "id", str),
        _get(data, where, "title", str),
        _get(data, where, "publisher", str, default=""),
        _get(data, where, "author", str, default=""),
        _get(data, where, "published", str, default=None, optional=True),
        _get(data, where, "url", str, default=""),
        _get(data, where, "kind", str, default=""),
    )


def _proposal(data: Any) -> Proposal:
    where = "proposal"
    text = _get(data, where, "text", str)
    sentences = [
        _span(item, f"{where}.sentences[{i}]") for i, item in enumerate(_get(data, where, "sentences", list))
    ]
    proposal = Proposal(
        text,
        _source(_get(data, where, "source", dict), f"{where}.source"),
        sentences,
        _list(data, where, "matched", _entity),
        _list(data, where, "new_entities", _entity),
        _list(data, where, "claims", _claim),
        _list(data, where, "mentions", _mention),
        _get(data, where, "article_id", str, default=""),
    )
    _check_offsets(proposal)
    return proposal


def _check_offsets(proposal: Proposal) -> None:
    """Every offset within the text and every claim in one of its sentences, or the review could
    not show them."""
    size = len(proposal.text)
    for index, (start, end) in enumerate(proposal.sentences):
        if not 0 <= start <= end <= size:
            raise DraftError(
                f"proposal.sentences[{index}]", f"[{start}, {end}] is outside the text ({size} characters)"
            )
    for index, mention in enumerate(proposal.mentions):
        if not 0 <= mention.start <= mention.end <= size:
            raise DraftError(
                f"proposal.mentions[{index}]", f"[{mention.start}, {mention.end}] is outside the text"
            )
    for index, claim in enumerate(proposal.claims):
        if not 0 <= claim.sentence < len(proposal.sentences):
            raise DraftError(
                f"proposal.claims[{index}].sentence",
                f"{claim.sentence} is not one of the text's {len(proposal.sentences)} sentences",
            )


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _edits(data: Any, rows: int) -> dict[int, dict[str, Any]]:
    edits: dict[int, dict[str, Any]] = {}
    for key, change in _get(data, "", "edits", dict, default={}).items():
        where = f"edits.{key}"
        if not key.isdigit() or int(key) >= rows:
            raise DraftError(where, f"there is no row {key} among the proposal's {rows}")
        if not isinstance(change, dict):
            raise DraftError(where, f"expected an object, found {change!r:.40}")
        for name, value in change.items():
            if name == "accept" and isinstance(value, bool):
                continue
            if name in EDITABLE_FIELDS and (value is None or isinstance(value, str)):
                continue
            raise DraftError(f"{where}.{name}", f"not a tick or an editable field's text: {value!r:.40}")
        edits[int(key)] = dict(change)
    return edits


def draft_from_json(text: str) -> ReviewDraft:
    """The draft written by :func:`draft_to_json` (this version's format or an older one)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise DraftError("draft", f"not JSON ({error})") from None
    version = _get(data, "", "format", int)
    if not 1 <= version <= DRAFT_FORMAT:
        raise DraftError("format", f"version {version}, newer than this program reads ({DRAFT_FORMAT})")
    form_data = _get(data, "", "form", dict)
    texts = {name: _get(form_data, "form", name, str, default="") for name in ("text", "title", "url")}
    texts |= {name: _get(form_data, "form", name, str, default="") for name in ("publisher", "author")}
    published = _get(form_data, "form", "published", str, default=None, optional=True)
    if published is not None and not _is_day(published):
        raise DraftError("form.published", f"expected a date as YYYY-MM-DD, found {published!r:.40}")
    form = ArticleForm(**texts, published=published)
    raw = _get(data, "", "proposal", dict, default=None, optional=True)
    proposal = _proposal(raw) if raw is not None else None
    edits = _edits(data, len(proposal.claims) if proposal else 0)
    defaults = _get(data, "", "defaults", bool, default=None, optional=True)
    return ReviewDraft(form, proposal, edits, defaults)
