"""Large graphs: the clustered layout, level of detail, the compact screen payload and the catalogue."""

from __future__ import annotations

import json
import math
from collections import Counter

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.draw.aggregated as lod
from bench.synthetic import ba_graph, tables, zipped
from graph.draw import LAYOUTS, compute_layout, group_layout, group_nodes, view_payload
from graph.draw.aggregated import expanded_groups, group_id, group_index
from graph.errors import InputError
from graph.query import catalogue
from graph.readers import read_upload
from graph.settings import limit, overridden
from graph.view import ViewSpec, apply_view
from ui.graph_view import encode_payload


@pytest.fixture(scope="module")
def big() -> nx.MultiDiGraph:
    """3,000 entities and about 6,000 relations, read through the upload path like a user's file."""
    G, report = read_upload([("ba.zip", zipped(tables(ba_graph(3000))))])
    assert G is not None, report.format()
    return nx.freeze(G)


@pytest.fixture(scope="module")
def groups(big):
    return group_nodes(big)


def all_positions(G, groups):
    positions = {}
    for index in range(len(groups)):
        positions.update(group_layout(G, groups, index))
    return positions


# ---- layout ------------------------------------------------------------------------------------


def test_layout_choice_follows_size() -> None:
    readable = limit("readable_view")
    for n, name in (
        (readable, "fruchterman-reingold"),  # each view of it gets its own layout from this one
        (readable + 1, "forceatlas2"),
        (SMALL_GRAPH, "forceatlas2"),
        (SMALL_GRAPH + 1, "fruchterman-reingold"),
    ):
        G = ba_graph(n)
        assert compute_layout(G) == compute_layout(G, name)
    G = ba_graph(LARGE_GRAPH + 1)
    assert compute_layout(G) == LAYOUTS["clustered"](G, 7)


def test_groups_cover_every_node_once_and_stay_small(big, groups) -> None:
    members = [node for part in groups.members for node in part]
    assert sorted(members) == sorted(big)
    assert all(len(part) <= MAX_GROUP for part in groups.members)
    assert all(groups.of[node] == index for index, part in enumerate(groups.members) for node in part)
    assert len(groups) > 1


def test_group_discs_do_not_overlap_and_hold_their_members(big, groups) -> None:
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            gap = math.dist(groups.centres[i], groups.centres[j])
            assert gap >= groups.radii[i] + groups.radii[j] - 1e-6
    positions = all_positions(big, groups)
    assert set(positions) == set(big)
    for node, point in positions.items():
        index = groups.of[node]
        assert math.dist(point, groups.centres[index]) <= groups.radii[index] + 1e-6


def test_clustered_layout_is_deterministic(big, groups) -> None:
    assert group_nodes(big) == groups
    assert group_layout(big, groups, 0) == group_layout(big, groups, 0)


def test_isolated_nodes_and_small_components_are_pooled() -> None:
    G = nx.Graph(ba_graph(LARGE_GRAPH + 100))
    G.add_nodes_from(f"lonely{i}" for i in range(40))
    G.add_edges_from((f"pair{i}a", f"pair{i}b") for i in range(10))
    groups = group_nodes(G)
    pooled = [i for i, kind in enumerate(groups.kinds) if kind == "small components"]
    assert pooled, groups.kinds
    pooled_nodes = {node for i in pooled for node in groups.members[i]}
    assert {f"lonely{i}" for i in range(40)} <= pooled_nodes
    assert all(
        len(groups.members[i]) >= MIN_GROUP for i, kind in enumerate(groups.kinds) if kind == "community"
    )


def test_a_graph_that_cannot_be_split_is_cut_into_pieces() -> None:
    star = nx.star_graph(MAX_GROUP + 400)
    groups = group_nodes(nx.relabel_nodes(star, str))
    assert all(len(part) <= MAX_GROUP for part in groups.members)
    assert sum(len(part) for part in groups.members) == star.number_of_nodes()


def test_empty_graph_has_no_groups() -> None:
    assert len(group_nodes(nx.Graph())) == 0


# ---- level of detail ---------------------------------------------------------------------------


def test_group_ids_never_collide_with_entity_ids() -> None:
    assert group_index(group_id(0)) == 0
    assert group_index(group_id(41)) == 41
    for value in ("group", "group 0", "group x", "state:RUS", "group:1", "group 1 ", None):
        assert group_index(value) is None
    assert " " in group_id(0)  # the loader refuses ids with spaces


