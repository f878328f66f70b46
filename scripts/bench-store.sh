#!/usr/bin/env bash
# The story database against the stream digest, in one run, on the same
# generated corpus of N articles (default 200,000):
#
#   scripts/bench-store.sh [N]            # digest --stream, then ingest
#   DIGEST=0 scripts/bench-store.sh 1000000   # ingest only (see below)
#
# The corpus is written once as JSON Lines (examples/gen_corpus.rs, seed 42,
# about 1.35 KB per article) under target/bench-corpus. Each command runs in its
# own process under /usr/bin/time; the script prints articles per second, peak
# RSS, the ratio ingest/digest, and the database's size.
#
# `digest --stream` holds the whole corpus, every sentence fingerprint and the
# report's inputs in memory (about 19 KB per article: 18.9 GB for a million on
# the 24 GiB machine); the store holds only the live window. DIGEST=0 skips
# the digest where it would not fit.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
N="${1:-200000}"
OUT="$ROOT/target/bench-store"
mkdir -p "$OUT"
build_release
CORPUS="$(generated_corpus "$N")"
MIB=$(( $(stat -c %s "$CORPUS") / 1048576 ))
echo "corpus: $N generated articles, $MIB MiB of JSON Lines ($CORPUS)"

rate() { awk -v n="$N" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }

if [ "${DIGEST:-1}" != 0 ]; then
  timed digest "$BIN" digest --stream "$CORPUS" --format json -o "$OUT/digest.json" -q
  read -r d_s d_kb < "$OUT/digest.time"
  rm -f "$OUT/digest.json"
  echo "digest --stream: $d_s s, $(rate "$d_s") articles/s, peak RSS $((d_kb / 1024)) MiB"
fi
DB="$OUT/stories.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
timed ingest "$BIN" ingest "$CORPUS" --db "$DB" -q
read -r i_s i_kb < "$OUT/ingest.time"
echo "ingest:          $i_s s, $(rate "$i_s") articles/s, peak RSS $((i_kb / 1024)) MiB, database $(( $(stat -c %s "$DB") / 1048576 )) MiB"
if [ "${DIGEST:-1}" != 0 ]; then
  awk -v d="$d_s" -v i="$i_s" 'BEGIN { printf "ingest speed / digest --stream speed: %.0f%%\n", 100 * d / i }'
fi
