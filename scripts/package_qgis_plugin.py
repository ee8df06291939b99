#!/usr/bin/env python3
"""Zips the QGIS plugin (qgis-plugin/northernroute) into an installable plugin archive.

    python3 scripts/package_qgis_plugin.py [--out dist/]      # -> dist/northernroute-<version>.zip

The archive holds the folder `northernroute/` at its root, as QGIS's Plugins ▸ Manage and Install
Plugins ▸ Install from ZIP expects; compiled files are left out, and every entry gets the same
timestamp, so the same sources give the same bytes. Prints the archive's path.
"""
from __future__ import annotations

import argparse
import configparser
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "qgis-plugin" / "northernroute"


def package(out_dir: Path) -> Path:
    meta = configparser.ConfigParser()
    meta.read(PLUGIN / "metadata.txt", encoding="utf-8")
    version = meta["general"]["version"]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"northernroute-{version}.zip"
    tmp = target.with_name("." + target.name + ".tmp")
    files = sorted(p for p in PLUGIN.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            info = zipfile.ZipInfo(str(Path("northernroute") / f.relative_to(PLUGIN)), date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, f.read_bytes())
    tmp.replace(target)  # atomic: the archive appears whole
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    args = parser.parse_args()
    print(package(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
