#!/usr/bin/env bash
# Leak check: runs XCTest suites of the package under valgrind; fails on any DEFINITE leak or
# memory error (invalid read/write, use after free, ...) and on any test failure.
#
#   scripts/leakcheck.sh                      # GeodesyTests and GeometryTests (the default)
#   scripts/leakcheck.sh GeometryTests        # one test module
#   scripts/leakcheck.sh GeometryTests.ValidityTests GeodesyTests.InverseTests/testWellingtonToSalamanca
#   scripts/leakcheck.sh --all                # every XCTest test in the package
#
# Environment:
#   SCRATCH=.build-geo    SwiftPM scratch directory (shared with `swift build --scratch-path`)
#   SKIP_BUILD=1          use the existing test binary
#   LEAKCHECK_EXCLUDE=... test classes ("Module.Class", space-separated) to leave out
#   PACKAGE_DIR=...       package root (default: the repository containing this script)
#
# How it works: SwiftPM on Linux links every test target into one executable,
# $SCRATCH/debug/NorthernRoutePackageTests.xctest. Run directly, it takes a comma-separated list
# of "Module.Class" or "Module.Class/testMethod" (a bare module name selects nothing), so a module
# argument is expanded to its classes via `--list-tests`.
#
# Only definite leaks count ("possibly lost"/"still reachable" memory of the Swift runtime,
# Foundation and XCTest is normal at exit). Definite false positives from the test harness are
# suppressed by scripts/leakcheck.supp, which documents each entry.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "${PACKAGE_DIR:-$here/..}"
scratch="${SCRATCH:-.build-geo}"
supp="$here/leakcheck.supp"

if ! command -v valgrind >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "leakcheck: installing valgrind" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
    else
        echo "leakcheck: valgrind not found (apt-get install valgrind)" >&2
        exit 2
    fi
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build --build-tests --scratch-path "$scratch"
fi
bin="$scratch/debug/NorthernRoutePackageTests.xctest"
[ -x "$bin" ] || { echo "leakcheck: test binary $bin not found" >&2; exit 2; }

all_tests="$("$bin" --list-tests | grep -E '^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]' || true)"
selected=()
if [ "${1:-}" = "--all" ]; then
    mapfile -t selected < <(printf '%s\n' "$all_tests" | sed 's|/.*||' | sort -u)
else
    [ $# -gt 0 ] || set -- GeodesyTests GeometryTests
    for arg in "$@"; do
        if [[ "$arg" == *.* ]]; then
            selected+=("$arg")
        else
            mapfile -t classes < <(printf '%s\n' "$all_tests" | grep -E "^${arg}\." | sed 's|/.*||' | sort -u)
            [ ${#classes[@]} -gt 0 ] || { echo "leakcheck: no tests in module $arg" >&2; exit 2; }
            selected+=("${classes[@]}")
        fi
    done
fi
# LEAKCHECK_EXCLUDE="Module.Class ...": classes left out (pure-Swift suites that AddressSanitizer
# and ThreadSanitizer already run, where valgrind's 30x slowdown buys nothing).
if [ -n "${LEAKCHECK_EXCLUDE:-}" ]; then
    kept=()
    for c in "${selected[@]}"; do
        skip=0
        for x in $LEAKCHECK_EXCLUDE; do [ "$c" = "$x" ] && skip=1; done
        [ $skip = 1 ] || kept+=("$c")
    done
    selected=("${kept[@]}")
fi
[ ${#selected[@]} -gt 0 ] || { echo "leakcheck: nothing selected" >&2; exit 2; }
filter="$(IFS=,; echo "${selected[*]}")"

echo "leakcheck: valgrind on ${#selected[@]} test classes" >&2
set +e
valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --error-exitcode=101 --num-callers=40 --suppressions="$supp" \
    "$bin" "$filter"
rc=$?
set -e
case $rc in
    0)   echo "leakcheck: PASS (no definite leaks, no memory errors, tests passed)" >&2 ;;
    101) echo "leakcheck: FAIL (valgrind found definite leaks or memory errors, see above)" >&2 ;;
    *)   echo "leakcheck: FAIL (test run exited $rc)" >&2 ;;
esac
exit $rc
