"""What the user is looking at: a frozen, hashable :class:`ViewSpec` and the subgraph it selects.

A ViewSpec holds the filters (entity types, relations, framework, as-of and reported-by dates), the
focus and depth, styling (colour and size mode), the selection and the groups shown
node by node in an aggregated (level-of-detail) view. It round-trips
through URL query parameters, so a view can be shared as a link, and it is the cache
key for layouts and payloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import networkx as nx

from graph.dates import DateFormatError, parse_date
from graph.errors import InputError
from graph.query import filter_graph, neighbourhood
from graph.vocabulary import ENTITY_TYPES, RELATIONS

ARTICLE_DATE = "2021-07-14"
COLOR_MODES: tuple[str, ...] = ("type", "framework", "community")
SIZE_MODES: tuple[str, ...] = ("uniform", "degree", "betweenness")
MAX_DEPTH = 4


@dataclass(frozen=True)
class ViewSpec:
    """A view of the graph. ``None`` for types or relations means all of them."""

    types: tuple[str, ...] | None = None
    relations: tuple[str, ...] | None = None
    as_of: str | None = None
    reported_by: str | None = None  # only what sources published by this date say (graph.timeline)
    framework: str | None = None
    focus: str | None = None
    depth: int = 1
    hide_isolated: bool = False
    fade_relations: tuple[str, ...] = ()
    color_by: str = "type"
    size_by: str = "degree"
    selected: str | None = None
    expanded: tuple[str, ...] = ()  # groups shown node by node in an aggregated view ("3", "12")
    preset: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.types is not None and (unknown := set(self.types) - set(ENTITY_TYPES)):
            raise InputError(f"Unknown entity type(s) {sorted(unknown)}; known: {', '.join(ENTITY_TYPES)}.")
        if self.relations is not None and (unknown := set(self.relations) - set(RELATIONS)):
            raise InputError(f"Unknown relation(s) {sorted(unknown)}; known: {', '.join(RELATIONS)}.")
        if self.as_of is not None:
            try:
                parse_date(self.as_of)
            except DateFormatError as error:
                raise InputError(f"as_of: {error}") from None
        if self.reported_by is not None:
            try:
                parse_date(self.reported_by)
            except DateFormatError as error:
                raise InputError(f"reported_by: {error}") from None
        if not 0 <= self.depth <= MAX_DEPTH:
            raise InputError(f"depth must be between 0 and {MAX_DEPTH}, not {self.depth}.")
        if self.color_by not in COLOR_MODES:
            raise InputError(f"color_by must be one of {', '.join(COLOR_MODES)}.")
        if self.size_by not in SIZE_MODES:
            raise InputError(f"size_by must be one of {', '.join(SIZE_MODES)}.")
        if bad := [group for group in self.expanded if not (group.isascii() and group.isdigit())]:
            raise InputError(f"expanded must list group numbers such as 3,12, not {', '.join(bad)}.")

    def with_changes(self, **changes: object) -> ViewSpec:
        """A copy with some fields changed; a manual change leaves the preset."""
        changes.setdefault("preset", None)
        return replace(self, **changes)  # type: ignore[arg-type]

    # ---- URL query parameters ------------------------------------------------

    def to_query_params(self) -> dict[str, str]:
        """Only the fields that differ from the defaults, as strings."""
        default = ViewSpec()
        params: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value == getattr(default, item.name):
                continue
            if isinstance(value, tuple):
                params[item.name] = ",".join(value)
            elif isinstance(value, bool):
                params[item.name] = "1" if value else "0"
            else:
                params[item.name] = str(value)
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> ViewSpec:
        """Read a spec from query parameters; raise InputError naming the bad parameter."""
        values: dict[str, object] = {}
        for item in fields(cls):
            if item.name not in params:
                continue
            raw = params[item.name]
            text = raw[-1] if isinstance(raw, list) else raw
            if item.name in ("types", "relations", "fade_relations", "expanded"):
                values[item.name] = tuple(part for part in text.split(",") if part)
            elif item.name == "depth":
                try:
                    values[item.name] = int(text)
                except ValueError:
                    raise InputError(f"URL parameter depth={text!r} is not a whole number.") from None
            elif item.name == "hide_isolated":
                values[item.name] = text in ("1", "true", "True")
            else:
                values[item.name] = text or None
        try:
            spec = cls(**values)  # type: ignore[arg-type]
        except TypeError as error:  # pragma: no cover - fields are known
            raise InputError(str(error)) from None
        if spec.preset is None:
            return spec
        if spec.preset not in PRESETS:
            raise InputError(f"Unknown preset {spec.preset!r}; known: {', '.join(PRESETS)}.")
        if set(params) <= SHORT_LINK_PARAMETERS:
            # A short link (?preset=excluded, perhaps with a selection): the preset's own view.
            # The app's links always carry the view's fields, which then win.
            return replace(PRESETS[spec.preset].spec, selected=spec.selected, expanded=spec.expanded)
        return spec


@dataclass(frozen=True)
class Preset:
    """A named starting point: a title, a one-line explanation and its spec."""

    name: str
    title: str
    description: str
    spec: ViewSpec


# A link with only these parameters and a preset opens the preset's view (see from_query_params).
SHORT_LINK_PARAMETERS = frozenset({"preset", "selected", "expanded"})
MEETING = "event:partners-meeting-2021-07"
PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "excluded",
            "Excluded from the July 2021 partner meeting",
            "The meeting, the two states left out (Russia, Belarus) and their frameworks; "
            "the 38 invited partners are faded.",
            ViewSpec(
                relations=("excluded_from", "invited_to", "partner_in", "hosted"),
                types=("state", "framework", "event", "person"),
                as_of=ARTICLE_DATE,
                focus=MEETING,
                depth=2,
                fade_relations=("invited_to",),
                color_by="type",
                preset="excluded",
            ),
        ),
        Preset(
            "members",
            "NATO members as of a date",
            "The member states of NATO on the chosen date (the article's date to start with).",
            ViewSpec(
                types=("state", "alliance"),
                relations=("member_of",),
                as_of=ARTICLE_DATE,
                hide_isolated=True,
                preset="members",
            ),
        ),
        Preset(
            "partners",
            "Partners by framework",
            "Each partnership framework with its partner states on the chosen date.",
            ViewSpec(
                types=("state", "framework"),
                relations=("partner_in",),
                as_of=ARTICLE_DATE,
                hide_isolated=True,
                color_by="framework",
                preset="partners",
            ),
        ),
        Preset(
            "attendance",
            "Who was at the meeting",
            "Who hosted, spoke at and attended the July 2021 meeting, where it was and what it reviewed.",
            ViewSpec(
                relations=("hosted", "spoke_at", "attended", "held_in", "reviews", "discussed"),
                focus=MEETING,
                depth=1,
                preset="attendance",
            ),
        ),
    )
}


def apply_view(G: nx.MultiDiGraph, spec: ViewSpec) -> nx.MultiDiGraph:
    """The subgraph ``spec`` selects from ``G`` (a new graph; ``G`` is not changed).

    Order: filter by types, relations and date; keep a framework's partners; keep the
    focus neighbourhood; drop isolated nodes. The selection does not change the subgraph.
    When nothing is filtered the result is a read-only view of ``G`` (no copy: 0.1 s saved
    on 10,000 nodes); otherwise a new graph.
    """
    unfiltered = (spec.types, spec.relations, spec.as_of, spec.focus, spec.reported_by) == (None,) * 5
    if unfiltered and not spec.framework and not spec.hide_isolated:
        return G.copy(as_view=True)
    view = filter_graph(G, spec.types, spec.relations, spec.as_of, reported_by=spec.reported_by)
    if spec.framework and spec.framework in view:
        keep = {spec.framework} | {
            subject
            for subject, _, data in view.in_edges(spec.framework, data=True)
            if data["relation"] == "partner_in"
        }
        view = view.subgraph(keep).copy()
    if spec.focus and spec.focus in view:
        view = neighbourhood(view, spec.focus, spec.depth)
    if spec.hide_isolated:
        view.remove_nodes_from([node for node in list(view) if view.degree(node) == 0])
    return view


def faded_nodes(view: nx.MultiDiGraph, spec: ViewSpec) -> frozenset[str]:
    """Nodes linked to the focus only through ``spec.fade_relations`` (e.g. the invited).

    A node also linked to an emphasised node (one tied to the focus some other way) stays
    visible: in the "excluded" preset, Russia's own frameworks are not faded.
    """
    if not spec.fade_relations or not spec.focus or spec.focus not in view:
        return frozenset()
    fade = set(spec.fade_relations)

    def relations_to_focus(node: str) -> set[str]:
        forward = view.get_edge_data(node, spec.focus, default={}).values()
        backward = view.get_edge_data(spec.focus, node, default={}).values()
        return {data["relation"] for data in (*forward, *backward)}

    neighbours = set(nx.all_neighbors(view, spec.focus))
    candidates = {
        node for node in neighbours if (relations := relations_to_focus(node)) and relations <= fade
    }
    emphasised = neighbours - candidates
    return frozenset(
        node for node in candidates if not any(other in emphasised for other in nx.all_neighbors(view, node))
    )


def today() -> str:
    return dt.date.today().isoformat()
