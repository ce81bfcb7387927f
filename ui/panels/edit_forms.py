"""The Details panel's edit forms, part one: the buttons that open them, adding a relation with its
citation (a stored source, or a new one), a new entity ("+ New entity" beside the search box), and
"did you mean …?". Every form writes through ui/edits.py (graph.edits), one write each.

The relation and the object are picked outside the form, so the sentence the claim will read as is
shown as they change; the dates and the citation are in an ``st.form``: Enter in a field saves it,
Cancel (or Escape, ui/graph_view.js) closes it, and Tab follows the fields in order.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.edits import AddClaim, AddEntity, AddNote, AddSource, Operation
from graph.edits.ids import entity_id, source_id
from graph.model import Source
from graph.vocabulary import DOMAIN_RANGE, ENTITY_TYPES, RELATIONS, phrase, relation_sentence
from ui import cache, edits, state, store_mode
from ui.sidebar import entity_picker
from ui.state import LoadedGraph, Message
from ui.text import md

NEW_SOURCE = ""  # the source picker's choice "a new source (fill in below)"
FORMS = {
    "relation": "Add relation",
    "claims": "Correct or retract",
    "note": "Add a note",
    "entity": "Edit the entity",
}


def text(key: str) -> str:
    """A text field's value, stripped."""
    return str(state.widget(key) or "").strip()


def refuse(field: str, message: str) -> None:
    """A refusal found before the checks (a field left empty): said as the checks say theirs."""
    state.set_message("edit", Message("error", f"Nothing was written:\n\n- **{md(field)}**: {md(message)}"))


def show_message() -> None:
    message = state.message("edit")
    if message is not None:
        getattr(st, message.level)(message.text)


def cancel_button() -> None:
    """The form's Cancel (Escape clicks it): closes the form, nothing written."""
    st.form_submit_button("Cancel", key="w_edit_cancel", on_click=state.close_edit_form)


def form_buttons(title: str, on_save: Any) -> None:
    """Save (first: Enter in a field presses it) and Cancel, side by side, at the end of a form."""
    save, cancel = st.columns(2)
    with save:
        st.form_submit_button(title, key="w_edit_save", type="primary", on_click=on_save)
    with cancel:
        cancel_button()


def edit_buttons(read_only: bool) -> None:
    """One button per form; the one open is highlighted."""
    columns = st.columns(2) + st.columns(2)  # two rows of two: the side panel is narrow
    for column, (name, title) in zip(columns, FORMS.items(), strict=True):
        column.button(
            title,
            key=f"w_edit_open_{name}",
            on_click=state.open_edit_form,
            args=(name,),
            type="primary" if state.edit_form() == name else "secondary",
            disabled=read_only,
            width="stretch",
        )
    if read_only:
        st.caption(f"{md(store_mode.where().capitalize())} can only be read: editing is off.")


# ---- Citations -----------------------------------------------------------------------------------


def found_sources(query: str) -> tuple[Source, ...]:
    store = edits.store()
    return () if store is None else store.find_sources(query, limit=20)


def source_choice(source: Source) -> str:
    parts = [source.title or source.id, source.publisher, source.published or ""]
    return " · ".join(part for part in parts if part) + f" ({source.id})"


def citation_fields(
    sources: tuple[Source, ...], first: str | None = None, locator: str = "", quote: bool = True
) -> None:
    """Inside a form: the cited source (a stored one, or a new one described below), the locator
    and (``quote``) a quote. ``first``: a source listed first and chosen by default (a corrected
    claim's), ``locator`` the locator shown at first."""
    by_id = {source.id: source for source in sources}
    ids = ([first] if first else []) + [NEW_SOURCE] + [sid for sid in by_id if sid != first]

    def choice(sid: str) -> str:
        if sid == NEW_SOURCE:
            return "A new source, described below"
        return source_choice(by_id[sid]) if sid in by_id else sid

    st.selectbox("Source (required)", ids, key="w_edit_source", format_func=choice)
    url, title = st.columns(2)
    url.text_input("New source: URL", key="w_edit_source_url", placeholder="https://…")
    title.text_input("New source: title", key="w_edit_source_title")
    publisher, published, author = st.columns(3)
    publisher.text_input("Publisher", key="w_edit_source_publisher")
    published.text_input("Published", key="w_edit_source_published", placeholder="YYYY[-MM[-DD]]")
    author.text_input("Author", key="w_edit_source_author")
    where, said = st.columns([0.35, 0.65])
    where.text_input("Locator", value=locator, key="w_edit_locator", placeholder="para 2, p. 14…")
    if quote:
        said.text_input("Quote (optional)", key="w_edit_quote")


