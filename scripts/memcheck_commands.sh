#!/usr/bin/env bash
# Memcheck of the shipped binary: runs the release `nroute` under valgrind on commands that drive
# each C library the way a user does, and fails on any memory error (invalid read or write, use
# of an uninitialised value in a jump, use after free) or any DEFINITE leak, or a non-zero exit.
#
#   scripts/memcheck_commands.sh               # every command below
#   NROUTE_BIN=path/to/nroute scripts/memcheck_commands.sh
#
# What each command reaches (the C library behind its wrapper module):
#   gaps --between KAZ,KGZ         GEOS (the shared border of two country polygons), PROJ (geodesics)
#   corridor                       GEOS (corridor polygon, countries, route crossings), PROJ
#   seizures --border kgz          PROJ (the geodesic inverse), the parallel stream (Dispatch)
#   gaps --dem geodata --patrol-hours 4   GDAL (reading the DEM), the travel-time graph
#   gaps --border kgz -o X.gpkg    SQLite (the GeoPackage writer)
#   plan --new-posts 3             GLPK (the integer programme)
#
# The test suites' leaks are LeakSanitizer's job (scripts/sanitize.sh asan, every library suite);
# this step adds what AddressSanitizer cannot see — reads of uninitialised memory inside the C
# libraries — on the release build that users run. scripts/leakcheck.sh runs test classes under
# valgrind the same way, for a closer look at one suite.
#
# (`layers` composes all of these and takes minutes under valgrind; its parts run here one by one.)
# Only definite leaks count; the suppressions (scripts/leakcheck.supp) document the Swift runtime's
# own reports. Wall time on the 2-core machine: ~1-2 min in all (valgrind is ~30x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${NROUTE_BIN:-.build/release/nroute}"
[ -x "$bin" ] || { echo "memcheck: $bin not found (swift build -c release --product nroute)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "memcheck: valgrind not found (scripts/setup.sh --tests)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
check() {
    local name="$1"
    shift
    local t0=$SECONDS rc
    set +e
    valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=101 --num-callers=40 --suppressions=scripts/leakcheck.supp \
        --log-file="$work/$name.valgrind" "$bin" "$@" -o "$work/$name" --format json >"$work/$name.stdout" 2>"$work/$name.stderr"
    rc=$?
    set -e
    if [ $rc -ne 0 ]; then
        failed=1
        echo "memcheck: $name FAIL (exit $rc): nroute $*" >&2
        cat "$work/$name.valgrind" "$work/$name.stderr" >&2
    else
        echo "memcheck: $name PASS ($((SECONDS - t0)) s)" >&2
    fi
}

check between gaps --between KAZ,KGZ
check corridor corridor
check seizures seizures --border kgz
check terrain gaps --border kgz --dem geodata --patrol-hours 4
check gaps.gpkg gaps --border kgz
check plan plan --border kgz --new-posts 3

if [ $failed -ne 0 ]; then
    echo "memcheck: FAIL (valgrind found memory errors or definite leaks, or a command failed; see above)" >&2
    exit 1
fi
echo "memcheck: PASS (no memory errors, no definite leaks, every command exited 0)" >&2
