#!/bin/sh
# time.sh: proofs of time and roles, end to end (TAP): issue 11 §4-5 and the
# timestamp section of issue 18.
#
# 1. The fixture matrix of tests/fixtures/make-time-fixtures.sh: each expected.tsv
#    row is checked against `kiemchung verify --json` (status, reason codes, leader,
#    org, the first signature's time_source) and the exit status (0 only when valid).
# 2. What the JSON, text and HTML reports say about timestamps, document timestamps,
#    indeterminate documents and --accept-claimed-time.
# 3. index: indeterminate documents counted apart, never as signed; a dossier's OCSP
#    responses proven by its seal or by nothing (3b).
# 4. Roles files that must be refused.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON (default python3).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
fx=$build/tests/time-fixtures
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-time-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python checks, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
verify() { "$kc" verify --no-default-trust --trust "$trust" "$@" </dev/null; }
. "$src/tests/cli/fake.sh" # fake TIME CMD...: CMD on a clock saying TIME

if [ ! -x "$kc" ]; then
	echo "1..0 # SKIP kiemchung not built at $kc"
	exit 0
fi

# py_check JSONFILE CODE [ARG...]: runs CODE with d bound to the JSON document (one
# object), sigs to its signatures and args to the ARGs.
py_check() {
	pyq - "$@" >"$tmp/why" 2>&1 <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.strip()]
d = json.loads(lines[0]) if lines else {}
sigs = d.get("signatures") or []
args = sys.argv[3:]
exec(sys.argv[2])
PY
}

# --- 1. the fixture matrix ---------------------------------------------------------
if ! KC_TESTSIGN=$build/tests/kc-testsign KC_SOURCE_ROOT=$src \
	sh "$src/tests/fixtures/make-time-fixtures.sh" "$fx" >"$tmp/why" 2>&1; then
	fail "make-time-fixtures.sh builds the fixtures"
	finish
fi
pass "make-time-fixtures.sh builds the fixtures"

tab=$(printf '\t')
while IFS=$tab read -r file status reasons leader org source options; do
	case $file in '#'* | '') continue ;; esac
	want_rc=1
	[ "$status" = valid ] && want_rc=0
	set --
	if [ "$options" != - ]; then
		rest=$(printf '%s' "$options" | sed "s|@FX@|$fx|g")
		while [ -n "$rest" ]; do
			case $rest in
			*'|'*) set -- "$@" "${rest%%|*}"; rest=${rest#*|} ;;
			*) set -- "$@" "$rest"; rest= ;;
			esac
		done
	fi
	name="$file${options:+ [$options]}: $status, reasons $reasons, leader $leader, org $org, time $source"
	verify --json "$@" "$fx/$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if ! py_check "$tmp/out" '
want_status, want_reasons, want_leader, want_org, want_source = args
reasons = {r for s in sigs for r in (s.get("reasons") or [])}
brief = "status=%s leader=%s org=%s sigs=%s" % (d.get("status"), d.get("leader"), d.get("org"),
    [(s.get("status"), s.get("time_source"), s.get("reasons"), s.get("time_note"), s.get("detail")) for s in sigs])
assert d.get("status") == want_status, "status: want %s; %s" % (want_status, brief)
if want_reasons != "-":
    for alt in want_reasons.split(","):
        assert reasons & set(alt.split("|")), "reason %s missing; %s" % (alt, brief)
elif want_status == "valid":
    assert not reasons, "no reason wanted; %s" % brief
assert d.get("leader") is (want_leader == "true") and d.get("org") is (want_org == "true"), "leader/org; " + brief
if want_source != "-":
    assert sigs and sigs[0].get("time_source") == want_source, "time_source: want %s; %s" % (want_source, brief)
for s in sigs:
    assert (s.get("status") == "indeterminate") == (s.get("reasons") == ["no-proof-of-time"] and s["intact"] and s["covers_document"]), brief
' "$status" "$reasons" "$leader" "$org" "$source"; then
		sed 's/^/stderr: /' "$tmp/err" | head -n 3 >>"$tmp/why"
		fail "$name"
	elif [ "$rc" != "$want_rc" ]; then
		echo "exit status $rc, want $want_rc" >"$tmp/why"
		fail "$name"
	else
		pass "$name"
	fi
