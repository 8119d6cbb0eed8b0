#!/bin/sh
# samples/demo.sh: installs what is missing, builds, and runs kiemchung's main
# job on the bundled sample commune (xã Thủy An, 2021): the evidence report
# read and checked, the evidence ingested into a dossier zip and sealed, the
# dossier checked, the outgoing documents verified, criteria 20-22 indexed,
# and a readable report written.  Results go to build/demo/.
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KC_BUILDDIR:-$top/build}

sh "$top/tests/deps.sh" build
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" -Dtests=false
fi
# The binary, kiemchung-desk (which `kiemchung serve` and `kiemchung user` run: the README's
# next steps) and the Vietnamese messages.
ninja -C "$build" src/cli/kiemchung src/cli/kiemchung-desk src/po/vi/LC_MESSAGES/kiemchung.mo
kc="$build/src/cli/kiemchung"
out="$build/demo"
rm -rf "$out"
mkdir -p "$out"
samples="$top/samples"
# The samples are signed with the test PKI in certs/test/, not a real CA.
test_pki="--no-default-trust --trust $top/certs/test/trust"
step() { printf '\n== %s ==\n' "$1"; }

step "1. Read the commune's evidence report and check its claims (lint)"
# Exit status 1 is expected: the real 2021 report has claims worth a second look.
"$kc" lint "$samples/report-2021.txt" || true

step "2. Ingest the evidence: each scan filed under the criteria that cite it"
"$kc" ingest --report "$samples/report-2021.txt" --commune "Thủy An" --district "Phú Vang" \
    --province "Thừa Thiên Huế" --year 2021 -o "$out/ho-so-2021.zip" "$samples/evidence"

step "3. Seal the dossier with the commune's (test) certificate, then check it"
# shellcheck disable=SC2086
"$kc" seal "$out/ho-so-2021.zip" --cert "$top/certs/test/org.pem" --key "$top/certs/test/org.key" \
    --chain "$top/certs/test/ca.pem" $test_pki
# shellcheck disable=SC2086
"$kc" check $test_pki "$out/ho-so-2021.zip"
# shellcheck disable=SC2086
"$kc" list $test_pki "$out/ho-so-2021.zip"

step "4. Verify the signatures on the outgoing documents"
# Exit status 1 is expected: two samples are deliberately not valid.
# shellcheck disable=SC2086
"$kc" verify $test_pki "$samples/docs" || true

step "5. Criteria 20-22 from the outgoing register"
# shellcheck disable=SC2086
"$kc" index $test_pki --html "$out/chi-tieu-20-22.html" "$samples/so-van-ban-di-2021.csv" || true

step "6. Readable reports"
# shellcheck disable=SC2086
"$kc" list --report --html $test_pki "$out/ho-so-2021.zip" >"$out/bao-cao-2021.html"
echo "dossier:            $out/ho-so-2021.zip (unzip it and open index.html)"
echo "report (HTML):      $out/bao-cao-2021.html"
echo "criteria 20-22:     $out/chi-tieu-20-22.html"
echo
echo "Done. See README.md for every command."
