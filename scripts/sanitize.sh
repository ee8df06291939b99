#!/usr/bin/env bash
# Sanitizers: the test suites but the CLI's under AddressSanitizer, and the parallel code (the
# seizure pipeline, the parallel GeoJSON reader, the parallel seizure proximity) under
# ThreadSanitizer. Any sanitizer report, like any test failure, fails the script.
#
#   scripts/sanitize.sh          # both
#   scripts/sanitize.sh asan     # GeoFormats, Catalog, Geodesy, Geometry, Optimization, Analysis, Jobs tests under ASan (.build-asan)
#   scripts/sanitize.sh tsan     # the seizure pipeline and the parallel readers under TSan (.build-tsan)
#
# Wall time on the 2-core machine (fresh scratch paths, others' builds running): ASan build
# ~50-95 s, its tests ~50 s; TSan build ~45-100 s, its tests ~65 s. CLITests are left out
# (they run the nroute binary as a process, the slowest suite; the same code is tested here
# through the library).
#
# Environment: SKIP_BUILD=1 uses the existing test binaries.
#
# UndefinedBehaviorSanitizer is not run: Swift 6.3.1 on Linux refuses it for Swift code
# (`swiftc -sanitize=undefined`: "unsupported option '-sanitize=undefined' for target
# 'x86_64-unknown-linux-gnu'"), and the package compiles no C of its own (CGEOS and CPROJ are
# system library modules: headers only). What UBSan checks in C, Swift checks itself in every
# build (integer overflow, array bounds, force unwraps and exclusivity trap).
#
# Each build is a full debug build of the package and its tests with the sanitizer
# (SwiftPM links every test target into one binary); each run selects test classes by name, as
# scripts/leakcheck.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

# Runs the test classes of the given modules / Module.Class names from $scratch's test binary;
# fails on a test failure, a non-zero exit, or a sanitizer report in the output.
run_tests() {
    local scratch="$1" label="$2"
    shift 2
    local bin="$scratch/debug/NorthernRoutePackageTests.xctest"
    [ -x "$bin" ] || { echo "sanitize: test binary $bin not found" >&2; exit 2; }
    local all selected=() arg
    all="$("$bin" --list-tests | grep -E '^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]' || true)"
    for arg in "$@"; do
        if [[ "$arg" == *.* ]]; then
            printf '%s\n' "$all" | grep -q "^$arg/" || { echo "sanitize: no tests in $arg" >&2; exit 2; }
            selected+=("$arg")
        else
            mapfile -t classes < <(printf '%s\n' "$all" | grep -E "^${arg}\." | sed 's|/.*||' | sort -u)
            [ ${#classes[@]} -gt 0 ] || { echo "sanitize: no tests in module $arg" >&2; exit 2; }
            selected+=("${classes[@]}")
        fi
    done
    local filter log rc
    filter="$(IFS=,; echo "${selected[*]}")"
    log="$scratch/sanitize-$label.log"
    echo "sanitize: $label on ${#selected[@]} test classes ($*)" >&2
    set +e
    "$bin" "$filter" 2>&1 | tee "$log" | grep -E -v '^Test Case .* (started|passed)' >&2
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ] || grep -q -E '^(==[0-9]+==ERROR: |WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)' "$log"; then
        echo "sanitize: $label FAIL (exit $rc; a sanitizer report or a test failure above, full output in $log)" >&2
        exit 1
    fi
    echo "sanitize: $label PASS" >&2
}

timed() {
    local t0=$SECONDS
    "$@"
    echo "sanitize: '$*' took $((SECONDS - t0)) s" >&2
}

if [ "$what" = all ] || [ "$what" = asan ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        timed swift build --build-tests --sanitize=address --scratch-path .build-asan
    fi
    # halt_on_error: the first report ends the run (exit 1). detect_leaks=0: leaks are the
    # valgrind step's job (scripts/leakcheck.sh, with its documented suppressions); LeakSanitizer
    # would also report the Swift runtime's and XCTest's allocations still held at exit.
    ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1" \
        timed run_tests .build-asan asan GeoFormatsTests CatalogTests GeodesyTests GeometryTests OptimizationTests AnalysisTests JobsTests
fi

if [ "$what" = all ] || [ "$what" = tsan ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        timed swift build --build-tests --sanitize=thread --scratch-path .build-tsan
    fi
    # halt_on_error: the first data race ends the run (exit 66).
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
        timed run_tests .build-tsan tsan JobsTests.SeizurePipelineTests JobsTests.SeizurePipelineCSVTests AnalysisTests.SeizureProximityTests \
        GeoFormatsTests.GeoJSONFuzzTests GeoFormatsTests.GeoJSONRoundTripTests GeoFormatsTests.GeoJSONErrorTests
fi
