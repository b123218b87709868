#!/usr/bin/env python3
"""A loopback stand-in for doi.org, for the resolver's tests.

It answers what cix asks of doi.org:

  GET /doiRA/DOI        the RA service: [{"DOI": ..., "RA": "Crossref"}],
                        or [{"DOI": ..., "status": "DOI does not exist"}]
  GET /DOI              content negotiation: the recorded answer for the
                        Accept header (Crossref UNIXSD, DataCite XML or
                        CSL-JSON), with an ETag and Last-Modified, and 304
                        to a matching If-None-Match / If-Modified-Since

from recorded responses: its own fixtures (tests/server/fixtures, see the
README there) and, when given --data (the real responses in
../shared/data), the Crossref and DataCite bodies found there.  Nothing is
copied from --data; it is read at start-up and served.

It misbehaves on demand.  DOIs under the test prefixes 10.5550 to
10.5559 are made up on the fly (a small UNIXSD record) and their suffix
says what to do (give the ra-* ones a prefix of their own: the resolver
caches the agency of a prefix and does not ask again):

  ok-NAME            answer at once
  slow-S[-NAME]      wait S seconds (decimals allowed), then answer
  429-ra-N[-NAME]    429 with Retry-After: N the first time, then answer
  429-date-N[-NAME]  the same with Retry-After as an HTTP date N s ahead
  429-bare[-NAME]    429 without Retry-After the first time, then answer
  429-always         429 with Retry-After: 1, every time
  500-once, 503-once 500 / 503 the first time, then answer
  500-always         500 every time (503-always: 503)
  truncated          a body shorter than its Content-Length, then close
  malformed          XML that is not well formed
  xxe                XML declaring external entities (a file, and an
                     http URL on this server: /xxe-probe)
  lol                the "billion laughs" entity expansion
  huge               a body of --huge-mb MiB without Content-Length
  huge-cl            a Content-Length of 2 GiB (and a body that goes on)
  redirect-loop      302 to itself, for ever
  redirect-ftp       302 to an ftp:// URL (a scheme cix refuses)
  landing            303 to an HTML landing page, whatever is asked
  landing-xml        303 to a landing page for XML, CSL-JSON for CSL
  notfound-html      404 with an HTML page
  gone               410
  ra-unknown         the RA service says "DOI does not exist"
  ra-invalid         the RA service says "Invalid DOI"
  ra-500             the RA service answers 500 (every time)

and POST /_control with a JSON object changes the whole server:

  {"rate_limit": [LIMIT, "INTERVAL"]}   send x-rate-limit-limit/-interval
  {"concurrency_limit": N}              send x-concurrency-limit
  {"fail_all": STATUS}                  answer STATUS to everything (0: off)
  {"delay": S}                          wait S seconds before answering
  {"reset": true}                       forget the per-DOI counters

Every request is logged to --log as one JSON line: t0 (when the request
had arrived), t1 (just before the answer was written, after any delay),
method, path, kind ("ra", "content", "control", "other"), doi, accept,
ua, inm, ims, status and bytes.  t0..t1 is inside the client's own view
of the request, so overlaps of [t0, t1] never overstate what the client
had in flight.  The port is written to --port-file once listening.

Python standard library only.
"""

import argparse
import email.utils
import hashlib
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UNIXSD = "application/vnd.crossref.unixsd+xml"
DATACITE = "application/vnd.datacite.datacite+xml"
CSL = "application/vnd.citationstyles.csl+json"
LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"
# Made-up DOIs: 10.5555 (Crossref's test prefix) and its neighbours up to
# 10.5559, so that tests can use a prefix the resolver has not cached yet
# (for the ra-* misbehaviours) or order DOIs (a run takes them in order).
TEST_PREFIXES = tuple("10.555%d/" % i for i in range(10))


def extract_doi(text, path):
    """The DOI a recorded body is about."""
    m = re.search(r"<query[^>]*>.*?<doi[^>]*>\s*([^<\s]+)\s*</doi>", text,
                  re.S)
    if m:
        return m.group(1)
    m = re.search(r"<identifier[^>]*identifierType=\"DOI\"[^>]*>\s*"
                  r"([^<\s]+)", text)
    if m:
        return m.group(1)
    m = re.search(r"<doi_data>\s*<doi>\s*([^<\s]+)", text)
    if m:
        return m.group(1)
    if path.endswith(".json"):
        try:
            o = json.loads(text)
        except ValueError:
            return None
        if isinstance(o, dict) and isinstance(o.get("message"), dict):
            o = o["message"]
        if isinstance(o, list) and o:
            o = o[0]
        if isinstance(o, dict):
            d = o.get("DOI") or o.get("doi")
            if isinstance(d, str):
                return d
    return None


