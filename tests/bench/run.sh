#!/bin/sh
# run.sh [--quick] [--runs N]: the benchmark of issue 6.  Times, in one run and
# with the median of N runs after a warm-up (warm page cache):
#
#   verify    200 signed documents, --jobs 1 and --jobs 2, against pdfsig (one
#             process per file, as people use it) and `openssl dgst -sha256`
#             over the same files in one process (issue 16's baseline)
#   server    a submission of 1,500 documents through the library as the server
#             calls it (kc-bench-verify: kc_verify_file, one shared trust store,
#             worker threads, a JSON verdict each) against `kiemchung verify`;
#             and the desk itself analysing one clerk's submission of the 200
#             documents (desk-submission.py), against `verify --jobs 1`
#   index     a register of the 200 documents (one row each), against verifying them
#   ingest    ~1 GB of PDFs, against `zip -q -r -n .pdf` and `cp -r`
#   memory    peak RSS (/usr/bin/time) of verify and ingest, a 2 GB PDF included
#   check     a dossier of 200,000 empty files listed in its manifests (many-entries.sh)
#
# prints every ratio against its target and writes tests/bench/RESULTS.md (machine,
# date, numbers), which the README quotes.  --quick: a few small files, one run,
# results in the bench directory only; it checks that the script still works (the
# `bench-quick` test of the slow suite), its numbers mean nothing.
#
# The corpus (tests/bench/make-corpus.sh) is kept in $KC_BUILD_ROOT/bench (or
# bench-quick), so only the first run pays for it.  Exit status: 0 when every
# command ran (a missed target is reported, not an error), 1 otherwise.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
quick=false
runs=5
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=true ;;
	--runs) runs=$2; shift ;;
	-h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
	esac
	shift
done
if $quick; then
	dir=${KC_BENCH_DIR:-$build/bench-quick}
	results=$dir/RESULTS.md
	runs=1
	corpus_mode=--quick
else
	dir=${KC_BENCH_DIR:-$build/bench}
	results=$src/tests/bench/RESULTS.md
	corpus_mode=
fi
kc=$build/src/cli/kiemchung
if [ ! -x "$kc" ]; then
	echo "$0: $kc not found: build first (ninja -C build)" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$dir/out
trust="--no-default-trust --trust $src/certs/test/trust"

# Other work on the machine skews every number: say how busy it was.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Corpus in $dir"
# shellcheck disable=SC2086 # corpus_mode is empty or one word
sh "$src/tests/bench/make-corpus.sh" "$dir" $corpus_mode
n_docs=$(find "$dir/docs" -name '*.pdf' | wc -l)
n_rows=$(($(wc -l <"$dir/register/so-van-ban-di.csv") - 1))
n_paths=$(find "$dir/register/docs" -name '*.pdf' | wc -l)
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; }
doc_kb=$(($(bytes "$dir/docs") / n_docs / 1024))
ev_mb=$(($(bytes "$dir/evidence") / 1048576))
n_ev=$(find "$dir/evidence" -type f | wc -l)
big_mb=$(($(wc -c <"$dir/big/big.pdf") / 1048576))
mkdir -p "$out"

# ---- measuring ------------------------------------------------------------------------

: >"$tmp/times.md"
: >"$tmp/targets.md"
missed=0
prep=true

now() { date +%s.%N; }

