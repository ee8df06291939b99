#!/usr/bin/env python3
"""Open a QGIS project headless with real QGIS and report what QGIS sees, as JSON on stdout.

    /usr/bin/python3 scripts/qgis_check.py OUT/northern-route.qgs [--png map.png] [--width 1600]

Run it with the interpreter that has the QGIS Python bindings: on Debian 12 that is the system
/usr/bin/python3 with the python3-qgis package (QGIS 3.22), not a pyenv/venv python. No display
is needed (QT_QPA_PLATFORM=offscreen). Tests/python/test_qgis_project.py runs this script and
asserts on its report; the script itself only observes:

  project   whether QgsProject.read() succeeded, its CRS, title, default view extent and the
            copyright label decoration (enabled, text);
  layers    in Layers-panel order (top to bottom): id, name, group, checked, datasource, provider,
            validity, feature count, geometry type, WKB type, CRS, renderer type and classes,
            labelling (and its expression), opacity, attribution, metadata rights and licences,
            the features inside the view extent, and the pixels the layer
            paints when rendered alone (and what its labels add);
  styles    every .qml beside a layer file, loaded by QGIS onto that file (explicitly and as
            QGIS's default style), with the renderer it yields;
  render    the whole map rendered to a PNG (the project's layers, CRS and view extent):
            its size, how many pixels are not background and how many distinct colours.

Exit status: 0 report written, 2 usage error, 3 QGIS cannot be imported, 4 the project does not load.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from array import array
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-" + str(os.getuid()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--png", type=Path, help="write the rendered map here")
    parser.add_argument("--width", type=int, default=1600, help="width of the rendered map in pixels")
    args = parser.parse_args()
    if not args.project.is_file():
        print(f"qgis_check: no such project: {args.project}", file=sys.stderr)
        return 2
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)

    try:
        from qgis.core import (  # noqa: F401  (imported for their side effects too)
            Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeatureRequest,
            QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer, QgsWkbTypes,
        )
        from qgis.PyQt.QtCore import QSize, Qt
        from qgis.PyQt.QtGui import QColor, QImage
    except ImportError as e:
        print(f"qgis_check: cannot import the QGIS Python bindings ({e}); on Debian: apt-get install python3-qgis, "
              f"and run this script with /usr/bin/python3", file=sys.stderr)
        return 3

    app = QgsApplication([], False)
    app.initQgis()
    try:
        report = inspect(args, locals())
    finally:
        # Free every layer before QGIS shuts down (a layer outliving exitQgis() crashes the interpreter).
        QgsProject.instance().clear()
        import gc
        gc.collect()
        app.exitQgis()
    if report is None:
        return 4
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def inspect(args, q) -> dict | None:
    Qgis, QgsProject, QgsMapSettings = q["Qgis"], q["QgsProject"], q["QgsMapSettings"]
    QgsCoordinateTransform, QgsFeatureRequest, QgsVectorLayer = q["QgsCoordinateTransform"], q["QgsFeatureRequest"], q["QgsVectorLayer"]
    QgsWkbTypes, QgsCoordinateReferenceSystem, QgsRectangle = q["QgsWkbTypes"], q["QgsCoordinateReferenceSystem"], q["QgsRectangle"]
    QgsMapRendererSequentialJob, QSize, QColor, QImage, Qt = q["QgsMapRendererSequentialJob"], q["QSize"], q["QColor"], q["QImage"], q["Qt"]

    project = QgsProject.instance()
    ok = project.read(str(args.project.resolve()))
    if not ok:
        print(f"qgis_check: QGIS could not read {args.project}: {project.error()}", file=sys.stderr)
        return None
    crs = project.crs()
    view = project.viewSettings().defaultViewExtent()
    extent = QgsRectangle(view)
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    to_wgs84 = QgsCoordinateTransform(crs, wgs84, project.transformContext())
    geo = to_wgs84.transformBoundingBox(extent) if not extent.isEmpty() else QgsRectangle()

    def crs_facts(c):
        return {"valid": c.isValid(), "authid": c.authid(), "description": c.description(), "proj": c.toProj(),
                "geographic": c.isGeographic()}

    report = {
        "qgis_version": Qgis.QGIS_VERSION,
        "project": {
            "read": ok, "file": str(args.project), "title": project.title(), "crs": crs_facts(crs),
            "view_extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
            "view_extent_crs": view.crs().toProj() if view.crs().isValid() else "",
            "view_extent_wgs84": [geo.xMinimum(), geo.yMinimum(), geo.xMaximum(), geo.yMaximum()],
            "absolute_paths": project.readBoolEntry("Paths", "/Absolute", True)[0],
            "copyright_label": {"enabled": project.readBoolEntry("CopyrightLabel", "/Enabled", False)[0],
                                "label": project.readEntry("CopyrightLabel", "/Label", "")[0]},
            "ellipsoid": project.ellipsoid(),
        },
        "layers": [], "styles": [], "render": {},
    }

    settings_base = QgsMapSettings()
    settings_base.setDestinationCrs(crs)
    settings_base.setTransformContext(project.transformContext())
    settings_base.setLabelingEngineSettings(project.labelingEngineSettings())
    settings_base.setBackgroundColor(QColor(255, 255, 255, 0))
    settings_base.setOutputDpi(96)
    settings_base.setFlag(QgsMapSettings.Antialiasing, True)
    settings_base.setFlag(QgsMapSettings.DrawLabeling, True)

    def render(layers, width, labels=True, background=QColor(255, 255, 255, 0)):
        ms = QgsMapSettings(settings_base)
        ms.setLayers(layers)
        ms.setBackgroundColor(background)
        ms.setFlag(QgsMapSettings.DrawLabeling, labels)
        height = max(1, round(width * extent.height() / extent.width()))
        ms.setOutputSize(QSize(width, height))
        ms.setExtent(extent)
        job = QgsMapRendererSequentialJob(ms)
        job.start()
        job.waitForFinished()
        errors = [f"{e.layerID}: {e.message}" for e in job.errors()]
        return job.renderedImage().convertToFormat(QImage.Format_ARGB32), errors

    def pixels(img):
        ptr = img.constBits()
        ptr.setsize(img.sizeInBytes() if hasattr(img, "sizeInBytes") else img.byteCount())
        return array("I", bytes(ptr))

    root = project.layerTreeRoot()
    for node in root.findLayers():
        layer = node.layer()
        facts = {"id": node.layerId(), "name": node.name(), "checked": node.isVisible(),
                 "group": node.parent().name() if node.parent() is not root else None,
                 "loaded": layer is not None}
        if layer is None:
            report["layers"].append(facts)
            continue
        facts.update({
            "valid": layer.isValid(), "source": layer.source(), "provider": layer.providerType(),
            "feature_count": layer.featureCount() if layer.isValid() else None,
            "geometry_type": QgsWkbTypes.geometryDisplayString(layer.geometryType()),
            "wkb_type": QgsWkbTypes.displayString(layer.wkbType()),
            "crs": crs_facts(layer.crs()), "opacity": layer.opacity(), "labels_enabled": layer.labelsEnabled(),
            "labeling": layer.labeling().type() if layer.labeling() else None,
            "fields": [f.name() for f in layer.fields()],
            "map_tip": layer.mapTipTemplate(), "display_expression": layer.displayExpression(),
            "label_expression": (layer.labeling().settings().fieldName
                                 if layer.labeling() and layer.labeling().type() == "simple" else None),
            "attribution": layer.attribution(),
            "rights": list(layer.metadata().rights()), "licenses": list(layer.metadata().licenses()),
        })
        facts.update(renderer_facts(layer.renderer()))
        if layer.isValid() and facts.get("data_defined_size"):
            facts["marker_sizes"] = marker_sizes(layer, q)
        if layer.isValid():
            to_layer = QgsCoordinateTransform(crs, layer.crs(), project.transformContext())
            rect = to_layer.transformBoundingBox(extent)
            in_view = list(layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)))
            facts["features_in_view"] = len(in_view)
            if "id" in layer.fields().names():
                facts["ids_in_view"] = sorted(str(f["id"]) for f in in_view)
            img, errors = render([layer], 500, labels=False)
            px = pixels(img)
            facts["painted_pixels"] = len(px) - px.count(0)
            facts["render_errors"] = errors
            if layer.labelsEnabled():
                with_labels, _ = render([layer], 500, labels=True)
                lp = pixels(with_labels)
                facts["label_pixels"] = sum(1 for a, b in zip(px, lp) if a != b)
        report["layers"].append(facts)

    # Each .qml beside a layer file: loaded explicitly, and as the default style QGIS picks itself.
    folder = args.project.resolve().parent
    seen = set()
    for facts in report["layers"]:
        source = facts.get("source") or ""
        path = source.split("|")[0]
        if not path or path in seen:
            continue
        seen.add(path)
        qml = Path(path).with_suffix(".qml")
        entry = {"file": os.path.relpath(path, folder), "qml": os.path.relpath(qml, folder), "qml_exists": qml.is_file()}
        for suffix in ([""] if "|" not in source else ["|geometrytype=LineString", "|geometrytype=Polygon"]):
            plain = QgsVectorLayer(path + suffix, "plain", "ogr", QgsVectorLayer.LayerOptions(True, False))
            plain.loadDefaultStyle()
            default_type = plain.renderer().type() if plain.renderer() else None
            explicit = QgsVectorLayer(path + suffix, "explicit", "ogr", QgsVectorLayer.LayerOptions(True, False))
            message, loaded = explicit.loadNamedStyle(str(qml))
            entry.setdefault("variants", []).append({
                "suffix": suffix, "valid": explicit.isValid(), "loaded": bool(loaded), "message": message,
                "renderer": explicit.renderer().type() if explicit.renderer() else None,
                "default_style_renderer": default_type, "labels_enabled": explicit.labelsEnabled(),
            })
        report["styles"].append(entry)

    checked = root.checkedLayers()
    background = QColor(project.backgroundColor())
    background.setAlpha(255)
    img, errors = render(checked, args.width, labels=True, background=background)
    if args.png:
        img.save(str(args.png))
    px = pixels(img)
    report["render"] = {
        "png": str(args.png) if args.png else None, "width": img.width(), "height": img.height(),
        "layers": [l.id() for l in checked], "errors": errors,
        "background": background.name(),
        "non_background_share": 1 - px.count(background.rgba()) / len(px),
        "distinct_colours": len(set(px)),
    }
    return report


def marker_sizes(layer, q) -> dict:
    """Feature id -> the marker size (mm) QGIS computes from the data-defined size of the symbol
    the renderer gives the feature."""
    from qgis.core import QgsExpressionContext, QgsExpressionContextUtils, QgsRenderContext, QgsSymbolLayer
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    expression_context = QgsExpressionContext()
    expression_context.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setExpressionContext(expression_context)
    renderer.startRender(context, layer.fields())
    sizes = {}
    try:
        for feature in layer.getFeatures():
            expression_context.setFeature(feature)
            symbol = renderer.symbolForFeature(feature, context)
            if symbol is None:
                continue
            prop = symbol.symbolLayer(0).dataDefinedProperties().property(QgsSymbolLayer.PropertySize)
            value, ok = prop.valueAsDouble(expression_context, symbol.size())
            key = feature["id"] if "id" in feature.fields().names() else feature.id()
            sizes[str(key)] = value if ok else None
    finally:
        renderer.stopRender(context)
    return sizes


def top_colour(symbol) -> str:
    """The colour of a symbol's top symbol layer (the one seen; lower ones are casings)."""
    return symbol.symbolLayer(symbol.symbolLayerCount() - 1).color().name()


def renderer_facts(r) -> dict:
    if r is None:
        return {"renderer": None}
    facts = {"renderer": r.type()}
    if r.type() == "categorizedSymbol":
        facts["class_attribute"] = r.classAttribute()
        facts["categories"] = [{"value": c.value(), "label": c.label(), "symbol": c.symbol().type() if c.symbol() else None}
                               for c in r.categories()]
    elif r.type() == "graduatedSymbol":
        facts["class_attribute"] = r.classAttribute()
        facts["ranges"] = [{"lower": g.lowerValue(), "upper": g.upperValue(), "label": g.label(),
                            "colour": top_colour(g.symbol()), "width": g.symbol().width()} for g in r.ranges()]
    elif r.type() == "singleSymbol":
        s = r.symbol()
        facts["symbol"] = {"type": s.type(), "colour": top_colour(s), "opacity": s.opacity()} if s else None
    from qgis.core import QgsRenderContext
    symbols = r.symbols(QgsRenderContext())
    facts["data_defined_size"] = any(
        l.dataDefinedProperties().isActive(l.PropertySize) for s in symbols for l in s.symbolLayers())
    return facts


if __name__ == "__main__":
    sys.exit(main())