class Store:
    """DOI -> {media type: body}, and prefix -> RA."""

    def __init__(self):
        self.bodies = {}
        self.ra = {}
        self.ra_doi = {}

    def add(self, doi, mtype, body, ra):
        doi = doi.strip().lower()
        self.bodies.setdefault(doi, {})
        # Our own fixtures win over the shared data.
        self.bodies[doi].setdefault(mtype, body)
        self.ra_doi.setdefault(doi, ra)
        self.ra.setdefault(doi.split("/", 1)[0], ra)

    def load_dir(self, d, mtype, ra, own):
        if not os.path.isdir(d):
            return 0
        n = 0
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not os.path.isfile(path):
                continue
            if mtype == CSL and not name.endswith(".json"):
                continue
            if mtype != CSL and not name.endswith(".xml"):
                continue
            if name.endswith(".api.json"):
                continue
            with open(path, "rb") as f:
                body = f.read()
            doi = extract_doi(body.decode("utf-8", "replace"), path)
            if doi is None:
                if own:
                    sys.exit("server.py: no DOI in fixture %s" % path)
                continue
            self.add(doi, mtype, body, ra)
            n += 1
        return n


def made_up_unixsd(doi, title):
    """A small, well-formed UNIXSD record for a test DOI."""
    esc = (title.replace("&", "&amp;").replace("<", "&lt;")
           .replace(">", "&gt;"))
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<crossref_result xmlns="http://www.crossref.org/qrschema/3.0" version="3.0">
 <query_result><head><doi_batch_id>none</doi_batch_id></head>
  <body><query status="resolved">
   <doi type="journal_article">%(doi)s</doi>
   <crm-item name="publisher-name" type="string">Test Publisher</crm-item>
   <doi_record><crossref xmlns="http://www.crossref.org/xschema/1.1">
    <journal>
     <journal_metadata language="en">
      <full_title>Journal of Resolver Testing</full_title>
      <abbrev_title>J Resolver Test</abbrev_title>
      <issn media_type="print">1234-5679</issn>
     </journal_metadata>
     <journal_issue>
      <publication_date media_type="print"><year>2020</year></publication_date>
      <journal_volume><volume>8</volume></journal_volume>
      <issue>2</issue>
     </journal_issue>
     <journal_article publication_type="full_text">
      <titles><title>%(title)s</title></titles>
      <contributors>
       <person_name sequence="first" contributor_role="author">
        <given_name>Tess</given_name><surname>Tester</surname>
       </person_name>
      </contributors>
      <publication_date media_type="print"><year>2020</year></publication_date>
      <pages><first_page>101</first_page><last_page>110</last_page></pages>
      <doi_data><doi>%(doi)s</doi>
       <resource>https://example.org/%(doi)s</resource></doi_data>
     </journal_article>
    </journal>
   </crossref></doi_record>
  </query></body>
 </query_result>
