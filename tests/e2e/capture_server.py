#!/usr/bin/python3
"""Loopback capture servers for the Icinga 2 end-to-end test.

  capture_server.py graphite PORT OUTFILE   Graphite plaintext protocol: appends every line received.
  capture_server.py webhook PORT OUTFILE    HTTP: appends the body of every POST as one line, answers 200.

Binds 127.0.0.1 only and exits by itself after --max-seconds (default 900), so a test that dies
cannot leave it running for long.
"""

import argparse
import http.server
import socketserver
import sys
import threading


def serve_graphite(port, path):
    lock = threading.Lock()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for raw in self.rfile:
                with lock, open(path, "ab") as out:
                    out.write(raw if raw.endswith(b"\n") else raw + b"\n")

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    return Server(("127.0.0.1", port), Handler)


def serve_webhook(port, path):
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 1 << 20))
            with lock, open(path, "ab") as out:
                out.write(body.replace(b"\n", b" ") + b"\n")
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True

    return Server(("127.0.0.1", port), Handler)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["graphite", "webhook"])
    parser.add_argument("port", type=int)
    parser.add_argument("outfile")
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args()

    open(args.outfile, "ab").close()
    make = serve_graphite if args.kind == "graphite" else serve_webhook
    server = make(args.port, args.outfile)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