# measure VAR LABEL CMD...: runs CMD once (warm-up; it must exit 0), then $runs
# times, each after `$prep` (untimed); sets VAR to the median wall time in seconds.
measure() {
	var=$1 label=$2
	shift 2
	$prep
	if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
		echo "$0: failed: $*" >&2
		tail -5 "$tmp/err" >&2
		exit 1
	fi
	: >"$tmp/samples"
	k=0
	while [ "$k" -lt "$runs" ]; do
		$prep
		a=$(now)
		"$@" >/dev/null 2>&1 || { echo "$0: failed on run $k: $*" >&2; exit 1; }
		b=$(now)
		awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f\n", b - a }' >>"$tmp/samples"
		k=$((k + 1))
	done
	med=$(sort -n "$tmp/samples" | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.4f", v[(NR + 1) / 2]; else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	eval "$var=\$med"
	printf '  %-62s %9.3f s\n' "$label" "$med"
	printf '| %s | %.3f s |\n' "$label" "$med" >>"$tmp/times.md"
}

# measure3 V1 L1 F1 V2 L2 F2 V3 L3 F3: three commands (shell functions without
# arguments) timed in turn, run after run, so that a machine that slows down or
# speeds up during the benchmark (a virtual machine's neighbours) moves all
# three alike and their ratios hold; each variable gets its command's median.
measure3() {
	: >"$tmp/s1"
	: >"$tmp/s2"
	: >"$tmp/s3"
	for f in "$3" "$6" "$9"; do
		"$f" >"$tmp/out" 2>"$tmp/err" || { echo "$0: failed: $f" >&2; tail -5 "$tmp/err" >&2; exit 1; }
	done
	k=0
	while [ "$k" -lt "$runs" ]; do
		i=1
		for f in "$3" "$6" "$9"; do
			a=$(now)
			"$f" >/dev/null 2>&1 || { echo "$0: failed on run $k: $f" >&2; exit 1; }
			b=$(now)
			awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f\n", b - a }' >>"$tmp/s$i"
			i=$((i + 1))
		done
		k=$((k + 1))
	done
	for i in 1 2 3; do
		med=$(sort -n "$tmp/s$i" | awk '{ v[NR] = $1 } END {
			if (NR % 2) printf "%.4f", v[(NR + 1) / 2]; else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
		case $i in 1) var=$1 label=$2 ;; 2) var=$4 label=$5 ;; 3) var=$7 label=$8 ;; esac
		eval "$var=\$med"
		printf '  %-62s %9.3f s\n' "$label" "$med"
		printf '| %s | %.3f s |\n' "$label" "$med" >>"$tmp/times.md"
	done
}

# peak VAR LABEL CMD...: the peak resident memory in MB (GNU time) of CMD, a
# program (not a shell function), which must exit 0.
peak() {
	var=$1 label=$2
	shift 2
	if [ ! -x /usr/bin/time ]; then
		eval "$var=-"
		echo "  $label: /usr/bin/time missing (apt-get install time)"
		return
	fi
	$prep
	if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err"; then
		echo "$0: failed: $*" >&2
		tail -5 "$tmp/err" >&2
		exit 1
	fi
	mb=$(tail -n 1 "$tmp/rss" | awk '{ printf "%.1f", $1 / 1024 }')
	eval "$var=\$mb"
	printf '  %-62s %9s MB\n' "$label" "$mb"
	printf '| %s | %s MB peak RSS |\n' "$label" "$mb" >>"$tmp/times.md"
}

# target LABEL VALUE OP LIMIT UNIT: one ratio against its target.
target() {
	if [ "$2" = - ]; then
		printf '  %-50s not measured\n' "$1"
		printf '| %s | not measured | %s %s%s | - |\n' "$1" "$3" "$4" "$5" >>"$tmp/targets.md"
		return
	fi
	verdict=$(awk -v v="$2" -v op="$3" -v t="$4" 'BEGIN {
		ok = (op == ">=") ? v >= t : (op == "<=") ? v <= t : v < t; print ok ? "met" : "MISSED" }')
	[ "$verdict" = met ] || missed=$((missed + 1))
	printf '  %-50s %8.2f%s   target %s %s%s   %s\n' "$1" "$2" "$5" "$3" "$4" "$5" "$verdict"
	printf '| %s | %.2f%s | %s %s%s | %s |\n' "$1" "$2" "$5" "$3" "$4" "$5" "$verdict" >>"$tmp/targets.md"
}

# info LABEL VALUE UNIT: a ratio worth knowing that has no target.
info() {
	printf '  %-50s %8.2f%s   (no target)\n' "$1" "$2" "$3"
	printf '| %s | %.2f%s | (no target) | |\n' "$1" "$2" "$3" >>"$tmp/targets.md"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }'; }

# ---- the commands ---------------------------------------------------------------------