</crossref_result>
""" % {"doi": doi, "title": esc}).encode("utf-8")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, handler, args, store):
        super().__init__(addr, handler)
        self.args = args
        self.store = store
        self.lock = threading.Lock()
        self.counts = {}
        self.control = {
            "rate_limit": args.rate_limit,
            "concurrency_limit": args.concurrency_limit,
            "fail_all": 0,
            "delay": args.delay,
        }
        self.log = open(args.log, "a", encoding="utf-8")
        self.fixtures = args.fixtures

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def write_log(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry, sort_keys=True) + "\n")
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cix-test-doi/1"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    # -- answering ----------------------------------------------------

    def begin(self):
        self.t0 = time.time()
        self.entry = {
            "t0": self.t0,
            "method": self.command,
            "path": self.path,
            "accept": self.headers.get("Accept"),
            "ua": self.headers.get("User-Agent"),
            "inm": self.headers.get("If-None-Match"),
            "ims": self.headers.get("If-Modified-Since"),
            "kind": "other",
            "doi": None,
        }

    def finish_log(self, status, nbytes):
        self.entry["t1"] = self.t1
        self.entry["status"] = status
        self.entry["bytes"] = nbytes
        self.server.write_log(self.entry)

    def common_headers(self):
        c = self.server.control
        if c.get("rate_limit"):
            lim, interval = c["rate_limit"]
            self.send_header("x-rate-limit-limit", str(lim))
            self.send_header("x-rate-limit-interval", str(interval))
        if c.get("concurrency_limit"):
            self.send_header("x-concurrency-limit",
                             str(c["concurrency_limit"]))

    def answer(self, status, body=b"", ctype="text/plain; charset=utf-8",
               headers=None, delay=0.0):
        delay += self.server.control.get("delay") or 0
        if delay > 0:
            time.sleep(delay)
        self.t1 = time.time()
        self.send_response(status)
        self.common_headers()
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.finish_log(status, len(body))
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)

    def html(self, status, text, headers=None):
        body = ("<!DOCTYPE html>\n<html><head><title>%s</title></head>"
                "<body><h1>%s</h1></body></html>\n" % (text, text))
        self.answer(status, body.encode(), "text/html; charset=utf-8",
                    headers)

    # -- requests -----------------------------------------------------

    def do_POST(self):
        self.begin()
        if self.path != "/_control":
            return self.answer(404, b"no such endpoint\n")
        self.entry["kind"] = "control"
        n = int(self.headers.get("Content-Length") or 0)
        try:
            req = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            return self.answer(400, b"bad JSON\n")
        c = self.server.control
        for k in ("rate_limit", "concurrency_limit", "fail_all", "delay"):
            if k in req:
                c[k] = req[k]
        if req.get("reset"):
            with self.server.lock:
                self.server.counts.clear()
        self.answer(200, json.dumps(c).encode() + b"\n",
                    "application/json")

    def do_GET(self):
        self.begin()
        path = urllib.parse.unquote(self.path)
        if path.startswith("/xxe-probe"):
            # Only an XML parser that fetches external entities comes
            # here: the test fails if this is in the log.
            self.entry["kind"] = "xxe-probe"
            return self.answer(200, b"FETCHED-BY-XXE", "text/plain")
        if path.startswith("/landing/"):
            self.entry["kind"] = "landing"
            return self.html(200, "Landing page of %s" % path[9:])
        fail_all = self.server.control.get("fail_all")
        if path.startswith("/doiRA/"):
            self.entry["kind"] = "ra"
            doi = path[len("/doiRA/"):]
            self.entry["doi"] = doi.lower()
            if fail_all:
                return self.answer(fail_all, b"failing on purpose\n")
            return self.ra(doi)
        if path.startswith("/10."):
            self.entry["kind"] = "content"
            doi = path[1:]
            self.entry["doi"] = doi.lower()
            if fail_all:
                return self.answer(fail_all, b"failing on purpose\n")
            return self.content(doi)
        self.answer(404, b"no such endpoint\n")

    def ra(self, doi):
        low = doi.lower()
        st = self.server.store
        suffix = low.split("/", 1)[1] if "/" in low else ""
        if low.startswith(TEST_PREFIXES):
            if suffix.startswith("ra-unknown"):
                out = [{"DOI": doi, "status": "DOI does not exist"}]
            elif suffix.startswith("ra-invalid"):
                out = [{"DOI": doi, "status": "Invalid DOI"}]
            elif suffix.startswith("ra-500"):
                return self.answer(500, b"RA service down\n")
            else:
                out = [{"DOI": doi, "RA": "Crossref"}]
        elif low in st.ra_doi:
            out = [{"DOI": doi, "RA": st.ra_doi[low]}]
        else:
            out = [{"DOI": doi, "status": "DOI does not exist"}]
        self.answer(200, json.dumps(out).encode(), "application/json")

    def wanted(self):
        accept = (self.headers.get("Accept") or "").lower()
        for t in (UNIXSD, DATACITE, CSL):
            if t in accept:
                return t
        return None

    def send_body(self, body, mtype):
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        h = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if (inm is not None and inm.strip() == etag) or \
                (inm is None and ims is not None and
                 ims.strip() == LAST_MODIFIED):
            return self.answer(304, headers=h)
        self.answer(200, body, mtype, h)

    def content(self, doi):
        low = doi.lower()
        want = self.wanted()
        if low.startswith(TEST_PREFIXES):
            return self.test_doi(doi, low.split("/", 1)[1], want)
        bodies = self.server.store.bodies.get(low)
        if bodies is None:
            return self.answer(404, b"Resource not found.\n")
        if want is None:
            return self.redirect(303, "/landing/" + doi)
        if want not in bodies:
            return self.answer(406, b"Not acceptable\n")
        self.send_body(bodies[want], want)

    def redirect(self, status, location):
        self.answer(status, b"", "text/plain", {"Location": location})

    def fixture(self, name):
        with open(os.path.join(self.server.fixtures, "hostile", name),
                  "rb") as f:
            return f.read()

    def test_doi(self, doi, suffix, want):
        n = self.server.count(("content", suffix))
        ok = made_up_unixsd(doi, "Test record " + suffix)

        def serve(delay=0.0):
            if want == CSL:
                body = json.dumps({
                    "DOI": doi, "type": "article-journal",
                    "title": "Test record " + suffix + " (CSL)",
                    "author": [{"family": "Tester", "given": "Tess"}],
                    "container-title": "Journal of Resolver Testing",
                    "issued": {"date-parts": [[2020]]}}).encode()
                mtype = CSL
            else:
                body, mtype = ok, UNIXSD
            if delay:
                time.sleep(delay)
            self.send_body(body, mtype)

        m = re.match(r"slow-([0-9.]+)", suffix)
        if m:
            return serve(float(m.group(1)))
        m = re.match(r"429-ra-([0-9]+)", suffix)
        if m:
            if n == 1:
                return self.answer(429, b"Too many requests\n",
                                   headers={"Retry-After": m.group(1)})
            return serve()
        m = re.match(r"429-date-([0-9]+)", suffix)
        if m:
            if n == 1:
                when = email.utils.formatdate(
                    time.time() + int(m.group(1)), usegmt=True)
                return self.answer(429, b"Too many requests\n",
                                   headers={"Retry-After": when})
            return serve()
        if suffix.startswith("429-bare"):
            if n == 1:
                return self.html(429, "Too Many Requests")
            return serve()
        if suffix.startswith("429-always"):
            return self.answer(429, b"Too many requests\n",
                               headers={"Retry-After": "1"})
        if suffix.startswith("500-once"):
            return self.answer(500, b"oops\n") if n == 1 else serve()
        if suffix.startswith("503-once"):
            return self.answer(503, b"busy\n") if n == 1 else serve()
        if suffix.startswith("500-always"):
            return self.answer(500, b"oops\n")
        if suffix.startswith("503-always"):
            return self.answer(503, b"busy\n")
        if suffix.startswith("truncated"):
            self.t1 = time.time()
            self.send_response(200)
            self.send_header("Content-Type", UNIXSD)
            self.send_header("Content-Length", str(len(ok)))
            self.end_headers()
            self.finish_log(200, len(ok) // 3)
            self.wfile.write(ok[:len(ok) // 3])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        if suffix.startswith("malformed"):
            return self.answer(200, self.fixture("malformed.xml"), UNIXSD)
        if suffix.startswith("xxe"):
            body = self.fixture("xxe.xml").replace(
                b"@PORT@", str(self.server.server_address[1]).encode())
            return self.answer(200, body, UNIXSD)
        if suffix.startswith("lol"):
            return self.answer(200, self.fixture("lol.xml"), UNIXSD)
        if suffix.startswith("huge"):
            return self.huge(suffix.startswith("huge-cl"))
        if suffix.startswith("redirect-loop"):
            return self.redirect(302, "/" + doi)
        if suffix.startswith("redirect-ftp"):
            return self.redirect(302, "ftp://127.0.0.1/" + doi)
        if suffix == "landing" or suffix.startswith("landing-all"):
            return self.redirect(303, "/landing/" + doi)
        if suffix.startswith("landing-xml"):
            if want == CSL:
                return serve()
            return self.redirect(303, "/landing/" + doi)
        if suffix.startswith("notfound-html"):
            return self.html(404, "DOI Not Found")
        if suffix.startswith("gone"):
            return self.answer(410, b"Gone\n")
        if suffix.startswith("ok") or suffix.startswith("ra-"):
            return serve()
        return self.answer(404, b"Resource not found.\n")

    def huge(self, with_length):
        chunk = (b"<!-- " + b"x" * 65500 + b" -->\n")
        self.t1 = time.time()
        self.send_response(200)
        self.send_header("Content-Type", UNIXSD)
        if with_length:
            self.send_header("Content-Length", str(2 * 1024 ** 3))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        limit = self.server.args.huge_mb * 1024 * 1024
        try:
            self.wfile.write(b'<?xml version="1.0"?>\n<crossref_result>\n')
            while sent < limit:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        self.finish_log(200, sent)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--data", help="../shared/data, served when present")
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--huge-mb", type=int, default=64)
    ap.add_argument("--rate-limit", type=lambda s: s.split("/", 1),
                    help="LIMIT/INTERVAL, e.g. 3/1s")
    ap.add_argument("--concurrency-limit", type=int, default=0)
    args = ap.parse_args()

    store = Store()
    n = store.load_dir(os.path.join(args.fixtures, "crossref"), UNIXSD,
                       "Crossref", True)
    n += store.load_dir(os.path.join(args.fixtures, "datacite"), DATACITE,
                        "DataCite", True)
    n += store.load_dir(os.path.join(args.fixtures, "csl"), CSL, None, True)
    with open(os.path.join(args.fixtures, "ra.json")) as f:
        for prefix, ra in json.load(f).items():
            store.ra[prefix] = ra
    for doi in store.ra_doi:
        if store.ra_doi[doi] is None:
            store.ra_doi[doi] = store.ra.get(doi.split("/", 1)[0], "mEDRA")
    if args.data and os.path.isdir(args.data):
        n += store.load_dir(os.path.join(args.data, "crossref"), UNIXSD,
                            "Crossref", False)
        n += store.load_dir(os.path.join(args.data, "datacite"), DATACITE,
                            "DataCite", False)

    srv = Server((args.host, args.port), Handler, args, store)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    sys.stderr.write("server.py: %d recorded answers on %s:%d\n" %
                     (n, args.host, srv.server_address[1]))
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
