#!/usr/bin/env bash
# affex against `fzf --filter` on the same generated corpus and queries, like with like.
# Prints, per query, medians of:
#   - fzf's whole process (reading the corpus as lines, filtering, printing);
#   - affex's whole process: `affex --no-bundled --profiles DIR list --query Q --format ids`,
#     cold (`--no-cache`: loading every profile file, building the index, searching, printing)
#     and warm (the catalog cache fresh, in a cache directory of its own);
#   - the ratios of those to fzf (whole process against whole process);
#   - affex's in-process search alone, the index already built (as in the app after start),
#     and its ratio to fzf's whole process: not like with like, shown apart and labelled so.
# Then the first screen in a pseudo-terminal (`first_screen` example): affex cold and warm, fzf's
# first rows and its complete count, each from start to screen, with the ratios.
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

cargo build --release --quiet --bin affex --example gen_catalog --example search_timing --example first_screen
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
AFFEX_CACHE_DIR=$(mktemp -d)
export AFFEX_CACHE_DIR
AFFEX=(./target/release/affex --no-bundled --profiles "$PROFILES")
# One run writes the cache the warm runs read.
"${AFFEX[@]}" list --query warm-up --format ids > /dev/null 2>&1 || true
printf '%-26s %9s %7s | %9s %7s %6s | %9s %6s | %8s %6s\n' query "fzf ms" hits "cold ms" hits ratio "warm ms" ratio "search" ratio
for q in "${QUERIES[@]}"; do
  fzf_ms=$(IN="$CORPUS" time_runs "$RUNS" fzf --filter "$q"); fzf_hits=$(wc -l < "$OUT")
  cold_ms=$(IN=/dev/null time_runs "$AFFEX_RUNS" "${AFFEX[@]}" --no-cache list --query "$q" --format ids)
  cold_hits=$(wc -l < "$OUT")
  warm_ms=$(IN=/dev/null time_runs "$RUNS" "${AFFEX[@]}" list --query "$q" --format ids)
  search_ms=${SEARCH[$q]}
  printf '%-26s %9s %7s | %9s %7s %6s | %9s %6s | %8s %6s\n' "$q" "$fzf_ms" "$fzf_hits" "$cold_ms" "$cold_hits" \
    "$(ratio "$cold_ms" "$fzf_ms")" "$warm_ms" "$(ratio "$warm_ms" "$fzf_ms")" "$search_ms" "$(ratio "$search_ms" "$fzf_ms")"
done
rm -f "$OUT"
rm -rf "$AFFEX_CACHE_DIR"
echo "ratio: affex's whole process (cold, warm) / fzf's whole process; search: affex's in-process search (index built) / fzf's whole process"
echo
echo "first screen in a pseudo-terminal, ${RUNS} runs each:"
./target/release/examples/first_screen --profiles "$PROFILES" --corpus "$CORPUS" --runs "$RUNS"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); fzf $(fzf --version | cut -d' ' -f1); $COUNT programs in $PROFILES"
