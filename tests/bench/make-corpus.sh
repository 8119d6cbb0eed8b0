#!/bin/sh
# make-corpus.sh DIR [--quick]: the benchmark's inputs, made once and kept.
#
#   DIR/docs/        N signed outgoing documents (~360 KB: leader, then organisation)
#   DIR/register/    R paths to them (hard links to docs/, so R paths cost R directory
#                    entries, not R files) for the desk's 1,500-document submission, and a
#                    register CSV with one row per document, its own number and file (a row
#                    naming another row's file, or a file numbered otherwise, would count
#                    as not signed: index judges them)
#   DIR/evidence/    an evidence tree by criterion ("NN name/…pdf") for ingest: ~1 GB of
#                    PDFs, every file distinct (ingest stores identical files once)
#   DIR/big/big.pdf  one very large signed PDF (~2 GB) for the memory target, and
#   DIR/bigtree/     an evidence tree holding it, for ingest's memory
#   DIR/nss/         an NSS database trusting the test PKI, for pdfsig
#
# Everything is made with kc-testsign and the test PKI (certs/test): test signatures
# only.  DIR/corpus.ok records the parameters; a second run with the same ones
# does nothing, so repeated benchmarks are cheap.  Environment: KC_BUILD_ROOT
# (default build/), KC_TESTSIGN (default $KC_BUILD_ROOT/tests/kc-testsign).
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 DIR [--quick]" >&2
	exit 2
fi
dir=$1
mode=${2:-full}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
ts=${KC_TESTSIGN:-$build/tests/kc-testsign}
certs=$src/certs/test
if [ ! -x "$ts" ]; then
	echo "$0: kc-testsign not found at $ts (ninja -C build tests/kc-testsign)" >&2
	exit 2
fi

# Sizes: the issue's targets (full) or a smoke test of the script itself (quick).
if [ "$mode" = --quick ]; then
	n_docs=4 n_rows=20 n_ev=3 ev_kb=1024 big_mb=16
else
	n_docs=200 n_rows=10000 n_ev=100 ev_kb=10240 big_mb=2048
fi
pad_kb=295 # + two signatures (~37 KB each with their reserved /Contents) = ~360 KB
params="v2 docs=$n_docs pad=$pad_kb rows=$n_rows ev=${n_ev}x${ev_kb}K big=${big_mb}M"
if [ -f "$dir/corpus.ok" ] && [ "$(cat "$dir/corpus.ok")" = "$params" ]; then
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/work"
work=$dir/work
say() { printf '  corpus: %s\n' "$*" >&2; }

# sign IN OUT WHO TIME: Decree 30 order, the organisation's token carrying the CA.
sign() {
	chain=
	[ "$3" = org ] && chain="--chain $certs/ca.pem"
	# shellcheck disable=SC2086 # $chain is empty or two words
	"$ts" sign "$1" "$2" --cert "$certs/$3.pem" --key "$certs/$3.key" --time "$4" $chain >/dev/null
}

# --- the outgoing documents ---------------------------------------------------------
say "$n_docs signed documents"
mkdir -p "$dir/docs"
i=1
while [ "$i" -le "$n_docs" ]; do
	f=$(printf '%03d' "$i")
	"$ts" make-doc "$work/d.pdf" --pad-kb "$pad_kb" --number "$i/QĐ-UBND" \
		--date "ngày 15 tháng 03 năm 2021" --recipients "UBND huyện Phú Vang;Lưu: VT"
	sign "$work/d.pdf" "$work/l.pdf" leader 2021-03-15T08:00:00Z
	sign "$work/l.pdf" "$dir/docs/$f.pdf" org 2021-03-15T09:30:00Z
	i=$((i + 1))
done

# --- R paths (hard links to the documents), and the register of the documents ------
say "register of $n_docs rows, $n_rows paths"
mkdir -p "$dir/register/docs"
copies=$(((n_rows + n_docs - 1) / n_docs))
c=1
while [ "$c" -le "$copies" ]; do
	cp -al "$dir/docs" "$dir/register/docs/$(printf '%03d' "$c")"
	c=$((c + 1))
done
awk -v rows="$n_docs" -v docs="$n_docs" 'BEGIN {
	print "number,date,type,summary,signer,recipients,file"
	for (r = 1; r <= rows; r++) {
		c = int((r - 1) / docs) + 1; d = (r - 1) % docs + 1
		printf "%d/QĐ-UBND,%02d/%02d/2021,Quyết định,Về việc số %d,Nguyễn Văn An,\"UBND huyện Phú Vang; Lưu: VT\",docs/%03d/%03d.pdf\n",
			r, (r % 28) + 1, (r % 12) + 1, r, c, d
	}
}' >"$dir/register/so-van-ban-di.csv"

