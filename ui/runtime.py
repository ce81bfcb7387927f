"""Settings of the server process (the app's, not the library's): Python's garbage collector."""

from __future__ import annotations

import gc

# Python runs a collection every 700 new container objects by default, and each collection of
# the older generations walks every graph already loaded. Reading or filtering a large graph
# allocates hundreds of thousands of dicts, so on a 50,000-node upload about 40 % of the time
# went to the collector. Measured here: reading the upload 5.4 s → 3.4 s, the first filter
# 0.9–1.6 s → 0.6–0.7 s, peak memory 346 → 347 MB. Only garbage in reference cycles waits
# longer; everything else is still freed at once by reference counting.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Collect less often (see GC_THRESHOLDS); the app and the benchmark's server side call it."""
    if gc.get_threshold() != GC_THRESHOLDS:
        gc.set_threshold(*GC_THRESHOLDS)
