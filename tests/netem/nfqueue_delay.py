#!/usr/bin/env python3
"""Holds every packet of an NFQUEUE queue for a fixed time, then lets it through in arrival order.

A stand-in for `tc qdisc ... netem delay` on kernels built without sch_netem: an iptables rule
(`-j NFQUEUE --queue-num N`) hands packets to this process, which gives each one its ACCEPT verdict DELAY
milliseconds after it arrived. Speaks nfnetlink_queue (linux/netfilter/nfnetlink_queue.h) directly, so it
needs nothing beyond Python. Runs in the network namespace whose packets it delays; stops on SIGTERM or
after --max-seconds.

  usage: nfqueue_delay.py --queue N --delay-ms MS [--max-seconds S]
"""
import argparse
import collections
import os
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET = 0
NFQNL_MSG_VERDICT = 1
NFQNL_MSG_CONFIG = 2
NFQA_CFG_CMD = 1
NFQA_CFG_PARAMS = 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NF_ACCEPT = 1
NLM_F_REQUEST = 1
NLMSG_ERROR = 2


def attribute(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attributes, seq):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attributes)
    msg_type = (NFNL_SUBSYS_QUEUE << 8) | kind
    return struct.pack("=IHHII", 16 + len(body), msg_type, NLM_F_REQUEST, seq, 0) + body


def packet_ids(data):
    """Yields the packet id (network order bytes) of every queued-packet message in a netlink datagram."""
    offset = 0
    while offset + 16 <= len(data):
        length, msg_type, _flags, _seq, _pid = struct.unpack_from("=IHHII", data, offset)
        if length < 16:
            return
        if msg_type == NLMSG_ERROR:
            error = struct.unpack_from("=i", data, offset + 16)[0]
            if error != 0:
                raise OSError(-error, "nfnetlink_queue: " + os.strerror(-error))
        elif msg_type == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            at = offset + 16 + 4  # past nlmsghdr and nfgenmsg
            end = offset + length
            while at + 4 <= end:
                attr_length, attr_type = struct.unpack_from("=HH", data, at)
                if attr_length < 4:
                    break
                if (attr_type & 0x7FFF) == NFQA_PACKET_HDR:
                    yield data[at + 4:at + 8]
                at += (attr_length + 3) & ~3
        offset += (length + 3) & ~3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", type=int, required=True)
    parser.add_argument("--delay-ms", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    delay = args.delay_ms / 1000.0
    stop_at = time.monotonic() + args.max_seconds
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    seq = 1
    sock.send(message(NFQNL_MSG_CONFIG, args.queue,
                      [attribute(NFQA_CFG_CMD, struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, socket.htons(socket.AF_INET)))],
                      seq))
    seq += 1
    sock.send(message(NFQNL_MSG_CONFIG, args.queue,
                      [attribute(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META))], seq))
    print("READY", flush=True)

    pending = collections.deque()  # (release time, packet id), in arrival order
    while time.monotonic() < stop_at:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, packet_id = pending.popleft()
            seq += 1
            verdict = attribute(NFQA_VERDICT_HDR, struct.pack("!I", NF_ACCEPT) + packet_id)
            sock.send(message(NFQNL_MSG_VERDICT, args.queue, [verdict], seq))
        wait = min(0.2, max(0.0, pending[0][0] - time.monotonic())) if pending else 0.2
        readable, _, _ = select.select([sock], [], [], wait)
        if readable:
            data = sock.recv(65536)
            arrived = time.monotonic()
            for packet_id in packet_ids(data):
                pending.append((arrived + delay, packet_id))


if __name__ == "__main__":
    main()