SMALL_GRAPH, LARGE_GRAPH, MAX_GROUP, MIN_GROUP = (
    limit(name) for name in ("small_graph", "large_graph", "max_group", "min_group")
)


@pytest.fixture
def small_budget():
    with overridden(lod_nodes=1000):
        yield


def aggregated(G, view, spec, groups, positions):
    """The payload of a view that is drawn as groups (the budget is below its size)."""
    payload = view_payload(G, spec, groups, lambda nodes: positions, view=view)
    assert "aggregated" in payload
    return payload


def test_small_views_are_drawn_node_by_node(big, groups, small_budget) -> None:
    spec = ViewSpec(focus="n0", depth=1)
    payload = view_payload(big, spec, groups, lambda nodes: all_positions(big, groups))
    assert "aggregated" not in payload
    assert {node["id"] for node in payload["nodes"]} == set(apply_view(big, spec))


def test_a_large_view_is_drawn_as_groups(big, groups, small_budget) -> None:
    asked = []

    def positions(nodes):
        asked.append(list(nodes))
        return {}

    payload = view_payload(big, ViewSpec(), groups, positions)
    assert not any(asked)  # nothing drawn node by node: no group needs its layout
    assert payload["aggregated"]["groups"] == len(groups)
    assert all(group_index(node["id"]) is not None for node in payload["nodes"])
    assert sum(node["members"] for node in payload["nodes"]) == big.number_of_nodes()
    assert "Level of detail: 3,000 entities" in payload["notice"]
    assert payload["entities"] == 3000
    for node in payload["nodes"]:
        assert (node["x"], node["y"]) == groups.centres[group_index(node["id"])]
    json.loads(encode_payload(payload))


def links_between_groups(G, groups) -> Counter:
    """How many links join each pair of groups, counted straight from the graph."""
    counts: Counter = Counter()
    for u, v in G.edges():
        a, b = group_id(groups.of[u]), group_id(groups.of[v])
        if a != b:
            counts[tuple(sorted((a, b)))] += 1
    return counts


def test_bundles_count_the_links_between_groups(big, groups, small_budget, monkeypatch) -> None:
    monkeypatch.setattr(lod, "BUNDLES_PER_GROUP", 10_000)  # keep every bundle
    payload = aggregated(big, apply_view(big, ViewSpec()), ViewSpec(), groups, {})
    drawn = {tuple(sorted((edge["from"], edge["to"]))): edge["count"] for edge in payload["edges"]}
    assert drawn == dict(links_between_groups(big, groups))


def test_only_each_groups_strongest_bundles_are_drawn(big, groups, small_budget) -> None:
    payload = aggregated(big, apply_view(big, ViewSpec()), ViewSpec(), groups, {})
    every = links_between_groups(big, groups)
    drawn = {tuple(sorted((edge["from"], edge["to"]))) for edge in payload["edges"]}
    assert len(drawn) < len(every)
    assert f"{len(drawn):,} strongest of {len(every):,} bundles" in payload["notice"]
    for end in {end for pair in every for end in pair}:
        own = sorted(
            ((count, pair) for pair, count in every.items() if end in pair),
            key=lambda item: (-item[0], item[1]),
        )
        assert {pair for _, pair in own[: lod.BUNDLES_PER_GROUP]} <= drawn  # each group keeps its strongest
    weakest_dropped = [pair for pair in every if pair not in drawn]
    for a, b in weakest_dropped:  # a dropped bundle is among neither end's strongest
        for end in (a, b):
            kept = sorted((count for pair, count in every.items() if end in pair), reverse=True)
            assert every[(a, b)] <= kept[lod.BUNDLES_PER_GROUP - 1]


def test_expanding_a_group_shows_its_members_in_place(big, groups, small_budget) -> None:
    spec = ViewSpec(expanded=("1",))
    payload = view_payload(
        big,
        spec,
        groups,
        lambda nodes: {n: p for n, p in all_positions(big, groups).items() if n in set(nodes)},
    )
    ids = {node["id"] for node in payload["nodes"]}
    assert set(groups.members[0]) <= ids
    assert group_id(0) not in ids
    assert payload["aggregated"]["expanded"] == [1]
    member = next(node for node in payload["nodes"] if node["id"] == groups.members[0][0])
    assert math.dist((member["x"], member["y"]), groups.centres[0]) <= groups.radii[0]
    inside = [
        edge for edge in payload["edges"] if edge["from"] in ids and edge["to"] in ids and "count" not in edge
    ]
    assert inside and all("relation" in edge and edge["title"] for edge in inside)


