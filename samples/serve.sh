#!/bin/sh
# samples/serve.sh: installs what is missing, builds, and starts the desk
# (`kiemchung serve`) with two demonstration accounts, so that the sample
# commune can be uploaded from a browser at http://127.0.0.1:8080/:
#
#   xa-thuy-an / thuyan-2021     the clerk of Xã Thủy An (upload samples/: the
#                                register, docs/, evidence/ and report-2021.docx)
#   phong-vhtt / phuvang-2021    the district officer of UBND huyện Phú Vang
#
# The data folder is build/serve-data (kept between runs; delete it to start
# again).  The samples are signed with the test PKI in certs/test/, so the
# server trusts that, not the real anchors.  Ctrl+C stops it.
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree);
# KC_LISTEN the address (default 127.0.0.1:8080; 0.0.0.0:8080 for the office).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KC_BUILDDIR:-$top/build}

sh "$top/tests/deps.sh" build
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" -Dtests=false
fi
ninja -C "$build" src/cli/kiemchung src/cli/kiemchung-desk src/po/vi/LC_MESSAGES/kiemchung.mo  # serve runs kiemchung-desk
kc="$build/src/cli/kiemchung"
data="$build/serve-data"

if [ ! -f "$data/kiemchung.db" ]; then
    echo thuyan-2021 | "$kc" user add --data "$data" --role commune --commune "Xã Thủy An" \
        --district "UBND huyện Phú Vang" xa-thuy-an
    echo phuvang-2021 | "$kc" user add --data "$data" --role district --district "UBND huyện Phú Vang" phong-vhtt
fi
echo
echo "Accounts: xa-thuy-an / thuyan-2021 (the commune), phong-vhtt / phuvang-2021 (the district)."
echo "Upload the folder $top/samples (year 2021) as the commune; then look at the year as the district."
echo
exec "$kc" serve --data "$data" --listen "${KC_LISTEN:-127.0.0.1:8080}" \
    --no-default-trust --trust "$top/certs/test/trust"
