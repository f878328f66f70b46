#!/usr/bin/env bash
# storyline's page extraction next to its Python peers, in one run, on public
# benchmarks read from the paths given (nothing is fetched):
#
#   scripts/bench-pages.sh ARTICLE_EXTRACTION_BENCHMARK_DIR HTMLDATE_DIR
#
# - ARTICLE_EXTRACTION_BENCHMARK_DIR: a checkout of
#   scrapinghub/article-extraction-benchmark (html/*.html.gz, ground-truth.json,
#   output/*.json). Body F1/precision/recall with the benchmark's own metric:
#   storyline, trafilatura run now, and the published rows of output/.
# - HTMLDATE_DIR: a checkout of adbar/htmldate (tests/eval_default.json and
#   the pages under tests/cache and tests/eval). Publication-day accuracy:
#   storyline and htmldate run now.
# - Speed: pages per second of each, one thread each (storyline: median of 5
#   runs per page; the peers: their function's time, summed).
# - Web archives: two synthetic .warc.gz files (make_warc example), read by
#   `storyline extract` (the streaming path): MB/s and peak RSS at both sizes.
#
# The peers' venv is built once under target/peers (PyPI only; see
# ../shared/peers/setup.sh). The machine is noisy: ratios from one run are
# what to quote.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared"
BODY="${1:?usage: bench-pages.sh ARTICLE_EXTRACTION_BENCHMARK_DIR HTMLDATE_DIR}"
DATES="${2:?usage: bench-pages.sh ARTICLE_EXTRACTION_BENCHMARK_DIR HTMLDATE_DIR}"
PEERS="$ROOT/target/peers"
OUT="$ROOT/target/bench-pages"
WARC_PAGES="${WARC_PAGES:-2000 20000}"

[ -f "$BODY/ground-truth.json" ] || { echo "bench-pages: $BODY has no ground-truth.json" >&2; exit 1; }
[ -f "$DATES/tests/eval_default.json" ] || { echo "bench-pages: $DATES has no tests/eval_default.json" >&2; exit 1; }
if [ ! -x "$PEERS/venv/bin/python" ]; then
  rm -rf "$PEERS" && mkdir -p "$PEERS" && cp -r "$SHARED/peers/." "$PEERS/" && chmod -R u+w "$PEERS"
  "$PEERS/setup.sh"
fi
cargo build --release -q -p storyline-cli --manifest-path "$ROOT/Cargo.toml"
cargo build --release -q -p storyline --example make_warc --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/storyline"
PY="$PEERS/venv/bin/python"
mkdir -p "$OUT"

echo "== peers (trafilatura on the benchmark pages, htmldate on its own pages)"
OMP_NUM_THREADS=1 "$PY" "$ROOT/scripts/pages_peers.py" body "$BODY" "$OUT/trafilatura.json"
OMP_NUM_THREADS=1 "$PY" "$ROOT/scripts/pages_peers.py" dates "$DATES" "$OUT/htmldate.json"

echo "== storyline"
published=()
for name in trafilatura rs_trafilatura readability_js go_trafilatura newspaper; do
  [ -f "$BODY/output/$name.json" ] && published+=(--system "$BODY/output/$name.json")
done
"$BIN" eval pages "$BODY" --repeat 5 --system "$OUT/trafilatura.json" "${published[@]}" \
  --format json > "$OUT/pages.json"
"$BIN" eval dates "$DATES" --system "$OUT/htmldate.json" --format json > "$OUT/dates.json"

echo "== web archives"
for n in $WARC_PAGES; do
  warc="$OUT/synthetic-$n.warc.gz"
  [ -f "$warc" ] || "$ROOT/target/release/examples/make_warc" "$n" "$warc"
  /usr/bin/time -f '%e %M' -o "$OUT/warc-$n.time" "$BIN" extract "$warc" -q -o /dev/null
done

python3 - "$OUT" "$WARC_PAGES" <<'PY'
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2].split()
pages = json.load(open(os.path.join(out, "pages.json")))
dates = json.load(open(os.path.join(out, "dates.json")))
traf_t = json.load(open(os.path.join(out, "trafilatura.time.json")))
html_t = json.load(open(os.path.join(out, "htmldate.time.json")))

print("\nMain text, %d pages (benchmark metric)" % pages["storyline"]["pages"])
print("| system | F1 | precision | recall | pages empty |")
print("|---|---|---|---|---|")
for r in pages["systems"]:
    print("| %s | %.3f | %.3f | %.3f | %d |" % (r["system"], r["f1"], r["precision"], r["recall"], r["empty"]))
ours = 1000 * pages["storyline"]["extract_seconds"] / pages["storyline"]["pages"]
theirs = 1000 * traf_t["seconds"] / traf_t["pages"]
theirs_meta = 1000 * traf_t["seconds_with_metadata"] / traf_t["pages"]
print("\nSpeed, one thread each: storyline %.2f ms/page (text and metadata, dates included)" % ours)
print("  trafilatura with metadata %.1f ms/page: storyline %.1fx faster" % (theirs_meta, theirs_meta / ours))
print("  trafilatura text only (the benchmark's call) %.1f ms/page: storyline %.1fx faster" % (theirs, theirs / ours))
print("mojibake marks in storyline's text: %d" % pages["storyline"]["mojibake_marks"])

print("\nPublication day, %d pages" % dates["systems"][0]["pages"])
print("| system | accuracy | precision | recall | right | wrong | missing |")
print("|---|---|---|---|---|---|---|")
for r in dates["systems"]:
    print("| %s | %.3f | %.3f | %.3f | %d | %d | %d |" % (r["system"], r["accuracy"], r["precision"], r["recall"], r["right"], r["wrong"], r["missing"]))
ours = 1000 * dates["storyline"]["extract_seconds"] / dates["storyline"]["pages"]
theirs = 1000 * html_t["seconds"] / html_t["pages"]
print("\nSpeed: storyline %.2f ms/page (whole extraction), htmldate %.1f ms/page (date only): %.1fx" % (ours, theirs, theirs / ours))

print("\nWeb archives through `storyline extract` (streaming), one process")
print("| pages | archive | wall | MB/s (compressed) | peak RSS |")
print("|---|---|---|---|---|")
for n in sizes:
    size = os.path.getsize(os.path.join(out, "synthetic-%s.warc.gz" % n)) / 1e6
    wall, rss = open(os.path.join(out, "warc-%s.time" % n)).read().split()[-2:]
    print("| %s | %.0f MB | %.1f s | %.1f | %.0f MB |" % (n, size, float(wall), size / float(wall), int(rss) / 1024))
PY
