"""NorthernRoute: a QGIS Processing provider that runs the nroute engine."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import NorthernRoutePlugin
    return NorthernRoutePlugin(iface)