done <"$fx/expected.tsv"

# --- 1b. one run, several documents (atktime) -----------------------------------------
# A CRL's signature check was remembered by the CRL's address: a document's own CRL
# (signed by the chairman's CA's renewed key) freed after it, the next document's CRL
# decoded at that address (an attacker's, of the CA's name) was taken as signed by that
# key, and gone-crl-other-anchor-ts.pdf came out valid, leader, once in this run of 20
# (indeterminate alone; --jobs 1 makes the order, and so the addresses, repeat).  Only the trust's own CRLs, alive as long as it is, are remembered.
(
	set --
	for i in 1 2 3 4 5 6 7 8 9 10; do set -- "$@" "$fx/legit-gone-crl-rekey-ts.pdf" "$fx/gone-crl-other-anchor-ts.pdf"; done
	verify --jobs 1 --trust "$fx/trust-gone-2025-rekey" "$@" >"$tmp/out" 2>&1
)
check "a batch: another document's CRL at a freed CRL's address is not taken as checked (was valid, leader)" \
	'[ "$(grep -c "^valid .*legit-gone-crl-rekey-ts.pdf" "$tmp/out")" = 10 ] &&
	 [ "$(grep -c "^INDETERMINATE .*gone-crl-other-anchor-ts.pdf" "$tmp/out")" = 10 ]'

# --- 2. what the reports say ---------------------------------------------------------
verify --json "$fx/ts-before-claim.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
assert "earlier than the signing time" in (sigs[0]["time_note"] or ""), sigs[0]
assert sigs[0]["time_proof"] is None and sigs[0]["checked_at"] != sigs[0]["signing_time"], sigs[0]'
check "a token before the claimed time: time_note says why it proves nothing" '[ $? -eq 0 ]'

verify --json "$fx/ts-after-then-before.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
assert sigs[0]["checked_at"] == "2021-03-15T08:05:00Z" and sigs[0]["time_proof"] == "Kiemchung Test TSA", sigs[0]'
check "two tokens: the earliest that verifies is the proof, named in time_proof" '[ $? -eq 0 ]'

verify --json "$fx/dts-leader.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
ts = d["timestamps"]
assert len(sigs) == 1 and len(ts) == 1, d
assert ts[0]["status"] == "valid" and ts[0]["covers_document"] and ts[0]["proves_signatures"] == 1, ts
assert ts[0]["tsa"] == "Kiemchung Test TSA" and ts[0]["time"] == "2021-06-01T00:00:00Z", ts
assert sigs[0]["time_proof"] == ts[0]["field"] and sigs[0]["checked_at"] == ts[0]["time"], sigs'
check "a document timestamp: in \"timestamps\", not among the signatures, and it proves the leader's" '[ $? -eq 0 ]'

# rttime17: a document timestamp set aside for a signature (older than the token it covers)
# was counted among the signatures it proves: verify -v said "valid: yes ... signatures it
# proves: 1" of t-backdated.pdf.  It proves none; one over the same signature in order does.
verify --json "$fx/t-backdated.pdf" "$fx/vouch-backdated.pdf" "$fx/ts-tsa-retired-dts.pdf" "$fx/vouch-in-order-two.pdf" >"$tmp/out" 2>&1
pyq - "$tmp/out" >"$tmp/why" 2>&1 <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip().startswith("{")]
got = [[t["proves_signatures"] for t in d["timestamps"]] for d in docs]
assert got == [[0], [0], [1], [1]], got
PY
check "rttime17: a document timestamp set aside for the signature proves none of it (proves_signatures 0; was 1)" '[ $? -eq 0 ]'
verify -v "$fx/t-backdated.pdf" >"$tmp/out" 2>&1
check "... and verify -v says so" 'grep -q "signatures it proves: 0" "$tmp/out"'

verify --json "$fx/dts-wrong-bytes.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
ts = d["timestamps"]
assert ts[0]["status"] == "invalid" and "not over these bytes" in ts[0]["detail"], ts'
check "a document timestamp over other bytes proves nothing and says so" '[ $? -eq 0 ]'

verify --json "$fx/dts-modified.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
assert d["timestamps"][0]["covers_document"] is False and d["timestamps"][0]["status"] == "invalid", d'
check "a document timestamp followed by a change does not cover the document" '[ $? -eq 0 ]'

