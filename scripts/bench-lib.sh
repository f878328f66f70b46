# Sourced by scripts/bench-store.sh and scripts/bench-dist.sh: the release
# build, the generated corpus, and timing one command.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/target/release/storyline"

# The CLI and the corpus generator, in release.
build_release() {
  cargo build --release -q -p storyline-cli -p storyline --example gen_corpus --bins \
    --manifest-path "$ROOT/Cargo.toml"
}

# Print the path of N generated articles as JSON Lines (examples/gen_corpus.rs,
# seed 42, about 1.35 KB per article), written once under target/bench-corpus
# and shared by the benches.
generated_corpus() {
  local dir="$ROOT/target/bench-corpus"
  mkdir -p "$dir"
  [ -s "$dir/gen$1.jsonl" ] || "$ROOT/target/release/examples/gen_corpus" "$1" > "$dir/gen$1.jsonl"
  echo "$dir/gen$1.jsonl"
}

# timed NAME CMD...: run CMD under /usr/bin/time, its output discarded;
# "SECONDS PEAK_KB" goes to $OUT/NAME.time and its stderr to $OUT/NAME.log.
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" > /dev/null 2> "$OUT/$name.log"
}
