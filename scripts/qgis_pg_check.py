#!/usr/bin/env python3
"""Open a QGIS project whose layers are PostGIS tables, headless, and report what QGIS sees, as JSON.

    PGPASSWORD=… /usr/bin/python3 scripts/qgis_pg_check.py FILES/northern-route.qgs

Run it with the interpreter that has the QGIS Python bindings (Debian 12: /usr/bin/python3 with
python3-qgis); no display is needed (QT_QPA_PLATFORM=offscreen). The project holds no password:
QGIS's postgres provider takes it, as libpq does, from PGPASSWORD or ~/.pgpass. The script only
observes; Tests/python/test_postgres_write.py asserts on its report:

  loaded    whether QgsProject.read() succeeded;
  layers    every vector layer in the project: name, datasource, provider, validity, feature
            count (counted by QGIS from the database), WKB type, CRS, and `stored_renderer`: the
            renderer of the same table opened anew outside the project, i.e. the default style
            QGIS finds for it in the database's layer_styles (singleSymbol when there is none);
  rasters   every raster layer (files beside the project): name, datasource, provider, validity.

Exit status: 0 report written, 2 usage error, 3 QGIS cannot be imported.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-" + str(os.getuid()))


def stored_renderer(vector_layer, layer):
    """The renderer of `layer`'s table opened anew, not through the project: QGIS's postgres
    provider applies the table's default style from layer_styles when it has one."""
    if not layer.isValid():
        return None
    fresh = vector_layer(layer.source(), layer.name() + " (fresh)", layer.providerType())
    renderer = fresh.renderer().type() if fresh.isValid() and fresh.renderer() else None
    del fresh
    return renderer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    args = parser.parse_args()
    if not args.project.is_file():
        print(f"qgis_pg_check: no such project: {args.project}", file=sys.stderr)
        return 2
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    try:
        from qgis.core import QgsApplication, QgsProject, QgsVectorLayer, QgsWkbTypes
    except ImportError as e:
        print(f"qgis_pg_check: cannot import the QGIS Python bindings ({e}); Debian: apt-get install python3-qgis", file=sys.stderr)
        return 3
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    loaded = project.read(str(args.project.resolve()))
    layers, rasters = [], []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer):  # rasters (GeoTIFFs beside the project)
            rasters.append({"name": layer.name(), "source": layer.source(), "provider": layer.providerType(), "valid": layer.isValid()})
            continue
        layers.append({
            "name": layer.name(),
            "source": layer.source(),
            "provider": layer.providerType(),
            "valid": layer.isValid(),
            "features": layer.featureCount() if layer.isValid() else None,
            "wkb_type": QgsWkbTypes.displayString(layer.wkbType()) if layer.isValid() else None,
            "crs": layer.crs().authid(),
            "stored_renderer": stored_renderer(QgsVectorLayer, layer),
        })
    print(json.dumps({"loaded": bool(loaded), "layers": layers, "rasters": rasters}, indent=1))
    project.clear()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
