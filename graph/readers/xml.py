"""XML for the GraphML and GEXF readers: parsed safely, elements matched by local name.

defusedxml refuses DTDs, entities and external references before anything is expanded.
Elements are matched by their local name whatever the namespace, as Gephi does, so
GEXF 1.0 (gephi.org), 1.1draft, 1.2draft, 1.3 (with or without ``www.``) and GraphML
without ``xmlns`` all read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from graph.budget import checkpoint, over_budget, xml_elements
from graph.report import ImportReport

_LOCAL_NAMES: dict[str, str] = {}


def local(tag: Any) -> str:
    """The local name of an element or attribute name (``{ns}node`` → ``node``)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 10_000:
            _LOCAL_NAMES[tag] = name
    return name


def parse_xml(name: str, content: bytes, report: ImportReport) -> Element | None:
    """The root element, or None with the reason in ``report``."""
    try:
        return SafeElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the XML declares a DTD or entities ({type(error).__name__}), which we refuse for safety.",
            "export the graph again without a DOCTYPE or entity declarations.",
        )
    except SafeElementTree.ParseError as error:
        line = getattr(error, "position", (None, None))[0]
        report.add(
            "error",
            name,
            line,
            None,
            f"the file is not well-formed XML ({error}).",
            "check that the file is complete and is GraphML or GEXF.",
        )
    except (LookupError, ValueError, UnicodeError) as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the XML cannot be decoded ({error}).",
            'save the file as UTF-8 and declare encoding="UTF-8".',
        )
    return None


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children with local name ``name``."""
    return (child for child in element if local(child.tag) == name)


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def descendants(element: Element, name: str) -> Iterator[Element]:
    return (item for item in element.iter() if local(item.tag) == name)


def attribute(element: Element, name: str) -> str | None:
    """An XML attribute by local name (``viz:`` or no namespace alike)."""
    attributes = element.attrib
    value = attributes.get(name)
    if value is not None or not attributes:
        return value
    suffix = "}" + name
    for key, item in attributes.items():
        if key.endswith(suffix):
            return item
    return None


def text_of(element: Element) -> str:
    """All text inside ``element`` (CDATA included), children's text too."""
    return "".join(element.itertext())


def graph_element(
    name: str, content: bytes, report: ImportReport, kind: str, hint: str
) -> tuple[Element, Element] | None:
    """The root and the ``<graph>`` element of a GraphML or GEXF file (``kind``), or None with the
    reason in ``report``."""
    if over_budget(name, xml_elements(content), report):
        return None  # refused before the parser builds a tree of it
    root = parse_xml(name, content, report)
    if root is None:
        return None
    checkpoint()
    graph = child(root, "graph") or next(descendants(root, "graph"), None)
    if graph is None:
        report.add("error", name, None, "graph", f"the {kind} file has no <graph> element.", hint)
        return None
    return root, graph
