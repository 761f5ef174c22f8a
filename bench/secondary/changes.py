#!/usr/bin/env python3
"""One-record changes on a knotd primary, and the time until each secondary serves them.

Usage: changes.py KNOT_CONF ZONE START_SERIAL CHANGES LABEL NAME=PORT [NAME=PORT ...]
Each change: knotc zone-begin, zone-set (a TXT record), then the clock starts and zone-commit
runs; every secondary is then asked for the SOA over UDP every millisecond until it answers the
new serial. Prints p50/p90/max per secondary. Stdlib only.
"""
import socket
import statistics
import struct
import subprocess
import sys
import time


def query(zone, qid):
    q = bytearray(struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0))
    for label in zone.rstrip(".").split("."):
        q.append(len(label))
        q += label.encode()
    return bytes(q + b"\0" + struct.pack(">HH", 6, 1))


def skip_name(d, i):
    while d[i]:
        if d[i] >= 192:
            return i + 2
        i += d[i] + 1
    return i + 1


def serial(sock, port, zone):
    qid = int(time.monotonic_ns() & 0xFFFF)
    sock.sendto(query(zone, qid), ("127.0.0.1", port))
    while True:
        d, _ = sock.recvfrom(4096)
        if struct.unpack(">H", d[:2])[0] == qid:
            break
    if d[3] & 15 or struct.unpack(">H", d[6:8])[0] == 0:
        return None
    i = skip_name(d, 12) + 4          # question
    i = skip_name(d, i) + 10          # answer owner, type, class, ttl, rdlength
    i = skip_name(d, skip_name(d, i))  # mname, rname
    return struct.unpack(">I", d[i:i + 4])[0]


def main():
    conf, zone, start, changes, label = sys.argv[1:6]
    targets = [(t.split("=")[0], int(t.split("=")[1])) for t in sys.argv[6:]]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.2)
    knotc = ["knotc", "-c", conf]
    want = int(start)
    results = {name: [] for name, _ in targets}
    for i in range(1, int(changes) + 1):
        subprocess.run(knotc + ["zone-begin", zone], check=True, capture_output=True)
        subprocess.run(knotc + ["zone-set", zone, f"bench{i}", "300", "TXT", f"change {i}"],
                       check=True, capture_output=True)
        want += 1
        t0 = time.monotonic()
        subprocess.run(knotc + ["zone-commit", zone], check=True, capture_output=True)
        pending = dict(targets)
        while pending and time.monotonic() - t0 < 30:
            for name, port in list(pending.items()):
                try:
                    if serial(sock, port, zone) == want:
                        results[name].append((time.monotonic() - t0) * 1000)
                        del pending[name]
                except OSError:
                    pass
            time.sleep(0.001)
        for name in pending:
            print(f"[{label}] change {i}: {name} did not serve serial {want} within 30 s")
        time.sleep(0.2)
    print(f"[{label}] change-to-served, {changes} one-record changes, ms from knotc zone-commit:")
    for name, xs in results.items():
        if xs:
            xs.sort()
            print(f"[{label}]   {name:7s} p50 {statistics.median(xs):6.1f}  "
                  f"p90 {xs[min(len(xs) - 1, int(0.9 * len(xs)))]:6.1f}  max {xs[-1]:6.1f}  (n={len(xs)})")


if __name__ == "__main__":
    main()
