#!/bin/sh
# install.sh: `meson install` into a temporary prefix (TAP, slow suite).  A
# second build, configured with that prefix and without the tests, installs
# the binary, the library, the headers, the pkg-config file, the manual page,
# the bash completion, the trust anchors, the criteria catalog and the
# Vietnamese messages in their standard places; the installed binary must then
# find its data there, and only there: it verifies a sample in Vietnamese, and
# fails when the installed anchors are taken away.  A program built with
# `pkg-config kiemchung` links against the installed library.  DESTDIR staging
# is checked too.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
unset KIEMCHUNG_CERTS KIEMCHUNG_CRITERIA KIEMCHUNG_LOCALEDIR DESTDIR

prefix=$tmp/prefix
if ! meson setup "$tmp/build" "$src" --prefix="$prefix" -Dtests=false -Dbuildtype=plain >"$tmp/why" 2>&1 ||
	! ninja -C "$tmp/build" >>"$tmp/why" 2>&1 || ! meson install -C "$tmp/build" >>"$tmp/why" 2>&1; then
	notok "meson setup, build and install into a temporary prefix"
	finish
fi
ok "meson setup, build and install into a temporary prefix"

libdir=$prefix/$(meson introspect --buildoptions "$tmp/build" |
	python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"))')
kc=$prefix/bin/kiemchung

# Everything in its standard place.
missing=""
for f in "$kc" "$libdir/libkiemchung.so" "$libdir/pkgconfig/kiemchung.pc" \
	"$prefix/share/man/man1/kiemchung.1" "$prefix/share/man/vi/man1/kiemchung.1" \
	"$prefix/share/bash-completion/completions/kiemchung" \
	"$prefix/share/locale/vi/LC_MESSAGES/kiemchung.mo" \
	"$prefix/share/kiemchung/criteria/criteria-hue-2021.tsv" \
	"$prefix/share/kiemchung/certs/vgca-root-g2.pem" "$prefix/share/kiemchung/certs/vietnam-national-root-ca.pem"; do
	[ -e "$f" ] || missing="$missing $f"
done
for h in "$src"/include/kiemchung/*.h; do
	[ -e "$prefix/include/kiemchung/$(basename "$h")" ] || missing="$missing include/kiemchung/$(basename "$h")"
done
echo "missing:$missing" >"$tmp/why"
check "binary, library, every public header, pkg-config, man page, completion, anchors, criteria, messages" '[ -z "$missing" ]'
for f in "$src"/certs/test/*.pem; do
	[ -e "$prefix/share/kiemchung/certs/$(basename "$f")" ] && echo "installed: $(basename "$f")"
done >"$tmp/why"
check "the test CA is not installed as a trust anchor" '[ ! -s "$tmp/why" ]'

# The installed binary, run from elsewhere, with its own data.
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
cd "$tmp"
env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$kc" verify --trust "$src/certs/test/trust" \
	"$src/samples/docs/12-QD-UBND.pdf" "$src/samples/docs/25-TB-UBND.pdf" >"$tmp/out" 2>&1
rc=$?
cp "$tmp/out" "$tmp/why"
check "the installed binary verifies the samples, in Vietnamese (its installed catalog)" \
	'[ $rc -eq 1 ] && grep -q "^hợp lệ .*12-QD-UBND.pdf" "$tmp/out" && grep -q "văn bản đã bị sửa sau khi ký\|KHÔNG HỢP LỆ" "$tmp/out" && grep -q "^2 văn bản: 1 hợp lệ, 1 không hợp lệ" "$tmp/out"'
"$kc" --version >"$tmp/why" 2>&1
check "--version" 'grep -q "^kiemchung [0-9]" "$tmp/why"'

mv "$prefix/share/kiemchung/certs" "$prefix/share/kiemchung/certs.away"
"$kc" verify "$src/samples/docs/12-QD-UBND.pdf" >"$tmp/why" 2>&1
rc=$?
mv "$prefix/share/kiemchung/certs.away" "$prefix/share/kiemchung/certs"
check "the default anchors are the installed ones (taken away: exit 2 naming them)" \
	'[ $rc -eq 2 ] && grep -qF "$prefix/share/kiemchung/certs" "$tmp/why"'
"$kc" verify "$src/samples/docs/12-QD-UBND.pdf" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "with the installed anchors only, the test CA's signature is untrusted" \
	'grep -q "^INVALID" "$tmp/out"'

if [ -f "$src/samples/report-2021.txt" ]; then
	"$kc" lint "$src/samples/report-2021.txt" >"$tmp/out" 2>&1
	rc=$?
	mv "$prefix/share/kiemchung/criteria" "$prefix/share/kiemchung/criteria.away"
	"$kc" lint "$src/samples/report-2021.txt" >"$tmp/out2" 2>&1
	rc2=$?
	mv "$prefix/share/kiemchung/criteria.away" "$prefix/share/kiemchung/criteria"
	cat "$tmp/out" "$tmp/out2" >"$tmp/why"
	check "the criteria catalog is the installed one" '[ $rc -ne 2 ] && [ $rc2 -eq 2 ]'
else
	skip "the criteria catalog is the installed one" "no samples/report-2021.txt"
fi

# A program built against the installed library with pkg-config.
if command -v pkg-config >/dev/null && command -v cc >/dev/null; then
	cat >"$tmp/hello.c" <<'EOF'
#include <stdio.h>
#include <kiemchung/kiemchung.h>
int main(void)
{
    kc_ratio r = {650, 652};
    char buf[16];
    printf("%s %s\n", kc_version(), kc_ratio_format(r, buf, sizeof buf));
    return 0;
}
EOF
	export PKG_CONFIG_PATH="$libdir/pkgconfig"
	# shellcheck disable=SC2046
	cc -o "$tmp/hello" "$tmp/hello.c" $(pkg-config --cflags --libs kiemchung) >"$tmp/why" 2>&1 &&
		"$tmp/hello" >"$tmp/out" 2>>"$tmp/why"
	cat "$tmp/out" >>"$tmp/why"
	check "pkg-config kiemchung: a program compiles, links and runs" 'grep -q " 99,7%" "$tmp/out"'
	check "pkg-config --modversion is the library's version" '[ "$(pkg-config --modversion kiemchung)" = "$(cut -d" " -f1 "$tmp/out")" ]'
else
	skip "pkg-config kiemchung" "no pkg-config or cc"
	skip "pkg-config: the version" "no pkg-config or cc"
fi

if command -v man >/dev/null; then
	MANPATH=$prefix/share/man man -w kiemchung >"$tmp/why" 2>&1
	check "man kiemchung finds the installed page" 'grep -qF "$prefix/share/man/man1/kiemchung.1" "$tmp/why"'
	# -L vi: where the vi_VN locale is generated, LANG=vi_VN.UTF-8 does the same.
	MANPATH=$prefix/share/man man -L vi -w kiemchung >"$tmp/why" 2>&1
	check "man -L vi kiemchung finds the Vietnamese page" 'grep -qF "$prefix/share/man/vi/man1/kiemchung.1" "$tmp/why"'
else
	skip "man kiemchung finds the installed page" "no man"
fi
bash -c '. "$1" && complete -p kiemchung' _ "$prefix/share/bash-completion/completions/kiemchung" >"$tmp/why" 2>&1
check "the installed completion registers for kiemchung" 'grep -q "_kiemchung kiemchung" "$tmp/why"'

# DESTDIR: the same tree, staged.
DESTDIR=$tmp/stage meson install -C "$tmp/build" --no-rebuild >"$tmp/why" 2>&1
check "DESTDIR stages the same files" \
	'[ -x "$tmp/stage$prefix/bin/kiemchung" ] && [ -f "$tmp/stage$prefix/share/locale/vi/LC_MESSAGES/kiemchung.mo" ] && [ -f "$tmp/stage$prefix/share/man/man1/kiemchung.1" ]'

finish
[ $failed = 0 ]
