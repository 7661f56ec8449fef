"""The one way the app keeps a value for every session: `shared_cache`, which hands each caller
its own copy.

A Streamlit server runs every viewer's script in a thread of one process, over process-wide
caches. A cached object handed to callers is therefore shared by every session at once, and any
change to it, even a passing one, is seen by the others: plotly's figure validation takes each
trace's "type" out of the figure dict and puts it back, so a cached figure dict validated by two
sessions at the same moment made one of them draw a geo trace as a plain scatter and fail
(issue 22). So the kept value never leaves this module: each call returns a deep copy (frames,
specs, snapshots, settings), or a str / bytes, which nobody can change (figures are kept as JSON
and each page run parses its own dict).

    @shared_cache(max_entries=64)
    def _year_values(db: str, version: tuple, filters: Filters) -> pd.DataFrame: ..."""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")

# pandas' own advice ("Thread-safety" in its docs): copying frames shared among threads is the known
# unsafe spot, so copies are taken under a lock (each well under a millisecond; see below).
_COPYING = threading.Lock()


def shared_cache(*, max_entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """st.cache_resource (built once per argument values, for every session; parameters named
    with a leading underscore are not part of the key), handing out `copy.deepcopy` of the kept
    value on every call. A deep copy of what pages read on every run (small frames, specs,
    frozen dataclasses) costs well under a millisecond, a pickle round trip (st.cache_data)
    several times more; the whole snapshot (~6 ms) is copied only when a cache is built from it."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        kept = st.cache_resource(max_entries=max_entries, show_spinner=False)(fn)

        @functools.wraps(fn)
        def handout(*args, **kwargs) -> T:
            value = kept(*args, **kwargs)
            with _COPYING:
                return copy.deepcopy(value)

        return handout

    return decorate


def content_key(value: object) -> str:
    """A short key for what a picklable value holds (a ChartSpec with its frame): different
    content gives different keys; copies of one value give the same key, and so, as a rule, does
    the same chart built twice (equal values pickled with a different inner sharing of objects
    would not: a cache miss, never a wrong hit)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()
