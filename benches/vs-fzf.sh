#!/usr/bin/env bash
# affex against `fzf --filter` on the same generated corpus and queries, like with like.
# Prints, per query, medians of:
#   - fzf's whole process (reading the corpus as lines, filtering, printing);
#   - affex's whole process: `affex --no-bundled --profiles DIR list --query Q --format ids`
#     (loading every profile file, building the index, searching, printing; no cache);
#   - the ratio of those two (affex / fzf, whole process against whole process);
#   - affex's in-process search alone, the index already built (as in the app after start),
#     and its ratio to fzf's whole process: not like with like, shown apart and labelled so.
#
#   bash benches/vs-fzf.sh            # 100,000 programs
#   COUNT=10000 bash benches/vs-fzf.sh
#   DIVERSE=1 bash benches/vs-fzf.sh  # the diverse corpus (unique names, 23,120 niche phrases)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-100000}
RUNS=${RUNS:-5}
AFFEX_RUNS=${AFFEX_RUNS:-3}
DIR=${DIR:-$(mktemp -d)}
DIVERSE_FLAG=()
if [ -n "${DIVERSE:-}" ]; then DIVERSE_FLAG=(--diverse); fi
QUERIES=("dropship" "fish" "3d print" "fishing lures tiktokers" "zzqqxxj")

if ! command -v fzf >/dev/null 2>&1; then
  echo "installing fzf (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fzf >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq fzf >/dev/null; fi
fi

cargo build --release --quiet --bin affex --example gen_catalog --example search_timing
if [ ! -f "$DIR/corpus.txt" ]; then
  # One file per program: a single catalog file of 100k programs is over the 32 MiB cap.
  ./target/release/examples/gen_catalog --count "$COUNT" --out "$DIR" "${DIVERSE_FLAG[@]}" >/dev/null 2>&1
fi
# affex reads the directory's *.toml files only, so corpus.txt beside them is not loaded.
PROFILES="$DIR"
CORPUS="$DIR/corpus.txt"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Median wall time in ms of running "$@" $1 times, each reading $IN (stdout to $OUT).
time_runs() {
  local runs=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$@" < "${IN:-/dev/null}" > "$OUT" 2>/dev/null || true; e=$(date +%s%N)
    times+=("$(( (e - s) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | median | awk '{printf "%.1f", $1/1000}'
}
ratio() { awk -v a="$1" -v f="$2" 'BEGIN { if (f > 0) printf "%.3f", a / f; else print "-" }'; }

declare -A SEARCH
while IFS=$'\t' read -r q ms hits; do SEARCH[$q]="$ms"; done < <(
  ./target/release/examples/search_timing --count "$COUNT" --runs 15 "${DIVERSE_FLAG[@]}" "${QUERIES[@]}")

OUT=$(mktemp)
printf '%-26s %10s %8s %12s %8s %8s | %14s %8s\n' query "fzf ms" hits "affex ms" hits ratio "search-only ms" ratio
for q in "${QUERIES[@]}"; do
  fzf_ms=$(IN="$CORPUS" time_runs "$RUNS" fzf --filter "$q"); fzf_hits=$(wc -l < "$OUT")
  affex_ms=$(IN=/dev/null time_runs "$AFFEX_RUNS" ./target/release/affex --no-bundled --profiles "$PROFILES" list --query "$q" --format ids)
  affex_hits=$(wc -l < "$OUT")
  search_ms=${SEARCH[$q]}
  printf '%-26s %10s %8s %12s %8s %8s | %14s %8s\n' "$q" "$fzf_ms" "$fzf_hits" "$affex_ms" "$affex_hits" \
    "$(ratio "$affex_ms" "$fzf_ms")" "$search_ms" "$(ratio "$search_ms" "$fzf_ms")"
done
rm -f "$OUT"
echo "ratio: affex's whole process / fzf's whole process; search-only: affex's in-process search (index built) / fzf's whole process"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); fzf $(fzf --version | cut -d' ' -f1); $COUNT programs in $PROFILES"
