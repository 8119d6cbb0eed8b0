# pdfjs.sh: sourced by the CLI suites that ask pdf.js what it reads or draws
# (tests/tools/pdfjs.mjs), once $src and $tmp are set.
#
# One node process answers a suite's every question (pdfjs.mjs serve): node and
# pdf.js take most of a second of processor time to start, and cli-notes asked a
# hundred times (70 s of its 130).  Each document is still opened afresh, as a
# viewer opening the file.  The server starts at the first question; its
# requests go on descriptor 5, its answers come on 6 (two FIFOs in $tmp), and it
# ends with the suite, when 5 closes.
. "$src/tests/fixtures/pyserve.sh" # fifo_ask

pdfjs_can=
pdfjs_up=false
# pdfjs_ok: pdf.js can be asked here (node and pdfjs-dist, tests/deps.sh), and the
# viewers are wanted (KC_SKIP_VIEWERS unset: a quicker run by hand).  The first
# call starts the server, in the suite's own shell (not in a $(...) that would
# take it away when it ends), and asks it "check".
pdfjs_ok() {
	if [ -z "$pdfjs_can" ]; then
		pdfjs_can=no
		if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v node >/dev/null &&
			mkfifo "$tmp/pdfjs.in" "$tmp/pdfjs.out"; then
			node "$src/tests/tools/pdfjs.mjs" serve <"$tmp/pdfjs.in" >"$tmp/pdfjs.out" 2>"$tmp/pdfjs.err" &
			exec 5>"$tmp/pdfjs.in" 6<"$tmp/pdfjs.out"
			pdfjs_up=true
			pdfjs check 2>/dev/null && pdfjs_can=yes
		fi
	fi
	[ "$pdfjs_can" = yes ]
}

# pdfjs ARG...: what `node tests/tools/pdfjs.mjs ARG...` prints, on standard
# output and error, and its exit status (that command itself before pdfjs_ok).
# A server that stopped fails the call with what it said.
pdfjs() {
	if [ $pdfjs_up = false ]; then
		node "$src/tests/tools/pdfjs.mjs" "$@"
		return
	fi
	if ! fifo_ask 5 6 "$tmp/pdfjs.stdout" "$tmp/pdfjs.stderr" "$@"; then
		echo "pdfjs.sh: the pdf.js server (pdfjs.mjs serve) stopped:" >&2
		cat "$tmp/pdfjs.err" >&2
		return 1
	fi
	cat "$tmp/pdfjs.stdout"
	cat "$tmp/pdfjs.stderr" >&2
	return "$fifo_answer"
}
