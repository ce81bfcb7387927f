"""Turn a graph read from another tool's file into our tables, keeping everything it holds.

Every format module fills a :class:`ForeignGraph` (raw ids, typed attributes, drawing
data, periods) and :func:`to_dataset` makes the :class:`~graph.model.Dataset`:

- ids follow the id rule of graph/text.py (an id that breaks it is repaired, and said);
- node and edge attributes keep their names and types (a name our graph uses for its own
  data gets `` (file)`` appended); drawing data become ``viz:*`` attributes;
- what a foreign graph lacks is filled in visibly: a type of ours (``other``), a relation
  (``related_to``), a source (the uploaded file itself);
- every dropped or changed element is counted by kind in one report line with the first
  few ids; nothing is dropped in silence.

The parts, lowest first (each imports only those above it in this list):

- ``model``: :class:`ForeignGraph`, :class:`ForeignNode`, :class:`ForeignEdge`;
- ``losses``: the report lines for what is dropped or changed (:class:`~.losses.Tally`);
- ``values``: one value made ours (text, scalars, column types, dates, names, drawing data);
- ``citations``: the file's sources and the citations on its edges;
- ``nodes``: nodes → entities; ``edges``: edges → claims;
- ``dataset``: :func:`to_dataset`, which runs them in order.
"""

from graph.readers.foreign.dataset import to_dataset
from graph.readers.foreign.model import UPLOAD_SOURCE, ForeignEdge, ForeignGraph, ForeignNode, Period

__all__ = ["UPLOAD_SOURCE", "ForeignEdge", "ForeignGraph", "ForeignNode", "Period", "to_dataset"]
