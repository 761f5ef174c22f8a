#!/usr/bin/env python3
"""Helpers for bench/primary/run.sh (Python 3 stdlib only).

  bench.py soa PORT ZONE
      Prints the SOA serial PORT serves for ZONE over UDP, or nothing.
  bench.py axfr --port P --zone Z [--key NAME:BASE64] [--expect N] [--out FILE.json]
      One AXFR over TCP (TSIG hmac-sha256 signed request if --key). Reads the stream with header
      parsing only (length prefix, rcode, ANCOUNT), so the client costs little; with --expect the
      transfer is taken as done when N answer records have come, and the last message is then
      parsed in full to check that it ends with the SOA. Prints/writes seconds, records, messages,
      bytes (DNS messages, without the 2-byte TCP length prefixes), client CPU seconds, server CPU
      seconds (--server-pid: the process and its descendants, from /proc).
  bench.py timed --out FILE.json [--server-pid PID] -- CMD ...
      Runs CMD (dig or kdig with +noall +stats) and records wall and CPU seconds and the
      record/message/byte counts from its statistics.
  bench.py edits --primary-port P --zone Z --key NAME:BASE64 --changes N --out FILE.json NAME=PORT ...
      N edits to the primary, each one RFC 2136 UPDATE (nsupdate -y, adding a TXT record). The
      clock starts when nsupdate exits (it has the answer); then the SOA of every secondary is
      asked over UDP every ~2 ms until it serves the primary's new serial.
  bench.py wait-serial --timeout S --serial N NAME=PORT ...
      Waits until every server serves ZONE serial N (or newer).
  bench.py summary DIR
      Markdown summary of the JSON results in DIR.
"""
import argparse
import base64
import glob
import hashlib
import hmac
import json
import os
import select
import socket
import statistics
import struct
import subprocess
import sys
import time

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED",
          6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE"}
TSIG_ERRORS = {16: "BADSIG", 17: "BADKEY", 18: "BADTIME"}


# ------------------------------------------------------------------------------ wire helpers
def wire_name(name):
    out = bytearray()
    for label in name.rstrip(".").split("."):
        if label:
            out.append(len(label))
            out += label.encode().lower()
    return bytes(out + b"\0")


def query(zone, qtype, qid):
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + wire_name(zone) + struct.pack(">HH", qtype, 1)


def tsig_sign(msg, key_name, secret, fudge=300):
    """Appends a TSIG record (hmac-sha256) to a request (RFC 8945 section 4.3.3)."""
    alg = wire_name("hmac-sha256.")
    kname = wire_name(key_name)
    now = int(time.time())
    time_signed = struct.pack(">HI", now >> 32, now & 0xFFFFFFFF)
    variables = kname + struct.pack(">HI", 255, 0) + alg + time_signed + struct.pack(">HHH", fudge, 0, 0)
    mac = hmac.new(secret, msg + variables, hashlib.sha256).digest()
    qid = struct.unpack(">H", msg[:2])[0]
    rdata = alg + time_signed + struct.pack(">HH", fudge, len(mac)) + mac + struct.pack(">HHH", qid, 0, 0)
    rr = kname + struct.pack(">HHIH", 250, 255, 0, len(rdata)) + rdata
    arcount = struct.unpack(">H", msg[10:12])[0] + 1
    return msg[:10] + struct.pack(">H", arcount) + msg[12:] + rr


def parse_key(spec):
    if not spec:
        return None
    name, secret = spec.split(":", 1)
    return name, base64.b64decode(secret)


def skip_name(d, i):
    while d[i]:
        if d[i] >= 192:
            return i + 2
        i += d[i] + 1
    return i + 1


def rr_types(msg):
    """Types of the answer records of one message (a full parse)."""
    qd, an = struct.unpack(">HH", msg[4:8])
    i = 12
    for _ in range(qd):
        i = skip_name(msg, i) + 4
    types = []
    for _ in range(an):
        i = skip_name(msg, i)
        t, _, _, rdlen = struct.unpack(">HHIH", msg[i:i + 10])
        types.append(t)
        i += 10 + rdlen
    return types