def cited(optional: bool = False) -> tuple[str, list[Operation]] | None:
    """The source the form cites, and the operation adding it when it is new; None (refused,
    the message says why) when neither a stored source nor a new one's title or URL is given
    (``optional``: then no source, ``""``)."""
    chosen = str(state.widget("w_edit_source") or NEW_SOURCE)
    if chosen != NEW_SOURCE:
        return chosen, []
    title, url = text("w_edit_source_title"), text("w_edit_source_url")
    store = edits.store()
    if optional and not (title or url):
        return "", []
    if store is None or not (title or url):
        refuse("Source", "an edit cites a source: pick a stored one, or give the new one's title or URL.")
        return None
    published = text("w_edit_source_published") or None
    new = source_id(store, title or url, published)
    return new, [
        AddSource(
            new,
            title or url,
            url=url,
            publisher=text("w_edit_source_publisher"),
            published=published,
            author=text("w_edit_source_author"),
        )
    ]


def source_search() -> tuple[Source, ...]:
    """Outside the form: find stored sources by title, publisher or URL (the picker lists them)."""
    query = st.text_input(
        "Find a stored source",
        key="w_edit_source_query",
        placeholder="title, publisher or URL — or describe a new one below",
    )
    return found_sources(query)


# ---- Add relation --------------------------------------------------------------------------------


def relations_for(subject_type: str) -> list[str]:
    """The relations, those whose domain takes the subject's type first."""
    allowed = [name for name in RELATIONS if subject_type in DOMAIN_RANGE.get(name, ((), ()))[0]]
    return allowed + [name for name in RELATIONS if name not in allowed]


def object_picker(loaded: LoadedGraph) -> str | None:
    """The object: an entity of the graph, or on a claims store one found by a search of it."""
    if store_mode.url() is None:
        return entity_picker(st, "Object", "w_edit_object", loaded, placeholder="Type part of a name")
    query = st.text_input("Object: search the store", key="w_edit_object_query")
    store = edits.store()
    matches = store.search(query, limit=20) if store is not None and query.strip() else []
    labels: dict[str, str] = {match.id: f"{match.label} ({match.type}) · {match.id}" for match in matches}
    ids: list[str] = list(labels)
    return st.selectbox("Object", ids, key="w_edit_object", format_func=lambda one: labels.get(one, one))


def object_label(loaded: LoadedGraph, chosen: str | None) -> str:
    if state.widget("w_edit_object_new"):
        return text("w_edit_object_label") or "…"
    if chosen is None:
        return "…"
    return str(loaded.G.nodes[chosen].get("label", chosen)) if chosen in loaded.G else edits.label_of(chosen)


def relation_form(loaded: LoadedGraph, node: str, info: dict[str, Any]) -> None:
    """Add a relation from ``node``: relation, object and the sentence they make; then the form."""
    st.caption(f"From {md(info['label'])} ({md(node)}) to the object picked below.")
    st.selectbox("Relation", relations_for(info["type"]), key="w_edit_relation", format_func=phrase)
    st.toggle("The object is a new entity", key="w_edit_object_new")
    chosen = None
    if state.widget("w_edit_object_new"):
        kind, label = st.columns([0.35, 0.65])
        kind.selectbox("New entity: type", list(ENTITY_TYPES), key="w_edit_object_type")
        label.text_input("New entity: label", key="w_edit_object_label")
    else:
        chosen = object_picker(loaded)
    relation = str(state.widget("w_edit_relation") or "")
    st.markdown(f"**{md(relation_sentence(info['label'], relation, object_label(loaded, chosen)))}**")
    sources = source_search()
    with st.form("w_edit_form_relation", border=False, enter_to_submit=True):
        start, end = st.columns(2)
        start.text_input("Start", key="w_edit_start", placeholder="YYYY[-MM[-DD]]")
        end.text_input("End", key="w_edit_end", placeholder="YYYY[-MM[-DD]]")
        citation_fields(sources)
        form_buttons("Save the relation", on_relation)


