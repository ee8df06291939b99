#!/usr/bin/env bash
# Installs what NorthernRoute needs on a fresh Debian machine that already has Swift:
#   system: libgeos-dev, libproj-dev, libgdal-dev, libglpk-dev, libsqlite3-dev, libpq-dev, pkg-config (always: the build links GEOS, PROJ, GDAL, GLPK, SQLite, libpq)
#   tests:  valgrind, gdal-bin, python3-gdal, python3-qgis, qgis (qgis_process), grass-core (r.walk beside nroute-bench travel),
#           postgresql-15-postgis-3 (the private test cluster of scripts/pg_cluster.sh), + PyPI packages (with --tests)
# Idempotent: skips what is already there. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--tests" ]] && want_tests=1

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

pkgs=(libgeos-dev libproj-dev libgdal-dev libglpk-dev libsqlite3-dev libpq-dev pkg-config)
if [[ $want_tests -eq 1 ]]; then
  pkgs+=(valgrind gdal-bin python3-gdal python3-qgis qgis-providers qgis grass-core postgresql-15-postgis-3)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ $want_tests -eq 1 ]]; then
  python3 -m pip install -q --disable-pip-version-check -r Tests/python/requirements.txt -r notebooks/requirements.txt
fi
