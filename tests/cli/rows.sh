# rows.sh: the verdict rows shared by attack.sh and redteam.sh (sourced, after tap.sh
# and wrap.sh, with build, src, kc, py, fx, trust and tmp set).
#
# check_rows SCRIPT: builds the fixtures with tests/fixtures/SCRIPT into $fx, then
# checks every row of $fx/expected.tsv (file, status, reasons, leader, org, render)
# against `kiemchung verify --json` and the exit status, trusting $trust; where the
# row names REF:PAGE, poppler (pdftoppm) must draw that page unlike REF (=REF:PAGE:
# like it; mupdf:REF:PAGE: MuPDF's mutool draw instead; pdfjs:REF:PAGE: pdf.js, through
# tests/tools/pdfjs.mjs; pdfjs-print:REF:PAGE: pdf.js as Firefox prints the page).
# Also defines verify_check and render for a suite's own checks, and viewers: false
# when KC_SKIP_VIEWERS is set (a quicker run by hand: what the viewers draw of the
# fixtures does not depend on kiemchung's build).

# check.py MODE JSONFILE [ARGS]: exit 0 if the verdict matches, else 1 and why.
# check.py --serve: the same for each line "MODE<tab>JSONFILE<tab>WHYFILE<tab>ARGS" of its
# input, answering 0 or 1 a line and writing the why to WHYFILE: verify_check asks one
# such process for every row (a Python start per row cost some 50 ms of processor time,
# for 700 rows in the sanitized pass of cli-redteam and cli-attack).
cat >"$tmp/check.py" <<'EOF'
import json, sys

class Mismatch(Exception):
    pass

def fail(msg):
    raise Mismatch(msg)

def check(mode, path, args):
    try:
        d = json.loads(open(path, encoding="utf-8").read())
    except ValueError as e:
        fail("output is not one JSON line: %s" % e)
    sigs = d.get("signatures") or []
    reasons = {r for s in sigs for r in (s.get("reasons") or [])}
    brief = "status=%s leader=%s org=%s sigs=%s" % (d.get("status"), d.get("leader"), d.get("org"),
        [(s.get("field"), s.get("status"), s.get("covers_document"), s.get("reasons"), s.get("detail")) for s in sigs])
    if mode == "row":
        status, want_reasons, leader, org = args
        if d.get("status") not in status.split("|"):
            fail("status: want %s; %s" % (status, brief))
        if want_reasons != "-":
            for alt in want_reasons.split(","):
                if not reasons & set(alt.split("|")):
                    fail("reason %s missing; %s" % (alt, brief))
        if d.get("leader") is not (leader == "true") or d.get("org") is not (org == "true"):
            fail("leader/org: want %s/%s; %s" % (leader, org, brief))
    elif mode in ("first-covers", "first-modified"):
        # Signatures in signing order: the one with the fewest signed bytes first.
        sigs.sort(key=lambda s: s.get("signed_bytes") or 0)
        if len(sigs) < 2 or not all(s.get("intact") is True for s in sigs):
            fail("want two intact signatures; %s" % brief)
        covers = mode == "first-covers"
        if sigs[0].get("covers_document") is not covers:
            fail("want the first signature %s; %s" % ("covering" if covers else "not covering", brief))
        if covers and d.get("status") != "valid":
            fail("want valid; %s" % brief)
    else:
        fail("unknown check " + mode)

def answer(mode, path, args):
    try:
        check(mode, path, args)
        return 0, ""
    except Mismatch as e:
        return 1, str(e)
    except Exception as e:  # a broken output or check: the row fails, the checker goes on
        return 1, "%s: %s" % (type(e).__name__, e)

if sys.argv[1] == "--serve":
    for line in sys.stdin:
        mode, path, why, args = (line.rstrip("\n").split("\t") + ["", "", "", ""])[:4]
        rc, msg = answer(mode, path, args.split())
        with open(why, "w", encoding="utf-8") as f:
            f.write(msg + "\n" if msg else "")
        print(rc, flush=True)
else:
    rc, msg = answer(sys.argv[1], sys.argv[2], sys.argv[3:])
    if msg:
        print(msg)
    sys.exit(rc)
