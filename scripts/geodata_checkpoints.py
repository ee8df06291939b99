"""The Kazakh–Kyrgyz crossings placed against the OpenStreetMap-derived line (issue 13, item 3).

Called by regenerate_geodata.py after scripts/geodata_osm.py has written borders.geojson.
Reads geodata/curated/checkpoints.csv (the one place humans edit) and writes checkpoints.csv.

Each crossing is placed at the point of its border's line in borders.geojson geodesically
nearest to an anchor:
  * a coordinate a public source gives for the crossing's own place (`cited_coordinate`, as printed
    there, degrees-minutes[-seconds]; `cited_source` names it), or else
  * a GeoNames settlement of the package (`anchor_geonameid`): the one the crossing is named after
    (`anchor_relation` = named) or a stated proxy (proxy).
location_precision_m = the geodesic distance from the anchor to that line point
                     + for a cited coordinate, the rounding of the printed value (half its last unit
                       in latitude and longitude, as a geodesic distance)
                     + `extra_uncertainty_m` (how far the crossing itself may lie from the anchor,
                       `extra_uncertainty_basis` says why),
at least CHECKPOINT_MIN_PRECISION_M. Why this bounds the crossing: the crossing lies on the line
within `extra` (+ rounding) of the anchor, and the placed point is within `d` of the anchor, so the
two are at most d + rounding + extra apart. `placement` spells the terms out per row.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")

LINE_FILE = "borders.geojson"
LINE_NAME = "OpenStreetMap-derived line of borders.geojson"
# Floor: the OSM outline is simplified (median vertex spacing on kaz-kgz 151 m) and a crossing's
# buildings, queues and bridge approaches extend a few hundred metres along the road.
CHECKPOINT_MIN_PRECISION_M = 1_000

_DMS = re.compile(r"^\s*(\d+)°(?:(\d+)′(?:(\d+(?:\.\d+)?)″)?)?\s*([NS])\s+(\d+)°(?:(\d+)′(?:(\d+(?:\.\d+)?)″)?)?\s*([EW])\s*$")


def parse_dms(text: str):
    """'43°02′13″N 74°42′41″E' -> (lon, lat, rounding_m): the value and half its last printed unit
    (in both ordinates) as a geodesic distance from it."""
    m = _DMS.match(text)
    if not m:
        sys.exit(f"error: curated/checkpoints.csv: cited_coordinate {text!r} is not D°M′S″N D°M′S″E")
    def value(d, mi, s):
        unit = 1.0 if mi is None else (1 / 60 if s is None else 1 / 3600)
        if s is not None and "." in s:
            unit /= 10 ** len(s.split(".")[1])
        return int(d) + int(mi or 0) / 60 + float(s or 0) / 3600, unit / 2
    lat, hlat = value(m.group(1), m.group(2), m.group(3))
    lon, hlon = value(m.group(5), m.group(6), m.group(7))
    lat = -lat if m.group(4) == "S" else lat
    lon = -lon if m.group(8) == "W" else lon
    rounding = max(GEOD.inv(lon, lat, lon + sx * hlon, lat + sy * hlat)[2] for sx in (-1, 1) for sy in (-1, 1))
    return lon, lat, float(rounding)


def read_lines(out: Path):
    doc = json.loads((out / LINE_FILE).read_text(encoding="utf-8"))
    return {f["properties"]["id"]: shapely.geometry.shape(f["geometry"]) for f in doc["features"]}


def build(rg, inp, out: Path):
    lines = read_lines(out)
    rows = []
    for r in rg.read_curated("checkpoints.csv"):
        if r["border_id"] not in lines:
            sys.exit(f"error: checkpoint {r['id']}: no line {r['border_id']} in {LINE_FILE}")
        line = lines[r["border_id"]]
        extra = float(r["extra_uncertainty_m"] or 0)
        terms = []
        if r["cited_coordinate"]:
            if r["anchor_relation"] != "cited" or not r["cited_source"]:
                sys.exit(f"error: checkpoint {r['id']}: a cited_coordinate needs anchor_relation=cited and cited_source")
            lon, lat, rounding = parse_dms(r["cited_coordinate"])
            anchor = f"the coordinate {r['cited_coordinate']} ({r['cited_source']})"
        else:
            c = inp.cities[r["anchor_geonameid"]]
            if c["name"] != r["anchor_name"]:
                sys.exit(f"error: geonameid {r['anchor_geonameid']} is {c['name']!r}, curated says {r['anchor_name']!r}")
            if r["anchor_relation"] not in ("named", "proxy"):
                sys.exit(f"error: checkpoint {r['id']}: anchor_relation {r['anchor_relation']!r}")
            lon, lat, rounding = float(c["longitude"]), float(c["latitude"]), 0.0
            what = "the settlement the crossing is named after" if r["anchor_relation"] == "named" else "a proxy"
            anchor = f"{c['name']} (GeoNames {c['geonameid']}), {what}"
        _, qlon, qlat = rg.geodesic_nearest(lon, lat, line)
        qlon, qlat = rg.snap_to_line(line, qlon, qlat)
        d = rg.geodesic_m(lon, lat, qlon, qlat)
        terms.append(f"that distance {d:,.0f} m")
        if rounding:
            terms.append(f"the rounding of the cited value {rounding:,.0f} m")
        if extra:
            terms.append(f"{extra:,.0f} m ({r['extra_uncertainty_basis']})")
        raw = d + rounding + extra
        precision = max(round(raw), CHECKPOINT_MIN_PRECISION_M)
        floor = f", at least {CHECKPOINT_MIN_PRECISION_M:,} m" if raw < CHECKPOINT_MIN_PRECISION_M else ""
        placement = (f"Placed at the point of the {r['border_id']} {LINE_NAME} geodesically nearest to {anchor}, "
                     f"{d / 1000:.2f} km away; location_precision_m = " + " + ".join(terms) + floor + ".")
        rows.append({
            "id": r["id"], "name": r["name"], "partner_name": r["partner_name"], "border_id": r["border_id"],
            "kind": r["kind"], "mode": r["mode"], "regime": r["regime"],
            "longitude": rg.fmt(qlon), "latitude": rg.fmt(qlat), "location_precision_m": precision,
            "placement": placement, "anchor_geonameid": "" if r["cited_coordinate"] else r["anchor_geonameid"],
            "sources": r["sources"], "notes": r["notes"],
        })
    return rows


def generate(rg, inp, out: Path, log):
    rows = build(rg, inp, out)
    rg.write_csv(out / "checkpoints.csv", rg.HEADERS["checkpoints.csv"], rows)
    for r in rows:
        log(f"checkpoint {r['id']:28s} ({r['longitude']}, {r['latitude']}) ±{r['location_precision_m']:,} m")
    return rows
