#!/usr/bin/python3
"""Loopback capture servers for the Icinga 2 end-to-end test.

  capture_server.py graphite PORT OUTFILE   Graphite plaintext protocol: appends every line received.
  capture_server.py webhook PORT OUTFILE    HTTP: appends the body of every POST as one line, answers 200.
      --status CODE   answer CODE instead (a chat service that fails)
      --jsonl         append {"time": epoch, "path": ..., "body": ...} per POST instead (who got what, when)
  capture_server.py smtp PORT OUTFILE       SMTP sink (python3-aiosmtpd): appends
                                            {"time": epoch, "from": ..., "rcpt": [...], "data": ...} per mail.

Binds 127.0.0.1 only and exits by itself after --max-seconds (default 900), so a test that dies
cannot leave it running for long.
"""

import argparse
import http.server
import socketserver
import json
import sys
import threading
import time


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


def serve_webhook(port, path, status=200, jsonl=False):
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 1 << 20))
            if jsonl:
                record = {"time": time.time(), "path": self.path, "body": body.decode("utf-8", "replace")}
                line = json.dumps(record).encode() + b"\n"
            else:
                line = body.replace(b"\n", b" ") + b"\n"
            with lock, open(path, "ab") as out:
                out.write(line)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True

    return Server(("127.0.0.1", port), Handler)


def serve_smtp(port, path):
    """An aiosmtpd sink on 127.0.0.1; returns an object with serve_forever/shutdown/server_close."""
    from aiosmtpd.controller import Controller

    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            record = {"time": time.time(), "from": envelope.mail_from, "rcpt": list(envelope.rcpt_tos),
                      "data": envelope.original_content.decode("utf-8", "replace")}
            with lock, open(path, "ab") as out:
                out.write(json.dumps(record).encode() + b"\n")
            return "250 Message accepted"

    class Sink:
        def __init__(self):
            self.done = threading.Event()
            self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

        def serve_forever(self):
            self.controller.start()
            self.done.wait()

        def shutdown(self):
            self.done.set()

        def server_close(self):
            self.controller.stop()

    return Sink()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["graphite", "webhook", "smtp"])
    parser.add_argument("port", type=int)
    parser.add_argument("outfile")
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--jsonl", action="store_true")
    args = parser.parse_args()

    open(args.outfile, "ab").close()
    if args.kind == "graphite":
        server = serve_graphite(args.port, args.outfile)
    elif args.kind == "webhook":
        server = serve_webhook(args.port, args.outfile, args.status, args.jsonl)
    else:
        server = serve_smtp(args.port, args.outfile)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
