#!/bin/sh
# parallel.sh [KIEMCHUNG…]: what two cores give, against the peer.  Verifies the bench's
# 200 documents with --jobs 1 and --jobs 2, and one document (the start-up), with each
# kiemchung binary given (default: build/src/cli/kiemchung), then hashes the same files
# with `openssl dgst -sha256` in one process, and in two processes running together on
# half the files each: the machine's own speed-up for hashing on two cores, which
# --jobs 2 cannot beat by much.  The median of 7 runs after a warm-up, in seconds.
# The corpus is made by `sh tests/bench/run.sh` (or make-corpus.sh) in build/bench.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
docs=${KC_BENCH_DIR:-$build/bench}/docs
if [ ! -f "$docs/001.pdf" ]; then
	echo "$0: no corpus in $docs (sh tests/bench/run.sh makes it)" >&2
	exit 2
fi
[ $# -gt 0 ] || set -- "$build/src/cli/kiemchung"
trust="--no-default-trust --trust $src/certs/test/trust"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-parallel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
ls "$docs"/*.pdf >"$tmp/all"
n=$(wc -l <"$tmp/all")
head -n $((n / 2)) "$tmp/all" >"$tmp/a"
tail -n $((n - n / 2)) "$tmp/all" >"$tmp/b"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
once() {
	s=$(date +%s.%N)
	"$@" >/dev/null
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}
row() {
	name=$1
	shift
	"$@" >/dev/null 2>&1 || true # the warm-up
	for _ in 1 2 3 4 5 6 7; do once "$@"; done | median | sed "s|^|$name	|"
}
for kc in "$@"; do
	# shellcheck disable=SC2086 # $trust is four words
	row "$kc --jobs 1 ($n documents)" "$kc" verify $trust --jobs 1 "$docs"
	# shellcheck disable=SC2086
	row "$kc --jobs 2 ($n documents)" "$kc" verify $trust --jobs 2 "$docs"
	# shellcheck disable=SC2086
	row "$kc, one document" "$kc" verify $trust --jobs 1 "$docs/001.pdf"
done
row "openssl dgst -sha256, one process" sh -c "xargs openssl dgst -sha256 <'$tmp/all'"
row "openssl dgst -sha256, two processes on half each" \
	sh -c "xargs openssl dgst -sha256 <'$tmp/a' >/dev/null & xargs openssl dgst -sha256 <'$tmp/b' >/dev/null; wait"
row "openssl dgst -sha256, one document" openssl dgst -sha256 "$docs/001.pdf"
