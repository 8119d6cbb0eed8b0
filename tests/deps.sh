#!/bin/sh
# tests/deps.sh: installs the Debian 12 packages kiemchung needs, or says how.
# Used by samples/demo.sh (build + run) and tests/run.sh (build + test).
# Usage: sh tests/deps.sh [build|test]
set -eu

what=${1:-test}
pkgs="gcc meson ninja-build pkg-config gettext libssl-dev libzip-dev libpoppler-glib-dev libcmocka-dev libjson-glib-dev libxml2-dev openssl"
# The HTTP client (TSA, CRLs, OCSP) and its TLS backend for https://.
pkgs="$pkgs libsoup-3.0-dev glib-networking"
# Sealing with a key on a USB token (PKCS#11, src/lib/keys_p11.c).
pkgs="$pkgs libp11-dev"
# kiemchung serve: its store (SQLite) and its pages compiled in (glib-compile-resources).
pkgs="$pkgs libsqlite3-dev libglib2.0-dev-bin"
if [ "$what" = test ]; then
    # Second signer (pdfsig + NSS tools), fonts for the fixture documents,
    # and the peers the dossier tests open archives with.
    pkgs="$pkgs poppler-utils libnss3-tools fonts-dejavu-core libcairo2-dev zip unzip libarchive-tools python3"
    pkgs="$pkgs valgrind"  # tests/run.sh: the CLI tests under memcheck
    pkgs="$pkgs time"  # tests/bench/run.sh: peak memory (/usr/bin/time)
    pkgs="$pkgs 7zip"  # tests/cli/dossier*.sh, redteam.sh: what 7-Zip reads (skipped without it)
    pkgs="$pkgs mupdf-tools"  # tests/cli/redteam.sh: what MuPDF draws (mutool; skipped without it)
    pkgs="$pkgs pango1.0-tools"  # tests/cli/redteam.sh: how a name is laid out on screen (pango-view; skipped without it)
    pkgs="$pkgs faketime"  # tests/cli/ltv.sh: a dossier sealed "in 2021" checked "in 2040"
    pkgs="$pkgs softhsm2 opensc"  # tests/cli/seal.sh: a token made by the test (softhsm2-util, pkcs11-tool)
    pkgs="$pkgs chromium"  # tests/slow/html.sh: the HTML reports in a headless browser; tests/cli/notes.sh: what its PDF viewer (PDFium) shows
    # tests/browser/run.sh: playwright-core (npm ci) drives that chromium.  A
    # node already installed (another packaging of Node.js, with its own npm)
    # is kept: Debian's npm package would conflict with it.
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        pkgs="$pkgs nodejs npm"
    fi
fi

# tests/cli/redteam.sh: what pdf.js draws (tests/tools/pdfjs.mjs, pdfjs-dist pinned by
# tests/browser/package-lock.json; those rows are skipped without it).  Never fatal.
pdfjs() {
    [ "$what" = test ] && command -v npm >/dev/null 2>&1 || return 0
    browser=$(cd "$(dirname "$0")" && pwd)/browser
    [ -f "$browser/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ] && return 0
    (cd "$browser" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >/dev/null 2>&1 ||
        echo "tests/deps.sh: npm ci in tests/browser failed: the pdf.js rows will be skipped" >&2
}

missing=""
for p in $pkgs; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
if [ -z "$missing" ]; then
    pdfjs
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    echo "Installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "Missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 2
fi
pdfjs
