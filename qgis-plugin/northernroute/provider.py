"""The NorthernRoute Processing provider: its algorithms and its one setting, the nroute program
(Settings ▸ Options ▸ Processing ▸ Providers ▸ NorthernRoute; empty: `nroute` found on PATH)."""
from qgis.core import QgsProcessingProvider

from .algorithms import ALGORITHMS

NROUTE_SETTING = "NORTHERNROUTE_NROUTE"


class NorthernRouteProvider(QgsProcessingProvider):
    def load(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
            ProcessingConfig.addSetting(Setting(self.name(), NROUTE_SETTING, "nroute program (empty: nroute on PATH)", "",
                                                valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        except ImportError:  # the Processing plugin is absent: the PATH default still works
            pass
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
            ProcessingConfig.removeSetting(NROUTE_SETTING)
        except ImportError:
            pass

    def loadAlgorithms(self):  # noqa: N802 (QGIS's name)
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())

    def id(self):
        return "northernroute"

    def name(self):
        return "NorthernRoute"

    def longName(self):  # noqa: N802
        return "NorthernRoute (nroute): border gaps, seizures, corridors, new posts"
