"""Rebuild the province boundary layers in data/geo/ from open data installed through npm.

    .venv/bin/python -m etl.build_geo [--npm-dir DIR] [--out data/geo]

Sources (see data/geo/README.md for licences):

* ``@superset-ui/legacy-plugin-chart-country-map@0.20.3`` (Apache-2.0),
  ``lib/countries/vietnam.geojson``: the 63 provinces (Natural Earth admin-1 geometry) with their
  ISO 3166-2 codes and Vietnamese names.
* ``world-atlas@2.0.2`` (ISC; Natural Earth admin-0 1:10m, public domain),
  ``countries-10m.json``: the "Spratly Is." feature (Trường Sa) and, inside the "China" feature,
  the Paracel islands (Hoàng Sa).

Steps: match every source feature to a national 2-digit code (ISO code and name must agree with
``reference.admin_units``), move two islands the source puts in the wrong province, repair the
source's slivers and overlaps into a clean polygon coverage, simplify it on shared edges, add
Hoàng Sa to Đà Nẵng (48) and Trường Sa to Khánh Hòa (56), dissolve along the 2025 merger table
for the 34-province layer, check everything, and write RFC 7946 GeoJSON. Any mismatch stops the
build with an error.

Node.js/npm is only needed here; the product reads the committed GeoJSON."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape

from reference.admin_units import merger_table, province_by_code, provinces
from reference.vntext import key

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "geo"

PACKAGES = {
    "@superset-ui/legacy-plugin-chart-country-map": "0.20.3",
    "world-atlas": "2.0.2",
}
PROVINCES_FILE = "@superset-ui/legacy-plugin-chart-country-map/lib/countries/vietnam.geojson"
WORLD_FILE = "world-atlas/countries-10m.json"

GRID = 1e-4  # coordinate grid in degrees (about 11 m): 4 decimals in the output
SIMPLIFY_TOLERANCE = 0.002  # coverage_simplify tolerance in degrees (the source is already coarse)
DECIMALS = 4

HOANG_SA_CODE = "48"  # Đà Nẵng
TRUONG_SA_CODE = "56"  # Khánh Hòa
# Where the archipelagos lie (lon_min, lat_min, lon_max, lat_max); Hainan is north of 18°N.
PARACEL_BOX = (110.5, 15.3, 113.5, 17.5)
SPRATLY_BOX = (111.0, 6.0, 118.0, 12.0)

# ISO 3166-2:VN subdivision code -> national statistical code of the 63 provinces.
ISO_TO_CODE = {
    "VN-HN": "01",
    "VN-03": "02",
    "VN-04": "04",
    "VN-53": "06",
    "VN-07": "08",
    "VN-02": "10",
    "VN-71": "11",
    "VN-01": "12",
    "VN-05": "14",
    "VN-06": "15",
    "VN-14": "17",
    "VN-69": "19",
    "VN-09": "20",
    "VN-13": "22",
    "VN-54": "24",
    "VN-68": "25",
    "VN-70": "26",
    "VN-56": "27",
    "VN-61": "30",
    "VN-HP": "31",
    "VN-66": "33",
    "VN-20": "34",
    "VN-63": "35",
    "VN-67": "36",
    "VN-18": "37",
    "VN-21": "38",
    "VN-22": "40",
    "VN-23": "42",
    "VN-24": "44",
    "VN-25": "45",
    "VN-26": "46",
    "VN-DN": "48",
    "VN-27": "49",
    "VN-29": "51",
    "VN-31": "52",
    "VN-32": "54",
    "VN-34": "56",
    "VN-36": "58",
    "VN-40": "60",
    "VN-28": "62",
    "VN-30": "64",
    "VN-33": "66",
    "VN-72": "67",
    "VN-35": "68",
    "VN-58": "70",
    "VN-37": "72",
    "VN-57": "74",
    "VN-39": "75",
    "VN-43": "77",
    "VN-SG": "79",
    "VN-41": "80",
    "VN-46": "82",
    "VN-50": "83",
    "VN-51": "84",
    "VN-49": "86",
    "VN-45": "87",
    "VN-44": "89",
    "VN-47": "91",
    "VN-CT": "92",
    "VN-73": "93",
    "VN-52": "94",
    "VN-55": "95",
    "VN-59": "96",
}

# Islands the source assigns to the wrong province: (name, a point on the island, right code).
ISLAND_FIXES = (
    ("Côn Đảo", (106.62, 8.72), "77"),  # source: Sóc Trăng; Côn Đảo is Bà Rịa - Vũng Tàu
    ("Cát Bà", (107.00, 20.79), "31"),  # source: Quảng Ninh; Cát Bà is Hải Phòng
)

# Points that must end up in a given province (63 code): checked after the build.
CHECK_POINTS = (
    ("Phú Quốc", (104.00, 10.25), "91"),
    ("Côn Đảo", (106.62, 8.72), "77"),
    ("Cát Bà", (107.00, 20.79), "31"),
    ("Hà Nội", (105.85, 21.03), "01"),
    ("TP. Hồ Chí Minh", (106.70, 10.78), "79"),
    ("Đà Nẵng", (108.20, 16.05), "48"),
)


class BuildError(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# Sources


def npm_install(npm_dir: Path) -> Path:
    """Install the pinned packages into npm_dir (no package.json written) and return
    npm_dir/node_modules. Skips npm when the right versions are already there."""
    modules = npm_dir / "node_modules"
    if all(_installed_version(modules, name) == ver for name, ver in PACKAGES.items()):
        return modules
    npm = shutil.which("npm")
    if not npm:
        raise BuildError("npm not found: install Node.js, or pass --npm-dir with the packages")
    npm_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        npm,
        "install",
        "--prefix",
        str(npm_dir),
        "--no-save",
        "--ignore-scripts",
        "--legacy-peer-deps",
        "--no-audit",
        "--no-fund",
        *(f"{name}@{ver}" for name, ver in PACKAGES.items()),
    ]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    for name, ver in PACKAGES.items():
        got = _installed_version(modules, name)
        if got != ver:
            raise BuildError(f"{name}: wanted {ver}, npm installed {got}")
    return modules


def _installed_version(modules: Path, name: str) -> str | None:
    pj = modules / name / "package.json"
    return json.loads(pj.read_text())["version"] if pj.exists() else None


def _package_info(modules: Path, name: str) -> dict:
    pj = json.loads((modules / name / "package.json").read_text())
    return {"name": name, "version": pj["version"], "license": pj.get("license")}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def match_code(iso: str, name: str) -> str:
    """National code of a source feature: its ISO code and its name must both agree with the
    reference data."""
    by_iso = ISO_TO_CODE.get(iso)
    k = key(name)
    by_name = [p.code for p in provinces(63) if k in p.keys]
    if by_iso is None:
        raise BuildError(f"unknown ISO code {iso!r} ({name})")
    if by_name != [by_iso]:
        raise BuildError(f"{iso} {name!r}: ISO gives {by_iso}, name gives {by_name or 'nothing'}")
    return by_iso


def read_source_provinces(path: Path) -> dict[str, shapely.Geometry]:
    """63-era code -> geometry, straight from the npm GeoJSON."""
    fc = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, shapely.Geometry] = {}
    for f in fc["features"]:
        props = f["properties"]
        code = match_code(props["ISO"], props["NAME_1"])
        if code in out:
            raise BuildError(f"two source features for province {code}")
        geom = shape(f["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        out[code] = geom
    missing = sorted(set(province_by_code(63)) - set(out))
    if missing:
        raise BuildError(f"no source feature for provinces {missing}")
    return out


def _parts(geom) -> list[Polygon]:
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]


def read_archipelagos(path: Path) -> dict[str, MultiPolygon]:
    """{'48': Hoàng Sa islands, '56': Trường Sa islands} from world-atlas (TopoJSON)."""
    import geopandas as gpd

    world = gpd.read_file(path, layer="countries")
    china = world.loc[world["name"] == "China", "geometry"]
    spratly = world.loc[world["name"] == "Spratly Is.", "geometry"]
    if len(china) != 1 or len(spratly) != 1:
        raise BuildError("world-atlas: expected one 'China' and one 'Spratly Is.' feature")
    pbox, sbox = box(*PARACEL_BOX), box(*SPRATLY_BOX)
    paracel = [p for p in _parts(china.iloc[0]) if pbox.contains(p)]
    spratlys = [p for p in _parts(spratly.iloc[0]) if sbox.contains(p)]
    if len(paracel) < 5 or len(spratlys) < 5:
        raise BuildError(f"archipelagos look wrong: {len(paracel)} Paracel, {len(spratlys)} Spratly polygons")
    return {
        HOANG_SA_CODE: _on_grid(MultiPolygon(paracel)),
        TRUONG_SA_CODE: _on_grid(MultiPolygon(spratlys)),
    }


def _on_grid(geom):
    return shapely.set_precision(geom, GRID)


# ---------------------------------------------------------------------------------------------
# Geometry


def fix_islands(geoms: dict[str, shapely.Geometry]) -> list[str]:
    """Move each ISLAND_FIXES island to its right province; return what was done."""
    done = []
    for name, (x, y), right in ISLAND_FIXES:
        pt = Point(x, y)
        holders = [(code, part) for code, g in geoms.items() for part in _parts(g) if part.contains(pt)]
        if len(holders) != 1:
            raise BuildError(f"{name}: expected one polygon at {x},{y}, found {len(holders)}")
        code, part = holders[0]
        if code == right:
            done.append(f"{name}: already in {right}")
            continue
        rest = [p for p in _parts(geoms[code]) if not p.equals(part)]
        geoms[code] = MultiPolygon(rest) if len(rest) > 1 else rest[0]
        geoms[right] = shapely.union(geoms[right], part)
        done.append(f"{name}: moved from {code} to {right}")
    return done


def clean_coverage(geoms: dict[str, shapely.Geometry]) -> tuple[dict[str, shapely.Geometry], dict]:
    """Turn overlapping, gappy polygons into a clean coverage on GRID.

    Every boundary is noded on the grid and polygonised into faces. A face inside exactly one
    province belongs to it. A face inside several (an overlap) or inside none but enclosed by land
    (a sliver gap) goes to the candidate province it shares the longest edge with; candidates are
    the provinces covering it, or for gaps all its neighbours. Returns the coverage and counts."""
    codes = list(geoms)
    src = [geoms[c] for c in codes]
    lines = shapely.union_all(shapely.boundary(np.array(src, dtype=object)), grid_size=GRID)
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    rep = shapely.point_on_surface(faces)
    covering: list[list[str]] = [[] for _ in faces]
    fi, si = shapely.STRtree(src).query(rep, predicate="within")
    for f, s in zip(fi, si, strict=True):
        covering[f].append(codes[s])
    owner: list[str | None] = [c[0] if len(c) == 1 else None for c in covering]
    area = shapely.area(faces)
    n_cover = np.array([len(c) for c in covering])
    stats = {
        "faces": len(faces),
        "overlaps_resolved": int((n_cover > 1).sum()),
        "overlap_area_deg2": round(float(area[n_cover > 1].sum()), 4),
        "gaps_filled": int((n_cover == 0).sum()),
        "gap_area_deg2": round(float(area[n_cover == 0].sum()), 4),
    }

    # Face adjacency with shared edge length.
    borders = shapely.boundary(faces)
    tree = shapely.STRtree(faces)
    a_idx, b_idx = tree.query(faces, predicate="touches")
    shared: dict[int, list[tuple[int, float]]] = {}
    for a, b in zip(a_idx, b_idx, strict=True):
        if a == b:
            continue
        length = shapely.intersection(borders[a], borders[b], grid_size=GRID).length
        if length > 0:
            shared.setdefault(int(a), []).append((int(b), length))

    pending = [i for i, o in enumerate(owner) if o is None]
    while pending:
        progress = False
        for i in pending:
            score: dict[str, float] = {}
            for j, length in shared.get(i, []):
                if owner[j] is not None and (not covering[i] or owner[j] in covering[i]):
                    score[owner[j]] = score.get(owner[j], 0.0) + length
            if score:
                owner[i] = max(sorted(score), key=score.__getitem__)
                progress = True
        still = [i for i in pending if owner[i] is None]
        if not progress:
            # Overlap faces whose covering provinces have no core neighbour: take the first.
            for i in still:
                if covering[i]:
                    owner[i] = sorted(covering[i])[0]
            still = [i for i in still if owner[i] is None]
            if still:
                raise BuildError(f"{len(still)} faces could not be assigned to a province")
        pending = still

    out = {}
    for c in codes:
        mine = faces[[i for i, o in enumerate(owner) if o == c]]
        if len(mine) == 0:
            raise BuildError(f"province {c} lost all its area in the coverage repair")
        out[c] = shapely.union_all(mine, grid_size=GRID)
    return out, stats


def simplify(geoms: dict[str, shapely.Geometry], tolerance: float) -> dict[str, shapely.Geometry]:
    codes = list(geoms)
    arr = np.array([geoms[c] for c in codes], dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise BuildError("coverage is not valid before simplification")
    simple = shapely.coverage_simplify(arr, tolerance)
    return {c: shapely.make_valid(g) if not g.is_valid else g for c, g in zip(codes, simple, strict=True)}


def dissolve_34(geoms63: dict[str, shapely.Geometry]) -> dict[str, shapely.Geometry]:
    return {
        new: shapely.union_all([geoms63[c] for c in olds], grid_size=GRID)
        for new, olds in sorted(merger_table().items())
    }


def add_archipelagos(geoms, archipelagos):
    out = dict(geoms)
    for code, islands in archipelagos.items():
        out[code] = shapely.union(out[code], islands, grid_size=GRID)
    return out


def _as_multi(geom) -> Polygon | MultiPolygon:
    parts = _parts(geom)
    if not parts:
        raise BuildError("empty geometry")
    geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946: exterior CCW


# ---------------------------------------------------------------------------------------------
# Checks and output


def check(layer: dict[str, shapely.Geometry], era: int, archipelagos) -> None:
    ref = province_by_code(era)
    if set(layer) != set(ref):
        raise BuildError(f"{era} layer codes differ from reference: {sorted(set(layer) ^ set(ref))}")
    for code, g in layer.items():
        if g.is_empty or not g.is_valid:
            raise BuildError(f"{era} layer: geometry of {code} is empty or invalid")
    # Mainland coverage (islands of the archipelagos removed) must be a clean coverage.
    islands_all = shapely.union_all(list(archipelagos.values()))
    mainland = np.array([shapely.difference(g, islands_all, grid_size=GRID) for g in layer.values()], dtype=object)
    if not shapely.coverage_is_valid(mainland):
        raise BuildError(f"{era} layer: provinces overlap or do not share edges")
    for code, islands in archipelagos.items():
        if not layer[code].contains(islands):
            raise BuildError(f"{era} layer: archipelago not inside province {code}")
        for other, g in layer.items():
            if other != code and g.intersects(islands.envelope):
                raise BuildError(f"{era} layer: {other} reaches into the {code} archipelago")
    for name, (x, y), code in CHECK_POINTS:
        want = code if era == 63 else province_by_code(63)[code].code_2025
        if not layer[want].contains(Point(x, y)):
            raise BuildError(f"{era} layer: {name} is not in province {want}")


def feature_collection(layer: dict[str, shapely.Geometry], era: int) -> dict:
    ref = province_by_code(era)
    merged = merger_table()
    features = []
    for code in sorted(layer):
        p = ref[code]
        props = {"code": code, "name": p.name}
        if era == 63:
            props["code_2025"] = p.code_2025
        else:
            props["formed_from"] = ",".join(merged[code])
        features.append({"type": "Feature", "properties": props, "geometry": _round(mapping(_as_multi(layer[code])))})
    return {"type": "FeatureCollection", "name": f"provinces_{era}", "features": features}


def _round(geom: dict) -> dict:
    def r(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(float(v), DECIMALS) for v in obj]
            return [r(o) for o in obj]
        return obj

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def write_geojson(fc: dict, path: Path) -> int:
    """One feature per line, compact coordinates; returns the size in bytes."""
    head = {k: v for k, v in fc.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"]]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path.stat().st_size


def build(npm_dir: Path, out_dir: Path = OUT_DIR) -> dict:
    modules = npm_install(npm_dir)
    prov_path, world_path = modules / PROVINCES_FILE, modules / WORLD_FILE
    geoms = read_source_provinces(prov_path)
    fixes = fix_islands(geoms)
    archipelagos = read_archipelagos(world_path)
    clean, repair = clean_coverage(geoms)
    simple63 = simplify(clean, SIMPLIFY_TOLERANCE)
    simple34 = dissolve_34(simple63)
    layer63 = add_archipelagos(simple63, archipelagos)
    layer34 = add_archipelagos(simple34, archipelagos)
    report = {
        "packages": [_package_info(modules, n) for n in PACKAGES],
        "sources": {PROVINCES_FILE: sha256(prov_path), WORLD_FILE: sha256(world_path)},
        "island_fixes": fixes,
        "coverage_repair": repair,
        "source_coordinates": int(sum(shapely.get_num_coordinates(g) for g in geoms.values())),
        "layers": {},
    }
    for era, layer in ((63, layer63), (34, layer34)):
        check(layer, era, archipelagos)
        fc = feature_collection(layer, era)
        # Re-read what is written: rounding must not break validity.
        for f in fc["features"]:
            if not shape(f["geometry"]).is_valid:
                raise BuildError(f"{era} layer: {f['properties']['code']} invalid after rounding")
        path = out_dir / f"provinces_{era}.geojson"
        size = write_geojson(fc, path)
        n_coords = int(sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in fc["features"]))
        report["layers"][path.name] = {"features": len(fc["features"]), "bytes": size, "coordinates": n_coords}
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--npm-dir", type=Path, default=None, help="where to npm-install the source packages (default: a temporary dir)"
    )
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (data/geo)")
    args = ap.parse_args(argv)
    if args.npm_dir is None:
        with tempfile.TemporaryDirectory(prefix="build_geo_npm_") as tmp:
            report = build(Path(tmp), args.out)
    else:
        report = build(args.npm_dir, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
