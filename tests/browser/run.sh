#!/bin/sh
# tests/browser/run.sh: the desk of `kiemchung serve` end to end in Debian's
# Chromium (TAP, slow suite).  Builds nothing: it uses the build directory
# (KC_BUILD_ROOT, set by meson; or the first argument).  It installs
# playwright-core with `npm ci` into tests/browser/node_modules (gitignored;
# no browser is ever downloaded: the system /usr/bin/chromium is driven),
# makes a temporary data directory, adds three users with `kiemchung user
# add` (a clerk of the sample commune, a clerk of another commune, a district
# officer), starts `kiemchung serve` on a free loopback port with the test
# PKI as the only trust, runs scenario.mjs, and stops the server.
# KC_SCREENSHOTS=DIR also copies the screenshots there (samples/screenshots/
# for the README: `KC_SCREENSHOTS=samples/screenshots sh tests/browser/run.sh`).
# Skips when chromium, node or npm is missing (tests/deps.sh installs them).
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=${KC_SOURCE_ROOT:-$(cd "$here/../.." && pwd)}
build=${KC_BUILD_ROOT:-${1:-$src/build}}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "Bail out! no build directory $build"; exit 1; }
kc=$build/src/cli/kiemchung
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bail() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "$tmp/why" ] && sed 's/^/# /' "$tmp/why" | tail -40; echo "1..$n"; exit 1; }
skip() { echo "ok 1 - the desk in a browser # SKIP $1"; echo "1..1"; exit 0; }

browser=${KC_CHROMIUM:-}
if [ -z "$browser" ]; then
	for b in chromium chromium-browser; do
		if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
	done
fi
[ -n "$browser" ] || skip "chromium is not installed (sh tests/deps.sh test)"
command -v node >/dev/null 2>&1 || skip "node is not installed (sh tests/deps.sh test)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed (sh tests/deps.sh test)"
[ -x "$kc" ] || { echo "Bail out! no kiemchung binary at $kc (build first)"; exit 1; }