# rttime7: the response in a token's crls field as RFC 5940's other choice is read, not
# the token refused: the compromise it states is why the token proves nothing.
verify --json "$fx/tstok-cms-ocsp-tsa.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
note = sigs[0]["time_note"] or ""
assert "revoked on 2025-06-01" in note and "keyCompromise" in note, sigs[0]
assert "bad-timestamp" not in sigs[0]["reasons"], sigs[0]'
check "a token carrying its TSA's compromise as an OCSP response in its crls field: read, it proves nothing" '[ $? -eq 0 ]'
verify --json "$fx/dts-tok-cms-ocsp-compromised.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
ts = d["timestamps"]
assert ts[0]["status"] == "invalid" and "revoked on 2025-06-01" in (ts[0]["detail"] or ""), ts'
check "the same in a document timestamp's token: read, the timestamp proves nothing" '[ $? -eq 0 ]'

verify -v "$fx/dts-leader.pdf" "$fx/expired-since.pdf" >"$tmp/out" 2>&1
rc=$?
cp "$tmp/out" "$tmp/why"
check "-v: indeterminate verdict, the document timestamp and the summary" \
	'[ $rc -eq 1 ] && grep -q "^INDETERMINATE .*expired-since.pdf" "$tmp/out" && grep -q "document timestamp 1: PDF field DauThoiGian" "$tmp/out" && grep -q "proven by a document timestamp: DauThoiGian" "$tmp/out" && grep -q "^2 documents: 1 valid, 1 indeterminate, 0 invalid" "$tmp/out"'

verify --accept-claimed-time "$fx/expired-since.pdf" >"$tmp/out" 2>&1
rc=$?
cp "$tmp/out" "$tmp/why"
check "--accept-claimed-time: the old rule, said in the text report" \
	'[ $rc -eq 0 ] && grep -q "^valid .*expired-since.pdf" "$tmp/out" && grep -q -- "--accept-claimed-time" "$tmp/out"'
verify --accept-claimed-time --json "$fx/expired-since.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" 'assert d["accept_claimed_time"] is True and sigs[0]["time_source"] == "claimed", d'
check "--accept-claimed-time: said in the JSON" '[ $? -eq 0 ]'
verify --accept-claimed-time "$fx/expired-since.pdf" --html "$tmp/v.html" >/dev/null 2>&1
verify "$fx/expired-since.pdf" --html "$tmp/v2.html" >/dev/null 2>&1
cp "$tmp/v.html" "$tmp/why" 2>/dev/null
check "--accept-claimed-time: said in the HTML; indeterminate has its badge otherwise" \
	'grep -q -- "--accept-claimed-time" "$tmp/v.html" && ! grep -q -- "--accept-claimed-time" "$tmp/v2.html" && grep -q "badge indeterminate" "$tmp/v2.html"'

"$kc" --lang vi verify --no-default-trust --trust "$trust" "$fx/expired-since.pdf" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "indeterminate in Vietnamese" 'grep -q "CHƯA XÁC ĐỊNH" "$tmp/out" && grep -q "1 văn bản: 0 hợp lệ, 1 chưa xác định" "$tmp/out"'

# --- 3. index -------------------------------------------------------------------------
# Every fixture is the same decision, 15/QĐ-UBND, signed otherwise: the register says so
# (a row numbered otherwise would be another document's, and count as not signed).  Each
# row's file holds signatures of its own: files that share one (expired-since-org.pdf
# holds expired-since.pdf's, dts-leader-org.pdf both) are one signed document.  So are
# files that sign that one decision again (rtnum15: their bytes before the signatures
# are the same): the first row counted as signed keeps it, a later one that would count
# as signed is same-document; one that does not count (indeterminate, invalid) stays so.
mkdir -p "$tmp/commune"
for f in revoked-affiliation-ts.pdf expired-since.pdf expired-since-org-b.pdf revoked-compromise.pdf revoked-hold.pdf; do
	cp "$fx/$f" "$tmp/commune/"
