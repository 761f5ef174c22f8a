"""Change-in-Tandem to served-at-the-target latency, per target: see run.sh."""
import json
import os
import socket
import struct
import sys
import time
import urllib.request

http, key, zone, changes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
targets = {t.split("=")[0]: int(t.split("=")[1]) for t in sys.argv[5:]}
owner = "lat." + zone + "."


def query(port, name):
    """A TXT query over UDP; the raw answer (the value is looked for in its bytes)."""
    qid = int.from_bytes(os.urandom(2), "big")
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\x00" + struct.pack(">HH", 16, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.5)
    try:
        s.sendto(q, ("127.0.0.1", port))
        return s.recv(4096)
    except socket.timeout:
        return b""
    finally:
        s.close()


def patch(value):
    body = json.dumps({"rrsets": [{"name": owner, "type": "TXT", "ttl": 60,
                                   "changetype": "REPLACE", "records": ['"' + value + '"']}]})
    r = urllib.request.Request(f"http://127.0.0.1:{http}/api/zones/{zone}/rrsets",
                               data=body.encode(), method="PATCH",
                               headers={"X-API-Key": key, "Content-Type": "application/json"})
    urllib.request.urlopen(r).read()


lat = {t: [] for t in targets}
for i in range(changes):
    value = f"v{i}-{os.urandom(4).hex()}"
    start = time.monotonic()
    patch(value)
    pending = dict(targets)
    while pending:
        for t, port in list(pending.items()):
            if value.encode() in query(port, owner):
                lat[t].append((time.monotonic() - start) * 1000)
                del pending[t]
        if time.monotonic() - start > 30:
            print("timed out waiting for", list(pending), file=sys.stderr)
            sys.exit(1)
        time.sleep(0.001)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


print(f"{changes} changes, one at a time; change via API -> served at the target, ms")
for t, xs in lat.items():
    print(f"{t:6} p50 {pct(xs, 50):7.1f}  p90 {pct(xs, 90):7.1f}  p99 {pct(xs, 99):7.1f}"
          f"  max {max(xs):7.1f}")
