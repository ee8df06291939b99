#!/usr/bin/env python3
"""Open a GeoPackage written by nroute headless with real QGIS and report what QGIS sees, as JSON.

    /usr/bin/python3 scripts/qgis_gpkg_check.py OUT/northern-route.gpkg [--project NAME] [--png map.png]

Run it with the interpreter that has the QGIS Python bindings (Debian 12: /usr/bin/python3 with
python3-qgis); no display is needed (QT_QPA_PLATFORM=offscreen). The script only observes;
Tests/python/test_geopackage.py asserts on its report:

  tables    every feature table of the GeoPackage (from gpkg_contents, read with sqlite3) opened
            as a fresh OGR layer `FILE|layername=TABLE`, as a user adding it would: validity,
            feature count, geometry type, CRS, the renderer QGIS applied (its default style, which
            QGIS reads from `layer_styles`), the renderer type and first symbol colour the stored
            QML declares, and the styles QGIS lists for the layer in the database;
  project   with --project: the project stored in the GeoPackage (`geopackage:FILE?projectName=`)
            read by QgsProject: whether it loads, its layers (source, validity, feature count,
            renderer), and the map rendered to --png: size and the share of non-background pixels.

Exit status: 0 report written, 2 usage error, 3 QGIS cannot be imported.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from array import array
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-" + str(os.getuid()))


def stored_styles(path: Path) -> dict:
    """table -> the QML of its default style in layer_styles (read with sqlite3, not QGIS)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault").fetchall())


def feature_tables(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gpkg", type=Path)
    parser.add_argument("--project", help="name of the project stored in the GeoPackage")
    parser.add_argument("--png", type=Path, help="render the stored project here")
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    if not args.gpkg.is_file():
        print(f"qgis_gpkg_check: no such GeoPackage: {args.gpkg}", file=sys.stderr)
        return 2
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    try:
        from qgis.core import Qgis, QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsVectorLayer, QgsWkbTypes
        from qgis.PyQt.QtCore import QSize
        from qgis.PyQt.QtGui import QColor, QImage
        from qgis.PyQt.QtXml import QDomDocument
        from qgis.core import QgsRenderContext
    except ImportError as e:
        print(f"qgis_gpkg_check: cannot import the QGIS Python bindings ({e}); Debian: apt-get install python3-qgis", file=sys.stderr)
        return 3

    app = QgsApplication([], False)
    app.initQgis()
    def inspect() -> dict:
        path = args.gpkg.resolve()
        styles = stored_styles(path)
        report = {"qgis_version": Qgis.QGIS_VERSION, "tables": [], "project": None}
        for table in feature_tables(path):
            source = f"{path}|layername={table}"
            layer = QgsVectorLayer(source, table, "ogr")  # QGIS applies the default style it finds
            bare = QgsVectorLayer(source, table, "ogr", QgsVectorLayer.LayerOptions(False, False))  # no default style
            explicit = QgsVectorLayer(source, table, "ogr", QgsVectorLayer.LayerOptions(False, False))
            loaded = False
            if table in styles:
                doc = QDomDocument()
                doc.setContent(styles[table])
                loaded, _ = explicit.importNamedStyle(doc)

            def facts(l):
                r = l.renderer()
                symbols = r.symbols(QgsRenderContext()) if r else []
                return (r.type() if r else None), [s.color().name() for s in symbols]

            kind, colours = facts(layer)
            explicit_kind, explicit_colours = facts(explicit)
            bare_kind, _ = facts(bare)
            listed = layer.listStylesInDatabase()
            report["tables"].append({
                "table": table, "valid": layer.isValid(), "features": layer.featureCount(),
                "geometry": QgsWkbTypes.geometryDisplayString(layer.geometryType()),
                "crs": layer.crs().authid(), "renderer": kind, "colours": colours,
                "stored_style_loaded": bool(loaded), "stored_renderer": explicit_kind, "stored_colours": explicit_colours,
                "bare_renderer": bare_kind, "styles_in_database": listed[0] if listed else 0,
                "fields": [f.name() for f in layer.fields()],
            })

        if args.project:
            project = QgsProject.instance()
            ok = project.read(f"geopackage:{path}?projectName={args.project}")
            facts = {"loaded": bool(ok), "title": project.title(), "layers": []}
            root = project.layerTreeRoot()
            for node in root.findLayers():
                layer = node.layer()
                facts["layers"].append({"name": node.name(), "source": layer.source() if layer else None,
                                        "valid": bool(layer and layer.isValid()),
                                        "features": layer.featureCount() if layer else None,
                                        "renderer": layer.renderer().type() if layer and layer.renderer() else None})
            if args.png and ok:
                ms = QgsMapSettings()
                ms.setDestinationCrs(project.crs())
                ms.setLayers(root.checkedLayers())
                extent = project.viewSettings().defaultViewExtent()
                background = QColor(project.backgroundColor())
                background.setAlpha(255)
                ms.setBackgroundColor(background)
                ms.setOutputSize(QSize(args.width, max(1, round(args.width * extent.height() / extent.width()))))
                ms.setExtent(extent)
                ms.setFlag(QgsMapSettings.Antialiasing, True)
                job = QgsMapRendererSequentialJob(ms)
                job.start()
                job.waitForFinished()
                img = job.renderedImage().convertToFormat(QImage.Format_ARGB32)
                img.save(str(args.png))
                ptr = img.constBits()
                ptr.setsize(img.sizeInBytes())
                px = array("I", bytes(ptr))
                facts["render"] = {"png": str(args.png), "width": img.width(), "height": img.height(),
                                   "errors": [f"{e.layerID}: {e.message}" for e in job.errors()],
                                   "non_background_share": 1 - px.count(background.rgba()) / len(px),
                                   "distinct_colours": len(set(px))}
            report["project"] = facts
        return report

    try:
        report = inspect()
    finally:
        # Free every layer before QGIS shuts down (a layer outliving exitQgis() crashes the interpreter).
        QgsProject.instance().clear()
        import gc
        gc.collect()
    print(json.dumps(report, indent=1))
    sys.stdout.flush()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
