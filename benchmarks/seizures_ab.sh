#!/usr/bin/env bash
# A/B of `nroute seizures` binaries on the same input, in one run: rounds of every binary in turn
# (so that a change of the host's speed hits all alike), wall/CPU/peak RSS of each, and the median
# wall time per binary. For comparing builds of different commits on the same host:
#
#   git worktree add /tmp/old <commit> && (cd /tmp/old && swift build -c release --product nroute)
#   benchmarks/seizures_ab.sh [-r ROUNDS] INPUT NAME=BINARY [NAME=BINARY ...]
#
# Each binary runs from its own checkout (the folder holding its .build), so it reads that
# checkout's geodata: an old binary does the job it did then (its border, its columns), which is
# what "no slower than before" compares against. Outputs go to a scratch folder, removed after.
set -euo pipefail
rounds=3
if [[ "${1:-}" == "-r" ]]; then rounds=$2; shift 2; fi
[[ $# -ge 2 ]] || { echo "usage: $0 [-r ROUNDS] INPUT NAME=BINARY [NAME=BINARY ...]" >&2; exit 64; }
input=$(realpath "$1"); shift
[[ -f "$input" ]] || { echo "$0: $input: no such file" >&2; exit 66; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -A walls
echo "input: $input ($(du -h "$input" | cut -f1)); $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  for pair in "$@"; do
    name=${pair%%=*}; bin=$(realpath "${pair#*=}")
    root=${bin%%/.build*}
    rm -rf "$scratch/out"
    ( cd "$root" && /usr/bin/time -f '%e %U %S %M' -o "$scratch/time" "$bin" seizures --seizures "$input" --border kgz \
        -o "$scratch/out" > /dev/null )
    read -r wall user sys rss < "$scratch/time"
    size=$(du -cb "$scratch"/out/* | tail -1 | cut -f1)
    printf '  round %d %-12s %6.2f s wall  %6.2f s CPU  %5d MB peak RSS  %5d MB written\n' "$r" "$name" "$wall" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((rss / 1024)) $((size / 1000000))
    walls[$name]+="$wall "
  done
done
for pair in "$@"; do
  name=${pair%%=*}
  median=$(tr ' ' '\n' <<< "${walls[$name]}" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  printf '%-12s median %s s (%s)\n' "$name" "$median" "${walls[$name]% }"
done
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
