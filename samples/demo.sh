#!/bin/sh
# samples/demo.sh: installs what is missing, builds, and runs kiemchung's main
# job on the bundled sample commune (xã Thủy An, 2021).
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KC_BUILDDIR:-$top/build}

sh "$top/tests/deps.sh" build
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" -Dtests=false
fi
ninja -C "$build" src/cli/kiemchung
kc="$build/src/cli/kiemchung"

# The samples are signed with the test PKI in certs/test/, not a real CA.
trust="--no-default-trust --trust $top/certs/test/trust"

echo
echo "== 1. Verify the commune's outgoing documents =="
# Exit status 1 is expected here: two samples are deliberately not valid.
# shellcheck disable=SC2086
"$kc" verify $trust "$top/samples/docs" || true

echo
echo "== 2. The same, in detail, for the document changed after signing =="
# shellcheck disable=SC2086
"$kc" verify -v $trust "$top/samples/docs/25-TB-UBND.pdf" || true

echo
echo "Done. See README.md for every command."