# --- the evidence tree: distinct PDFs by criterion ------------------------------------
# A few rendered bases, each copy made distinct by a trailing comment (a PDF reader
# ignores what follows %%EOF), so ingest cannot store any of them only once.
say "evidence tree: $n_ev PDFs of ~$((ev_kb / 1024)) MB"
for b in 1 2 3; do
	"$ts" make-doc "$work/ev$b.pdf" --pad-kb $((ev_kb * (b + 1) / 3)) --number "00$b/HĐ" \
		--title "HỢP ĐỒNG|Cung cấp dịch vụ số $b"
done
i=1
while [ "$i" -le "$n_ev" ]; do
	crit=$(((i - 1) % 37 + 1))
	d=$(printf '%s/%02d Tiêu chí %d' "$dir/evidence" "$crit" "$crit")
	mkdir -p "$d"
	b=$(((i - 1) % 3 + 1))
	{ cat "$work/ev$b.pdf"; printf '%% kc-bench evidence %d\n' "$i"; } >"$d/Hợp đồng số $i-HĐ (bản chụp).pdf"
	i=$((i + 1))
done

# --- one very large signed PDF --------------------------------------------------------
# A rendered page, then an incremental update adding one stream of random bytes
# (a scan's worth of image data), then the two signatures over all of it.
say "large PDF of $big_mb MB (random data: takes a while)"
mkdir -p "$dir/big" "$dir/bigtree/01 Tiêu chí 1"
"$ts" make-doc "$work/b0.pdf" --number "99/QĐ-UBND" --date "ngày 15 tháng 03 năm 2021" \
	--recipients "UBND huyện Phú Vang;Lưu: VT"
trailer=$(tail -c 1024 "$work/b0.pdf" | tr '\r\n' '  ')
prev=$(printf '%s\n' "$trailer" | sed -n 's/.*startxref *\([0-9][0-9]*\).*/\1/p')
size=$(printf '%s\n' "$trailer" | sed -n 's/.*\/Size *\([0-9][0-9]*\).*/\1/p')
root=$(printf '%s\n' "$trailer" | sed -n 's/.*\/Root *\([0-9][0-9]* [0-9][0-9]* R\).*/\1/p')
info=$(printf '%s\n' "$trailer" | sed -n 's/.*\/Info *\([0-9][0-9]* [0-9][0-9]* R\).*/\1/p')
if [ -z "$prev" ] || [ -z "$size" ] || [ -z "$root" ]; then
	echo "$0: cannot read the trailer of $work/b0.pdf" >&2
	exit 1
fi
len=$((big_mb * 1024 * 1024))
cp "$work/b0.pdf" "$work/b1.pdf"
obj_off=$(wc -c <"$work/b1.pdf")
printf '\n' >>"$work/b1.pdf"
obj_off=$((obj_off + 1))
printf '%d 0 obj\n<< /Length %d >>\nstream\n' "$size" "$len" >>"$work/b1.pdf"
head -c "$len" /dev/urandom >>"$work/b1.pdf"
printf '\nendstream\nendobj\n' >>"$work/b1.pdf"
xref_off=$(wc -c <"$work/b1.pdf")
{
	printf 'xref\n%d 1\n%010d 00000 n \n' "$size" "$obj_off"
	printf 'trailer\n<< /Size %d /Root %s%s /Prev %d >>\n' "$((size + 1))" "$root" \
		"${info:+ /Info $info}" "$prev"
	printf 'startxref\n%d\n%%%%EOF\n' "$xref_off"
} >>"$work/b1.pdf"
sign "$work/b1.pdf" "$work/b2.pdf" leader 2021-03-15T08:00:00Z
rm -f "$work/b1.pdf"
sign "$work/b2.pdf" "$dir/big/big.pdf" org 2021-03-15T09:30:00Z
rm -f "$work/b2.pdf"
ln "$dir/big/big.pdf" "$dir/bigtree/01 Tiêu chí 1/Bản chụp hồ sơ.pdf"

# --- pdfsig's trust: an NSS database with the test root and CA ------------------------
if command -v certutil >/dev/null; then
	mkdir -p "$dir/nss"
	certutil -N -d "sql:$dir/nss" --empty-password
	certutil -A -d "sql:$dir/nss" -n kc-test-root -t "CT,C,C" -i "$certs/root.pem"
	certutil -A -d "sql:$dir/nss" -n kc-test-ca -t "CT,C,C" -i "$certs/ca.pem"
fi

rm -rf "$work"
printf '%s\n' "$params" >"$dir/corpus.ok"
