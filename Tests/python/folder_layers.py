"""What a folder output's GeoJSON layers become as tables of a database output (GeoPackage or
PostGIS): one table per file, named after it; a file mixing geometry kinds (a coverage file's lines
and polygons) is one table per kind, `<table>_<kind>`. Shared by test_geopackage.py and
test_postgres_write.py, which compare a database output with the folder output row for row."""
from __future__ import annotations

import json
import re
from pathlib import Path


def table_name(file: str) -> str:
    """The table a layer file goes into: its stem, lower case, other than [a-z0-9] as `_`."""
    return re.sub(r"[^a-z0-9]", "_", file.rsplit(".", 1)[0].lower())


def kind(geometry: dict | None) -> str | None:
    """point, line or polygon (single or multi), `other`, or None for a null geometry."""
    if geometry is None:
        return None
    return {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
            "Polygon": "polygon", "MultiPolygon": "polygon"}.get(geometry["type"], "other")


def expected_tables(folder: Path) -> dict[str, list[dict]]:
    """table -> the GeoJSON features it must hold, from the folder output."""
    out = {}
    for f in sorted(folder.glob("*.geojson")):
        features = json.loads(f.read_text())["features"]
        kinds = {kind(x["geometry"]) for x in features} - {None}
        if len(kinds) > 1:
            for k in sorted(kinds):
                out[f"{table_name(f.name)}_{k}"] = [x for x in features if kind(x["geometry"]) == k]
        else:
            out[table_name(f.name)] = features
    return out
