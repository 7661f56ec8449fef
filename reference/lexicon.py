"""Vietnamese words that occur in report files: catalog labels, label synonyms and unit names.
Used to tell a legacy-encoded cell from a Unicode one when both readings are plausible."""

from __future__ import annotations

import re
from functools import lru_cache

from reference.vntext import nfc


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    from reference import admin_units, catalog

    texts: list[str] = []
    for ind in catalog.indicators():
        texts += [ind.label_vi, ind.unit_vi]
    texts += [phrase for _, phrase in catalog.synonym_phrases()]
    for era in (63, 34):
        texts += [p.full_name for p in admin_units.provinces(era)]
    return frozenset(w for t in texts for w in re.findall(r"\w+", nfc(t).lower()) if not w.isascii())
