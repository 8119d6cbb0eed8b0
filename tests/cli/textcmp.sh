#!/bin/sh
# textcmp.sh: a document's own number and date, read the old way and the new
# (TAP).  index judges whether a row's signed PDF is another document by the
# "Số:" line and year its text gives; it used to read the first and the last
# page with poppler, and now reads the last page only when the first does not
# settle the answer (src/lib/register_pdf.c, first_page_enough).  kc-textcmp
# (tests/tools/kc-textcmp.c) runs both over every PDF we have and fails on any
# difference: the register and verifier fixtures made here, any others the CLI
# suites left under build/tests, samples/, tests/corpus, the benchmark's
# documents when they are there ($KC_BENCH_DIR or build/bench), Vietnamese PDFs
# of the shapes that matter (tests/fixtures/make-text-shapes.py: simple fonts
# with /Differences, Identity-H fonts with ToUnicode, numbers and dates on
# either page or cut across them), cairo's two-column documents of one and
# several pages (kc-testsign make-doc), and pango-view's.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
py=${PYTHON:-python3}
ts=$build/tests/kc-testsign
cmp=$build/tests/kc-textcmp
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-textcmp-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/tap.sh" # ok, notok, skip, finish
: >"$tmp/why"

# compare NAME DIR...: no difference between the two readings over the PDFs there.
compare() {
	name=$1
	shift
	if "$cmp" "$@" >"$tmp/out" 2>"$tmp/err"; then
		ok "$name: $(tail -n 1 "$tmp/out")"
	else
		cat "$tmp/out" "$tmp/err" >"$tmp/why"
		notok "$name"
	fi
}

# --- the shapes ------------------------------------------------------------------------
mkdir -p "$tmp/shapes"
if "$py" "$src/tests/fixtures/make-text-shapes.py" "$tmp/shapes" >"$tmp/why" 2>&1; then
	compare "Vietnamese shapes: /Differences and Identity-H fonts, numbers and dates on either page" "$tmp/shapes"
	# The shapes must reach both answers of the first page: settled, and not.
	"$cmp" "$tmp/shapes" >"$tmp/out" 2>&1
	if grep -q "(1[0-9] of more than one page" "$tmp/out"; then ok "the shapes are mostly of several pages"
	else cp "$tmp/out" "$tmp/why"; notok "the shapes are mostly of several pages"; fi
else
	notok "make-text-shapes.py makes the shapes"
fi

mkdir -p "$tmp/cairo"
k=0
for spec in "1|15/QĐ-UBND|ngày 07 tháng 02 năm 2020" "3|21/BC-UBND|ngày 30 tháng 06 năm 2021" \
	"5|12/UBND-VX|ngày 01 tháng 03 năm 2021" "2||ngày 10 tháng 01 năm 2019" "4|05/HĐ|" "1||"; do
	k=$((k + 1))
	pages=${spec%%|*} rest=${spec#*|}
	"$ts" make-doc "$tmp/cairo/$k.pdf" --pages "$pages" --number "${rest%%|*}" --date "${rest#*|}" \
		--body "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Số: 99/QĐ-UBND cũ." \
		>/dev/null 2>>"$tmp/why"
done
compare "cairo's documents (kc-testsign make-doc), one to five pages" "$tmp/cairo"

if command -v pango-view >/dev/null; then
	mkdir -p "$tmp/pango"
	printf 'ỦY BAN NHÂN DÂN\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 17/KH-UBND\t\t\tThủy An, ngày 12 tháng 05 năm 2022\n\nKẾ HOẠCH\nVề việc chuyển đổi số\n' >"$tmp/p1.txt"
	printf 'UBND XÃ THỦY AN\nSố:   08 / TB-UBND\nV/v họp\n\nngày 3 tháng 4 năm 2018\n' >"$tmp/p2.txt"
	pango-view -q --font="DejaVu Sans 11" --width=700 -o "$tmp/pango/1.pdf" "$tmp/p1.txt" 2>>"$tmp/why"
	pango-view -q --font="DejaVu Serif 12" --width=500 -o "$tmp/pango/2.pdf" "$tmp/p2.txt" 2>>"$tmp/why"
	compare "pango-view's documents" "$tmp/pango"
else
	skip "pango-view's documents" "no pango-view"
fi

# --- the fixtures, the samples, the corpora ------------------------------------------------
mkdir -p "$tmp/fx/register" "$tmp/fx/verify"
if KC_TESTSIGN=$ts sh "$src/tests/fixtures/make-register-fixtures.sh" "$tmp/fx/register" >"$tmp/why" 2>&1 &&
	KC_TESTSIGN=$ts sh "$src/tests/fixtures/make-verify-fixtures.sh" "$tmp/fx/verify" >"$tmp/why" 2>&1; then
	compare "the register and verifier fixtures" "$tmp/fx"
else
	notok "the register and verifier fixtures are made"
fi
compare "whatever fixtures the CLI suites left under build/tests, samples/, tests/corpus" \
	"$build/tests" "$src/samples" "$src/tests/corpus"
bench=${KC_BENCH_DIR:-$build/bench}
if [ -d "$bench/docs" ]; then
	compare "the benchmark's documents" "$bench/docs"
else
	skip "the benchmark's documents" "no $bench/docs (sh tests/bench/make-corpus.sh)"
fi

finish
