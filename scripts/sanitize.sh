#!/usr/bin/env bash
# Sanitizers: every test suite under AddressSanitizer with LeakSanitizer (memory errors in Swift
# and in the C libraries GEOS, PROJ, GDAL, SQLite and GLPK; leaks judged by scripts/lsan_report.py),
# and the parallel code (the seizure pipeline, the parallel GeoJSON reader, the parallel seizure
# proximity) under ThreadSanitizer. Any sanitizer report, like any test failure, fails the script.
#
#   scripts/sanitize.sh          # both
#   scripts/sanitize.sh asan     # every suite under ASan + LSan (.build-asan); CLITests run NROUTE_BIN
#   scripts/sanitize.sh tsan     # the seizure pipeline and the parallel readers under TSan (.build-tsan)
#
# scripts/test builds .build-asan itself (it is the test build CI runs every suite in, once) and
# calls this with SKIP_BUILD=1. CLITests start the nroute binary as a child process: NROUTE_BIN
# (scripts/test: the release build) is what they run; the test process around them is ASan's.
#
# Environment: SKIP_BUILD=1 uses the existing test binaries; NROUTE_BIN as above;
# SANITIZE_SUITES="Module Module.Class ..." narrows the ASan run.
#
# UndefinedBehaviorSanitizer is not run: Swift 6.3.1 on Linux refuses it for Swift code
# (`swiftc -sanitize=undefined`: "unsupported option '-sanitize=undefined' for target
# 'x86_64-unknown-linux-gnu'"), and the package compiles no C of its own (the C shims are
# system library modules: headers only). What UBSan checks in C, Swift checks itself in every
# build (integer overflow, array bounds, force unwraps and exclusivity trap).
#
# Each build is a full debug build of the package and its tests with the sanitizer
# (SwiftPM links every test target into one binary); each run selects test classes by name, as
# scripts/leakcheck.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

