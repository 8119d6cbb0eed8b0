#!/bin/sh
# count.sh [DOCS-DIR] [N]: where verify's time goes beyond hashing, counted in
# instructions (callgrind), which a shared machine does not disturb as it does
# wall time.  For `kiemchung verify --jobs 1` and `openssl dgst -sha256` on the
# first N documents of DOCS-DIR (default: the benchmark's build/bench/docs, 20),
# prints per further document (a run of N minus a run of 1, over N - 1) the
# instructions of SHA-256's block function and of everything else, and the
# start-up (the run of 1 minus one further document).
#
# Why the split: valgrind does not offer the CPU's SHA extensions (sha_ni) to
# the program it runs, so under callgrind OpenSSL hashes with its plain x86-64
# code (about 26 instructions a byte); run natively, it hashes with
# sha256rnds2 at a small fraction of that.  A ratio of whole counts therefore
# weighs hashing several times more than the clock does: what compares with
# the clock is "everything else".  Nor does valgrind offer AVX-512: the
# rebuild scan (pdf_rebuild.c) runs its AVX2 loop here, and its AVX-512 loop
# natively, so a change to that loop shows only in a native profile.  The clock is frozen (faketime) because
# verify keeps each chain's outcome per checking second (cms_chain.c), and a
# run slowed down 50 times by callgrind would cross seconds and rebuild
# chains a native run does not.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
docs=${1:-$build/bench/docs}
n=${2:-20}
kc=$build/src/cli/kiemchung
for tool in valgrind callgrind_annotate faketime openssl; do
	command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 1; }
done
[ -x "$kc" ] || { echo "$0: $kc not found: build first" >&2; exit 1; }
[ "$n" -ge 2 ] || { echo "$0: N must be 2 or more" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-count.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/one" "$tmp/many"
i=0
for f in "$docs"/*.pdf; do
	[ -f "$f" ] || break
	[ "$i" -eq 0 ] && ln -s "$f" "$tmp/one/"
	ln -s "$f" "$tmp/many/"
	i=$((i + 1))
	[ "$i" -lt "$n" ] || break
done
[ "$i" -eq "$n" ] || { echo "$0: fewer than $n PDFs in $docs" >&2; exit 1; }

# run NAME CMD...: callgrind's flat profile of CMD (self cost per function) in $tmp/NAME.
run() {
	name=$1
	shift
	faketime -f "$frozen" valgrind --tool=callgrind --callgrind-out-file="$tmp/$name.cg" "$@" \
		>/dev/null 2>"$tmp/$name.err" || { echo "$0: failed: $*" >&2; tail -3 "$tmp/$name.err" >&2; exit 1; }
	callgrind_annotate --threshold=100 "$tmp/$name.cg" >"$tmp/$name.txt" 2>/dev/null
}
frozen=$(date -u '+%Y-%m-%d %H:%M:%S') # now, standing still
trust="--no-default-trust --trust $src/certs/test/trust"
# shellcheck disable=SC2086 # $trust is four words
{
	run v1 "$kc" verify $trust --jobs 1 "$tmp/one"
	run vn "$kc" verify $trust --jobs 1 "$tmp/many"
}
run o1 openssl dgst -sha256 "$tmp"/one/*.pdf
run on openssl dgst -sha256 "$tmp"/many/*.pdf

# The block function is what openssl dgst spends nearly all its instructions
# in: the top line of its profile (libcrypto is stripped: an address, the same
# in both programs, which load the same libcrypto).
sha=$(awk '/^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ { sub(/^ *[0-9,]+ \([ 0-9.]+%\) +/, ""); print; exit }' "$tmp/on.txt")
total() { awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }' "$tmp/$1.txt"; }
hashing() { awk -v f="$sha" 'index($0, f) { gsub(",", "", $1); print $1; exit }' "$tmp/$1.txt"; }
if objdump -d "$(ldd "$(command -v openssl)" | awk '/libcrypto/ { print $3 }')" 2>/dev/null | grep -q sha256rnds2 &&
	grep -qw sha_ni /proc/cpuinfo; then
	echo "This CPU hashes with sha_ni natively; under callgrind OpenSSL does not (see the top of $0)."
fi
echo "SHA-256 block function: $sha"
awk -v n="$n" -v v1="$(total v1)" -v vn="$(total vn)" -v o1="$(total o1)" -v on="$(total on)" \
	-v hv1="$(hashing v1)" -v hvn="$(hashing vn)" -v ho1="$(hashing o1)" -v hon="$(hashing on)" 'BEGIN {
	m = n - 1
	dv = (vn - v1) / m; hv = (hvn - hv1) / m; do_ = (on - o1) / m; ho = (hon - ho1) / m
	printf "%-44s %14s %14s\n", "millions of instructions", "verify", "openssl dgst"
	printf "%-44s %14.2f %14.2f\n", "a further document, all", dv / 1e6, do_ / 1e6
	printf "%-44s %14.2f %14.2f\n", "  in SHA-256 (plain x86-64 under callgrind)", hv / 1e6, ho / 1e6
	printf "%-44s %14.2f %14.2f\n", "  everything else", (dv - hv) / 1e6, (do_ - ho) / 1e6
	printf "%-44s %14.2f %14.2f\n", "start-up (the run of one, less a document)", (v1 - dv) / 1e6, (o1 - do_) / 1e6
}'
