"""Work without the cyclic garbage collector while many long-lived objects are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["zonder_gc"]


@contextmanager
def zonder_gc() -> Iterator[None]:
    """Without the cyclic garbage collector (also as a decorator), as it was afterwards.

    Importing the libraries, reading 100,000 sites, analysing them or writing a bulk import
    makes hundreds of thousands of objects that live until the work ends and form no reference
    cycles of note; every collection would walk them all again (a third of the analysis' CPU
    time, and while a write lock is held)."""
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()