# Every document of the corpus is valid: anything else (exit 1) is a broken bench.
verify_docs() { "$kc" verify $trust --jobs "$1" "$dir/docs"; }
verify_rows() { "$kc" verify $trust --jobs 2 "$dir/register/docs/001"; }
index_rows() { "$kc" index $trust --jobs 2 "$dir/register/so-van-ban-di.csv"; }
openssl_docs() { openssl dgst -sha256 "$dir"/docs/*.pdf; }
# The baseline an older RESULTS.md used: one digest of all the bytes, through a pipe.
openssl_cat_docs() { cat "$dir"/docs/*.pdf | openssl dgst -sha256; }
# One document: what a process costs before the first byte is hashed (loading
# the program and its libraries, the trust store), against openssl's.
verify_one() { "$kc" verify $trust --jobs 1 "$one_doc"; }
openssl_one() { openssl dgst -sha256 "$one_doc"; }
bench_verify=$build/tests/kc-bench-verify
sub_lib() { xargs -x "$bench_verify" --jobs 2 --trust "$src/certs/test/trust" <"$tmp/submission"; }
sub_cli() { xargs -x "$kc" verify $trust --jobs 2 <"$tmp/submission"; }
# pdfsig exits 0 whatever the verdict; one process per document, as a script would.
pdfsig_docs() {
	for f in "$dir"/docs/*.pdf; do
		pdfsig "$@" "$f" || true
	done
}
has_ingest() { "$kc" ingest --help >/dev/null 2>&1; }
ingest_tree() { "$kc" ingest --force -o "$out/dossier.zip" "$1"; }
zip_tree() { (cd "$(dirname "$1")" && zip -q -r -n .pdf "$out/tree.zip" "$(basename "$1")"); }
zip_sync_tree() { zip_tree "$1" && sync "$out/tree.zip"; }
cp_tree() { cp -r "$1" "$out/copy"; }
clean_out() { rm -rf "$out/dossier.zip" "$out/tree.zip" "$out/copy"; sync; }

# ---- verify -----------------------------------------------------------------------------
# verify and openssl run in turn (measure3): their ratio is the issue's target.
echo
echo "verify: $n_docs documents of ~$doc_kb KB, two signatures each (leader, organisation)"
verify_docs 1 | grep -q "$n_docs valid" || { echo "$0: not every document verified as valid" >&2; exit 1; }
verify_docs1() { verify_docs 1; }
verify_docs2() { verify_docs 2; }
measure3 t_v1 "kiemchung verify --jobs 1" verify_docs1 t_v2 "kiemchung verify --jobs 2" verify_docs2 \
	t_ossl "openssl dgst -sha256 (same files, one process)" openssl_docs
measure t_ossl_cat "cat (same files) | openssl dgst -sha256 (the older baseline)" openssl_cat_docs
one_doc=$(find "$dir/docs" -name '*.pdf' | sort | head -n 1)
verify_none() { :; }
measure3 t_one "kiemchung verify, one document (a process: start-up, trust store)" verify_one \
	t_ossl_one "openssl dgst -sha256, one document" openssl_one t_none "(nothing: the shell's own cost)" verify_none
have_pdfsig=false
if command -v pdfsig >/dev/null; then
	have_pdfsig=true
	if [ -d "$dir/nss" ]; then
		measure t_pdfsig "pdfsig, one process per file (certificates checked)" pdfsig_docs -nssdir "sql:$dir/nss"
		grep -q "Certificate is Trusted" "$tmp/out" || echo "  (pdfsig did not find the test CA trusted)"
	else
		measure t_pdfsig "pdfsig -nocert, one process per file" pdfsig_docs -nocert
	fi
	measure t_pdfsig_nc "pdfsig -nocert, one process per file (no certificate check)" pdfsig_docs -nocert
fi

# ---- index ------------------------------------------------------------------------------
echo
echo "index: a register of $n_rows rows (each its own document, its number read from its text too)"
measure t_index "kiemchung index --jobs 2" index_rows
measure t_vrows "kiemchung verify --jobs 2, the same $n_rows files" verify_rows

# ---- server -----------------------------------------------------------------------------
echo
n_sub=1500
[ "$n_paths" -ge "$n_sub" ] || n_sub=$n_paths
find "$dir/register/docs" -name '*.pdf' | sort | head -n "$n_sub" >"$tmp/submission"
echo "server: a submission of $n_sub documents (register rows: their own paths)"
have_bench_verify=false
if [ -x "$bench_verify" ]; then
	have_bench_verify=true
	measure t_sub_lib "kc_verify_file, shared trust store, 2 threads (kc-bench-verify)" sub_lib
	measure t_sub_cli "kiemchung verify --jobs 2, the same $n_sub files" sub_cli
else
	echo "  kc-bench-verify not built (ninja -C build tests/kc-bench-verify): not measured"
fi

# The desk itself: one clerk's submission of the $n_docs documents, from the upload's
# answer to its result (stored, verified, put in a dossier, reviewed, reported).
have_desk=false
if [ -x "$build/src/cli/kiemchung-desk" ] && command -v python3 >/dev/null; then
	have_desk=true
	find "$dir/docs" -name '*.pdf' | sort >"$tmp/desk-docs"
	t_desk=$(xargs python3 "$src/tests/bench/desk-submission.py" --kc "$kc" --trust "$src/certs/test/trust" \
		--runs "$runs" <"$tmp/desk-docs")
	printf '  %-62s %9.3f s\n' "the desk: a clerk's submission of $n_docs documents, analysed" "$t_desk"
	printf '| %s | %.3f s |\n' "the desk: a clerk's submission of $n_docs documents, upload answered to result" \
		"$t_desk" >>"$tmp/times.md"
fi

# ---- ingest -----------------------------------------------------------------------------
echo
echo "ingest: $n_ev distinct PDFs, $ev_mb MB, in criterion folders (outputs deleted and synced between runs)"
prep=clean_out
have_ingest=false
if has_ingest; then
	have_ingest=true
	measure t_ingest "kiemchung ingest" ingest_tree "$dir/evidence"
else
	echo "  kiemchung ingest: not in this build yet: pending"
fi
measure t_zip "zip -q -r -n .pdf" zip_tree "$dir/evidence"
measure t_zipsync "zip -q -r -n .pdf, then sync the zip (ingest syncs its output)" zip_sync_tree "$dir/evidence"
measure t_cp "cp -r" cp_tree "$dir/evidence"
prep=true

# ---- memory -----------------------------------------------------------------------------
echo
echo "memory: peak resident set size; big.pdf is $big_mb MB"
peak m_v2 "kiemchung verify --jobs 2, $n_docs documents" "$kc" verify $trust --jobs 2 "$dir/docs"
peak m_big "kiemchung verify big.pdf" "$kc" verify $trust "$dir/big/big.pdf"
runs_saved=$runs
runs=1
measure t_big "kiemchung verify big.pdf (1 run)" "$kc" verify $trust "$dir/big/big.pdf"
measure t_big_ossl "openssl dgst -sha256 big.pdf (1 run)" openssl dgst -sha256 "$dir/big/big.pdf"
if $have_pdfsig && [ -d "$dir/nss" ]; then
	measure t_big_pdfsig "pdfsig big.pdf (1 run)" pdfsig -nssdir "sql:$dir/nss" "$dir/big/big.pdf"
fi
runs=$runs_saved
if $have_ingest; then
	prep=clean_out
	peak m_ing "kiemchung ingest, $ev_mb MB evidence" "$kc" ingest --force -o "$out/dossier.zip" "$dir/evidence"
	peak m_ingbig "kiemchung ingest, a tree holding big.pdf" "$kc" ingest --force -o "$out/dossier.zip" "$dir/bigtree"
	prep=true
	clean_out
fi

# ---- check: many entries ---------------------------------------------------------------
echo
if $quick; then many_count=2000; else many_count=200000; fi
echo "check: a dossier of $many_count empty files, each listed in the manifests and dossier.json"
t_many=$(sh "$src/tests/bench/many-entries.sh" --count "$many_count" --runs "$runs" --dir "$dir")
printf '  %-62s %9.3f s\n' "kiemchung check, $many_count entries" "$t_many"
printf '| %s | %.3f s |\n' "kiemchung check, $many_count entries" "$t_many" >>"$tmp/times.md"

# ---- the targets ------------------------------------------------------------------------
echo
echo "targets (median of $runs runs):"
if $have_pdfsig; then
	target "pdfsig time / verify --jobs 1 time (throughput)" "$(ratio "$t_pdfsig" "$t_v1")" ">=" 45 "×"
	target "pdfsig time / verify --jobs 2 time (throughput)" "$(ratio "$t_pdfsig" "$t_v2")" ">=" 45 "×"
	info "pdfsig -nocert time / verify --jobs 1 time" "$(ratio "$t_pdfsig_nc" "$t_v1")" "×"
fi
target "verify --jobs 1 / openssl dgst -sha256 FILES (wall time)" "$(ratio "$t_v1" "$t_ossl")" "<=" 1.3 "×"
info "verify --jobs 1 / (cat FILES | openssl dgst -sha256)" "$(ratio "$t_v1" "$t_ossl_cat")" "×"
info "verify / openssl dgst, one document (start-up)" "$(ratio "$t_one" "$t_ossl_one")" "×"
# Per document once each process has started: what is left when one document's run is taken off.
per_doc() { awk -v all="$1" -v one="$2" -v n="$n_docs" 'BEGIN { printf "%.4f", (all - one) / (n - 1) * 1000 }'; }
info "verify --jobs 1, per further document" "$(per_doc "$t_v1" "$t_one")" " ms"
info "openssl dgst -sha256, per further document" "$(per_doc "$t_ossl" "$t_ossl_one")" " ms"
target "verify --jobs 1 / verify --jobs 2 (speed-up)" "$(ratio "$t_v1" "$t_v2")" ">=" 1.8 "×"
target "index / verify of the same $n_rows files" "$(ratio "$t_index" "$t_vrows")" "<=" 1.1 "×"
if $have_bench_verify; then
	target "server submission ($n_sub documents) / verify of them" "$(ratio "$t_sub_lib" "$t_sub_cli")" "<" 1.5 "×"
fi
if $have_desk; then
	info "the desk's analysis of a submission of those $n_docs / verify --jobs 1" "$(ratio "$t_desk" "$t_v1")" "×"
fi
info "verify big.pdf / openssl dgst -sha256 big.pdf" "$(ratio "$t_big" "$t_big_ossl")" "×"
if $have_pdfsig && [ -d "$dir/nss" ]; then
	info "pdfsig big.pdf / verify big.pdf" "$(ratio "$t_big_pdfsig" "$t_big")" "×"
fi
if $have_ingest; then
	target "ingest / zip -q -r -n .pdf" "$(ratio "$t_ingest" "$t_zip")" "<=" 1 "×"
	target "ingest / (zip, then sync)" "$(ratio "$t_ingest" "$t_zipsync")" "<=" 1 "×"
fi
target "check of a dossier of $many_count entries (wall time)" "$t_many" "<" 5 " s"
target "peak memory, verify --jobs 2 ($n_docs documents)" "$m_v2" "<" 64 " MB"
target "peak memory, verify of a $big_mb MB PDF" "$m_big" "<" 64 " MB"
if $have_ingest; then
	target "peak memory, ingest ($ev_mb MB)" "$m_ing" "<" 64 " MB"
	target "peak memory, ingest of a tree with a $big_mb MB PDF" "$m_ingbig" "<" 64 " MB"
else
	printf '| ingest targets | pending | kiemchung ingest is not in this build | - |\n' >>"$tmp/targets.md"
fi

# ---- RESULTS.md -------------------------------------------------------------------------
# keep_history FILE: FILE's "## " sections as they are, then the targets table of its current
# run (the one above its first "## ") under that run's date and machine.
keep_history() {
	[ -f "$1" ] || return 0
	sed -n '/^## /,$p' "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	if grep -q '^| target |' "$1"; then
		when=$(sed -n 's/^Written by .* on \(.*\)\.$/\1/p' "$1" | head -n 1)
		echo
		echo "## ${when:-an earlier run}: the targets of the run before this one (run.sh)"
		echo
		awk '/^## / { exit } /^- (Machine|Versions|Corpus):/ { p = 1; print; next } p && /^  / { print; next } { p = 0 }' "$1"
		echo
		awk '/^## / { exit } /^\| target \|/ { t = 1 } t && /^$/ { exit } t { print }' "$1"
	fi
}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
pdfsig_v=$(pdfsig -v 2>&1 | head -n 1 || true)
zip_v=$(zip -v 2>/dev/null | sed -n 2p | awk '{ print $4 }' || true)
{
	echo "# Benchmark results"
	echo
	echo "Written by \`sh tests/bench/run.sh$($quick && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "- Machine: $cpu, $(nproc) cores, $mem, $os, Linux $(uname -r); warm page cache;"
	echo "  load average (1, 5, 15 min) $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo "- Versions: $("$kc" --version), $(openssl version | cut -d' ' -f1-2), ${pdfsig_v:-no pdfsig}, Info-ZIP zip ${zip_v:-?}."
	echo "- Corpus: $n_docs documents of ~$doc_kb KB (leader + organisation signatures, test PKI);"
	echo "  a $n_rows-row register of them, $n_paths paths to them; $n_ev distinct PDFs ($ev_mb MB) by criterion; one $big_mb MB signed PDF."
	echo "- Each time is the median of $runs runs after a warm-up run (big.pdf: one run)."
	echo "  pdfsig checks certificates against an NSS database trusting the test CA."
	echo "- The hashing baseline is \`openssl dgst -sha256 FILES…\` in one process (a digest per file,"
	echo "  as verify makes); \`cat FILES | openssl dgst -sha256\`, which an older note used, is shown too."
	echo "- The server's path: kc-bench-verify (tests/bench) calls kc_verify_file() on 2 threads with"
	echo "  one trust store loaded once, which also keeps each chain's outcome (trust.c), and makes"
	echo "  each verdict's JSON; the same files are given to \`kiemchung verify --jobs 2\`."
	echo
	echo "| target | measured | wanted | |"
	echo "|---|---|---|---|"
	cat "$tmp/targets.md"
	echo
	echo "| command | median |"
	echo "|---|---|"
	cat "$tmp/times.md"
} >"$tmp/RESULTS.md"
# The file is the current run's section and, under it, the history: every "## " section of
# the file this run replaces (the notes of earlier sessions), then the targets table the run
# before this one wrote, under its date, so that a run never drops what was measured before
# (issue 16: a run wrote the header and tables alone).  Written beside and renamed, in one piece.
if $quick; then
	# the committed results stand in for the file a run replaces, so that bench-quick
	# proves their history is kept
	cp "$src/tests/bench/RESULTS.md" "$results"
	grep '^## ' "$results" >"$tmp/history-before.txt" || true
fi
[ -f "$results" ] && echo >>"$tmp/RESULTS.md" # the tables end before the history's first heading
keep_history "$results" >>"$tmp/RESULTS.md"
if $quick && [ -f "$tmp/history-before.txt" ]; then
	# bench-quick: the sections of the committed RESULTS.md, planted before the run, are all kept
	grep '^## ' "$tmp/RESULTS.md" >"$tmp/history-after.txt" || true
	grep -Fxvf "$tmp/history-after.txt" "$tmp/history-before.txt" >"$tmp/history-lost.txt" || true
	if [ -s "$tmp/history-lost.txt" ]; then
		echo "$0: RESULTS.md lost its history:" >&2
		cat "$tmp/history-lost.txt" >&2
		exit 1
	fi
	if ! grep -q '^## .*: the targets of the run before this one' "$tmp/RESULTS.md"; then
		echo "$0: RESULTS.md does not keep the previous run's targets" >&2
		exit 1
	fi
fi
mv "$tmp/RESULTS.md" "$results"
echo
echo "$missed target(s) missed; written to $results"
