#!/usr/bin/env python3
"""Opens a `nroute layers --dem` project headless in QGIS and reports, as JSON on stdout, every
layer's name, type, validity and renderer, for the raster layers their band statistics and the
pixels each paints alone, and each raster .qml loaded onto its file. Run with a python that can
import qgis (Debian: python3-qgis), QT_QPA_PLATFORM=offscreen.

    python3 scripts/qgis_check_terrain.py out/northern-route.qgs
"""
import json
import os
import sys
from array import array
from pathlib import Path

from qgis.core import (QgsApplication, QgsMapLayerType, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject,
                       QgsRasterLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    path = Path(sys.argv[1]).resolve()
    project = QgsProject.instance()
    if not project.read(str(path)):
        print(f"cannot read {path}", file=sys.stderr)
        return 1
    out = {"layers": [], "copyright_label": project.readEntry("CopyrightLabel", "/Label", "")[0]}
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        facts = {"name": node.name(), "valid": bool(layer and layer.isValid())}
        if layer is None:
            out["layers"].append(facts)
            continue
        facts["type"] = "raster" if layer.type() == QgsMapLayerType.RasterLayer else "vector"
        facts["renderer"] = layer.renderer().type() if layer.renderer() else None
        if facts["type"] == "vector" and hasattr(layer.renderer(), "classAttribute"):
            facts["class_attribute"] = layer.renderer().classAttribute()
        if facts["type"] == "raster":
            stats = layer.dataProvider().bandStatistics(1)
            facts["min"], facts["max"] = stats.minimumValue, stats.maximumValue
            facts["licences"] = list(layer.metadata().rights())
            ms = QgsMapSettings()
            ms.setLayers([layer])
            ms.setDestinationCrs(layer.crs())
            ms.setExtent(layer.extent())
            e = layer.extent()
            ms.setOutputSize(QSize(400, max(1, round(400 * e.height() / e.width()))))
            ms.setBackgroundColor(QColor(255, 255, 255, 0))
            job = QgsMapRendererSequentialJob(ms)
            job.start()
            job.waitForFinished()
            img = job.renderedImage().convertToFormat(QImage.Format_ARGB32)
            ptr = img.constBits()
            ptr.setsize(img.sizeInBytes())
            px = array("I", bytes(ptr))
            facts["painted_share"] = (len(px) - px.count(0)) / len(px)
            facts["distinct_colours"] = len(set(px))
            qml = Path(layer.source()).with_suffix(".qml")
            plain = QgsRasterLayer(layer.source(), "plain", "gdal")
            message, loaded = plain.loadNamedStyle(str(qml))
            facts["qml_loaded"], facts["qml_renderer"] = bool(loaded), plain.renderer().type() if plain.renderer() else None
        out["layers"].append(facts)
    print(json.dumps(out), flush=True)
    # QGIS 3.22 may crash tearing down its providers (exitQgis); the report is complete: leave now.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
