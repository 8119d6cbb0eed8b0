#!/bin/sh
# crash.sh: a dossier survives a crash or a full disk while it is rewritten (TAP).
#
# `kiemchung ingest` writes to a temporary file beside the dossier, syncs it and
# renames it into place, so that a dossier, possibly the only copy of a year's
# evidence, is never half written.  Here: ingest --force and ingest --update over an
# existing dossier, and ingest of a new one, are killed with SIGKILL in the middle of
# writing; then a disk that fills up
# (`ulimit -f`, with SIGXFSZ ignored so that the write fails with EFBIG as on a
# full disk); each time the old dossier must be byte for byte what it was and
# still pass `kiemchung check`, and no temporary file may stay behind once the
# next run is done.  Skipped as a whole when this build has no ingest command.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-crash-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
check() { if [ "$1" = 0 ]; then ok "$2"; else notok "$2"; fi; }

if ! "$kc" ingest --help >/dev/null 2>&1; then
	echo "1..0 # SKIP this build has no 'kiemchung ingest' (kiemchung ingest --help failed)"
	exit 0
fi

ingest() { "$kc" --quiet ingest --no-catalog --commune "Thủy An" --year 2021 "$@" </dev/null; }
temps() { find "$1" -maxdepth 1 -name '.*.kc-*' | sort; }

d=$tmp/out
mkdir -p "$d" "$tmp/small/1 Hạ tầng" "$tmp/small/20"
printf 'Hợp đồng số 003/HĐ 2019 ngày 14/5/2019\n' >"$tmp/small/1 Hạ tầng/Hợp đồng 003.txt"
printf '%%PDF-1.7\n%% một tệp nhỏ\n' >"$tmp/small/20/Quyết định 02.pdf"

# The dossier that must survive.
if ! ingest -o "$d/hoso.zip" "$tmp/small" >"$tmp/why" 2>&1; then
	notok "the first dossier is written"
	finish
fi
cp "$d/hoso.zip" "$tmp/before.zip"
ok "the first dossier is written"

# kill_mid_write TARGET [ingest options]: runs ingest -o TARGET over a big evidence file
# and kills it with SIGKILL once its temporary file is being filled.  The file is
# sparse (quick to make, read and hash); if a fast machine finishes first, the target
# is put back as it was and it tries again with a bigger one.  Sets $size (MB); fails
# when ingest could never be caught.
kill_mid_write() {
	target=$1
	shift
	size=256
	for attempt in 1 2 3; do
		rm -rf "$tmp/big"
		mkdir -p "$tmp/big/20"
		cp -r "$tmp/small/1 Hạ tầng" "$tmp/big/"
		truncate -s "${size}M" "$tmp/big/20/Ảnh chụp màn hình.pdf"
		[ -e "$target" ] && cp "$target" "$tmp/target.keep"
		# A simple command, not the ingest function: $! must be kiemchung itself,
		# not a subshell that SIGKILL would take away while kiemchung went on.
		"$kc" --quiet ingest --no-catalog --commune "Thủy An" --year 2021 "$@" -o "$target" "$tmp/big" \
			</dev/null >/dev/null 2>&1 &
		pid=$!
		killed=no
		i=0
		while [ $i -lt 500 ] && kill -0 "$pid" 2>/dev/null; do
			if [ -n "$(find "$(dirname "$target")" -maxdepth 1 -name '.*.kc-*' -size +1M | head -n 1)" ]; then
				kill -KILL "$pid" 2>/dev/null && killed=yes
				break
			fi
			sleep 0.02
			i=$((i + 1))
		done
		wait "$pid" 2>/dev/null
		[ "$killed" = yes ] && return 0
		# It finished (or never started writing): undo, go bigger.
		if [ -e "$tmp/target.keep" ]; then mv "$tmp/target.keep" "$target"; else rm -f "$target"; fi
		rm -f "$(dirname "$target")"/.*.kc-*
		size=$((size * 4))
	done
	return 1
}

# --- SIGKILL in the middle of writing over the old dossier -----------------------------
if ! kill_mid_write "$d/hoso.zip" --force; then
	skip "ingest --force killed while writing" "it finished before it could be killed (${size} MB)"
else
	ok "ingest --force killed with SIGKILL while writing (${size} MB of evidence)"
	cmp -s "$d/hoso.zip" "$tmp/before.zip"
	check $? "after SIGKILL the old dossier is byte for byte intact"
	"$kc" --quiet check "$d/hoso.zip" >"$tmp/why" 2>&1
	check $? "after SIGKILL the old dossier passes kiemchung check"
	# The next run, a normal one, must leave the folder clean.
	ingest --force -o "$d/hoso.zip" "$tmp/small" >"$tmp/why" 2>&1
	check $? "the next ingest --force succeeds"
	temps "$d" >"$tmp/why"
	if [ -s "$tmp/why" ]; then
		notok "no temporary file is left after the next run"
	else
		ok "no temporary file is left after the next run"
	fi
	rm -f "$d"/.*.kc-*
fi

# --- SIGKILL during --update, which reads the old dossier while writing the new -------
cp "$d/hoso.zip" "$tmp/before.zip"
if ! kill_mid_write "$d/hoso.zip" --update; then
	skip "ingest --update killed while writing" "it finished before it could be killed (${size} MB)"
else
	cmp -s "$d/hoso.zip" "$tmp/before.zip"
	check $? "ingest --update killed with SIGKILL: the old dossier is byte for byte intact"
fi
rm -f "$d"/.*.kc-*

# --- SIGKILL while writing a new dossier: nothing at the target -----------------------
if ! kill_mid_write "$d/moi.zip"; then
	skip "a new dossier killed while written" "it finished before it could be killed (${size} MB)"
elif [ -e "$d/moi.zip" ]; then
	ls -la "$d" >"$tmp/why"
	notok "a new dossier killed while written does not exist at its name"
else
	ok "a new dossier killed while written does not exist at its name"
fi
rm -f "$d"/.*.kc-*

# --- a full disk -----------------------------------------------------------------------
# ulimit -f counts 512-byte blocks: 4096 is 2 MiB, less than the new dossier needs.
rm -rf "$tmp/big"
mkdir -p "$tmp/big/20"
head -c 4000000 /dev/urandom >"$tmp/big/20/Ảnh chụp màn hình.pdf"
cp "$d/hoso.zip" "$tmp/before.zip"
(
	trap '' XFSZ
	ulimit -f 4096
	ingest --force -o "$d/hoso.zip" "$tmp/big"
) >"$tmp/full.out" 2>"$tmp/full.err"
rc=$?
if [ "$rc" = 2 ] && grep -q 'hoso.zip' "$tmp/full.err" &&
	grep -qi 'large\|space\|write\|ghi\|đầy' "$tmp/full.err"; then
	ok "a full disk: exit status 2 and a message naming the dossier ($(head -n 1 "$tmp/full.err"))"
else
	{ echo "exit status $rc"; cat "$tmp/full.err"; } >"$tmp/why"
	notok "a full disk: exit status 2 and a message naming the dossier"
fi
cmp -s "$d/hoso.zip" "$tmp/before.zip"
check $? "a full disk: the old dossier is byte for byte intact"
temps "$d" >"$tmp/why"
[ ! -s "$tmp/why" ]
check $? "a full disk: no temporary file is left"

finish
