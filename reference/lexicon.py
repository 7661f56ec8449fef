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
    # the names of districts and communes: a bare 'Gia Lộc' in a TCVN3 list reads as 'Gia Léc', a
    # plausible syllable too, and only knowing the place decides between the two readings
    texts += [
        r["name"]
        for r in admin_units.query(
            "select ward as name from admin_units where ward is not null union "
            "select ward from admin_units_legacy where ward is not null union "
            "select district from admin_units_legacy where district is not null"
        )
    ]
    return frozenset(w for t in texts for w in re.findall(r"\w+", nfc(t).lower()) if not w.isascii())
