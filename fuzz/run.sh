#!/usr/bin/env bash
# The long fuzz run: `bash fuzz/run.sh [SECONDS]` (default 1800). Needs `cargo install cargo-fuzz`;
# RUSTC_BOOTSTRAP lets the stable toolchain take the sanitizer flags cargo-fuzz passes.
# Seeds: the small real-world specs, the fixtures and the project spec (big specs slow every
# execution without adding coverage). Crashes land in fuzz/artifacts/generate/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-1800}
seeds=$(mktemp -d)
for f in ../specs/corpus/*.yaml ../specs/corpus/*.json ../tests/fixtures/*.yaml ../spec/openapi.yaml; do
  [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$seeds/"
done
mkdir -p corpus/generate
RUSTC_BOOTSTRAP=1 cargo fuzz run generate corpus/generate "$seeds" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
