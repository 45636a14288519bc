"""Garbage-collector housekeeping for a long-running bench session.

Everything loaded before the first person signs in (the Qt bindings, SQLAlchemy and the
mapped models, the translations, the station's database engine) lives as long as the
process. Python's collector would walk all of it again at each full collection: one of those,
falling while the home page was being built, took 70–100 ms (benchmarks P4, QA on a site of
10,000 lots). `freeze_start_up` moves what is alive then out of the collector's sight, once;
objects made afterwards (each session's screens and what they read) are collected as usual.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_start_up() -> None:
    """Once per process, when the first work area is built (later calls do nothing: each
    session's screens must stay collectable after sign-out)."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True