done
{
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;revoked-affiliation-ts.pdf\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;expired-since.pdf\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;expired-since-org-b.pdf\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;revoked-compromise.pdf\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;revoked-hold.pdf\n'
} >"$tmp/commune/register.csv"
index() { "$kc" index --no-default-trust --trust "$trust" "$@" "$tmp/commune/register.csv" </dev/null; }
index --json >"$tmp/out" 2>"$tmp/err"
rc=$?
py_check "$tmp/out" '
rows = {r["file"].rsplit("/", 1)[-1]: r for r in d["rows"]}
assert (d["documents"], d["signed"], d["leader_signed"], d["indeterminate"]) == (5, 1, 1, 2), d
assert rows["expired-since.pdf"]["status"] == "indeterminate" and rows["expired-since.pdf"]["problem"] == "no-proof-of-time", rows
assert rows["revoked-hold.pdf"]["status"] == "indeterminate" and not rows["revoked-hold.pdf"]["leader"], rows
assert rows["revoked-compromise.pdf"]["status"] == "invalid", rows
assert rows["expired-since-org-b.pdf"]["problem"] == "same-document" and not rows["expired-since-org-b.pdf"]["leader"], rows
assert d["criteria"]["20"]["numerator"] == 1 and d["criteria"]["21"]["numerator"] == 1, d["criteria"]
assert d["accept_claimed_time"] is False'
check "index --json: indeterminate documents counted apart, never as signed (exit $rc)" '[ $? -eq 0 ] && [ $rc -eq 1 ]'
index >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "index: a line for indeterminate documents" 'grep -q "Indeterminate (.*): 2" "$tmp/out" && grep -q "1/5" "$tmp/out"'
index --html - >"$tmp/out.html" 2>&1
check "index --html: the indeterminate line and badge" 'grep -q "Indeterminate (.*): 2" "$tmp/out.html" && grep -q "badge indeterminate" "$tmp/out.html"'
index --accept-claimed-time --json >"$tmp/out" 2>&1
py_check "$tmp/out" '
rows = {r["file"].rsplit("/", 1)[-1]: r for r in d["rows"]}
assert (d["signed"], d["indeterminate"], d["accept_claimed_time"]) == (1, 0, True), d
# valid now (only a row counted as signed can be the same signed document again)
assert all(rows[f]["problem"] == "same-document" for f in ("expired-since.pdf", "expired-since-org-b.pdf", "revoked-hold.pdf")), rows'
check "index --accept-claimed-time: the old count, and it says so" '[ $? -eq 0 ]'

# rttime21: a CRL or OCSP response signed with SHA-1 or MD5 speaks for nothing, and the
# note says so (what to bring instead); the same CRL signed with SHA-256 does not name it.
verify --json --trust "$fx/trust-gone-2025" "$fx/gone-sha1-crl-ts.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
assert "is signed with SHA-1 or MD5" in (sigs[0]["detail"] or ""), sigs[0]'
check "a SHA-1-signed CRL set aside: the detail says it is signed with SHA-1 or MD5" '[ $? -eq 0 ]'
verify --json --trust "$fx/trust-gone-2025" "$fx/gone-stale-crl-ts.pdf" >"$tmp/out" 2>&1
py_check "$tmp/out" '
assert "no longer speak of it" in (sigs[0]["detail"] or "") and "SHA-1" not in sigs[0]["detail"], sigs[0]'
check "... a stale SHA-256 CRL: the detail says it no longer speaks, not SHA-1" '[ $? -eq 0 ]'

# --- 3b. a dossier's OCSP responses are proven by its seal, or by nothing (review36) ----
# An expired delegated responder's "good" (rttime13), put in an unsealed dossier's
# validation/: read as data the user brings, it made the chairman who had left office valid,
# leader, with the CA's 2025 CRL silent; the same response of a responder still certified
# vouches as before.
if KC_BUILD_ROOT=$build sh "$src/tests/fixtures/make-dossier-ocsp.sh" "$fx" "$tmp/dossier-ocsp" >"$tmp/why" 2>&1; then
	"$kc" verify --no-default-trust --trust "$fx/trust-gone-2025" --json "$tmp/dossier-ocsp/dossier-ocsp-ended.zip" \
		</dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("indeterminate", False), d
