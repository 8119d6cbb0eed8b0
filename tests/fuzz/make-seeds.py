#!/usr/bin/env python3
"""make-seeds.py: writes the seed corpora of the fuzz targets (tests/fuzz/corpus/).

    python3 tests/fuzz/make-seeds.py [--testsign build/tests/kc-testsign]
        [--kiemchung build/src/cli/kiemchung] [OUTDIR]

OUTDIR defaults to tests/fuzz/corpus next to this script.  The seeds are small on
purpose (libFuzzer mutates small inputs faster): hand-made PDFs that reach each
part of the structure reader (classic tables, xref streams with predictors,
object streams, hybrids, incremental updates, field trees, DocMDP, broken
chains), and, with --testsign, a few documents and CMS blobs signed for real by
the fixture signer with the test CA.  CSVs, report lines and evidence cells come
from what clerks write.  Only seeds are written here: crash inputs the fuzzers
found are committed by hand as crash-* files beside them and never regenerated.
"""
import os
import subprocess
import sys
import tempfile
import zlib

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.normpath(os.path.join(here, "..", ".."))


# --- a tiny PDF writer --------------------------------------------------------------

class Pdf:
    def __init__(self, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"):
        self.b = bytearray(header)
        self.pending = {}      # num -> offset, for the current revision
        self.last_xref = None

    def obj(self, num, body):
        self.pending[num] = len(self.b)
        if isinstance(body, str):
            body = body.encode("latin-1")
        self.b += b"%d 0 obj\n" % num + body + b"\nendobj\n"

    def stream(self, num, dict_body, data):
        self.obj(num, b"<< " + dict_body.encode() + b" /Length %d >>\nstream\n" % len(data)
                 + data + b"\nendstream")

    def table(self, trailer, prev=True):
        """Ends a revision with a classic xref table."""
        x = len(self.b)
        out = b"xref\n0 1\n0000000000 65535 f \n"
        for num in sorted(self.pending):
            out += b"%d 1\n%010d 00000 n \n" % (num, self.pending[num])
        t = trailer
        if prev and self.last_xref is not None:
            t += " /Prev %d" % self.last_xref
        out += b"trailer\n<< " + t.encode() + b" >>\nstartxref\n%d\n%%%%EOF\n" % x
        self.b += out
        self.last_xref = x
        self.pending = {}
        return x

    def xref_stream(self, num, trailer, compress=True, predictor=True, objstm=None):
        """Ends a revision with an xref stream (PNG Up predictor, Flate), type-2
        entries for objects inside objstm = (stream_num, [nums])."""
        x = len(self.b)
        entries = {}
        for n, off in self.pending.items():
            entries[n] = (1, off, 0)
        if objstm:
            for i, n in enumerate(objstm[1]):
                entries[n] = (2, objstm[0], i)
        entries[num] = (1, x, 0)
        nums = sorted(entries)
        index, rows = [], b""
        for n in nums:
            t, a, b = entries[n]
            rows += bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
            index += [n, 1]
        if predictor:
            w, prev, enc = 7, bytes(7), b""
            for i in range(0, len(rows), w):
                row = rows[i:i + w]
                enc += b"\x02" + bytes((row[k] - prev[k]) & 255 for k in range(w))
                prev = row
            data = enc
            parms = " /DecodeParms << /Predictor 12 /Columns 7 >>"
        else:
            data, parms = rows, ""
        filt = ""
        if compress:
            data = zlib.compress(data)
            filt = " /Filter /FlateDecode"
        t = trailer
        if self.last_xref is not None:
            t += " /Prev %d" % self.last_xref
        d = "/Type /XRef /W [1 4 2] /Index [%s] /Size %d%s%s %s" % (
            " ".join(map(str, index)), max(nums) + 1, filt, parms, t)
        self.b += b"%d 0 obj\n<< " % num + d.encode() + b" /Length %d >>\nstream\n" % len(data)
        self.b += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % x
        self.last_xref = x
        self.pending = {}
        return x


SIG = ("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
       "/ByteRange [0 0000000000 0000000000 0000000000] /M (D:20210315080000+07'00') "
       "/Contents <3082000000000000> >>")


def seal(b):
    """Points the last placeholder /ByteRange at everything but its /Contents."""
    br = b.rfind(b"/ByteRange [0 0000000000 0000000000 0000000000]")
    c = b.find(b"/Contents <", br)
    a = c + 10
    e = b.find(b">", a) + 1
    rng = b"[0 %010d %010d %010d]" % (a, e, len(b) - e)
    b[br + 11:br + 11 + len(rng)] = rng


def one_page(p, sig=True, annots="[4 0 R]"):
    fields = "/AcroForm << /Fields [4 0 R] /SigFlags 3 >>" if sig else ""
    p.obj(1, "<< /Type /Catalog /Pages 2 0 R %s >>" % fields)
    p.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    p.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R %s >>"
          % ("/Annots " + annots if sig else ""))
    if sig:
        p.obj(4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>")
        p.obj(5, SIG)
    p.stream(6, "", b"BT /F1 12 Tf 72 770 Td (So: 12/QD-UBND) Tj ET")


def pdf_seeds():
    out = {}

    p = Pdf()
    one_page(p, sig=False)
    p.table("/Size 7 /Root 1 0 R")
    out["unsigned-table.pdf"] = bytes(p.b)

    p = Pdf()
    one_page(p)
    p.obj(7, "<< /Producer (kc) /CreationDate (D:20210315) >>")
    p.table("/Size 8 /Root 1 0 R /Info 7 0 R /ID [<0102> <0102>]")
    seal(p.b)
    out["signed-table.pdf"] = bytes(p.b)

    # A second signature appended (allowed), then page content changed (not).
    b2 = bytearray(out["signed-table.pdf"])
    p = Pdf()
    p.b, p.last_xref = b2, int(b2[b2.rfind(b"startxref") + 10:].split()[0])
    p.obj(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 8 0 R] /SigFlags 3 >> >>")
    p.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>")
    p.obj(8, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Org) /V 9 0 R /P 3 0 R /F 132 >>")
    p.obj(9, SIG.replace("0000000000 0000000000 0000000000", "0000000000 0000000000 0000000000"))
    p.table("/Size 10 /Root 1 0 R /Info 7 0 R")
    b = p.b
    br = b.rfind(b"/ByteRange [0 0000000000 0000000000 0000000000]")
    c = b.find(b"/Contents <", br)
    a, e = c + 10, b.find(b">", c + 10) + 1
    rng = b"[0 %010d %010d %010d]" % (a, e, len(b) - e)
    b[br + 11:br + 11 + len(rng)] = rng
    out["signed-twice.pdf"] = bytes(b)
    p.stream(6, "", b"BT /F1 12 Tf 72 770 Td (So: 99/QD-UBND) Tj ET")
    p.obj(10, "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (x) >>")
    p.table("/Size 11 /Root 1 0 R /Info 7 0 R")
    out["signed-then-modified.pdf"] = bytes(p.b)

    # An xref stream with a PNG predictor, an object stream holding the catalog
    # and the field, and an update with its own xref stream.
    p = Pdf()
    inner = [b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
             b"<< /FT /Sig /T (A) /Kids [11 0 R] >>"]
    head, body = b"", b""
    for n, o in zip([1, 4], inner):
        head += b"%d %d " % (n, len(body))
        body += o + b" "
    p.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    p.obj(3, "<< /Type /Page /Parent 2 0 R /Annots [11 0 R] /Contents 6 0 R >>")
    p.obj(11, "<< /Parent 4 0 R /T (B) /Subtype /Widget /V 5 0 R /P 3 0 R >>")
    p.obj(5, SIG)
    p.stream(6, "/Filter /FlateDecode", zlib.compress(b"0 0 m 10 10 l S"))
    p.stream(12, "/Type /ObjStm /N 2 /First %d /Filter /FlateDecode" % len(head),
             zlib.compress(head + body))
    p.xref_stream(13, "/Root 1 0 R", objstm=(12, [1, 4]))
    seal(p.b)
    out["objstm-xrefstream.pdf"] = bytes(p.b)
    p.obj(7, "<< /Type /Metadata /Subtype /XML /Length 0 >>\nstream\n\nendstream")
    p.obj(3, "<< /Type /Page /Parent 2 0 R /Annots [11 0 R] /Contents 6 0 R /Rotate 90 >>")
    p.xref_stream(14, "/Root 1 0 R", compress=False, predictor=False)
    out["objstm-update.pdf"] = bytes(p.b)

    # Hybrid: a table whose trailer names an xref stream with the rest.
    p = Pdf(b"%PDF-1.5\n")
    one_page(p)
    stm_at = len(p.b)
    rows = bytes([1]) + (0).to_bytes(4, "big") + bytes(2)
    p.b += (b"20 0 obj\n<< /Type /XRef /W [1 4 2] /Index [19 1] /Size 21 /Length %d >>\nstream\n"
            % len(rows) + rows + b"\nendstream\nendobj\n")
    p.table("/Size 21 /Root 1 0 R /XRefStm %d" % stm_at)
    seal(p.b)
    out["hybrid.pdf"] = bytes(p.b)

    # A certification signature (DocMDP P=1) and an update after it.
    p = Pdf()
    one_page(p)
    p.obj(1, "<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> "
             "/AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>")
    p.obj(5, SIG.replace("/M (", "/Reference [<< /Type /SigRef /TransformMethod /DocMDP "
                         "/TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>] /M ("))
    p.table("/Size 7 /Root 1 0 R")
    seal(p.b)
    p.obj(8, "<< /Type /Annot /Subtype /Text /Rect [0 0 5 5] >>")
    p.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>")
    p.table("/Size 9 /Root 1 0 R")
    out["docmdp-p1-annot.pdf"] = bytes(p.b)

    # Broken chains: /Prev to itself, to the end of the file, negative.
    p = Pdf()
    one_page(p, sig=False)
    x = len(p.b)
    p.last_xref = x
    p.table("/Size 7 /Root 1 0 R")
    out["prev-loop.pdf"] = bytes(p.b)
    p = Pdf()
    one_page(p, sig=False)
    p.last_xref = 999999
    p.table("/Size 7 /Root 1 0 R")
    out["prev-past-eof.pdf"] = bytes(p.b)

    # Deep nesting, a long literal with escapes, names with #xx, reals, a
    # reference chain and an indirect /Length.
    p = Pdf()
    p.obj(1, "<< /Type /Catalog /Pages 2 0 R /X %s /S (a\\(b\\)\\101\\n\\\r\nc) /N#20m 1.5 /R 8 0 R >>"
          % ("[" * 40 + "]" * 40))
    p.obj(2, "<< /Type /Pages /Kids [] /Count 0 >>")
    p.obj(8, "9 0 R")
    p.obj(9, "<< /Length 10 0 R >>\nstream\nabc\nendstream")
    p.obj(10, "3")
    p.table("/Size 11 /Root 1 0 R")
    out["syntax.pdf"] = bytes(p.b)

    # startxref a few bytes off (writers that miscount line ends).
    b = bytearray(out["unsigned-table.pdf"])
    i = b.rfind(b"startxref\n") + 10
    j = b.find(b"\n", i)
    b[i:j] = b"%d" % (int(b[i:j]) - 2)
    out["startxref-off.pdf"] = bytes(b)
    return out


# --- signed for real ----------------------------------------------------------------

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def strip_contents(pdf, nth=0):
    """The DER inside the nth /Contents hex string, without its zero padding."""
    at = -1
    for _ in range(nth + 1):
        at = pdf.find(b"/Contents <", at + 1)
    end = pdf.find(b">", at + 11)
    der = bytes.fromhex(pdf[at + 11:end].decode())
    return der.rstrip(b"\0")


def signed_seeds(ts):
    certs = os.path.join(src, "certs", "test")
    pdfs, cms = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "base.pdf")
        with open(base, "wb") as f:
            f.write(pdf_seeds()["unsigned-table.pdf"])

        def sign(inp, out, who, *extra):
            run(ts, "sign", inp, out, "--cert", os.path.join(certs, who + ".pem"),
                "--key", os.path.join(certs, who + ".key"), "--time", "2021-03-15T08:00:00Z", *extra)
            with open(out, "rb") as f:
                return f.read()

        one = os.path.join(tmp, "one.pdf")
        pdfs["kc-leader.pdf"] = sign(base, one, "leader")
        pdfs["kc-leader-org.pdf"] = sign(one, os.path.join(tmp, "two.pdf"), "org",
                                         "--chain", os.path.join(certs, "ca.pem"))
        run(ts, "modify", os.path.join(tmp, "two.pdf"), os.path.join(tmp, "mod.pdf"), "--mode", "annot")
        with open(os.path.join(tmp, "mod.pdf"), "rb") as f:
            pdfs["kc-modified-annot.pdf"] = f.read()
        # Type 0 fonts (pdf_cidfont.c, reached through kc_pdf_actualtext_figures):
        # a TrueType program with its cmap whose /ToUnicode lies, and one without a
        # /ToUnicode whose /CIDToGIDMap is a stream (textattack.py cid).
        made = os.path.join(tmp, "made.pdf")
        run(ts, "make-doc", made, "--number", "26/BC-UBND", "--date", "ngày 30 tháng 06 năm 2020",
            "--recipients", "UBND huyện Phú Vang;Lưu: VT")
        for name, mode in (("type0-cmap-lie.pdf", "keep"), ("type0-notounicode.pdf", "notounicode")):
            out = os.path.join(tmp, name)
            run(sys.executable, os.path.join(src, "tests", "fixtures", "textattack.py"), "cid", made, out, "f-2-0",
                "0", "1", "(m 2020)Tj", "(m 202)Tj /fC 1 Tf <{g}>Tj /f-2-0 1 Tf", mode)
            with open(out, "rb") as f:
                pdfs[name] = f.read()
        cms["leader.der"] = strip_contents(pdfs["kc-leader.pdf"])
        cms["org-with-chain.der"] = strip_contents(pdfs["kc-leader-org.pdf"], 1)
        variants = [("sha1", "leader", ["--md", "sha1"]), ("cades", "deputy", ["--subfilter", "ETSI.CAdES.detached"]),
                    ("no-certs", "leader", ["--no-certs"]), ("revoked", "revoked", []),
                    ("nokeyusage", "nokeyusage", []), ("expired", "expired", []),
                    ("notca", "notca-leaf", ["--chain", os.path.join(certs, "notca.pem")]),
                    ("zeroed", "leader", ["--zero-signature"]), ("selfmade", "selfmade", []),
                    ("rsa1024", "rsa1024", [])]
        for name, who, extra in variants:
            if not os.path.exists(os.path.join(certs, who + ".pem")):
                continue
            data = sign(base, os.path.join(tmp, name + ".pdf"), who, *extra)
            cms[name + ".der"] = strip_contents(data)
        doc = os.path.join(tmp, "doc.txt")
        with open(doc, "w") as f:
            f.write("văn bản\n")
        run(ts, "detach", doc, os.path.join(tmp, "d.p7s"), "--cert", os.path.join(certs, "org.pem"),
            "--key", os.path.join(certs, "org.key"), "--md", "sha512", "--time", "2021-03-15T08:00:00Z")
        with open(os.path.join(tmp, "d.p7s"), "rb") as f:
            cms["detached-sha512.der"] = f.read()
    return pdfs, cms