def soa_serial_of(d):
    if d[3] & 15 or struct.unpack(">H", d[6:8])[0] == 0:
        return None
    i = skip_name(d, 12) + 4
    i = skip_name(d, i)
    if struct.unpack(">H", d[i:i + 2])[0] != 6:
        return None
    i += 10
    i = skip_name(d, skip_name(d, i))
    return struct.unpack(">I", d[i:i + 4])[0]


def serial_ge(a, b):
    """a == b or a newer than b (RFC 1982)."""
    return a == b or 0 < ((a - b) & 0xFFFFFFFF) < 0x80000000


def soa(port, zone, timeout=0.5):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    qid = os.getpid() & 0xFFFF
    try:
        s.sendto(query(zone, 6, qid), ("127.0.0.1", port))
        while True:
            d, _ = s.recvfrom(65535)
            if struct.unpack(">H", d[:2])[0] == qid:
                return soa_serial_of(d)
    except OSError:
        return None
    finally:
        s.close()


# ------------------------------------------------------------------------------ CPU accounting
def proc_cpu(pid):
    """utime+stime in seconds of pid and all its descendants (0 if gone)."""
    if not pid:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    children = {}
    stats = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(p))
        stats[int(p)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [int(pid)]
    while todo:
        p = todo.pop()
        total += stats.get(p, 0.0)
        todo += children.get(p, [])
    return total


# ------------------------------------------------------------------------------ AXFR client
def read_exact(f, n):
    b = f.read(n)
    if b is None or len(b) != n:
        raise EOFError("connection closed by the server")
    return b


def axfr(port, zone, key, expect, timeout):
    q = query(zone, 252, 0x4242)
    if key:
        q = tsig_sign(q, key[0], key[1])
    records = messages = nbytes = 0
    result = {"ok": False}
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    f = s.makefile("rb", buffering=1 << 20)
    try:
        s.sendall(struct.pack(">H", len(q)) + q)
        soas = 0
        while True:
            n = struct.unpack(">H", read_exact(f, 2))[0]
            m = read_exact(f, n)
            messages += 1
            nbytes += n
            rcode = m[3] & 15
            if rcode:
                result["error"] = f"rcode {RCODES.get(rcode, rcode)}"
                break
            an = struct.unpack(">H", m[6:8])[0]
            if messages == 1:
                if an == 0 or rr_types(m)[0] != 6:
                    result["error"] = "the first message does not start with the SOA"
                    break
            records += an
            if expect is None or records >= expect:
                types = rr_types(m)
                soas += types.count(6)
                if records > 1 and types and types[-1] == 6 and (messages > 1 or soas >= 2):
                    if expect is not None and records != expect:
                        result["error"] = f"{records} records, expected {expect}"
                        break
                    result["ok"] = True
                    break
                if expect is not None:
                    result["error"] = f"{records} records and no closing SOA"
                    break
    except (OSError, EOFError) as e:
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        s.close()
    result.update(records=records, messages=messages, bytes=nbytes)
    return result


def cmd_axfr(a):
    key = parse_key(a.key)
    expect = a.expect if a.expect and a.expect > 0 else None
    c0, s0, t0 = time.process_time(), proc_cpu(a.server_pid), time.monotonic()
    r = axfr(a.port, a.zone, key, expect, a.timeout)
    t1, c1, s1 = time.monotonic(), time.process_time(), proc_cpu(a.server_pid)
    r.update(client="python", seconds=t1 - t0, client_cpu=c1 - c0, server_cpu=s1 - s0,
             signed=bool(key))
    write(a.out, r)
    print(f"{r['seconds']:.3f} s, {r['records']} records, {r['messages']} messages, {r['bytes']} bytes,"
          f" client CPU {r['client_cpu']:.2f} s, server CPU {r['server_cpu']:.2f} s"
          + ("" if r["ok"] else f"  FAILED: {r.get('error')}"))
    return 0 if r["ok"] else 1


def cmd_timed(a):
    import re
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0, t0 = proc_cpu(a.server_pid), time.monotonic()
    p = subprocess.run(a.command, capture_output=True, text=True)
    t1, s1 = time.monotonic(), proc_cpu(a.server_pid)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = p.stdout + p.stderr
    r = {"client": os.path.basename(a.command[0]), "seconds": t1 - t0, "server_cpu": s1 - s0,
         "client_cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
         "ok": False, "records": 0, "messages": 0, "bytes": 0}
    m = re.search(r"XFR size: (\d+) records \(messages (\d+), bytes (\d+)\)", out)        # dig
    k = re.search(r"Received (\d+) B \((\d+) messages, (\d+) records\)", out)             # kdig
    if m:
        r.update(records=int(m[1]), messages=int(m[2]), bytes=int(m[3]), ok=True)
    elif k:
        r.update(records=int(k[3]), messages=int(k[2]), bytes=int(k[1]), ok=True)
    if p.returncode != 0 or "failed" in out.lower() or "refused" in out.lower() or "notauth" in out.lower():
        r["ok"] = False
    if not r["ok"]:
        r["error"] = " ".join(out.split())[:300]
    write(a.out, r)
    print(f"{r['client']}: {r['seconds']:.3f} s, {r['records']} records, client CPU {r['client_cpu']:.2f} s,"
          f" server CPU {r['server_cpu']:.2f} s" + ("" if r["ok"] else f"  FAILED: {r.get('error')}"))
    return 0 if r["ok"] else 1


# ------------------------------------------------------------------------------ edits
class Poller:
    """Asks several servers for the zone's SOA over UDP at once."""

    def __init__(self, zone, targets):
        self.zone = zone
        self.targets = targets
        self.socks = {}
        for name, port in targets:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            s.connect(("127.0.0.1", port))
            self.socks[name] = s
        self.qid = 1

    def poll(self, names, wait=0.05):
        """{name: (serial or None, monotonic time of the answer)} for the names that answered."""
        self.qid = (self.qid + 1) & 0xFFFF
        q = query(self.zone, 6, self.qid)
        by_sock = {}
        for n in names:
            try:
                self.socks[n].send(q)
                by_sock[self.socks[n]] = n
            except OSError:
                pass
        got = {}
        deadline = time.monotonic() + wait
        while by_sock:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select(list(by_sock), [], [], left)
            now = time.monotonic()
            for s in ready:
                try:
                    d = s.recv(65535)
                except OSError:      # ICMP port unreachable: the server is not there (yet)
                    by_sock.pop(s, None)
                    continue
                if len(d) >= 12 and struct.unpack(">H", d[:2])[0] == self.qid:
                    got[by_sock.pop(s)] = (soa_serial_of(d), now)
        return got


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def cmd_wait_serial(a):
    targets = [(t.split("=")[0], int(t.split("=")[1])) for t in a.targets]
    poller = Poller(a.zone, targets)
    pending = {n for n, _ in targets}
    t0 = time.monotonic()
    seen = {}
    while pending and time.monotonic() - t0 < a.timeout:
        for n, (s, _) in poller.poll(pending).items():
            seen[n] = s
            if s is not None and serial_ge(s, a.serial):
                pending.discard(n)
                print(f"  {n} serves serial {s} after {time.monotonic() - t0:.1f} s")
        time.sleep(0.05)
    for n in sorted(pending):
        print(f"  {n} did not serve serial {a.serial} within {a.timeout:.0f} s (last answer: {seen.get(n)})")
    return 1 if pending else 0


def nsupdate(port, zone, key, owner, text, tcp):
    script = (f"server 127.0.0.1 {port}\nzone {zone}\n"
              f"update add {owner} 300 TXT \"{text}\"\nsend\n")
    cmd = ["nsupdate", "-t", "5", "-y", f"hmac-sha256:{key[0]}:{base64.b64encode(key[1]).decode()}"]
    if tcp:
        cmd.insert(1, "-v")
    return subprocess.run(cmd, input=script, capture_output=True, text=True)


def knotc_change(conf, zone, owner, text):
    """One knotc transaction; returns the zone-commit's CompletedProcess (or the failed step's)."""
    knotc = ["knotc", "-c", conf]
    for step in (["zone-begin", zone], ["zone-set", zone, owner, "300", "TXT", f'"{text}"']):
        p = subprocess.run(knotc + step, capture_output=True, text=True)
        if p.returncode != 0:
            subprocess.run(knotc + ["zone-abort", zone], capture_output=True)
            return p
    return subprocess.run(knotc + ["zone-commit", zone], capture_output=True, text=True)


def cmd_edits(a):
    key = parse_key(a.key)
    targets = [(t.split("=")[0], int(t.split("=")[1])) for t in a.targets]
    poller = Poller(a.zone, targets)
    primary = Poller(a.zone, [("primary", a.primary_port)])
    lat = {n: [] for n, _ in targets}
    lat["all"] = []
    update_ms, missed, failures = [], {n: 0 for n, _ in targets}, []
    total = a.warmup + a.changes
    run_id = int(time.time())
    for i in range(1, total + 1):
        measured = i > a.warmup
        before = soa(a.primary_port, a.zone)
        u0 = time.monotonic()
        owner = f"bench-{run_id}-{i}.{a.zone.rstrip('.')}."
        if a.knot_conf:
            p = knotc_change(a.knot_conf, a.zone, owner, f"change {i}")
        else:
            p = nsupdate(a.primary_port, a.zone, key, owner, f"change {i}", a.tcp)
        t0 = time.monotonic()
        if p.returncode != 0:
            failures.append(f"edit {i}: {p.args[0]} failed: {' '.join((p.stdout + p.stderr).split())[:200]}")
            print(f"[{a.label}] {failures[-1]}")
            if len(failures) >= 3:
                break
            continue
        want = None
        for _ in range(100):       # the primary answered the UPDATE; its new serial
            s = primary.poll(["primary"]).get("primary", (None, 0))[0]
            if s is not None and (before is None or s != before):
                want = s
                break
            time.sleep(0.002)
        if want is None:
            failures.append(f"edit {i}: the primary still serves serial {before} after the UPDATE")
            print(f"[{a.label}] {failures[-1]}")
            continue
        pending = dict(targets)
        done = {}
        while pending and time.monotonic() - t0 < a.timeout:
            it = time.monotonic()
            for n, (s, when) in poller.poll(list(pending)).items():
                if s is not None and serial_ge(s, want):
                    done[n] = (when - t0) * 1000
                    del pending[n]
            if pending:
                time.sleep(max(0.0, 0.002 - (time.monotonic() - it)))
        for n in pending:
            print(f"[{a.label}] edit {i}: {n} did not serve serial {want} within {a.timeout:.0f} s")
        if measured:
            update_ms.append((t0 - u0) * 1000)
            for n, ms in done.items():
                lat[n].append(ms)
            for n in pending:
                missed[n] += 1
            if not pending:
                lat["all"].append(max(done.values()))
        slow = max(done.values()) if done else float("nan")
        print(f"[{a.label}] edit {i}{'' if measured else ' (warm-up)'}: serial {want}, {p.args[0]} "
              f"{(t0 - u0) * 1000:.0f} ms, all served after {slow:.0f} ms"
              + ("" if not pending else f", missing: {', '.join(sorted(pending))}"))
        time.sleep(a.gap)
    r = {"label": a.label, "primary": a.label, "changes": a.changes, "gap": a.gap,
         "method": "knotc" if a.knot_conf else "nsupdate",
         "latency_ms": lat, "missed": missed, "update_ms": update_ms, "failures": failures,
         "order": [n for n, _ in targets] + ["all"]}
    write(a.out, r)
    how = "knotc zone-commit's exit" if a.knot_conf else "nsupdate's exit (the UPDATE answered)"
    print(f"[{a.label}] change to served, ms from {how}:")
    for n in r["order"]:
        xs = lat[n]
        if xs:
            print(f"[{a.label}]   {n:6s} p50 {statistics.median(xs):7.1f}  p90 {pct(xs, 0.9):7.1f}  "
                  f"max {max(xs):7.1f}  (n={len(xs)}{', missed ' + str(missed[n]) if missed.get(n) else ''})")
        else:
            print(f"[{a.label}]   {n:6s} no data")
    if update_ms:
        print(f"[{a.label}]   {'knotc' if a.knot_conf else 'nsupdate'} run (start to exit) p50 "
              f"{statistics.median(update_ms):.1f} ms")
    return 0 if not failures and not any(missed.values()) else 1


# ------------------------------------------------------------------------------ summary
def write(path, obj):
    if path:
        with open(path, "w") as f:
            json.dump(obj, f)


def load(pattern):
    out = []
    for p in sorted(glob.glob(pattern)):
        with open(p) as f:
            out.append(json.load(f))
    return out


def fmt_s(xs):
    if not xs:
        return "–"
    m = statistics.median(xs)
    f = (lambda x: f"{x:.3f}") if m < 1 else (lambda x: f"{x:.2f}")
    return f"{f(m)} s" if len(xs) == 1 else f"{f(m)} s ({f(min(xs))}–{f(max(xs))})"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def cmd_summary(a):
    d = a.dir
    meta = {}
    if os.path.exists(os.path.join(d, "meta.json")):
        with open(os.path.join(d, "meta.json")) as f:
            meta = json.load(f)
    out = []
    servers = meta.get("servers", ["tandem", "knot", "nsd"])
    names = {"tandem": "Tandem", "knot": "Knot", "knotc": "Knot", "nsd": "NSD", "named": "BIND",
             "pdns": "PowerDNS"}
    if glob.glob(os.path.join(d, "axfr-*.json")):
        out.append(f"**AXFR out, {meta.get('records', '?')}-record zone** "
                   f"({meta.get('rounds', '?')} rounds after {meta.get('warmup', '?')} uncounted transfers, "
                   f"server order rotated, medians (min–max); "
                   f"{meta.get('pin', '')}; client: bench/primary/bench.py, which reads the stream with header "
                   f"parsing only; server CPU from /proc)\n")
        cols = [s for s in servers]
        head = "| | " + " | ".join(names.get(s, s) for s in cols) + " | Tandem / Knot | Tandem / NSD |"
        out.append(head)
        out.append("|---" + "|---:" * (len(cols) + 2) + "|")
        med = {}
        for variant, label in (("tsig", "AXFR, TSIG-signed"), ("plain", "AXFR, unsigned")):
            runs = {s: load(os.path.join(d, f"axfr-{variant}-{s}-r*.json")) for s in cols}
            if not any(runs.values()):
                continue
            cells, srv = [], []
            for s in cols:
                ok = [r for r in runs[s] if r.get("ok")]
                bad = [r for r in runs[s] if not r.get("ok")]
                if ok:
                    med[(variant, s)] = statistics.median(r["seconds"] for r in ok)
                    cells.append(fmt_s([r["seconds"] for r in ok]))
                    srv.append(f"{statistics.median(r['server_cpu'] for r in ok):.2f} s")
                else:
                    cells.append("failed: " + (bad[0].get("error", "?") if bad else "not run"))
                    srv.append("–")
            t, k, n = (med.get((variant, x)) for x in ("tandem", "knot", "nsd"))
            out.append(f"| {label}: wall time | " + " | ".join(cells) + f" | {ratio(t, k)} | {ratio(t, n)} |")
            cpu = {s: statistics.median(r["server_cpu"] for r in runs[s] if r.get("ok"))
                   for s in cols if any(r.get("ok") for r in runs[s])}
            t, k, n = (cpu.get(x) for x in ("tandem", "knot", "nsd"))
            out.append(f"| {label}: server CPU | " + " | ".join(srv) + f" | {ratio(t, k)} | {ratio(t, n)} |")
            if variant == "tsig":
                info = []
                for s in cols:
                    ok = [r for r in runs[s] if r.get("ok")]
                    info.append(f"{ok[0]['records']:,} rec, {ok[0]['messages']:,} msgs, "
                                f"{ok[0]['bytes'] / 1e6:.1f} MB" if ok else "–")
                out.append("| records, messages, bytes | " + " | ".join(info) + " | | |")
                cpu = []
                for s in cols:
                    ok = [r for r in runs[s] if r.get("ok")]
                    cpu.append(f"{statistics.median(r['client_cpu'] for r in ok):.2f} s" if ok else "–")
                out.append("| Python client CPU | " + " | ".join(cpu) + " | | |")
        for client in ("dig", "kdig"):
            runs = {s: load(os.path.join(d, f"client-{client}-{s}.json")) for s in cols}
            if not any(runs.values()):
                continue
            cells = []
            for s in cols:
                r = runs[s][0] if runs[s] else None
                cells.append(f"{r['seconds']:.2f} s (client CPU {r['client_cpu']:.2f} s)" if r and r.get("ok")
                             else ("failed" if r else "–"))
            out.append(f"| cross-check: `{client} +noall +stats`, TSIG, 1 run | " + " | ".join(cells) + " | | |")
        rss = {}
        for s in cols:
            f = os.path.join(d, f"rss-{s}.txt")
            if os.path.exists(f):
                with open(f) as fh:
                    rss[s] = fh.read().strip()
        if rss:
            out.append("| RSS with the zone loaded | " + " | ".join(
                f"{rss[s]} MiB" if s in rss else "–" for s in cols) + " | | |")
        out.append("")
    edits = load(os.path.join(d, "edits-*.json"))
    if edits:
        order = edits[0]["order"]
        out.append(f"**Edit to all secondaries** (10-record zone; {edits[0]['changes']} edits after "
                   f"warm-up ones, each adding one TXT record, {edits[0]['gap']} s apart; ms from the edit "
                   f"tool's exit (`nsupdate -y`: the UPDATE answered; `knotc zone-commit` returned) until "
                   f"the secondary answers the new serial, UDP SOA polled every ~2 ms; NOTIFY from the "
                   f"primary, transfers TSIG-signed; nothing pinned; p50 / p90 / max)\n")
        snames = {"knot": "knotd", "named": "named", "nsd": "nsd", "pdns": "pdns_server",
                  "all": f"all {len(order) - 1}"}
        out.append("| primary, edit | " + " | ".join(snames.get(n, n) for n in order)
                   + " | edit tool run, p50 |")
        out.append("|---" + "|---:" * (len(order) + 1) + "|")
        for r in edits:
            cells = []
            for n in order:
                xs = r["latency_ms"].get(n, [])
                miss = r["missed"].get(n, 0)
                c = (f"{statistics.median(xs):.0f} / {pct(xs, 0.9):.0f} / {max(xs):.0f}" if xs else "–")
                if miss:
                    c += f" ({miss} missed)"
                cells.append(c)
            u = f"{statistics.median(r['update_ms']):.0f} ms" if r["update_ms"] else "–"
            kind = r["primary"]
            p = f"{names.get(kind.split('-')[0], kind)}, {r.get('method', 'nsupdate')}"
            if r.get("failures"):
                p += f" ({len(r['failures'])} edits failed)"
            out.append(f"| {p} | " + " | ".join(cells) + f" | {u} |")
        out.append("")
    notes = os.path.join(d, "notes.txt")
    if os.path.exists(notes):
        with open(notes) as f:
            out += [f"- {line.strip()}" for line in f if line.strip()]
    print("\n".join(out))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("soa")
    p.add_argument("port", type=int)
    p.add_argument("zone")
    p = sub.add_parser("axfr")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--zone", required=True)
    p.add_argument("--key")
    p.add_argument("--expect", type=int)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--server-pid", type=int, default=0)
    p.add_argument("--out")
    p = sub.add_parser("timed")
    p.add_argument("--out")
    p.add_argument("--server-pid", type=int, default=0)
    p.add_argument("command", nargs="+")
    p = sub.add_parser("edits")
    p.add_argument("--primary-port", type=int, required=True)
    p.add_argument("--zone", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--changes", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--gap", type=float, default=1.0)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--tcp", action="store_true")
    p.add_argument("--knot-conf", help="make the edits with knotc on this knotd instead of nsupdate")
    p.add_argument("--label", default="edits")
    p.add_argument("--out")
    p.add_argument("targets", nargs="+")
    p = sub.add_parser("wait-serial")
    p.add_argument("--zone", required=True)
    p.add_argument("--serial", type=int, required=True)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("targets", nargs="+")
    p = sub.add_parser("summary")
    p.add_argument("dir")
    a = ap.parse_args()
    if a.cmd == "soa":
        s = soa(a.port, a.zone)
        if s is not None:
            print(s)
        return 0
    return {"axfr": cmd_axfr, "timed": cmd_timed, "edits": cmd_edits, "wait-serial": cmd_wait_serial,
            "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
