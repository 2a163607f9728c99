"""Serves a throw-away PyPI-compatible index (pypiserver) on 127.0.0.1 at a free port.

    python local-python-index.py PACKAGES_DIR USERNAME PASSWORD

Uploads need USERNAME and PASSWORD (HTTP basic auth, as twine sends them); listing and
downloading do not. It serves only what is uploaded to it: a name it does not hold is
answered with 404, never redirected to PyPI. The first line on stdout is the base URL
(`http://127.0.0.1:PORT/`); the index runs until its standard input closes (as it does
when the process that started it ends) or it is terminated.
"""

import hmac
import pathlib
import socketserver
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pypiserver


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    packages, username, password = sys.argv[1:4]

    def authenticate(user: str, secret: str) -> bool:
        return hmac.compare_digest(user, username) and hmac.compare_digest(secret, password)

    app = pypiserver.app(
        roots=[pathlib.Path(packages).resolve()],
        authenticate=["update"],
        auther=authenticate,
        disable_fallback=True,
    )
    with make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler) as server:
        threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
        print(f"http://127.0.0.1:{server.server_port}/", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
