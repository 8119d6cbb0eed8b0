# wrap.sh: sourced by the CLI tests once $kc (the binary) and $tmp (a private
# temporary directory) are set.  When KC_WRAPPER is set, e.g. by
# `meson test --setup valgrind` (tests/meson.build), $kc becomes a small
# script that runs the binary under that command, so every `"$kc" ...` in the
# test runs under it and a memory error fails the test through the wrapper's
# exit status (valgrind --error-exitcode).
if [ -n "${KC_WRAPPER:-}" ]; then
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$KC_WRAPPER" "$kc" >"$tmp/kiemchung-wrapped"
	chmod +x "$tmp/kiemchung-wrapped"
	kc=$tmp/kiemchung-wrapped
fi
