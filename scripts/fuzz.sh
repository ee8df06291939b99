#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer harnesses (Fuzz/, declared in Package.swift when NROUTE_FUZZ=1)
# with AddressSanitizer and runs each for a bounded time on a copy of its seed corpus.
#
#   scripts/fuzz.sh            # 20 s per harness
#   scripts/fuzz.sh 60         # 60 s per harness
#   scripts/fuzz.sh 60 FuzzWKT # one harness
#
# Harness -> corpus (Fuzz/corpus/<reader>/, with the tokens of Fuzz/dict/<reader>.dict, never written to: the run works on a copy in
# .build-fuzz/corpus/<reader>/, which keeps what the fuzzer added, for a look or a later run):
#   FuzzGeoJSON      geojson       every GeoJSON reading path agrees (read, streaming, ranges, blocks)
#   FuzzPointScanner pointscanner  PointFeatureScanner agrees with parseFeature(in:index:) or declines
#   FuzzCSV          csv           CSVReader / CSVPointReader (both acceptsAnyGeometry modes), CSVRecordBlocks + CSVFieldReader
#   FuzzWKT          wkt           WKT.parse, and WKT.string round trips
#   FuzzWKB          wkb           WKBReader (what PostGIS sends), and WKB.bytes round trips
#
# Prints each harness's number of executions (stat::number_of_executed_units). Exits 1 on any
# finding — a crash, a failed check (a trap), a sanitizer report, a leak, a timeout (>10 s for one
# input) or running out of memory — after printing the saved input's path
# (.build-fuzz/findings/<reader>/crash-…); replay it with `.build-fuzz/release/<Harness> FILE`.
# A finding fixed in the readers becomes a regression test in Tests/GeoFormatsTests and a file
# of the seed corpus.
#
# Build (what works with Swift 6.3.1 on Linux): the harness's main.swift calls
# LLVMFuzzerRunDriver itself (SwiftPM renames an executable's entry point, so libFuzzer's own
# `main` is never linked and -parse-as-library does not link: "undefined symbol <Target>_main"):
#   NROUTE_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product FuzzWKT
# (-c debug works too; release runs the GeoJSON harness 1.6x faster and GeoFormats has no
# assert() that a debug build would add.)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(FuzzGeoJSON FuzzPointScanner FuzzCSV FuzzWKT FuzzWKB)
scratch=.build-fuzz

corpus_of() {
    case "$1" in
        FuzzGeoJSON) echo geojson ;;
        FuzzPointScanner) echo pointscanner ;;
        FuzzCSV) echo csv ;;
        FuzzWKT) echo wkt ;;
        FuzzWKB) echo wkb ;;
        *) echo "fuzz: unknown harness $1" >&2; exit 2 ;;
    esac
}

for h in "${harnesses[@]}"; do
    corpus_of "$h" >/dev/null
    echo "fuzz: building $h" >&2
    # (ld.gold warns once per ASan helper symbol that it "Cannot export local symbol": noise.)
    NROUTE_FUZZ=1 swift build -c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --product "$h" 2>&1 \
        | { grep -v -e 'Cannot export local symbol' -e '^\[[0-9]*/[0-9]*\]' || true; } >&2
done

failed=()
summary=()
for h in "${harnesses[@]}"; do
    name="$(corpus_of "$h")"
    work="$scratch/corpus/$name"
    findings="$scratch/findings/$name"
    log="$scratch/findings/$name.log"
    rm -rf "$work" "$findings"
    mkdir -p "$work" "$findings"
    cp Fuzz/corpus/"$name"/* "$work"/
    dict=()
    [ -f "Fuzz/dict/$name.dict" ] && dict=(-dict="Fuzz/dict/$name.dict")
    echo "fuzz: $h for ${seconds}s on $(ls "$work" | wc -l) seeds" >&2
    set +e
    # ASan: every report is fatal (the default); leaks are findings too (LeakSanitizer).
    ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=0:detect_leaks=1}" \
    "$scratch/release/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" "$work" >"$log" 2>&1
    rc=$?
    set -e
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    if [ -z "$runs" ]; then  # a crash ends the run before the final stats: the last status line
        runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)"
    fi
    summary+=("$h: ${runs:-0} executions in ${seconds}s, exit $rc")
    if [ $rc -ne 0 ] || [ -n "$(ls -A "$findings")" ]; then
        failed+=("$h")
        echo "fuzz: FINDING in $h (exit $rc); the run's log: $log" >&2
        { grep -E -A3 'FuzzGeoJSON:|FuzzPointScanner:|FuzzCSV:|FuzzWKT:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Fatal error|ParseDictionaryFile' "$log" || tail -5 "$log"; } | head -40 >&2
        for f in "$findings"/*; do [ -e "$f" ] && echo "fuzz: input saved: $f" >&2; done
    fi
done
printf 'fuzz: %s\n' "${summary[@]}" >&2
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAIL (${failed[*]})" >&2
    exit 1
fi
echo "fuzz: PASS (no findings)" >&2
