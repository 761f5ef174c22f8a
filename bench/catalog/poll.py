#!/usr/bin/env python3
"""Waits until a server on 127.0.0.1 serves every zone of a list (stdlib only, UDP).

  poll.py PORT NAMES_FILE TIMEOUT_S     one zone name a line; prints the seconds until every zone
                                        answers SOA with NOERROR and AA (exit 1 on timeout), and
                                        progress on stderr every 2 s

Only the zones not yet served are asked again, round-robin, at most RATE queries a second (a light
load: the poller shares the cores with the servers) and each at most once every REASK seconds.
While many zones wait, the rate decides how often each is asked (100,000 zones: every 4 s); once
few are left, each is asked every REASK seconds, so the last one is heard within about REASK of
being served. (Rounds over every waiting zone with a pause between them, as this asked before,
heard the last one 1.2-1.6 s after the server's own log had it served.)
"""
import collections
import socket
import struct
import sys
import time

RATE = 25_000  # queries a second, at most
BURST = 512  # queries sent together, then answers read until the next burst is due
REASK = 0.25  # seconds, at least, between two queries for the same zone


def query(qid, name):
    out = bytearray(struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0))
    for label in name.rstrip(".").split("."):
        out.append(len(label))
        out += label.encode()
    out.append(0)
    out += struct.pack(">HH", 6, 1)
    return bytes(out)


def question(data):
    labels, i = [], 12
    while i < len(data) and data[i]:
        n = data[i]
        labels.append(data[i + 1:i + 1 + n].decode("ascii", "replace").lower())
        i += n + 1
    return ".".join(labels) + "."


def main():
    port, names_file, timeout_s = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    with open(names_file) as f:
        waiting = {n.strip().lower().rstrip(".") + "." for n in f if n.strip()}
    total = len(waiting)
    # (when last asked, name), oldest first; a name answered is dropped when it comes round
    queue = collections.deque((0.0, n) for n in waiting)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.setblocking(False)
    t0 = time.monotonic()
    last = t0
    qid = 0
    while waiting:
        now = time.monotonic()
        if now - t0 > timeout_s:
            print(f"timeout: {len(waiting)} of {total} zones not served after {timeout_s} s",
                  file=sys.stderr)
            sys.exit(1)
        if now - last > 2:
            print(f"{now - t0:6.1f} s: {total - len(waiting)} of {total} served", file=sys.stderr)
            last = now
        sent = 0
        while queue and sent < BURST:
            asked, name = queue[0]
            if name not in waiting:
                queue.popleft()
                continue
            if now - asked < REASK:
                break  # every waiting zone was asked less than REASK ago
            queue.popleft()
            qid = (qid + 1) & 0xFFFF
            try:
                s.sendto(query(qid, name), ("127.0.0.1", port))
            except BlockingIOError:
                pass  # asked again when it comes round
            queue.append((now, name))
            sent += 1
        next_burst = now + BURST / RATE
        while True:
            try:
                data, _ = s.recvfrom(4096)
            except BlockingIOError:
                if time.monotonic() >= next_burst:
                    break
                time.sleep(0.0005)
                continue
            if len(data) < 12:
                continue
            flags, qd, an = struct.unpack(">HHH", data[2:8])
            if flags & 0xF == 0 and flags & 0x400 and an >= 1:
                waiting.discard(question(data))
    print(f"{time.monotonic() - t0:.2f}")


if __name__ == "__main__":
    main()