@overridden(lod_nodes=300)
def test_expansions_beyond_the_budget_are_refused_and_said(big, groups) -> None:
    numbers = tuple(str(i + 1) for i in range(len(groups)))
    shown, refused = expanded_groups(apply_view(big, ViewSpec()), ViewSpec(expanded=numbers), groups)
    assert shown and refused
    assert sum(len(groups.members[i]) for i in shown) <= 300
    payload = aggregated(big, apply_view(big, ViewSpec()), ViewSpec(expanded=numbers), groups, {})
    assert "Not expanded" in payload["notice"]


def test_a_filtered_view_counts_only_what_it_shows(big, groups, small_budget) -> None:
    spec = ViewSpec(types=("state", "organization"))
    view = apply_view(big, spec)
    payload = aggregated(big, view, spec, groups, {})
    assert sum(node["members"] for node in payload["nodes"]) == view.number_of_nodes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(min_value=30, max_value=120),
    p=st.floats(min_value=0.0, max_value=0.08),
    expand=st.sets(st.integers(min_value=1, max_value=6), max_size=3),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_aggregation_loses_no_node_and_no_link(n, p, expand, seed, monkeypatch) -> None:
    monkeypatch.setattr(lod, "BUNDLES_PER_GROUP", 10_000)
    with overridden(lod_nodes=10, max_group=25, min_group=3):
        check_aggregation(n, p, expand, seed)


def check_aggregation(n, p, expand, seed) -> None:
    simple = nx.gnp_random_graph(n, p, seed=seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"e{i}", {"type": "state", "label": f"E{i}"}) for i in simple)
    for u, v in simple.edges():
        G.add_edge(f"e{u}", f"e{v}", key="related_to", relation="related_to", citations=[])
    groups = group_nodes(G)
    spec = ViewSpec(expanded=tuple(str(i) for i in sorted(expand)))
    view = apply_view(G, spec)
    shown, _ = expanded_groups(view, spec, groups)
    positions = {}
    for index in shown:
        positions.update(group_layout(G, groups, index))
    payload = aggregated(G, view, spec, groups, positions)
    individual = [node for node in payload["nodes"] if group_index(node["id"]) is None]
    grouped = sum(node["members"] for node in payload["nodes"] if group_index(node["id"]) is not None)
    assert len(individual) + grouped == n
    real = [edge for edge in payload["edges"] if "count" not in edge]
    bundled = sum(edge["count"] for edge in payload["edges"] if "count" in edge)
    within = sum(
        1
        for u, v in G.edges()
        if groups.of[u] == groups.of[v] and groups.of[u] not in shown  # hidden inside one group node
    )
    assert len(real) + bundled + within == G.number_of_edges()


# ---- screen payload and catalogue --------------------------------------------------------------


def test_screen_payload_draws_many_links_as_a_layer(big) -> None:
    spec = ViewSpec()
    view = apply_view(big, spec)
    assert view.number_of_edges() > limit("edge_layer")
    screen = view_payload(big, spec, None, lambda _nodes: {}, view=view, screen=True)
    full = view_payload(big, spec, None, lambda _nodes: {}, view=view, screen=False)
    assert screen["edge_layer"] and not full["edge_layer"]
    assert len(screen["edges"]) == len(full["edges"]) == view.number_of_edges()
    assert set(screen["edges"][0]) <= {"from", "to", "color", "dashes", "width"}
    assert {"id", "title", "relation"} <= set(full["edges"][0])  # exports keep everything
    assert "light layer" in screen["notice"]
    assert len(json.dumps(screen["edges"])) < len(json.dumps(full["edges"])) / 3


def test_payload_bytes_are_the_payload_as_json(nato, positions) -> None:
    payload = view_payload(nato, ViewSpec(), None, lambda _nodes: positions)
    decoded = json.loads(encode_payload(payload))
    assert decoded.pop("vis_url").endswith("vis-network.min.js")
    assert decoded == json.loads(json.dumps(payload, allow_nan=False))


