"""Process settings for serving pages (the WSGI workers, and the page benchmark timing them)."""

from __future__ import annotations

import gc

#: The youngest generation is collected after this many allocations (Python's default: 700).
YOUNG_GENERATION_THRESHOLD = 50_000


def tune_garbage_collection() -> None:
    """Freeze what start-up loaded and collect garbage less often.

    Settings, models, URL patterns and translations live as long as the process: frozen,
    the collector no longer walks them on every collection. A request allocates tens of
    thousands of short-lived objects, so the youngest generation is collected after
    50,000 allocations instead of 700. About 6% more requests a second at saturation in
    the load test (docs/decisions/0074-saturation-throughput.md).
    """
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 20, 100)
