"""What a newcomer meets in the app (issue 27), with Streamlit's AppTest: the header of an upload,
numbered paths kept in the URL, table rows that select, relations read as phrases, upload labels.

Browser checks of the same (layout, the canvas) are in tests/e2e/test_newcomer.py.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import workspace_picker
from tests.test_app import caption, markdown_text, start, unescape, upload_files

# A small Les Misérables: an undirected GEXF with labels and no types.
LESMIS = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
<nodes><node id="0" label="Myriel"/><node id="1" label="Valjean"/><node id="2" label="Javert"/>
<node id="3" label="Cosette"/></nodes>
<edges><edge id="0" source="0" target="1"/><edge id="1" source="1" target="2"/>
<edge id="2" source="1" target="3"/><edge id="3" source="2" target="3"/></edges>
</graph></gexf>"""


def header_lines(at: AppTest) -> str:
    return "\n".join(unescape(item.value) for item in at.markdown[:2])


def test_the_bundled_dataset_has_its_presets_lead_and_search_hint() -> None:
    at = start()
    assert at.button_group(key="w_preset").options
    assert "e.g. Russia" in at.selectbox(key="w_search").placeholder
    assert "July 2021 partner meeting" in header_lines(at)


def test_an_upload_names_itself_and_offers_no_nato_presets() -> None:
    at = start()
    at.button_group(key="w_preset").set_value("excluded").run()
    upload_files(at, [("lesmis.gexf", LESMIS, "application/xml")])
    assert not at.exception
    assert not [group for group in at.button_group if group.key == "w_preset"], "no NATO presets"
    lines = header_lines(at)
    assert "**Alliance Graph Explorer** · lesmis" in lines  # the workspace made from the file
    assert "NATO" not in lines and "July 2021" not in lines
    hint = at.selectbox(key="w_search").placeholder
    assert "Russia" not in hint and "Valjean" in hint
    assert caption(at).startswith("4 entities and 4 relations")
    assert "preset" not in at.query_params


def test_back_to_the_bundled_dataset_brings_the_presets_back() -> None:
    at = start()
    upload_files(at, [("lesmis.gexf", LESMIS, "application/xml")])
    workspace_picker(at).set_value("NATO").run()  # back to the bundled data's workspace
    assert at.button_group(key="w_preset").options
    assert "e.g. Russia" in at.selectbox(key="w_search").placeholder
    assert "lesmis" not in markdown_text(at).split("\n")[0]


def path_steps(at: AppTest) -> list[str]:
    return [unescape(item.value).split("\n")[0] for item in at.markdown if item.value[:1].isdigit()]


def test_a_path_is_numbered_step_by_step_and_kept_in_the_url() -> None:
    at = start()
    at.session_state["w_tab"] = "Paths"  # a closed tab is not drawn (ui/side_panel.py)
    at.run()
    at.selectbox(key="w_path_from").set_value("person:wiermann").run()
    at.selectbox(key="w_path_to").set_value("state:BLR").run()
    steps = path_steps(at)
    assert [step[:2] for step in steps[:2]] == ["1.", "2."], steps
    assert at.query_params["path"] == "person:wiermann,state:BLR"
    at.button(key="clear_path").click().run()
    assert "path" not in at.query_params


def test_a_link_with_a_path_opens_the_path() -> None:
    at = start(path="person:wiermann,state:BLR")
    assert not at.exception
    assert at.selectbox(key="w_path_from").value == "person:wiermann"
    assert at.selectbox(key="w_path_to").value == "state:BLR"
    assert [step[:2] for step in path_steps(at)[:2]] == ["1.", "2."]
    assert at.query_params["path"] == "person:wiermann,state:BLR"


def test_the_tables_rows_are_selectable_and_degree_counts_distinct_neighbours() -> None:
    at = start(preset="members")
    at.session_state["w_tab"] = "Tables"
    at.run()
    nodes, edges = at.dataframe(key="w_nodes_table"), at.dataframe(key="w_edges_table")
    assert list(nodes.proto.selection_mode) == list(edges.proto.selection_mode) == [0]  # single row
    assert any("Click a row to select" in item.value for item in at.caption)
    table = nodes.value.set_index("id")
    assert table.loc["alliance:nato", "degree in view"] == 30  # the members, each once
    assert (table["links in view"] >= table["degree in view"]).all()


def test_details_and_paths_read_relations_as_phrases_with_the_id_beside() -> None:
    at = start(selected="state:BLR")
    text = markdown_text(at)
    assert "**was excluded from** (negative) :small[:gray[excluded_from]]" in text
    assert "excluded_from NATO" not in text
    at.session_state["w_tab"] = "Paths"
    at.run()
    at.selectbox(key="w_path_from").set_value("person:wiermann").run()
    at.selectbox(key="w_path_to").set_value("state:BLR").run()
    assert any("Belarus was excluded from NATO" in step for step in path_steps(at))


def test_an_upload_without_labels_is_labelled_from_its_best_field_and_the_report_says_which() -> None:
    from tests.test_reader_labels import AIRPORTS

    at = start()
    upload_files(at, [("airports.graphml", AIRPORTS, "application/xml")])
    assert not at.exception
    report = "\n".join(unescape(item.value) for item in [*at.code, *at.markdown, *at.success])
    assert "labels are taken from the field 'tooltip'" in report
    assert "LIT" in at.selectbox(key="w_search").placeholder
    at.session_state["w_tab"] = "Tables"
    at.run()
    table = at.dataframe(key="w_nodes_table").value.set_index("id")
    assert table.loc["0", "label"] == "LIT"
    assert table.loc["0", "degree in view"] == 2


def test_parallel_links_of_an_upload_are_counted_apart_from_its_neighbours() -> None:
    from tests.test_reader_labels import AIRPORTS

    at = start()
    upload_files(at, [("airports.graphml", AIRPORTS, "application/xml")])
    at.session_state["w_tab"] = "Tables"
    at.run()
    table = at.dataframe(key="w_nodes_table").value.set_index("id")
    assert (table.loc["0", "degree in view"], table.loc["0", "links in view"]) == (2, 4)


def test_the_side_panel_keeps_its_width_whichever_tab_is_open() -> None:
    at = start()
    widths = []
    for tab in ("Details", "Tables", "Import", "Build"):
        at.session_state["w_tab"] = tab
        at.run()
        # after the header's 3 columns and the 2 of its search row (search box, "+ New entity")
        widths.append([round(column.proto.weight, 2) for column in at.columns[5:7]])
    assert widths == [[0.75, 0.25]] * 4, widths


def test_the_sidebar_lists_relations_by_their_phrases_and_the_url_keeps_their_ids() -> None:
    at = start()
    relations = at.sidebar.multiselect(key="w_relations")
    shown = list(relations.options)
    excluded = next(option for option in shown if option.startswith("was excluded from ("))
    assert excluded.endswith(" ⊘ · excluded_from"), "the phrase, the negative mark, the id beside"
    assert any(option.startswith("is a partner in (") and option.endswith("· partner_in") for option in shown)
    assert not any(option.startswith(("excluded_from", "partner_in")) for option in shown), "no bare ids"
    phrases = [option.split(" (")[0].casefold() for option in shown]
    assert phrases == sorted(phrases), "in the order a person reads them"
    relations.set_value(["excluded_from", "partner_in"]).run()
    assert not at.exception, at.exception
    assert dict(at.query_params) == {"relations": "excluded_from,partner_in"}, "the URL keeps the ids"
    link = start(relations="excluded_from")
    assert link.sidebar.multiselect(key="w_relations").value == ["excluded_from"], "a link's ids still work"
