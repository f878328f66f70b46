#!/usr/bin/env bash
# storyline next to the Python peers of ../shared/peers, in one run, on the same
# clusters and word budget: ROUGE (our scorer, TAC settings) and time per cluster.
#
#   scripts/bench-vs-peers.sh [CLUSTERS.jsonl] [WORDS]
#
# The peers' venv is built once under target/peers (PyPI only; see
# ../shared/peers/setup.sh). Each peer runs in its own process with one BLAS
# thread; run_peers.py times each cluster (ranking + selection, no I/O). storyline
# summarizes each cluster 20 times and reports the median. Medians and ratios
# are printed; the machine is noisy, so run it on a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared"
CLUSTERS="${1:-$SHARED/data/multiling2011/english.clusters.jsonl}"
WORDS="${2:-250}"
METHODS="${METHODS:-sumy-lexrank,sumy-textrank,sumy-lsa,sumy-luhn,sumy-kl,sumy-sumbasic,lexrank,summa,pytextrank}"
PEERS="$ROOT/target/peers"
OUT="$ROOT/target/bench-vs-peers"

[ -f "$CLUSTERS" ] || { echo "bench-vs-peers: $CLUSTERS not found (is ../shared beside the checkout?)" >&2; exit 1; }
if [ ! -x "$PEERS/venv/bin/python" ]; then
  rm -rf "$PEERS" && mkdir -p "$PEERS" && cp -r "$SHARED/peers/." "$PEERS/" && chmod -R u+w "$PEERS"
  "$PEERS/setup.sh"
fi
cargo build --release -q -p storyline-cli --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/storyline"
rm -rf "$OUT" && mkdir -p "$OUT"

# storyline: summaries and per-cluster medians.
"$BIN" summarize "$CLUSTERS" --words "$WORDS" --repeat 20 -o "$OUT/storyline.jsonl" 2> "$OUT/storyline.times"

# Peers, one process each.
IFS=',' read -ra ms <<< "$METHODS"
for m in "${ms[@]}"; do
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 \
    "$PEERS/venv/bin/python" "$PEERS/run_peers.py" "$CLUSTERS" --methods "$m" --words "$WORDS" \
    --fill truncate --out "$OUT/$m" > "$OUT/$m.log" 2>&1 || echo "bench-vs-peers: $m failed, see $OUT/$m.log" >&2
done

# Peer summaries as one --system file; per-cluster times.
python3 - "$OUT" "${ms[@]}" <<'PY'
import json, os, statistics, sys
out, methods = sys.argv[1], sys.argv[2:]
times = {}
with open(os.path.join(out, "peers.jsonl"), "w") as sysf:
    for m in methods:
        path = os.path.join(out, m, "summaries.jsonl")
        if not os.path.exists(path):
            continue
        secs = []
        for line in open(path):
            r = json.loads(line)
            if r.get("summary"):
                sysf.write(json.dumps({"id": r["id"], "system": m, "summary": r["summary"]}) + "\n")
            if r.get("seconds") is not None:
                secs.append(r["seconds"])
        if secs:
            times[m] = statistics.median(secs)
ours = [json.loads(l) for l in open(os.path.join(out, "storyline.times")) if l.startswith("{")]
ours_ms = next(r["median_ms_per_cluster"] for r in ours if "median_ms_per_cluster" in r)
print(f"\nTime per cluster (median): storyline {ours_ms:.2f} ms")
print(f"{'peer':<16} {'median ms/cluster':>18} {'storyline is x faster':>22}")
for m, s in sorted(times.items(), key=lambda kv: kv[1]):
    print(f"{m:<16} {s * 1000:>18.1f} {s * 1000 / ours_ms:>22.0f}")
PY

echo
"$BIN" eval summaries "$CLUSTERS" --system "$OUT/peers.jsonl" --system "$OUT/storyline.jsonl" --words "$WORDS"
