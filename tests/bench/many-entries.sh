#!/bin/sh
# many-entries.sh [--count N] [--runs R] [--dir DIR]: the benchmark case of issue 17,
# `kiemchung check` of a dossier holding N (default 200,000) empty payload files, every
# one listed in manifest-sha256.txt and dossier.json.  Name lookups must be hash
# lookups: a linear search per name made this check take 87 s.  Prints the median
# wall time of R runs (default 5, after a warm-up run) in seconds, and nothing else
# on stdout; called by run.sh (target: under 5 s), or alone.
#
# The dossier is made once, under DIR (default $KC_BUILD_ROOT/bench), from the
# sample dossier (tests/fixtures/dossierattack.py many).
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
count=200000
runs=5
dir=$build/bench
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2; shift ;;
	--runs) runs=$2; shift ;;
	--dir) dir=$2; shift ;;
	*) echo "usage: $0 [--count N] [--runs R] [--dir DIR]" >&2; exit 2 ;;
	esac
	shift
done
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
zip=$dir/many-entries-$count.zip
mkdir -p "$dir"
# A dossier made by an older kiemchung (kept from an earlier run) may no longer
# check: make it again.
if [ -s "$zip" ] && ! "$kc" --quiet check "$zip" >/dev/null 2>&1; then
	rm -f "$zip"
fi
if [ ! -s "$zip" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-many.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	SOURCE_DATE_EPOCH=1633046400 "$kc" --quiet ingest --report "$src/samples/report-2021.txt" \
		--commune "Thủy An" --year 2021 -o "$tmp/base.zip" "$src/samples/evidence" >/dev/null
	"$py" "$src/tests/fixtures/dossierattack.py" many "$tmp/base.zip" "$tmp/many.zip" "$count"
	mv "$tmp/many.zip" "$zip"
fi
# The dossier must check clean: a failing check would measure something else.
"$kc" --quiet check "$zip" >/dev/null || { echo "$0: $zip does not check" >&2; exit 1; }
k=0
: >"$dir/many-entries.times"
while [ "$k" -lt "$runs" ]; do
	a=$(date +%s.%N)
	"$kc" --quiet check "$zip" >/dev/null
	b=$(date +%s.%N)
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f\n", b - a }' >>"$dir/many-entries.times"
	k=$((k + 1))
done
sort -n "$dir/many-entries.times" | awk '{ v[NR] = $1 } END {
	if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
