"""reference.admin_units reads the vietnamadminunits package's data files without importing the
package (its __init__ loads an address parser that costs most of a second per process): what it
reads must be exactly what the package's own API gives."""

from __future__ import annotations

import subprocess
import sys

from reference import admin_units as au


def test_query_matches_the_packages_own_query():
    from vietnamadminunits.database import query as package_query

    sql = (
        "select distinct provinceCode, province, provinceShort, provinceAlias from admin_units_legacy "
        "order by provinceCode"
    )
    assert au.query(sql) == package_query(sql)
    sql = "select distinct wardCode, ward from admin_units where provinceCode = '79' order by wardCode"
    assert au.query(
        "select distinct wardCode, ward from admin_units where provinceCode = ? order by wardCode", ("79",)
    ) == package_query(sql)


def test_successors_match_the_packages_converter_table():
    from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE

    au._successors.cache_clear()
    succ = au._successors()
    assert succ == {old: new for new, olds in DICT_PROVINCE.items() for old in olds}
    assert len(succ) == 63 and len(set(succ.values())) == 34


def test_loading_reference_data_does_not_import_the_address_parser():
    code = (
        "import sys; from reference import admin_units as au; au.provinces(63); au.provinces(34); "
        "au.communes('79', 34); au.districts('01'); "
        "print(any(m.startswith('vietnamadminunits') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=au.__file__.rsplit("/reference/", 1)[0],
    )
    assert out.stdout.strip() == "False"
