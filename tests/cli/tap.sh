# tap.sh: the TAP every shell suite prints, written once.  Sourced by
# tests/cli/*.sh and tests/slow/*.sh once $tmp is their scratch directory.
# Each result is printed as it comes and the plan last ("1..N" at the end is
# TAP too), so a suite that stops half way shows how far it got.
#
#   ok NAME, pass NAME           a test that passed
#   notok NAME, fail NAME        one that failed: $tmp/why, when not empty,
#                                follows as comments (40 lines at most), and
#                                is emptied
#   skip NAME REASON             one that cannot run here
#   check NAME CONDITION         ok when the shell condition (eval) holds
#   t NAME COMMAND...            ok when the command exits 0 (its output is the why)
#   status WANT NAME COMMAND...  ok when it exits with WANT (its output in $tmp/out)
#   has NAME TEXT...             ok when every fixed TEXT is in $tmp/out
#   finish                       the plan; exits 0 only when nothing failed
#   tap_todo=REASON              the next results are a known hole not yet closed
#                                (TAP's "# TODO": a failure is expected and not
#                                counted; a pass is flagged, so the row is made a
#                                plain one once the hole is closed); unset it after
n=0
failed=0
# The suite's own TMPDIR, inside its scratch directory: what kiemchung and the
# tools it runs leave there is this suite's alone, so the suites run side by
# side (tests/meson.build) and a "nothing left behind" check sees its own.
mkdir -p "$tmp/tmpdir" && TMPDIR=$tmp/tmpdir && export TMPDIR

ok() {
	n=$((n + 1))
	echo "ok $n - $1${tap_todo:+ # TODO $tap_todo}"
}
notok() {
	n=$((n + 1))
	[ -n "${tap_todo:-}" ] || failed=$((failed + 1))
	echo "not ok $n - $1${tap_todo:+ # TODO $tap_todo}"
	if [ -s "$tmp/why" ]; then
		head -40 "$tmp/why" | sed 's/^/# /'
		: >"$tmp/why"
	fi
}
pass() { ok "$@"; }
fail() { notok "$@"; }
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP ${2:-}"
}
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
t() {
	tap_name=$1
	shift
	if "$@" >"$tmp/why" 2>&1; then
		: >"$tmp/why"
		ok "$tap_name"
	else
		notok "$tap_name"
	fi
}
status() {
	tap_want=$1 tap_name=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	tap_got=$?
	if [ "$tap_got" -eq "$tap_want" ]; then ok "$tap_name"; else
		{ echo "exit $tap_got, wanted $tap_want"; cat "$tmp/out"; } >"$tmp/why"
		notok "$tap_name"
	fi
}
has() {
	tap_name=$1
	shift
	for tap_want in "$@"; do
		if ! grep -qF -- "$tap_want" "$tmp/out"; then
			{
				echo "missing: $tap_want"
				echo "--- stdout"
				cat "$tmp/out"
				if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
			} >"$tmp/why"
			notok "$tap_name"
			return
		fi
	done
	ok "$tap_name"
}
finish() {
	# The processor time the suite and everything it ran took (user, system), a TAP
	# comment in meson's log: the whole run is bound by two cores, not by waiting,
	# so this, not the wall clock, says what a suite costs (tests/run.sh).
	# (Into a file: in a pipe, times would run in a subshell that ran nothing.)
	times >"$tmp/times" && sed -n '2s/^/# processor time of the suite and its commands (user, system): /p' "$tmp/times"
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit $?
}
