"""The plugin: registers the NorthernRoute Processing provider (also under qgis_process, which
calls initProcessing without an interface)."""
from qgis.core import QgsApplication

from .provider import NorthernRouteProvider


class NorthernRoutePlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        if self.provider is None:
            self.provider = NorthernRouteProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