def test_catalogue_counts_and_orders(nato) -> None:
    listing = catalogue(nato)
    assert sum(listing.type_counts.values()) == nato.number_of_nodes()
    assert sum(listing.relation_counts.values()) == listing.edges == nato.number_of_edges()
    labels = [str(nato.nodes[node]["label"]).casefold() for node in listing.by_label]
    assert labels == sorted(labels)
    assert listing.choice_labels["alliance:nato"].startswith("NATO — North Atlantic Treaty Organization")
    assert "framework:pfp" in listing.frameworks


def test_expanded_groups_round_trip_through_the_url() -> None:
    spec = ViewSpec(expanded=("3", "12"))
    assert spec.to_query_params()["expanded"] == "3,12"
    assert ViewSpec.from_query_params({"expanded": "3,12"}) == spec
    with pytest.raises(InputError, match="expanded must list group numbers"):
        ViewSpec.from_query_params({"expanded": "3,<b>"})


# ---- every group can be seen in the first frame ----------------------------------------------------


def vis_fit_scale(nodes, width: float = 800, height: float = 600) -> float:
    """vis-network 9.1.2's ``Network.fit()`` for dots: the canvas over the nodes' bounding boxes
    (x ± size, y ± size) with a 10 % margin, at most 1 (its default maxZoomLevel)."""
    left = min(node["x"] - node["size"] for node in nodes)
    right = max(node["x"] + node["size"] for node in nodes)
    top = min(node["y"] - node["size"] for node in nodes)
    bottom = max(node["y"] + node["size"] for node in nodes)
    return min(width / (1.1 * (right - left)), height / (1.1 * (bottom - top)), 1.0)


def isolated(count: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"n{i}", {"type": "other", "label": f"N{i}"}) for i in range(count))
    return G


def test_a_view_of_isolated_entities_draws_every_group_at_six_pixels() -> None:
    """The shape of a 1M-node upload without links: isolated entities pooled into 400 equal groups
    (here 25 entities each instead of 2,500; the picture does not depend on the scale)."""
    with overridden(lod_nodes=1000, max_group=25):
        G = isolated(10_000)
        groups = group_nodes(G)
        payload = view_payload(G, ViewSpec(), groups, lambda nodes: {})
    assert len(groups) == 400 and len(payload["nodes"]) == 400
    scale = vis_fit_scale(payload["nodes"])
    assert min(node["size"] * scale for node in payload["nodes"]) >= 6
    # The sizes of before (14 to 60 units whatever the discs' extent) were below a pixel here.
    before = [{**node, "size": 60} for node in payload["nodes"]]
    assert 60 * vis_fit_scale(before) < 1


def test_groups_of_every_size_are_readable_and_too_many_are_said(monkeypatch) -> None:
    """Unequal groups (one large community, many small ones): the small are raised to six pixels;
    beyond MAX_GROUPS_DRAWN the smallest are left out and the notice says how many."""
    monkeypatch.setattr(lod, "MAX_GROUPS_DRAWN", 150)
    G = nx.MultiDiGraph()
    big = nx.barabasi_albert_graph(2000, 2, seed=3)
    G.add_nodes_from((f"b{i}", {"type": "state", "label": f"B{i}"}) for i in big)
    G.add_edges_from((f"b{u}", f"b{v}", "related_to", {"relation": "related_to"}) for u, v in big.edges())
    for ring in range(300):  # 300 rings of 12: communities of their own
        names = [f"r{ring}-{i}" for i in range(12)]
        G.add_nodes_from((name, {"type": "person", "label": name}) for name in names)
        G.add_edges_from(
            (a, b, "related_to", {"relation": "related_to"})
            for a, b in zip(names, names[1:] + names[:1], strict=True)
        )
    with overridden(lod_nodes=1000, min_group=12):
        groups = group_nodes(G)
        payload = view_payload(G, ViewSpec(), groups, lambda nodes: {})
    assert len(groups) > 300 and len(payload["nodes"]) == 150
    scale = vis_fit_scale(payload["nodes"])
    assert min(node["size"] * scale for node in payload["nodes"]) >= 6
    assert "Only the 150 largest groups are drawn" in payload["notice"]
    assert f"the other {len(groups) - 150:,}" in payload["notice"]
    largest = max(payload["nodes"], key=lambda node: node["members"])
    assert largest["members"] == max(len(part) for part in groups.members)