EOF

# The checker process, started at the first row: its input on descriptor 7, its
# answers on 8 (two FIFOs in $tmp; it ends with the suite, when 7 closes).
checker_up=false
checker_ask() {
	if [ $checker_up = false ]; then
		mkfifo "$tmp/check.in" "$tmp/check.out" || return 1
		"$py" "$tmp/check.py" --serve <"$tmp/check.in" >"$tmp/check.out" 2>"$tmp/check.err" &
		exec 7>"$tmp/check.in" 8<"$tmp/check.out"
		checker_up=true
	fi
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$tmp/why" "$3" >&7 || return 1
	ca_rc=
	read -r ca_rc <&8
	if [ -z "$ca_rc" ]; then
		{ echo "the checker (check.py --serve) stopped:"; cat "$tmp/check.err"; } >"$tmp/why"
		return 1
	fi
	[ "$ca_rc" = 0 ]
}

# verify_check NAME WANT_RC MODE FILE [check args] -- [kiemchung options]
verify_check() {
	vc_name=$1 vc_rc=$2 vc_mode=$3 vc_file=$4
	shift 4
	cargs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		cargs="$cargs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	"$kc" verify --no-default-trust "$@" --json "$vc_file" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if ! checker_ask "$vc_mode" "$tmp/out" "$cargs"; then
		sed 's/^/stderr: /' "$tmp/err" | head -n 5 >>"$tmp/why"
		fail "$vc_name"
	elif [ "$rc" != "$vc_rc" ]; then
		echo "exit status $rc, want $vc_rc" >"$tmp/why"
		fail "$vc_name"
	else
		pass "$vc_name"
	fi
}

viewers() { [ -z "${KC_SKIP_VIEWERS:-}" ]; }
. "$src/tests/cli/pdfjs.sh" # pdfjs_ok, pdfjs: one pdf.js process for the suite
# render FILE PAGE OUT: the page in grey at 36 dpi (poppler), or nothing.
render() { pdftoppm -q -r 36 -gray -f "$2" -l "$2" "$1" >"$3" 2>/dev/null; }
# render_mupdf FILE PAGE OUT: the same drawn by MuPDF (mutool draw), or nothing.
render_mupdf() { rm -f "$3.pgm" && mutool draw -q -r 36 -c gray -o "$3.pgm" "$1" "$2" >/dev/null 2>&1 && mv "$3.pgm" "$3"; }
# render_pdfjs FILE PAGE OUT: the same drawn by pdf.js (Firefox's viewer, and many web
# portals'), with tests/tools/pdfjs.mjs.
render_pdfjs() { rm -f "$3" && pdfjs draw "$1" "$2" "$3" >/dev/null 2>&1 || rm -f "$3"; }
# render_pdfjs_print FILE PAGE OUT: the page as Firefox prints it (pdf.js's print intent:
# form fields drawn on the page, redrawn from their values when the form says so).
render_pdfjs_print() { rm -f "$3" && pdfjs print "$1" "$2" "$3" >/dev/null 2>&1 || rm -f "$3"; }
# drawn_pdfjs FILE PAGE OUT: what check_rows's one pdf.js process drew of FILE's PAGE, or nothing.
drawn_pdfjs() {
	rm -f "$3"
	if [ -s "$tmp/drawn/pdf.js-$2-${1##*/}.pgm" ]; then cp "$tmp/drawn/pdf.js-$2-${1##*/}.pgm" "$3"; fi
}