shots=${KC_SCREENSHOTS:-}
case "$shots" in "" | /*) ;; *) shots=$(pwd)/$shots ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-browser.XXXXXX")
pid=""
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=""
	fi
}
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# playwright-core, exactly as package-lock.json pins it; npm's cache makes
# later runs offline.  --ignore-scripts: nothing to run, nothing to fetch.
if (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >"$tmp/why" 2>&1; then
	ok "npm ci: playwright-core installed in tests/browser/node_modules"
else
	bail "npm ci: playwright-core installed in tests/browser/node_modules"
fi

# Three users; the password comes on standard input, as scripts give it.
data=$tmp/data
pass=kiemchung-test-1234
add_user() {
	printf '%s\n' "$pass" | "$kc" user add --data "$data" "$@" >>"$tmp/why" 2>&1
}
: >"$tmp/why"
if add_user --role commune --commune "Xã Thủy An" --district "UBND huyện Phú Vang" thuyan &&
	add_user --role commune --commune "Xã Thủy Bằng" --district "UBND huyện Phú Vang" thuybang &&
	add_user --role district --district "UBND huyện Phú Vang" phuvang &&
	add_user --role commune --commune "$(printf 'Xã Thủy\342\200\256gn')" --district "UBND huyện A Lưới" anhien; then
	ok "kiemchung user add: three commune clerks (one of a commune named with U+202E) and a district officer"
else
	bail "kiemchung user add: three commune clerks (one of a commune named with U+202E) and a district officer"
fi

# A free loopback port (the kernel's choice), then the server on it, with the
# test PKI as the only trust (the samples are signed with it).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kc" serve --data "$data" --listen "127.0.0.1:$port" --no-default-trust --trust "$src/certs/test/trust" \
	>"$tmp/server.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 100); do
	if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
		"http://127.0.0.1:$port/" >/dev/null 2>&1; then up=1; break; fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
if [ "$up" = 1 ]; then
	ok "kiemchung serve answers on 127.0.0.1:$port"
else
	cp "$tmp/server.log" "$tmp/why"
	bail "kiemchung serve answers on 127.0.0.1:$port"
fi

# What the clerk hands in: their folder, as they keep it (the register as the
# Excel workbook, the documents, the evidence, the Word report).
folder="$tmp/upload/Hồ sơ Thủy An 2021"
mkdir -p "$folder"
cp -R "$src/samples/docs" "$src/samples/evidence" "$src/samples/so-van-ban-di-2021.xlsx" \
	"$src/samples/report-2021.docx" "$folder/"
mkdir -p "$tmp/out"
# The same folder as one zip (UTF-8 names), the other way clerks hand files in.
(cd "$tmp/upload" && python3 -m zipfile -c "$tmp/ho-so-thuy-an.zip" "Hồ sơ Thủy An 2021") ||
	bail "the sample folder zipped"

# A dossier of the sample commune whose one outgoing document its chairman
# signed with a certificate naming no district or province (make-role-certs.sh's
# leader-noplace: any namesake Thủy An's counts the same), sealed by the
# commune: the desk must say so beside each figure it is in.
roles=$tmp/roles
untied="$tmp/untied/20 Chữ ký số"
mkdir -p "$roles" "$untied"
if KC_TESTSIGN=$build/tests/kc-testsign sh "$src/tests/fixtures/make-role-certs.sh" "$roles" >"$tmp/why" 2>&1 &&
	cp "$roles/leader-noplace.pdf" "$untied/15-QD-UBND.pdf" &&
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Tệp\n15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;15-QD-UBND.pdf\n' \
		>"$untied/so-di.csv" &&
	"$kc" --quiet ingest --no-default-trust --trust "$src/certs/test/trust" --report "$src/samples/report-2021.txt" \
		--commune "Xã Thủy An" --district "UBND huyện Phú Vang" --year 2021 \
		-o "$tmp/untied.zip" "$tmp/untied" >>"$tmp/why" 2>&1 &&
	"$kc" --quiet seal "$tmp/untied.zip" --cert "$src/certs/test/org.pem" --key "$src/certs/test/org.key" \
		--chain "$src/certs/test/ca.pem" --no-default-trust --trust "$src/certs/test/trust" >>"$tmp/why" 2>&1; then
	ok "a sealed dossier of Thủy An whose document a certificate naming no place signed"
else
	bail "a sealed dossier of Thủy An whose document a certificate naming no place signed"
fi

status=0
(
	cd "$here" &&
		KC_BASE="http://127.0.0.1:$port" KC_SRC="$src" KC_OUT="$tmp/out" KC_BIN="$kc" KC_WWW="$src/src/server/www" \
		KC_UPLOAD_DIR="$folder" KC_UPLOAD_ZIP="$tmp/ho-so-thuy-an.zip" KC_UNTIED_ZIP="$tmp/untied.zip" KC_YEAR=2021 KC_PASSWORD="$pass" KC_CLERK=thuyan KC_CLERK2=thuybang \
		KC_OFFICER=phuvang KC_COMMUNE="Xã Thủy An" KC_CHROMIUM="$browser" KC_TAP_START=$((n + 1)) \
		KC_SCREENSHOTS_DIR="$shots" KC_TAP_PLAN=0 timeout 900 node scenario.mjs >"$tmp/tap"
) || status=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
# A commune named with U+202E: its heading and a tooltip show [U+202E].
(
	cd "$here" &&
		KC_BASE="http://127.0.0.1:$port" KC_PASSWORD="$pass" KC_HIDDEN_CLERK=anhien KC_CHROMIUM="$browser" \
		KC_TAP_START=$((n + 1)) KC_TAP_PLAN=0 timeout 300 node hidden.mjs >"$tmp/tap"
) || status=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
stop
# The same desk under --secure-cookie (as behind a TLS proxy): the cookie is
# __Host-kc_session; login, the language switch and the logout still work.
"$kc" serve --data "$data" --listen "127.0.0.1:$port" --secure-cookie --no-default-trust \
	--trust "$src/certs/test/trust" >"$tmp/server.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 100); do
	if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
		"http://127.0.0.1:$port/" >/dev/null 2>&1; then up=1; break; fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
if [ "$up" = 1 ]; then
	(
		cd "$here" &&
			KC_BASE="http://127.0.0.1:$port" KC_PASSWORD="$pass" KC_CLERK=thuyan KC_CHROMIUM="$browser" \
			KC_TAP_START=$((n + 1)) timeout 300 node secure.mjs
	) || status=$?
else
	echo "not ok $((n + 1)) - kiemchung serve --secure-cookie answers on 127.0.0.1:$port"
	echo "1..$((n + 1))"
	status=1
fi
stop
if [ "$status" != 0 ]; then
	echo "# server log (last lines):"
	tail -20 "$tmp/server.log" | sed 's/^/# /'
fi
exit "$status"