assert sigs[0]["reasons"] == ["no-proof-of-time"], sigs'
	check "a dossier's expired delegated responder's \"good\", nothing proving it older: indeterminate (was valid, leader)" '[ $? -eq 0 ]'
	"$kc" verify --no-default-trust --trust "$fx/trust-gone-2025" --json "$tmp/dossier-ocsp/legit-dossier-ocsp.zip" \
		</dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("valid", True), d'
	check "a dossier's \"good\" of a responder still certified: valid, leader" '[ $? -eq 0 ]'
	# rttime20: an ended CA's CRL "of 2023-05-20" in an unsealed dossier's validation/.
	"$kc" verify --no-default-trust --trust "$fx/trust-eca-2025" --json "$tmp/dossier-ocsp/dossier-crl-ended.zip" \
		</dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("indeterminate", False), d
assert sigs[0]["reasons"] == ["no-proof-of-time"], sigs'
	check "a dossier's CRL signed by its CA's key after the CA ended, nothing proving it older: indeterminate (was valid, leader)" '[ $? -eq 0 ]'
else
	fail "make-dossier-ocsp.sh builds the dossiers"
fi

# --- 3c. a clock behind the CA's own revocation (rttime23) --------------------------
# revoked-affiliation left office on 2023-01-01; the CA's CRL issued 2023-02-01 lists him
# (`openssl crl -inform DER -text`).  He signs claiming 2022-05-01, no timestamp, and that
# CRL travels with the signature (its crls field, or its signed adbe-revocationInfoArchival
# attribute, as LTV tools keep the CRL of the day); the trust directory holds no CRL, so
# the clock floor (session 47) has nothing to read.  On a PC whose clock says 2022-06-01
# the listing was "not in force yet": valid, leader.  A CA lists what has happened, so the
# clock is behind: indeterminate, saying so.  Honest look-alikes on the same clock: the
# CA's CRL of 2022-03-01 (not listing him), and the listed signature timestamped on
# 2022-05-01, before he left office.
if command -v faketime >/dev/null 2>&1; then
	ck=$tmp/clock
	mkdir -p "$ck/trust"
	cp "$trust/root.pem" "$trust/ca.pem" "$trust/state-roots.txt" "$ck/trust/"
	crt=$src/certs/test
	ts=$build/tests/kc-testsign
	"$py" "$src/tests/fixtures/make-crl.py" "$crt/ca.pem" "$crt/ca.key" 2010 230101000000Z 3 20230101000000Z \
		230201000000Z "$ck/ca-2023.crl" >"$tmp/why" 2>&1 &&
		"$py" "$src/tests/fixtures/make-crl.py" "$crt/ca.pem" "$crt/ca.key" 2fff 220101000000Z 3 20220101000000Z \
			220301000000Z "$ck/ca-2022.crl" >>"$tmp/why" 2>&1 &&
		"$ts" make-doc "$ck/base.pdf" --number "15/QĐ-UBND" --date "ngày 01 tháng 05 năm 2022" >>"$tmp/why" 2>&1
	check "rttime23: the CRLs and the document are made" '[ $? -eq 0 ]'
	aff() { "$ts" sign "$ck/base.pdf" "$ck/$1" --cert "$crt/revoked-affiliation.pem" \
		--key "$crt/revoked-affiliation.key" --time 2022-05-01T08:00:00Z "$2" "$ck/$3" >>"$tmp/why" 2>&1; }
	aff clock-crl.pdf --cms-crl ca-2023.crl && aff clock-revinfo.pdf --revinfo-crl ca-2023.crl &&
		aff clock-crl-2022.pdf --cms-crl ca-2022.crl && "$ts" sigvalue "$ck/clock-crl.pdf" "$ck/sig.bin" >>"$tmp/why" 2>&1 &&
		openssl ts -query -data "$ck/sig.bin" -sha256 -cert -no_nonce -out "$ck/q.tsq" 2>>"$tmp/why" &&
		"$ts" tsa-reply "$ck/q.tsq" "$ck/tok.der" --cert "$crt/tsa.pem" --key "$crt/tsa.key" \
			--time 2022-05-01T08:05:00Z >>"$tmp/why" 2>&1 &&
		"$ts" add-token "$ck/clock-crl.pdf" "$ck/clock-crl-ts.pdf" "$ck/tok.der" >>"$tmp/why" 2>&1
	check "... the signatures are made" '[ $? -eq 0 ]'
	behind() { fake '2022-06-01 00:00:00' "$kc" verify --no-default-trust --trust "$ck/trust" --json "$ck/$1" \
		</dev/null >"$tmp/out" 2>"$tmp/err"; }
	for f in clock-crl.pdf clock-revinfo.pdf; do
		behind "$f"
		py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("indeterminate", False), d
