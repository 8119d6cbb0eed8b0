# fake.sh: sourced by the CLI suites that set the clock (ltv.sh, time.sh).
# fake TIME CMD...: CMD on a clock saying TIME (libfaketime, which preloads
# itself: under AddressSanitizer, tests/run.sh's build-asan, ASan must then be
# told not to insist on coming first).
fake() {
	when=$1
	shift
	if [ -n "${ASAN_OPTIONS:-}" ]; then
		ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" faketime "$when" "$@"
	else
		faketime "$when" "$@"
	fi
}
