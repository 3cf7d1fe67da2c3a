#!/usr/bin/env bash
# affex's search against `fzf --filter` on the same generated 100k corpus and queries.
# Prints, per query: fzf's median whole-process time, affex's median in-process search time
# (the index is built once, as in the app), and the ratio affex / fzf.
#
#   bash benches/vs-fzf.sh            # 100,000 programs
#   COUNT=10000 bash benches/vs-fzf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-100000}
RUNS=${RUNS:-7}
DIR=${DIR:-$(mktemp -d)}
QUERIES=("dropship" "fish" "3d print" "fishing lures tiktokers" "zzqqxxj")

if ! command -v fzf >/dev/null 2>&1; then
  echo "installing fzf (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fzf >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq fzf >/dev/null; fi
fi

cargo build --release --quiet --example gen_catalog --example search_timing
if [ ! -f "$DIR/corpus.txt" ]; then
  ./target/release/examples/gen_catalog --count "$COUNT" --out "$DIR" --single-file >/dev/null 2>&1
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A AFFEX
while IFS=$'\t' read -r q ms hits; do AFFEX[$q]="$ms $hits"; done < <(
  ./target/release/examples/search_timing --count "$COUNT" --runs 15 "${QUERIES[@]}")

printf '%-26s %12s %10s %12s %10s %8s\n' query "fzf ms" "fzf hits" "affex ms" "hits" ratio
for q in "${QUERIES[@]}"; do
  times=()
  for _ in $(seq "$RUNS"); do
    s=$(date +%s%N); fzf --filter "$q" < "$DIR/corpus.txt" > "$DIR/fzf.out" || true; e=$(date +%s%N)
    times+=("$(( (e - s) / 1000 ))")
  done
  fzf_ms=$(printf '%s\n' "${times[@]}" | median | awk '{printf "%.1f", $1/1000}')
  fzf_hits=$(wc -l < "$DIR/fzf.out")
  read -r affex_ms hits <<<"${AFFEX[$q]}"
  ratio=$(awk -v a="$affex_ms" -v f="$fzf_ms" 'BEGIN { if (f > 0) printf "%.3f", a / f; else print "-" }')
  printf '%-26s %12s %10s %12s %10s %8s\n' "$q" "$fzf_ms" "$fzf_hits" "$affex_ms" "$hits" "$ratio"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); fzf $(fzf --version | cut -d' ' -f1); corpus $DIR/corpus.txt ($COUNT lines)"