assert sigs[0]["reasons"] == ["no-proof-of-time"], sigs
assert "clock has not reached" in (sigs[0]["detail"] or ""), sigs[0]'
		check "rttime23: $f, the CA's CRL of 2023 listing him, on a clock saying 2022-06: indeterminate, the clock named (was valid, leader)" '[ $? -eq 0 ]'
	done
	for f in clock-crl-2022.pdf clock-crl-ts.pdf; do
		behind "$f"
		py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("valid", True), d'
		check "... honest look-alike $f on the same clock: valid, leader" '[ $? -eq 0 ]'
	done
	"$kc" verify --no-default-trust --trust "$ck/trust" --json "$ck/clock-crl.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert d["status"] == "indeterminate" and "clock has not reached" not in (sigs[0]["detail"] or ""), d'
	check "... on a right clock: indeterminate, the clock not named" '[ $? -eq 0 ]'
else
	skip "rttime23: a clock behind the CA's own revocation" "faketime is not installed"
fi

# --- 3d. an indirect CRL listing one certificate twice (rttime23) --------------------
# revoked-hold's signature, timestamped on 2021-03-15.  An indirect CRL (its issuing
# distribution point's indirectCRL) signed by his own CA lists him on hold in 2023, then for
# a compromised key in 2024 (`openssl crl -text`: two entries of serial 2011).  OpenSSL's
# lookup answers with the first entry: the hold, after the timestamp, so he stayed valid,
# leader, where the same entries in a direct CRL made him revoked.  Every entry of his serial
# and issuer counts now, the worst deciding.  Honest look-alikes: the hold alone, and the
# compromise of another CA's certificate of that serial (a certificateIssuer naming the
# root) after his hold: valid, leader.
ic=$tmp/indirect
# dcrl NAME 'ENTRY...': a trust directory $ic/NAME holding a direct CRL (no issuing distribution
# point) whose first entry, another serial, names the root in a certificateIssuer, ENTRY after it.
dcrl() {
	mkdir -p "$ic/$1"
	cp "$trust/root.pem" "$trust/ca.pem" "$trust/state-roots.txt" "$ic/$1/"
	# shellcheck disable=SC2086 # ENTRY is four words
	KC_CRL_CERT_ISSUER="1:$crt/root.pem" "$py" "$src/tests/fixtures/make-crl.py" "$crt/ca.pem" "$crt/ca.key" \
		2fff 220101000000Z 1 20220101000000Z 250101000000Z "$ic/$1.der" $2 >>"$tmp/why" 2>&1 &&
		openssl crl -inform DER -in "$ic/$1.der" -out "$ic/$1/d.crl.pem" >>"$tmp/why" 2>&1
}
mkdir -p "$ic"
crt=$src/certs/test
ts=$build/tests/kc-testsign
icrl() { # icrl NAME [VAR=VALUE...]: a trust directory $ic/NAME holding the indirect CRL of the two entries
	d=$ic/$1
	shift
	mkdir -p "$d"
	cp "$trust/root.pem" "$trust/ca.pem" "$trust/state-roots.txt" "$d/"
	env KC_CRL_INDIRECT=1 "$@" "$py" "$src/tests/fixtures/make-crl.py" "$crt/ca.pem" "$crt/ca.key" \
		2011 230101000000Z 6 20230101000000Z 250101000000Z "$d/ind.der" 2011 240101000000Z 1 20240101000000Z \
		>>"$tmp/why" 2>&1 && openssl crl -inform DER -in "$d/ind.der" -out "$d/ind.crl.pem" >>"$tmp/why" 2>&1 &&
		rm "$d/ind.der"
}
: >"$tmp/why"
"$ts" make-doc "$ic/base.pdf" --number "15/QĐ-UBND" --date "ngày 15 tháng 03 năm 2021" >>"$tmp/why" 2>&1 &&
	"$ts" sign "$ic/base.pdf" "$ic/hold.pdf" --cert "$crt/revoked-hold.pem" --key "$crt/revoked-hold.key" \
		--time 2021-03-15T08:00:00Z >>"$tmp/why" 2>&1 && "$ts" sigvalue "$ic/hold.pdf" "$ic/sig.bin" >>"$tmp/why" 2>&1 &&
	openssl ts -query -data "$ic/sig.bin" -sha256 -cert -no_nonce -out "$ic/q.tsq" 2>>"$tmp/why" &&
	"$ts" tsa-reply "$ic/q.tsq" "$ic/tok.der" --cert "$crt/tsa.pem" --key "$crt/tsa.key" \
		--time 2021-03-15T08:05:00Z >>"$tmp/why" 2>&1 &&
	"$ts" add-token "$ic/hold.pdf" "$ic/hold-ts.pdf" "$ic/tok.der" >>"$tmp/why" 2>&1 &&
	icrl twice && icrl other KC_CRL_CERT_ISSUER="2:$crt/root.pem" &&
	mkdir -p "$ic/alone" && cp "$trust/root.pem" "$trust/ca.pem" "$trust/state-roots.txt" "$ic/alone/" &&
	KC_CRL_INDIRECT=1 "$py" "$src/tests/fixtures/make-crl.py" "$crt/ca.pem" "$crt/ca.key" 2011 230101000000Z 6 \
		20230101000000Z 250101000000Z "$ic/alone.der" >>"$tmp/why" 2>&1 &&
	openssl crl -inform DER -in "$ic/alone.der" -out "$ic/alone/ind.crl.pem" >>"$tmp/why" 2>&1 &&
	dcrl named "2011 240101000000Z 1 20240101000000Z" && dcrl named-hold "2011 230101000000Z 6 20230101000000Z" &&
	dcrl named-none ""