# The classes that take longest under a sanitizer (minutes each on the 2-core machine): started
# first when several test processes share the machine.
SLOW_CLASSES='^(CLITests\.(Seizures|CorridorAndLayers|Reliability|Consistency|Terrain|Travel|Plan)CLITests|AnalysisTests\.(SeizureProximity|TravelTimeOracle|ProvinceLocator|PlanAnalysis)Tests|CartographyTests\.SeizureEncodersTests|JobsTests\.SeizurePipeline(CSV)?Tests|GeodesyTests\.KernelTests|CatalogTests\.GeodataCatalogTests)$'

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
        if [[ "$arg" == */* ]]; then
            printf '%s\n' "$all" | grep -q -x -F "$arg" || { echo "sanitize: no test $arg" >&2; exit 2; }
            selected+=("$arg")
        elif [[ "$arg" == *.* ]]; then
            printf '%s\n' "$all" | grep -q "^$arg/" || { echo "sanitize: no tests in $arg" >&2; exit 2; }
            selected+=("$arg")
        else
            mapfile -t classes < <(printf '%s\n' "$all" | grep -E "^${arg}\." | sed 's|/.*||' | sort -u)
            [ ${#classes[@]} -gt 0 ] || { echo "sanitize: no tests in module $arg" >&2; exit 2; }
            selected+=("${classes[@]}")
        fi
    done
    local shards="${SANITIZE_SHARDS:-1}" i
    [ "$shards" -ge 1 ] && [ "$shards" -le ${#selected[@]} ] || shards=1
    echo "sanitize: $label on ${#selected[@]} test classes ($*), $shards process(es)" >&2
    local logs=() failed=0 rc
    rm -f "$scratch/sanitize-$label"*.log "$scratch/sanitize-$label"*.log.rc
    if [ "$shards" -eq 1 ]; then
        logs=("$scratch/sanitize-$label.log")
        set +e
        "$bin" "$(IFS=,; echo "${selected[*]}")" >"${logs[0]}" 2>&1
        rc=$?
        set -e
        judge "$label" "${logs[0]}" "$rc" || failed=1
    else
        # A queue: each class in its own test process, SANITIZE_SHARDS of them side by side (the
        # 2-core machine runs a sanitizer build's mostly single-threaded tests ~1.6x faster as
        # two), the slowest classes first so that none is left running alone at the end.
        local ordered=() c k=0 running=0
        for c in "${selected[@]}"; do [[ "$c" =~ $SLOW_CLASSES ]] && ordered+=("$c"); done
        for c in "${selected[@]}"; do [[ "$c" =~ $SLOW_CLASSES ]] || ordered+=("$c"); done
        for c in "${ordered[@]}"; do
            local log="$scratch/sanitize-$label-$k.log"
            logs+=("$log")
            ( set +e; "$bin" "$c" >"$log" 2>&1; echo $? >"$log.rc" ) &
            k=$((k + 1))
            running=$((running + 1))
            if [ $running -ge "$shards" ]; then wait -n || true; running=$((running - 1)); fi
        done
        wait
        for log in "${logs[@]}"; do
            judge "$label" "$log" "$(cat "$log.rc")" || failed=1
        done
    fi
    if [ $failed -ne 0 ]; then
        echo "sanitize: $label FAIL (a sanitizer report or a test failure above; full output in ${logs[*]})" >&2
        exit 1
    fi
    echo "sanitize: $label PASS" >&2
}

# judge LABEL LOG RC: prints the log's failures and sanitizer reports; fails on a test failure, a
# non-zero exit or a sanitizer report. LeakSanitizer's verdict (exit 23, its "ERROR:
# LeakSanitizer" and "SUMMARY: … leaked" lines) is judged by scripts/lsan_report.py: the test
# harness's own leaks pass, any other fails.
judge() {
    local label="$1" log="$2" rc="$3"
    # (LeakSanitizer's report, at the end, is left to lsan_report.py, which prints what counts.)
    awk '/^==[0-9]+==ERROR: LeakSanitizer/ { exit } { print }' "$log" \
        | grep -E -v '^=+$|^Test Case .* (started|passed)|^Test Suite .* (started|passed)|^\s+Executed ' >&2 || true
    if grep -q -E '^==[0-9]+==ERROR: LeakSanitizer' "$log"; then
        if python3 scripts/lsan_report.py "$log"; then
            [ "$rc" -eq 23 ] && rc=0
        else
            rc=1
        fi
    fi
    if [ "$rc" -ne 0 ] || grep -E -v '^==[0-9]+==ERROR: LeakSanitizer|^SUMMARY: AddressSanitizer: [0-9]+ byte\(s\) leaked' "$log" \
        | grep -q -E '^(==[0-9]+==ERROR: |WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)'; then
        echo "sanitize: $label: $log: FAIL (exit $rc)" >&2
        return 1
    fi
    grep -E "^\s+Executed [0-9]+ tests?" "$log" | tail -1 | sed "s|^\s*|sanitize: $label: $log: |" >&2
    return 0
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
    # halt_on_error: the first report ends the run (exit 1). detect_leaks=1: LeakSanitizer at exit
    # (exit 23), its report judged by scripts/lsan_report.py.
    # Default: every test module in the binary (a new test target is included without a change here).
    suites=(${SANITIZE_SUITES:-$(.build-asan/debug/NorthernRoutePackageTests.xctest --list-tests | grep -E -o '^[A-Za-z_][A-Za-z0-9_]*\.' | tr -d . | sort -u)})
    SANITIZE_SHARDS="${SANITIZE_SHARDS:-2}" \
    ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1" \
    LSAN_OPTIONS="exitcode=23" \
        timed run_tests .build-asan asan "${suites[@]}"
fi

if [ "$what" = all ] || [ "$what" = tsan ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        timed swift build --build-tests --sanitize=thread --scratch-path .build-tsan
    fi
    # halt_on_error: the first data race ends the run (exit 66). Of seizure proximity, only the test
    # that runs it on several threads (the rest is single-threaded and runs under ASan).
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
        timed run_tests .build-tsan tsan JobsTests.SeizurePipelineTests JobsTests.SeizurePipelineCSVTests \
        AnalysisTests.SeizureProximityTests/testParallelRunMatchesSequential \
        GeoFormatsTests.GeoJSONFuzzTests GeoFormatsTests.GeoJSONRoundTripTests GeoFormatsTests.GeoJSONErrorTests
fi
