#!/bin/sh
# same-verdicts.sh OLD-KIEMCHUNG NEW-KIEMCHUNG [FIXTURES-DIR]: a speed change must
# not change a verdict.  Builds the fixture trees of the CLI suites once (in
# FIXTURES-DIR, default $KC_BUILD_ROOT/same-verdicts; kept for later runs), then
# runs both binaries, one after the other, on:
#
#   verify --json, --jobs 1 and --jobs 2, of every folder holding a PDF or a .p7s
#             under tests/, samples/, the fixtures and /work/shared/corpus (when
#             there), trusting certs/test/trust (and the corpus's pyHanko root);
#   index --json, --jobs 1 and --jobs 2, of every folder and register file (.csv,
#             .xlsx, .ods, three levels deep) the register and number fixtures hold;
#
# with the clock frozen (faketime) and `checked_at` left out, and prints how
# many outputs differ (each difference's first lines too).  Exit status 0 when
# none differ, 1 otherwise, 2 on a usage error.  A binary copied outside the
# build tree finds no criteria catalog: KIEMCHUNG_CRITERIA is set to src/data
# for both.  Takes about ten minutes on a quiet two-core machine.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 OLD-KIEMCHUNG NEW-KIEMCHUNG [FIXTURES-DIR]" >&2; exit 2; }
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
fx=${3:-$build/same-verdicts}
for tool in faketime "$old" "$new"; do
	command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 2; }
done
corpus=/work/shared/corpus
trust="--no-default-trust --trust $src/certs/test/trust"
[ -f "$corpus/pyhanko/ca-root.pem" ] && trust="$trust --trust $corpus/pyhanko/ca-root.pem"
export KIEMCHUNG_CRITERIA="$src/src/data"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# --- the fixtures, made once ------------------------------------------------------------
mkdir -p "$fx"
for m in make-verify-fixtures make-coverage-fixtures make-redteam-fixtures make-time-fixtures \
	make-register-fixtures make-number-fixtures make-role-certs; do
	[ -f "$fx/$m.ok" ] && continue
	rm -rf "${fx:?}/$m"
	if ! KC_TESTSIGN="$build/tests/kc-testsign" KC_SOURCE_ROOT="$src" KC_BUILD_ROOT="$build" \
		sh "$src/tests/fixtures/$m.sh" "$fx/$m" >"$fx/$m.log" 2>&1; then
		echo "$0: $m.sh failed (see $fx/$m.log)" >&2
		exit 2
	fi
	: >"$fx/$m.ok"
done

# run KC OUT: every output of KC, in a fixed order, without its time of checking.
run() {
	kc=$1 out=$2
	roots="$src/tests $src/samples $fx"
	[ -d "$corpus" ] && roots="$roots $corpus"
	# shellcheck disable=SC2086 # roots and trust are lists of words
	find $roots -type f \( -name '*.pdf' -o -name '*.p7s' \) -printf '%h\n' | sort -u |
		while read -r d; do
			for j in 1 2; do
				echo "## verify --jobs $j $d"
				TZ=UTC faketime '2026-12-01 12:00:00' "$kc" verify --json --jobs "$j" $trust "$d" 2>&1 || echo "exit $?"
			done
		done >"$out"
	for t in make-register-fixtures make-number-fixtures; do
		(cd "$fx/$t" && find . -mindepth 1 -maxdepth 3 \( -type d -o -name '*.csv' -o -name '*.xlsx' -o -name '*.ods' \) |
			sort | while read -r e; do
				for j in 1 2; do
					echo "## index --jobs $j $t/$e"
					# shellcheck disable=SC2086
					TZ=UTC faketime '2026-12-01 12:00:00' "$kc" index --json --jobs "$j" $trust "$e" 2>&1 || echo "exit $?"
				done
			done)
	done >>"$out"
	sed -E 's/"checked_at":"[^"]*"//g' "$out" >"$out.cmp"
}
run "$old" "$tmp/old"
run "$new" "$tmp/new"
runs=$(grep -c '^## ' "$tmp/old.cmp")
if cmp -s "$tmp/old.cmp" "$tmp/new.cmp"; then
	echo "same-verdicts: $runs runs, 0 differ"
	exit 0
fi
diff "$tmp/old.cmp" "$tmp/new.cmp" | head -40
echo "same-verdicts: $runs runs, outputs differ"
exit 1