def on_relation() -> None:
    node, store = selected_node(), edits.store()
    if node is None or store is None:
        return
    operations: list[Operation] = []
    if state.widget("w_edit_object_new"):
        label, kind = text("w_edit_object_label"), str(state.widget("w_edit_object_type") or "")
        if not label:
            refuse("New entity: label", "give the new entity a name.")
            return
        target = entity_id(store, kind, label)
        operations.append(AddEntity(target, kind, label))
        target_label = label
    else:
        target = str(state.widget("w_edit_object") or "")
        if not target:
            refuse("Object", "pick the entity the relation leads to, or make a new one.")
            return
        target_label = edits.label_of(target)
    citation = cited()
    if citation is None:
        return
    source, added = citation
    relation = str(state.widget("w_edit_relation") or "")
    claim = AddClaim(
        node,
        relation,
        source,
        object=target,
        start=text("w_edit_start") or None,
        end=text("w_edit_end") or None,
        locator=text("w_edit_locator"),
        quote=text("w_edit_quote"),
    )
    sentence = relation_sentence(edits.label_of(node), relation, target_label)
    edits.save("relation", [*operations, *added, claim], f"added: {sentence}")


def selected_node() -> str | None:
    selected = state.selection()
    return str(selected.id) if selected is not None and selected.kind == "node" else None


# ---- A new entity ("+ New entity" beside the search box) -------------------------------------------


def new_entity_form() -> None:
    st.markdown("#### New entity")
    show_message()
    with st.container(key="agx_edit_box_new"):
        with st.form("w_edit_form_new_entity", border=False, enter_to_submit=True):
            kind, label = st.columns([0.35, 0.65])
            kind.selectbox("Type", list(ENTITY_TYPES), key="w_edit_new_type")
            label.text_input("Label", key="w_edit_new_label")
            st.text_input("Id (optional: made from the type and label)", key="w_edit_new_id")
            st.text_input("Aliases (separated by |)", key="w_edit_new_aliases")
            st.text_input("Description", key="w_edit_new_description")
            st.text_input("Why (an editor's note kept with the entity: its source)", key="w_edit_why")
            form_buttons("Create", on_new_entity)
        did_you_mean("new_entity")


def on_new_entity() -> None:
    store = edits.store()
    label, why = text("w_edit_new_label"), text("w_edit_why")
    kind = str(state.widget("w_edit_new_type") or "")
    if store is None:
        return
    if not label:
        refuse("Label", "give the new entity a name.")
        return
    if not why:
        refuse("Why", "say where the entity comes from (a source, or why you add it).")
        return
    new = text("w_edit_new_id") or entity_id(store, kind, label)
    aliases = tuple(part.strip() for part in text("w_edit_new_aliases").split("|") if part.strip())
    operations: list[Operation] = [
        AddEntity(new, kind, label, aliases, text("w_edit_new_description")),
        AddNote(why, entity=new),
    ]
    edits.save("new_entity", operations, f"new entity: {label}", select=new)


# ---- Did you mean …? -----------------------------------------------------------------------------


def did_you_mean(form: str) -> None:
    """The held edit's question: each stored entity the new one may be, or "create it"."""
    held = state.held_edit()
    if held is None or held.form != form:
        return
    for new, matches in held.similar.items():
        named = ", ".join(f"{edits.label_of(match)} ({match})" for match in matches)
        st.warning(f"Did you mean {md(named)}? The name of the new entity {md(new)} matches it.")
        for match in matches:
            st.button(
                f"Yes: use {edits.label_of(match)} ({match})",
                key=f"w_edit_use_{match}",
                on_click=edits.use_stored,
                args=(new, match),
            )
    st.button("No: it is another entity, create it", key="w_edit_create_anyway", on_click=edits.create_anyway)


def cache_key() -> tuple[str, str] | None:
    """The store's URL and version (what per-entity reads are cached on)."""
    source = state.source()
    return None if source is None else (source.url, source.version)


def claims_of(node: str) -> tuple[Any, ...]:
    key = cache_key()
    return () if key is None else cache.entity_claims_for(*key, node)
