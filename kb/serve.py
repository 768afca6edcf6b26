"""A Python server for the built site, for what needs no nginx (a quick look at site/;
`make serve` and the end-to-end tests use nginx, kb/nginx.py).

Python's http.server with the MIME types the site needs: Pyodide's WebAssembly must be
served as application/wasm, or `loadPyodide` never settles; .mjs as JavaScript for the
module worker. It sends the site's Content-Security-Policy (kb/csp.py, hashes of the served
site's inline scripts), but no compression and no caching headers. Listens on 127.0.0.1 only."""

import argparse
import functools
import http.server
import sys
import threading
import urllib.parse

from kb import csp
from kb.languages import addresses

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self):
        # The browser itself enforces what the pages promise: no request leaves the origin.
        self.send_header("Content-Security-Policy", self.server.policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def send_head(self):
        # A NUL byte in the path made os.stat raise (a traceback, the connection dropped).
        if "\x00" in urllib.parse.unquote(self.path):
            self.send_error(400, "Bad request")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404, "File not found")       # no directory listing
        return None

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    verbose = False
    policy = csp.policy([])


def start(root, port=0, host="127.0.0.1", verbose=False, handler=SiteHandler):
    """Start serving `root` in a background thread; returns the server (server.server_port)."""
    server = SiteServer((host, port), functools.partial(handler, directory=str(root)))
    server.verbose = verbose
    server.policy = csp.policy(csp.site_hashes(root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kb.serve", description="Serve the built site on 127.0.0.1.")
    parser.add_argument("--root", default="site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        server = SiteServer(("127.0.0.1", args.port), functools.partial(SiteHandler, directory=args.root))
    except OSError as exc:
        print(f"serve: cannot listen on 127.0.0.1:{args.port}: {exc.strerror} (try `make serve PORT=8001`)", file=sys.stderr)
        return 1
    server.verbose = True
    server.policy = csp.policy(csp.site_hashes(args.root))
    print(f"Serving {args.root}/ at http://127.0.0.1:{args.port}/ ({addresses(f'http://127.0.0.1:{args.port}/')})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