check_rows() {
	if [ ! -x "$kc" ]; then
		echo "1..0 # SKIP kiemchung not built at $kc"
		exit 0
	fi

	if ! KC_TESTSIGN=$build/tests/kc-testsign KC_SOURCE_ROOT=$src \
		sh "$src/tests/fixtures/$1" "$fx" >"$tmp/why" 2>&1; then
		fail "$1 builds the fixtures"
		finish
	fi
	pass "$1 builds the fixtures"

	have_pdftoppm=false
	viewers && command -v pdftoppm >/dev/null && have_pdftoppm=true
	have_mutool=false
	viewers && command -v mutool >/dev/null && have_mutool=true
	have_pdfjs=false
	pdfjs_ok && have_pdfjs=true
	tab=$(printf '\t')
	# pdf.js's pages all drawn first, in one node process (tests/tools/pdfjs.mjs
	# draw-list): node and pdf.js take a second of processor time to start, thirty
	# times over in cli-redteam.  They go where the loop below keeps each viewer's
	# drawings ($tmp/drawn/TOOL-PAGE-FILE.pgm), which it takes them from.
	mkdir -p "$tmp/drawn"
	if [ $have_pdfjs = true ]; then
		: >"$tmp/pdfjs.list"
		while IFS=$tab read -r file status reasons leader org shown; do
			case $file in '#'* | '') continue ;; esac
			case $shown in =pdfjs:* | pdfjs:*) ;; *) continue ;; esac
			shown=${shown#=} shown=${shown#pdfjs:}
			ref=${shown%:*} page=${shown##*:}
			for f in "$ref" "$file"; do
				line=$(printf '%s\t%s\t%s' "$fx/$f" "$page" "$tmp/drawn/pdf.js-$page-$f.pgm")
				grep -qxF -- "$line" "$tmp/pdfjs.list" || echo "$line" >>"$tmp/pdfjs.list"
			done
		done <"$fx/expected.tsv"
		pdfjs draw-list "$tmp/pdfjs.list" >/dev/null 2>&1
	fi
	while IFS=$tab read -r file status reasons leader org shown; do
		case $file in '#'* | '') continue ;; esac
		want_rc=1
		[ "$status" = valid ] && want_rc=0
		verify_check "$file: $status, reasons $reasons, leader $leader, org $org" "$want_rc" \
			row "$fx/$file" "$status" "$reasons" "$leader" "$org" -- --trust "$trust"
		[ "$shown" = - ] && continue
		same=false
		case $shown in =*) same=true shown=${shown#=} ;; esac
		# "mupdf:REF:PAGE": MuPDF (mutool draw) is the viewer that reads it otherwise.
		tool=pdftoppm draw=render have=$have_pdftoppm
		case $shown in mupdf:*) tool=mutool draw=render_mupdf have=$have_mutool shown=${shown#mupdf:} ;; esac
		case $shown in pdfjs:*) tool=pdf.js draw=drawn_pdfjs have=$have_pdfjs shown=${shown#pdfjs:} ;; esac
		# "pdfjs-print:REF:PAGE": pdf.js as Firefox prints the page.
		case $shown in pdfjs-print:*) tool=pdf.js-print draw=render_pdfjs_print have=$have_pdfjs shown=${shown#pdfjs-print:} ;; esac
		ref=${shown%:*} page=${shown##*:}
		what="$file: page $page drawn $([ $same = true ] && echo 'as' || echo 'unlike') $ref ($tool)"
		if [ $have = false ]; then
			skip "$what ($(viewers && echo "$tool missing" || echo "KC_SKIP_VIEWERS is set"))"
			continue
		fi
		# The reference's page once per viewer: dozens of rows compare with leader.pdf's.
		drawn=$tmp/drawn/$tool-$page-$ref.pgm
		if [ ! -e "$drawn" ]; then
			$draw "$fx/$ref" "$page" "$drawn"
			[ -e "$drawn" ] || : >"$drawn"
		fi
		cp "$drawn" "$tmp/a.pgm"
		$draw "$fx/$file" "$page" "$tmp/b.pgm"
		if [ ! -s "$tmp/a.pgm" ] || [ ! -s "$tmp/b.pgm" ]; then
			echo "$tool drew nothing" >"$tmp/why"
			fail "$what"
		elif cmp -s "$tmp/a.pgm" "$tmp/b.pgm"; then
			if [ $same = true ]; then pass "$what"; else
				echo "the attack draws nothing new: not a real attack" >"$tmp/why"
				fail "$what"
			fi
		elif [ $same = true ]; then
			echo "the prepared document already looks different when signed" >"$tmp/why"
			fail "$what"
		else
			pass "$what"
		fi
	done <"$fx/expected.tsv"
}
