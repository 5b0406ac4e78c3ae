"""Wall time of ``citewatch run`` over a local server serving the 121 shared
article pages (Zyte article-extraction benchmark, MIT licence, ../shared).

One claim per page: a sentence of the page's human-extracted article body,
cited to that page. The server listens on 127.0.0.1 only and stops by itself.

Usage::

    .venv/bin/python benchmarks/run_articles.py [--shared ../shared] [--repeat 3]

Prints the wall time of each run (seconds), the verdict counts and the peak
resident memory of the run (KiB, from ``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citewatch.claims import Claim, ClaimFile, Profile, Source, save_claim_file  # noqa: E402
from citewatch.pipeline import Workspace  # noqa: E402
from citewatch.text import split_sentences  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = args.shared / "data" / "article-extraction"
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    pages = {sha: gzip.decompress((data / "html" / f"{sha}.html.gz").read_bytes()) for sha in truth}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages.get(self.path.strip("/"))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for i in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                ws = Workspace.init(tmp)
                sources, claims = [], []
                for n, (sha, item) in enumerate(sorted(truth.items()), 1):
                    sents = [s for s in split_sentences(item["articleBody"]) if len(s.split()) >= 8] or [item["articleBody"][:300]]
                    sources.append(Source(number=n, url=f"{base}/{sha}"))
                    claims.append(Claim(id=f"page-{n:03d}", text=sents[0], sources=[n]))
                save_claim_file(ClaimFile(profile=Profile(name="articles"), sources=sources, claims=claims),
                                ws.claims_dir / "articles.yaml")
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "citewatch.cli", "--workspace", tmp, "run",
                                       "--allow-private-networks", "--no-wayback", "--quiet"],
                                      capture_output=True, text=True)
                wall = time.perf_counter() - t0
                if proc.returncode != 0:
                    print(proc.stdout, proc.stderr, file=sys.stderr)
                    return 1
                report = json.loads((Path(tmp) / "reports" / "latest.json").read_text("utf-8"))
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                print(f"run {i + 1}: {wall:.2f} s wall for {len(claims)} claims / {len(sources)} pages; "
                      f"verdicts {report['counts']}; peak RSS {peak} KiB")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