check "rttime23: the indirect CRLs and the timestamped signature are made" '[ $? -eq 0 ]'
"$kc" verify --no-default-trust --trust "$ic/twice" --json "$ic/hold-ts.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"
py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("invalid", False), d
assert sigs[0]["reasons"] == ["revoked"] and "compromised key" in (sigs[0]["detail"] or ""), sigs'
check "rttime23: an indirect CRL of his CA listing him on hold, then for a compromised key: invalid, revoked (was valid, leader)" '[ $? -eq 0 ]'
for c in alone other; do
	"$kc" verify --no-default-trust --trust "$ic/$c" --json "$ic/hold-ts.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("valid", True), d'
	check "... honest look-alike ($c: the hold alone, or the compromise another CA's): valid, leader" '[ $? -eq 0 ]'
done
# A direct CRL of his CA (no indirectCRL) whose earlier entry, someone else's, carries a
# certificateIssuer naming the root: OpenSSL's lookup took his keyCompromise entry after it
# for the root's certificate, and he was valid, leader.  A direct CRL's entries are all its
# issuer's (RFC 5280 5.3.3; Bouncy Castle, under EU DSS, reads the extension only in an
# indirect CRL).  Honest look-alikes: the same CRL listing him on hold, or not at all.
"$kc" verify --no-default-trust --trust "$ic/named" --json "$ic/hold-ts.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"
py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("invalid", False), d
assert sigs[0]["reasons"] == ["revoked"] and "compromised key" in (sigs[0]["detail"] or ""), sigs'
check "rttime23: a direct CRL listing him for a compromised key after an entry naming another CA: invalid, revoked (was valid, leader)" '[ $? -eq 0 ]'
for c in named-hold named-none; do
	"$kc" verify --no-default-trust --trust "$ic/$c" --json "$ic/hold-ts.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"
	py_check "$tmp/out" '
assert (d["status"], d["leader"]) == ("valid", True), d'
	check "... honest look-alike ($c: that CRL listing him on hold, or not at all): valid, leader" '[ $? -eq 0 ]'
done

# --- 4. roles files that must be refused ---------------------------------------------
verify --roles "$fx/roles-bare-serial.csv" "$fx/official.pdf" >"$tmp/out" 2>"$tmp/err"
rc=$?
cp "$tmp/err" "$tmp/why"
check "a bare serial in the roles file: exit 2, file:line, and what to write instead" \
	'[ $rc -eq 2 ] && grep -q "roles-bare-serial.csv:3:" "$tmp/err" && grep -q "serial:HEX issuer:NAME" "$tmp/err" && grep -q "fingerprint" "$tmp/err"'

finish
