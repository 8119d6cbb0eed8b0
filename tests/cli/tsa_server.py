#!/usr/bin/env python3
"""tsa_server.py: an RFC 3161 timestamp authority on the loopback, for
tests/cli/seal.sh, which starts it and stops it (its trap).

    tsa_server.py PORTFILE CERTS KC_TESTSIGN WORKDIR

Listens on 127.0.0.1 at a free port, written to PORTFILE once it listens.
The path of the POST says how to answer the timestamp query in its body:

    /ok                 `openssl ts -reply` with CERTS/tsa.pem (genTime now)
    /at/TIME/NAME       kc-testsign tsa-reply --resp with CERTS/NAME.pem at TIME
                        (2021-10-02T00:00:00Z): the back-dated tokens of the
                        renewal tests, which `openssl ts -reply` cannot make
    /acc/SECS/TIME/NAME the same with an accuracy of SECS seconds (genTime ± SECS)
    /badnonce           a good reply, to the query with its nonce changed
    /badimprint         a good reply, to the query with its imprint changed
    /untrusted          a reply by a TSA that no trust store knows (self-made)
    /rejected           a TimeStampResp with status rejection, no token
    /500                HTTP 500
    /garbage            200 and bytes that are no reply
    /big                200 and 2 MiB
Every request is logged to WORKDIR/requests.log (path and body size).
"""
import http.server
import os
import subprocess
import sys

SHA256_OID = bytes.fromhex("0609608648016503040201")


def flip_imprint(q):
    """The query with the first byte of its SHA-256 imprint changed."""
    at = q.index(SHA256_OID)
    at = q.index(b"\x04\x20", at) + 2
    return q[:at] + bytes([q[at] ^ 0xFF]) + q[at + 1:]


def flip_nonce(q):
    """The query with the last byte of its nonce (the INTEGER after the imprint) changed."""
    at = q.index(SHA256_OID)
    at = q.index(b"\x04\x20", at) + 2 + 32
    if q[at] == 0x06:  # a reqPolicy OID first
        at += 2 + q[at + 1]
    assert q[at] == 0x02, "no nonce in the query"
    end = at + 2 + q[at + 1]
    return q[:end - 1] + bytes([q[end - 1] ^ 0x01]) + q[end:]


class TSA:
    def __init__(self, certs, testsign, work):
        self.certs, self.testsign, self.work = certs, testsign, work
        self.n = 0
        with open(os.path.join(work, "serial"), "w") as f:
            f.write("01\n")
        self.config(os.path.join(work, "tsa.cnf"), certs + "/tsa.pem", certs + "/tsa.key", certs + "/ca.pem")
        # A TSA of its own making: the right key usage, but chaining to nothing trusted.
        self.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                  "-subj", "/CN=Untrusted Test TSA", "-keyout", work + "/rogue.key", "-out", work + "/rogue.pem",
                  "-addext", "basicConstraints=critical,CA:FALSE",
                  "-addext", "keyUsage=critical,digitalSignature",
                  "-addext", "extendedKeyUsage=critical,timeStamping"])
        self.config(os.path.join(work, "rogue.cnf"), work + "/rogue.pem", work + "/rogue.key", None)

    def config(self, path, cert, key, chain):
        with open(path, "w") as f:
            f.write("[ tsa ]\ndefault_tsa = t\n[ t ]\n"
                    f"serial = {self.work}/serial\ncrypto_device = builtin\n"
                    f"signer_cert = {cert}\nsigner_key = {key}\n"
                    + (f"certs = {chain}\n" if chain else "") +
                    "signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\n"
                    "digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\n"
                    "tsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n")

    def run(self, argv):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def openssl_reply(self, query, cnf):
        self.n += 1
        q, r = f"{self.work}/q{self.n}.tsq", f"{self.work}/r{self.n}.tsr"
        with open(q, "wb") as f:
            f.write(query)
        self.run(["openssl", "ts", "-reply", "-config", cnf, "-queryfile", q, "-out", r])
        with open(r, "rb") as f:
            return f.read()

    def testsign_reply(self, query, when, name, accuracy=None):
        self.n += 1
        q, r = f"{self.work}/q{self.n}.tsq", f"{self.work}/r{self.n}.tsr"
        with open(q, "wb") as f:
            f.write(query)
        # NAME.chain.pem, when there, is its issuer (ltsa.pem's, rttime17); else the CA's.
        chain = f"{self.certs}/{name}.chain.pem"
        chain = chain if os.path.exists(chain) else f"{self.certs}/ca.pem"
        self.run([self.testsign, "tsa-reply", q, r, "--cert", f"{self.certs}/{name}.pem",
                  "--key", f"{self.certs}/{name}.key", "--chain", chain, "--time", when, "--resp"]
                 + (["--accuracy", accuracy] if accuracy else []))
        with open(r, "rb") as f:
            return f.read()

    def answer(self, path, query):
        """(HTTP status, body) for a query POSTed to path."""
        cnf = os.path.join(self.work, "tsa.cnf")
        if path == "/ok":
            return 200, self.openssl_reply(query, cnf)
        if path.startswith("/at/"):
            _, _, when, name = path.split("/", 3)
            return 200, self.testsign_reply(query, when, name)
        if path.startswith("/acc/"):
            _, _, secs, when, name = path.split("/", 4)
            return 200, self.testsign_reply(query, when, name, secs)
        if path == "/badnonce":
            return 200, self.openssl_reply(flip_nonce(query), cnf)
        if path == "/badimprint":
            return 200, self.openssl_reply(flip_imprint(query), cnf)
        if path == "/untrusted":
            return 200, self.openssl_reply(query, os.path.join(self.work, "rogue.cnf"))
        if path == "/rejected":
            return 200, bytes.fromhex("30053003020102")
        if path == "/500":
            return 500, b"internal error"
        if path == "/garbage":
            return 200, b"<html>this is not a timestamp</html>"
        if path == "/big":
            return 200, b"\x30" * (2 << 20)
        return 404, b"no such TSA"


def make_server(certs, testsign, work):
    """The HTTP server (not yet serving) on 127.0.0.1, a free port."""
    tsa = TSA(certs, testsign, work)
    log = open(os.path.join(work, "requests.log"), "a")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            log.write(f"{self.path} {len(body)} {self.headers.get('Content-Type')}\n")
            log.flush()
            try:
                status, out = tsa.answer(self.path, body)
            except Exception as e:  # a test that sends nonsense gets a 500, not a dead server
                status, out = 500, str(e).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            try:
                self.wfile.write(out)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (the size limit): that is the test

        def log_message(self, *args):
            pass

    return http.server.HTTPServer(("127.0.0.1", 0), Handler)


def main():
    portfile, certs, testsign, work = sys.argv[1:5]
    server = make_server(certs, testsign, work)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