# --- dossiers ----------------------------------------------------------------------

def dossier_seeds(kc, ts=None):
    """Small dossiers written by `kiemchung ingest`: plain, with a report, sealed, and
    (with kc-testsign, for the TSA) timestamped and renewed."""
    certs = os.path.join(src, "certs", "test")
    out = {}
    env = dict(os.environ, SOURCE_DATE_EPOCH="1633046400")
    with tempfile.TemporaryDirectory() as tmp:
        ev = os.path.join(tmp, "ev")
        os.makedirs(os.path.join(ev, "1 Hạ tầng"))
        os.makedirs(os.path.join(ev, "20"))
        with open(os.path.join(ev, "1 Hạ tầng", "Hợp đồng 003.txt"), "w") as f:
            f.write("HĐ số: 003/HĐ 2019 ngày 14/5/2019\n")
        with open(os.path.join(ev, "20", "Quyết định 02.pdf"), "wb") as f:
            f.write(b"%PDF-1.7\n% nho\n")
        rep = os.path.join(tmp, "report.txt")
        with open(rep, "wb") as f:
            f.write(REPORT.encode())

        def ingest(name, *extra):
            path = os.path.join(tmp, name)
            subprocess.run([kc, "--quiet", "ingest", "--no-catalog", "--commune", "Thủy An", "--year", "2021",
                            *extra, "-o", path, ev], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return path

        plain = ingest("plain.zip")
        with_report = ingest("report.zip", "--report", rep)
        sealed = ingest("sealed.zip")
        trust = ["--no-default-trust", "--trust", os.path.join(certs, "trust")]
        subprocess.run([kc, "--quiet", "seal", sealed, "--cert", os.path.join(certs, "org.pem"),
                        "--key", os.path.join(certs, "org.key"), *trust], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name, path in [("plain.zip", plain), ("with-report.zip", with_report), ("sealed.zip", sealed)]:
            with open(path, "rb") as f:
                out[name] = f.read()
        out.update(dossier_attack_seeds(plain, sealed, tmp, certs))
        if ts:
            out.update(renewed_seeds(kc, ts, ingest, trust, certs, env, tmp))
    return out


def tsa_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("tsa_server", os.path.join(src, "tests", "cli", "tsa_server.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def renewed_seeds(kc, ts, ingest, trust, certs, env, tmp):
    """A dossier sealed with a timestamp and renewed twice (seal --tsa, --renew), from
    the test TSA on the loopback: the archive manifests and their tokens."""
    import threading
    work = os.path.join(tmp, "tsa")
    os.makedirs(work)
    server = tsa_module().make_server(certs, ts, work)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % server.server_address[1]
    path = ingest("renewed.zip")
    key = ["--cert", os.path.join(certs, "org.pem"), "--key", os.path.join(certs, "org.key")]
    for extra in ([*key, "--tsa", url + "/at/2021-10-02T00:00:00Z/tsa"],
                  ["--renew", "--tsa", url + "/at/2024-06-01T00:00:00Z/tsa"], ["--renew", "--tsa", url + "/ok"]):
        subprocess.run([kc, "--quiet", "seal", path, *extra, *trust], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.shutdown()
    with open(path, "rb") as f:
        return {"renewed.zip": f.read()}


def tsa_seeds(ts):
    """What a TSA answers (TimeStampResp): granted by `openssl ts -reply` and by
    kc-testsign at chosen times and with other TSAs of the test PKI, by a TSA no
    one trusts, a refusal, and a reply to another request."""
    certs = os.path.join(src, "certs", "test")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        data, q = os.path.join(tmp, "sigvalue"), os.path.join(tmp, "q.tsq")
        with open(data, "wb") as f:
            f.write(b"the signature value of a seal")
        subprocess.run(["openssl", "ts", "-query", "-data", data, "-sha256", "-cert", "-out", q], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(q, "rb") as f:
            query = f.read()
        tsa = tsa_module().TSA(certs, ts, tmp)
        for name, path in [("openssl-reply.tsr", "/ok"), ("testsign-2021.tsr", "/at/2021-10-02T00:00:00Z/tsa"),
                           ("revoked-tsa.tsr", "/at/2026-01-01T00:00:00Z/tsa-revoked"),
                           ("expired-tsa.tsr", "/at/2021-10-02T00:00:00Z/tsa-expired"),
                           ("rsa1024-tsa.tsr", "/at/2021-10-02T00:00:00Z/tsa-rsa1024"),
                           ("untrusted.tsr", "/untrusted"), ("rejected.tsr", "/rejected"),
                           ("other-nonce.tsr", "/badnonce")]:
            out[name] = tsa.answer(path, query)[1]
    return out


P11URI = [
    "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An;object=Ch%E1%BB%AF%20k%C3%BD%20s%E1%BB%91;type=private",
    "pkcs11:model=PKCS%2315%20emulated;manufacturer=piv_II;serial=0123456789abcdef;token=VGCA;id=%01%02;type=cert",
    "pkcs11:slot-id=3;slot-description=Feitian%20ePass2003;slot-manufacturer=FS?module-path=/usr/lib/x.so",
    "pkcs11:library-manufacturer=OpenSC;library-description=x;library-version=0.23?module-name=opensc-pkcs11",
    "pkcs11:token=a?pin-source=file:/tmp/pin&x-vendor=1",
    "pkcs11:token=a;token=b",
    "pkcs11:token=a?pin-value=1234",
    "pkcs11:id=%zz;object=%",
    "pkcs11:",
]


def dossier_attack_seeds(plain, sealed, tmp, certs):
    """The classes of tests/fixtures/make-dossier-attacks.sh, on the small dossiers:
    each reaches another refusal of the layout parser or the seal's rules."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "dossierattack", os.path.join(src, "tests", "fixtures", "dossierattack.py"))
    da = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(da)
    pdf, txt = "data/Quyết định 02.pdf", "data/Hợp đồng 003.txt"
    other = os.path.join(tmp, "other.pdf")
    with open(other, "wb") as f:
        f.write(b"%PDF-1.7\n% gia\n")
    manifest = os.path.join(tmp, "manifest.xml")
    with open(manifest, "wb") as f:
        f.write(da.zipfile.ZipFile(sealed).read("META-INF/ASiCManifest001.xml"))
    sig2 = os.path.join(tmp, "sig2.p7s")
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-in", manifest, "-signer",
                    os.path.join(certs, "selfmade.pem"), "-inkey", os.path.join(certs, "selfmade.key"),
                    "-outform", "DER", "-out", sig2], check=True)
    made = {
        "attack-shadow-directory.zip": lambda o: da.shadow(sealed, o, pdf, other),
        "attack-meta-inf-extra.zip": lambda o: da.meta_inf(sealed, o, sig2),
        "attack-stripped-seal.zip": lambda o: da.strip(sealed, o),
        "attack-changed-after-seal.zip": lambda o: da.changed_only(sealed, o, txt),
        "attack-missing-file.zip": lambda o: da.drop(sealed, o, pdf),
        "attack-dir-data.zip": lambda o: da.dir_data(plain, o),
        "attack-data-descriptor.zip": lambda o: da.descriptor(plain, o, pdf),
        "attack-unicode-path.zip": lambda o: da.unicode_path(sealed, o, pdf, "data/khác.pdf"),
        "attack-comment.zip": lambda o: da.comment(sealed, o),
        "attack-many-entries.zip": lambda o: da.many(plain, o, 300),
        "attack-deep-path.zip": lambda o: da.put(o, da.write_zip([da.Entry("a/" * 2000 + "x.txt", b"x")])),
        "attack-deep-ok.zip": lambda o: da.put(o, da.write_zip([da.Entry("d/" * 63 + "f%d" % i, b"") for i in range(3)])),
    }
    out = {}
    for name, make in made.items():
        path = os.path.join(tmp, name)
        make(path)
        with open(path, "rb") as f:
            out[name] = f.read()
    return out


# --- text inputs -------------------------------------------------------------------

CSV = {
    "register-decree30.csv": "\ufeffSố, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;"
        "Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\r\n"
        "12/QĐ-UBND;07/02/2020;Quyết định về việc ban hành quy chế;Nguyễn Văn A;UBND huyện Phú Vang;VT;2;;;;"
        "docs\\12.pdf\r\n"
        "\"13/UBND-VX\";\"ngày 14 tháng 5 năm 2021\";\"Công văn \"\"khẩn\"\"; về\nviệc\";Trần B;\"Sở TT&TT\";;;;;;13.pdf\r\n"
        "12/QĐ-UBND;43900;trùng số;;;;;;;;\r\n",
    "register-aliases.csv": "number,date,type,summary,signer,recipients,file\n"
        "1/KH-UBND,2021-03-15,Kế hoạch,x,y,\"UBND huyện, Lưu: VT\",/abs/1.pdf\n,,,,,,\n"
        "2/TB-UBND,31/12/2021,,,,,2.pdf\n",
    "nfd-tab.csv": "So\u0302\u0301\tNga\u0300y\tFile\nx/QĐ\tbad date\t\n",
    "cp1258.csv": "S\xd2, k\xfd hi\xea\xf2u;Ng\xe0y\n1/Q\xd0-UBND;1/1/2021\n".encode("latin-1").decode("latin-1"),
    "quotes-broken.csv": "a,b\n\"open,never closed\n",
    "empty-lines.csv": "\n\n\r\n;;\n",
}

DOCREF = [
    "HĐ số: 003/HĐ 2019 ngày 14/5/2019",
    "Số: 02/QĐ-UBND ngày 07/02/2020",
    "Quyết định Số 123/QĐ-UBND ngày 19/8/2021 của UBND xã",
    "công văn Số 160/VHTT-CNTT ngày 27 tháng 9 năm 2021",
    "Hoá đơn thanh toán từ tháng 01 đến tháng 9/2021",
    "650/652 văn bản đi được ký số, đạt 99,7%",
    "03/03 cán bộ; Trên 90%; Dưới 50 %; 36 Máy",
    "https://phuvang.thuathienhue.gov.vn/ và www.example.vn/a?b=c",
    "Nghị định 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020; 09/2015/QĐ-TTg",
    "Quye\u0302\u0301t đi\u0323nh so\u0302\u0301 5/QĐ-UBND nga\u0300y 1/1/2021",
    "<b>Kế hoạch</b> số 15/KH-UBND &amp; Tờ trình 7/TTr-UBND ngày 2020-02-07",
    "tháng 13/2021 ngày 32/1/2021 năm 99999 0/0 1/0 100000000000000000000/1",
]

REPORT = """\t\t<b>BÁO CÁO SỐ LIỆU, TÀI LIỆU KIỂM CHỨNG</b>
\t\t<b>1. Nhóm tiêu chí đánh giá mức độ sẵn sàng</b>
STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện
<b>I</b>\t<b>CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN</b>\t\t
1\tHệ thống Camera giám sát\tVăn phòng UBND xã\tHĐ số: 003/HĐ 2019 ngày 14/5/2019
2\tTỷ lệ máy tính\tVăn phòng\t36 Máy; 36/36 đạt 100%
\t\t\tHoá đơn thanh toán từ tháng 01 đến tháng 9/2021
<b>II</b>\t<b>CÁC TIÊU CHÍ VỀ ỨNG DỤNG</b>\t\t
\t<b>Ứng dụng chữ ký số</b>\t\t
19\t<b>Chữ ký số</b>\t\t
20\tTỷ lệ văn bản đi được ký số\tVăn phòng\t650/652 đạt 99,7% <a href="https://x.vn">link</a>
20\tTrùng số\tVăn phòng\tSố: 02/QĐ-UBND ngày 07/02/2020 &amp; &#7889; &lt;i&gt;
22\tĐã bỏ 21\t\tĐang học
"""


def text_seeds():
    out = {"csv": {}, "register": {}, "docref": {}, "report": {}}
    for name, text in CSV.items():
        data = text.encode("latin-1") if name == "cp1258.csv" else text.encode()
        out["csv"][name] = data
        out["register"][name] = data
    for i, cell in enumerate(DOCREF):
        out["docref"]["cell-%02d.txt" % i] = cell.encode()
    out["report"]["report-small.txt"] = REPORT.encode()
    out["report"]["report-crlf-nfd.txt"] = REPORT.replace("\n", "\r\n").replace("ế", "e\u0302\u0301").encode()
    lines = REPORT.splitlines(True)
    out["report"]["report-no-table.txt"] = "".join(lines[:2]).encode()
    sample = os.path.join(src, "samples", "report-2021.txt")
    if os.path.exists(sample):
        with open(sample, "rb") as f:
            out["report"]["samples-report-2021.txt"] = f.read()
    return out


def main(argv):
    ts = kc = None
    while len(argv) >= 2 and argv[0] in ("--testsign", "--kiemchung"):
        if argv[0] == "--testsign":
            ts = argv[1]
        else:
            kc = argv[1]
        argv = argv[2:]
    root = argv[0] if argv else os.path.join(here, "corpus")

    def put(target, name, data):
        d = os.path.join(root, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    for name, data in pdf_seeds().items():
        put("pdf", name, data)
        put("verify", name, data)
    if ts:
        pdfs, cms = signed_seeds(ts)
        for name, data in pdfs.items():
            put("verify", name, data)
        put("pdf", "kc-leader-org.pdf", pdfs["kc-leader-org.pdf"])
        for name in ("type0-cmap-lie.pdf", "type0-notounicode.pdf"):
            put("pdf", name, pdfs[name])
        for name, data in cms.items():
            put("cms", name, data)
    if kc:
        for name, data in dossier_seeds(kc, ts).items():
            put("dossier", name, data)
    if ts:
        for name, data in tsa_seeds(ts).items():
            put("tsa", name, data)
    for i, uri in enumerate(P11URI):
        put("p11uri", "uri-%02d.txt" % i, uri.encode())
    for target, files in text_seeds().items():
        for name, data in files.items():
            put(target, name, data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
