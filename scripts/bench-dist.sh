#!/usr/bin/env bash
# The distributed digest against one process, in one run, on the same input:
#
#   scripts/bench-dist.sh [N]                 # N generated articles (default 200,000)
#   CORPUS=path/to/articles.jsonl scripts/bench-dist.sh
#   STREAM=1 scripts/bench-dist.sh [N]        # digest --stream in every run
#
# Runs, each under /usr/bin/time: one process; one process of 2 workers
# (--workers 2); 2 processes of 1 worker on loopback (--processes 2), each
# process timed on its own. Every report is compared byte for byte with the
# single process's (the script fails if one differs). Prints wall time, peak
# RSS per process, and the bytes the workers exchanged per article.
#
# On one 2-core machine the two processes share the cores, so this measures
# overhead and memory, not the speed-up of two machines.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
N="${1:-200000}"
OUT="$ROOT/target/bench-dist"
mkdir -p "$OUT"
build_release
CORPUS="${CORPUS:-$(generated_corpus "$N")}"
MODE=()
[ "${STREAM:-0}" = 1 ] && MODE=(--stream)
echo "input: $CORPUS ($(( $(stat -c %s "$CORPUS") / 1048576 )) MiB) ${MODE[*]:-batch}"

show() {
  read -r s kb < "$OUT/$1.time"
  printf '%-22s %8.1f s  peak RSS %6d MiB\n' "$1:" "$s" "$((kb / 1024))"
}

timed single "$BIN" digest "$CORPUS" "${MODE[@]}" --format json -o "$OUT/single.json"
show single
timed workers2 "$BIN" digest "$CORPUS" "${MODE[@]}" --format json -o "$OUT/workers2.json" --workers 2
show workers2
cmp "$OUT/single.json" "$OUT/workers2.json"

printf '127.0.0.1:24811\n127.0.0.1:24812\n' > "$OUT/hosts"
timed process1 "$BIN" digest "$CORPUS" "${MODE[@]}" --format json -o "$OUT/processes2.json" \
  --processes 2 --process 1 --hostfile "$OUT/hosts" &
timed process0 "$BIN" digest "$CORPUS" "${MODE[@]}" --format json -o "$OUT/processes2.json" \
  --processes 2 --process 0 --hostfile "$OUT/hosts"
wait
show process0
show process1
cmp "$OUT/single.json" "$OUT/processes2.json"
echo "all reports identical to the single process's"
grep -h "exchanged" "$OUT/workers2.log" "$OUT/process0.log" | sed 's/^storyline: /  /'
