#!/bin/sh
# same-checks.sh OLD-KIEMCHUNG NEW-KIEMCHUNG [FIXTURES-DIR]: a speed change to the
# dossier side must not change an answer.  Makes the dossiers of
# tests/fixtures/make-dossier-attacks.sh once (in FIXTURES-DIR, default
# $KC_BUILD_ROOT/same-checks; kept for later runs; its many-entries.zip with 2,000
# entries), then runs both binaries, one after the other, on each dossier:
#
#   check --json;  check --require-seal (trusting certs/test/trust);  list --json
#
# with the clock frozen (faketime), and prints how many outputs (with their exit
# status) differ, naming each.  Exit status 0 when none differ, 1 otherwise, 2 on a
# usage error.  Both binaries should lie inside the build tree (copy one aside as
# build/old/cli/kiemchung with its library in build/old/lib), where they read the
# source tree's certificates and catalog.  About three minutes on a quiet machine.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 OLD-KIEMCHUNG NEW-KIEMCHUNG [FIXTURES-DIR]" >&2; exit 2; }
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KC_BUILD_ROOT:-$src/build}
fx=${3:-$build/same-checks}
for tool in faketime "$old" "$new"; do
	command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 2; }
done
if [ ! -f "$fx/made.ok" ]; then
	rm -rf "$fx"
	mkdir -p "$fx"
	KC_BIN=$old sh "$src/tests/fixtures/make-dossier-attacks.sh" "$fx/d" 2000 >"$fx/make.log" 2>&1 ||
		{ echo "$0: make-dossier-attacks.sh failed (see $fx/make.log)" >&2; exit 1; }
	: >"$fx/made.ok"
fi
runs=0 differ=0
for z in "$fx"/d/*.zip; do
	for cmd in "check --json" "check --require-seal --no-default-trust --trust $src/certs/test/trust" "list --json"; do
		runs=$((runs + 1))
		# shellcheck disable=SC2086 # $cmd is several words
		a=$(faketime -f "2026-12-03 08:00:00" "$old" $cmd "$z" 2>&1 && echo "exit 0" || echo "exit $?")
		# shellcheck disable=SC2086
		b=$(faketime -f "2026-12-03 08:00:00" "$new" $cmd "$z" 2>&1 && echo "exit 0" || echo "exit $?")
		if [ "$a" != "$b" ]; then
			differ=$((differ + 1))
			echo "differs: $cmd $(basename "$z")"
		fi
	done
done
echo "$runs runs, $differ differ"
[ "$differ" -eq 0 ]
