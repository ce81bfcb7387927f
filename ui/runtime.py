"""Settings of the server process (the app's, not the library's): Python's garbage collector."""

from __future__ import annotations

import contextlib
import ctypes
import gc

# Python runs a collection every 700 new container objects by default, and each collection of
# the older generations walks every graph already loaded. Reading or filtering a large graph
# allocates hundreds of thousands of dicts, so on a 50,000-node upload a third or more of the
# time went to the collector. Measured here on that upload: reading it 5.4 s → 3.4 s;
# filtering out one entity type 0.9–1.6 s → 0.6–1.0 s (four runs each); peak memory
# 346 → 347 MB. Only garbage in reference cycles waits longer; everything else is still
# freed at once by reference counting.
GC_THRESHOLDS = (50_000, 20, 20)


def release_memory() -> None:
    """Give the memory of dropped graphs back: collect what waits in reference cycles, then ask
    glibc's allocator to return its free pages to the system (without this a replaced 1M-node
    upload stayed in the process's resident memory)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator returns memory its own way
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def tune_gc() -> None:
    """Collect less often (see GC_THRESHOLDS); the app and the benchmark's server side call it."""
    if gc.get_threshold() != GC_THRESHOLDS:
        gc.set_threshold(*GC_THRESHOLDS)
