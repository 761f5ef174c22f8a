#!/usr/bin/env python3
"""Helpers for bench/dnssec/run.sh (Python 3 stdlib; signing calls ldns-keygen/ldns-signzone).

  bench.py gen --out DIR [--names 100000] [--queries 100000] [--seed N] [--valid-days 400]
      Writes DIR/zone.txt (signed.test, NAMES owner names: A/AAAA/MX/TXT hosts, 1% delegations,
      half of them with DS), signs it with NSEC3 (algorithm 13, iterations 0, salt "aabbccdd",
      no opt-out; a KSK and a ZSK) into DIR/signed.zone, and writes the query streams as dnsperf
      binary files (-B: 2-byte length + wire query, RD=0, EDNS(0) payload 1232):
        mix.bin       DO=1: 60% existing name+type, 20% NXDOMAIN, 10% NODATA, 10% below a cut
        pos-do.bin    DO=1: the positive queries of the mix only, same order
        pos-nodo.bin  DO=0 (EDNS still on): the same positive queries
        nxdomain.bin, nodata.bin, referral.bin   DO=1, one category of the mix each (diagnosis)
      plus mix.txt (name type CATEGORY per query) and sample.txt (10 per category) for `check`.
      Deterministic except for the signatures (ECDSA); run.sh reuses DIR while it is valid.
  bench.py wait PORT ZONE [TIMEOUT_S]
      Polls the SOA every 20 ms until an authoritative answer; prints seconds waited.
  bench.py check --sample FILE [--log FILE] NAME=PORT ...
      Sends every sample query (DO=1, EDNS 1232) to every server and compares the answers:
      rcode, AA/TC and the owner names and types of the records in each section (so the same
      NSEC3 records, not only as many; RRSIGs by the type they cover). The first
      server is the reference. Also says per server and category whether the DNSSEC records a
      validator needs are there (RRSIG with answers, NSEC3 proofs, DS or its NSEC3 denial).
  bench.py summary DIR
      Markdown tables from DIR/raw/*.meta: medians over rounds of CPU µs per query, queries per
      server CPU-second, and the ratios to Knot (and NSD) from the same round.
"""
import argparse
import glob
import hashlib
import os
import random
import re
import socket
import statistics
import struct
import subprocess
import sys
import time

ZONE = "signed.test."
SERIAL = 2024010101
TTL = 3600
SALT = "aabbccdd"
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "DS": 43,
         "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "NSEC3": 50, "NSEC3PARAM": 51, "OPT": 41}
TNAME = {v: k for k, v in TYPES.items()}
RCODES = {0: "NOERROR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED"}
CATS = ("POSITIVE", "NXDOMAIN", "NODATA", "REFERRAL")


# ------------------------------------------------------------------------------ zone
def host_types(i):
    """Record types of host h<i> (i % 100 == 50 is a delegation instead)."""
    m = i % 10
    return (("A",), ("A",), ("A",), ("A", "AAAA"), ("A", "AAAA"), ("AAAA",), ("AAAA",),
            ("TXT",), ("A", "MX"), ("A", "TXT"))[m]


def is_deleg(i):
    return i % 100 == 50


def secure_deleg(i):
    return (i // 100) % 2 == 0


def rdata(i, t):
    if t == "A":
        return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
    if t == "AAAA":
        return f"2001:db8::{(i >> 16) & 0xffff:x}:{i & 0xffff:x}"
    if t == "TXT":
        return f'"v=1 id={i:06d} k={(i * 2654435761) & 0xffffff:06x}"'
    if t == "MX":
        return "10 mail"
    raise ValueError(t)


def write_zone(path, names):
    """names = total owner names at or above the cuts (hosts + delegation points + 4 fixed)."""
    n = names - 4
    with open(path, "w") as f:
        f.write(f"$ORIGIN {ZONE}\n$TTL {TTL}\n")
        f.write(f"@ SOA ns1 hostmaster {SERIAL} 3600 900 1209600 300\n@ NS ns1\n@ NS ns2\n")
        f.write('@ A 192.0.2.1\n@ MX 10 mail\n@ TXT "v=spf1 mx -all"\n')
        f.write("ns1 A 192.0.2.2\nns2 A 192.0.2.3\nmail A 192.0.2.25\n")
        buf = []
        for i in range(n):
            if is_deleg(i):
                d = f"d{i:06d}"
                buf.append(f"{d} NS ns.{d}\nns.{d} A 192.0.2.{i % 250 + 1}\n")
                if secure_deleg(i):
                    dig = hashlib.sha256(f"ds{i}".encode()).hexdigest().upper()
                    buf.append(f"{d} DS {(i * 7919) % 65536} 13 2 {dig}\n")
            else:
                for t in host_types(i):
                    buf.append(f"h{i:06d} {t} {rdata(i, t)}\n")
            if len(buf) >= 65536:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return n


def sign(out, zonefile, valid_days):
    """KSK + ZSK (ECDSAP256SHA256) and NSEC3 (SHA-1, 0 iterations, salt, no opt-out)."""
    keys = []
    for ksk in (True, False):
        args = ["ldns-keygen", "-a", "ECDSAP256SHA256"] + (["-k"] if ksk else []) + [ZONE.rstrip(".")]
        base = subprocess.run(args, cwd=out, check=True, capture_output=True, text=True).stdout.strip()
        keys.append(base)
    now = time.time()
    fmt = "%Y%m%d%H%M%S"
    inception = time.strftime(fmt, time.gmtime(now - 86400))
    expiry = time.strftime(fmt, time.gmtime(now + valid_days * 86400))
    cmd = ["ldns-signzone", "-n", "-a", "1", "-t", "0", "-s", SALT, "-i", inception, "-e", expiry,
           "-o", ZONE, "-f", "signed.zone", zonefile] + keys
    t0 = time.monotonic()
    subprocess.run(cmd, cwd=out, check=True)
    with open(os.path.join(out, "signed.expiry"), "w") as f:
        f.write(f"{int(now + valid_days * 86400)}\n")
    return time.monotonic() - t0


# ------------------------------------------------------------------------------ queries
def wire_name(name):
    out = bytearray()
    for label in name.rstrip(".").split("."):
        if label:
            out.append(len(label))
            out += label.encode()
    return bytes(out + b"\0")


def wire_query(name, qtype, do, qid=0, payload=1232):
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 1) + wire_name(name) + struct.pack(">HH", TYPES[qtype], 1)
    return q + b"\0" + struct.pack(">HHIH", 41, payload, 0x8000 if do else 0, 0)


def gen_queries(nq, n, seed):
    r = random.Random(seed)
    hosts = [i for i in range(n) if not is_deleg(i)]
    delegs = [i for i in range(n) if is_deleg(i)]
    all_types = ("A", "AAAA", "TXT", "MX")
    out = []
    for _ in range(nq):
        x = r.random()
        if x < 0.60:
            i = r.choice(hosts)
            out.append((f"h{i:06d}.{ZONE}", r.choice(host_types(i)), "POSITIVE"))
        elif x < 0.80:
            k = r.randrange(10 ** 8)
            t = r.choice(("A", "AAAA"))
            if r.random() < 0.75:   # closest encloser: the apex
                out.append((f"nx{k}.{ZONE}", t, "NXDOMAIN"))
            else:                   # closest encloser: an existing host
                out.append((f"x{k}.h{r.choice(hosts):06d}.{ZONE}", t, "NXDOMAIN"))
        elif x < 0.90:
            i = r.choice(hosts)
            missing = [t for t in all_types if t not in host_types(i)]
            out.append((f"h{i:06d}.{ZONE}", r.choice(missing), "NODATA"))
        else:
            i = r.choice(delegs)
            out.append((f"www.d{i:06d}.{ZONE}", "A", "REFERRAL"))
    return out


def write_bin(path, qs, do):
    with open(path, "wb") as f:
        for name, t, _ in qs:
            q = wire_query(name, t, do)
            f.write(struct.pack(">H", len(q)) + q)


def cmd_gen(a):
    os.makedirs(a.out, exist_ok=True)
    zonefile = os.path.join(a.out, "zone.txt")
    n = write_zone(zonefile, a.names)
    for old in glob.glob(os.path.join(a.out, "K*")):
        os.remove(old)
    secs = sign(a.out, "zone.txt", a.valid_days)
    qs = gen_queries(a.queries, n, a.seed)
    pos = [q for q in qs if q[2] == "POSITIVE"]
    write_bin(os.path.join(a.out, "mix.bin"), qs, True)
    write_bin(os.path.join(a.out, "pos-do.bin"), pos, True)
    write_bin(os.path.join(a.out, "pos-nodo.bin"), pos, False)
    for c in ("NXDOMAIN", "NODATA", "REFERRAL"):
        write_bin(os.path.join(a.out, c.lower() + ".bin"), [q for q in qs if q[2] == c], True)
    with open(os.path.join(a.out, "mix.txt"), "w") as f:
        f.writelines(f"{q} {t} {c}\n" for q, t, c in qs)
    sample = {}
    for q in gen_queries(2000, n, a.seed + 1):
        lst = sample.setdefault(q[2], [])
        if len(lst) < 10:
            lst.append(q)
    # the referral sample: 5 secure (DS) and 5 insecure cuts
    sample["REFERRAL"] = [(f"www.d{i:06d}.{ZONE}", "A", "REFERRAL") for i in range(50, 2000, 100)][:10]
    with open(os.path.join(a.out, "sample.txt"), "w") as f:
        for c in CATS:
            f.writelines(f"{q} {t} {c}\n" for q, t, c in sample[c])
    cats = {}
    for _, _, c in qs:
        cats[c] = cats.get(c, 0) + 1
    records = sum(1 for line in open(os.path.join(a.out, "signed.zone")) if line.strip() and line[0] not in ";$")
    print(f"zone {ZONE}: {a.names} names ({n - n // 100} hosts, {n // 100} delegations), signed in {secs:.1f} s, "
          f"{records} records signed; queries: " + ", ".join(f"{c} {v}" for c, v in sorted(cats.items())))


# ------------------------------------------------------------------------------ wire parsing
def skip_name(d, i):
    while d[i]:
        if d[i] >= 192:
            return i + 2
        i += d[i] + 1
    return i + 1


def read_name(d, i):
    """(lower-case name, offset after it), following compression pointers."""
    labels, end = [], None
    for _ in range(128):
        n = d[i]
        if n >= 192:
            if end is None:
                end = i + 2
            i = ((n & 63) << 8) | d[i + 1]
        elif n == 0:
            return ".".join(labels).lower() + ".", (end if end is not None else i + 1)
        else:
            labels.append(d[i + 1:i + 1 + n].decode("ascii", "replace"))
            i += n + 1
    raise ValueError("name loop")


def parse(d):
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", d[:12])
    i = 12
    for _ in range(qd):
        i = skip_name(d, i) + 4
    secs, owners = [], []
    for count in (an, ns, ar):
        types, rrs = [], []
        for _ in range(count):
            owner, i = read_name(d, i)
            t, _, _, rdlen = struct.unpack(">HHIH", d[i:i + 10])
            if t == 46:  # RRSIG: name it by the type covered
                label = "RRSIG(" + TNAME.get(struct.unpack(">H", d[i + 10:i + 12])[0], "?") + ")"
            else:
                label = TNAME.get(t, str(t))
            types.append(label)
            if t != 41:
                rrs.append(f"{owner}/{label}")
            i += 10 + rdlen
        secs.append(types)
        owners.append(sorted(rrs))
    return {"rcode": RCODES.get(flags & 15, str(flags & 15)), "aa": bool(flags & 0x400),
            "tc": bool(flags & 0x200), "an": secs[0], "ns": secs[1], "ar": secs[2], "size": len(d),
            "owners": owners}


def ask(sock, port, name, qtype, do=True, timeout=1.0):
    qid = random.randrange(65536)
    sock.settimeout(timeout)
    sock.sendto(wire_query(name, qtype, do, qid), ("127.0.0.1", port))
    while True:
        d, _ = sock.recvfrom(65535)
        if len(d) >= 12 and struct.unpack(">H", d[:2])[0] == qid:
            return parse(d)


def shape(r):
    """What is compared between servers: rcode, flags and the multiset of types per section."""
    if r is None:
        return "timeout"
    def sec(types):
        c = {}
        for t in types:
            c[t] = c.get(t, 0) + 1
        return " ".join(f"{t}x{v}" if v > 1 else t for t, v in sorted(c.items())) or "-"
    return (f"{r['rcode']}{' aa' if r['aa'] else ''}{' TC' if r['tc'] else ''} | an: {sec(r['an'])} | "
            f"ns: {sec(r['ns'])} | ar: {sec([t for t in r['ar'] if t != 'OPT'])}")


def key(r):
    """shape() plus the owner name of every record, for the comparison."""
    return "timeout" if r is None else shape(r) + " | " + repr(r["owners"])


def has_dnssec(cat, r):
    """Are the records a validator needs for this category there?"""
    if r is None or r["tc"]:
        return False
    an, ns = r["an"], r["ns"]
    n3 = ns.count("NSEC3")
    if cat == "POSITIVE":
        return r["rcode"] == "NOERROR" and any(t.startswith("RRSIG(") for t in an)
    if cat == "NXDOMAIN":   # closest encloser, next closer, wildcard (2 if one covers two)
        return r["rcode"] == "NXDOMAIN" and n3 >= 2 and ns.count("RRSIG(NSEC3)") == n3 and "RRSIG(SOA)" in ns
    if cat == "NODATA":
        return r["rcode"] == "NOERROR" and not an and n3 >= 1 and "RRSIG(NSEC3)" in ns and "RRSIG(SOA)" in ns
    if cat == "REFERRAL":   # DS + RRSIG, or the NSEC3 that proves no DS
        return ("DS" in ns and "RRSIG(DS)" in ns) or (n3 >= 1 and "RRSIG(NSEC3)" in ns)
    return False


def cmd_check(a):
    servers = [tuple(s.split("=", 1)) for s in a.servers]
    sample = [line.split() for line in open(a.sample) if line.strip()]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    log = open(a.log, "w") if a.log else None
    mism = {s: 0 for s, _ in servers}
    proofs = {s: {} for s, _ in servers}
    sizes = {s: [] for s, _ in servers}
    shown = 0
    for name, qtype, cat in sample:
        res = {}
        for s, port in servers:
            try:
                res[s] = ask(sock, int(port), name, qtype)
            except OSError:
                res[s] = None
            p = proofs[s].setdefault(cat, [0, 0])
            p[0] += has_dnssec(cat, res[s])
            p[1] += 1
            if res[s]:
                sizes[s].append(res[s]["size"])
        r0 = res[servers[0][0]]
        ref, refk = shape(r0), key(r0)
        if log:
            log.write(f"{name} {qtype} {cat}\n")
        for s, _ in servers:
            sh, k = shape(res[s]), key(res[s])
            what = "" if k == refk else ("   <-- other owner names" if sh == ref else "   <-- differs")
            if log:
                log.write(f"  {s:7s} {sh}{what}\n")
                if res[s] and res[s]["ns"]:
                    log.write(f"          authority: {' '.join(res[s]['owners'][1])}\n")
            if k != refk:
                mism[s] += 1
                if shown < a.show:
                    shown += 1
                    extra = "" if sh != ref else (f"\n      owners {servers[0][0]}: {r0['owners']}"
                                                  f"\n      owners {s}: {res[s]['owners']}")
                    print(f"  differs: {name} {qtype} ({cat})\n    {servers[0][0]:7s} {ref}\n    {s:7s} {sh}{extra}")
    for s, _ in servers:
        cats = ", ".join(f"{c} {proofs[s][c][0]}/{proofs[s][c][1]}" for c in CATS if c in proofs[s])
        avg = statistics.mean(sizes[s]) if sizes[s] else 0
        same = "reference" if s == servers[0][0] else f"{len(sample) - mism[s]}/{len(sample)} same as {servers[0][0]}"
        print(f"  {s:7s} {same}; DNSSEC records present: {cats}; mean response {avg:.0f} B")
    return 0 if not any(mism.values()) else 1


def cmd_wait(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t0 = time.monotonic()
    while time.monotonic() - t0 < a.timeout:
        try:
            r = ask(s, a.port, a.zone, "SOA", do=False, timeout=0.2)
            if r["rcode"] == "NOERROR" and r["aa"] and r["an"]:
                print(f"{time.monotonic() - t0:.2f}")
                return 0
        except OSError:
            pass
        time.sleep(0.02)
    print("timeout")
    return 1


# ------------------------------------------------------------------------------ summary
def read_meta(path):
    m = {}
    for line in open(path):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            m[k] = v
    return m


def others_on_server_cpu(m):
    """Busy time of the server's CPU not spent by the server (other work on the box), in %."""
    try:
        cpu = "cpu" + m["server_cpu_index"]
        b, a = m["cpu_before"].split(), m["cpu_after"].split()
        i = b.index(cpu)
        busy = int(a[i + 1]) - int(b[i + 1])
        total = int(a[i + 2]) - int(b[i + 2])
        return max(0.0, (busy - float(m["server_cpu_s"]) * os.sysconf("SC_CLK_TCK")) / total * 100)
    except (KeyError, ValueError, IndexError, ZeroDivisionError):
        return None


SET_LABEL = {"mix": "DO=1 mix (60% positive, 20% NXDOMAIN, 10% NODATA, 10% referral)",
             "pos-do": "DO=1, positive names only",
             "pos-nodo": "DO=0 (EDNS on), the same positive names",
             "nxdomain": "DO=1, NXDOMAIN only (3 NSEC3 + RRSIGs)",
             "nodata": "DO=1, NODATA only (1 NSEC3 + RRSIG)",
             "referral": "DO=1, referrals only (DS + RRSIG, or the NSEC3 of the cut)"}
SET_ORDER = ("mix", "pos-do", "pos-nodo", "nxdomain", "nodata", "referral")


def cmd_summary(a):
    runs = {}   # (set, server) -> {round: meta}
    for p in sorted(glob.glob(os.path.join(a.dir, "raw", "*.meta"))):
        m = read_meta(p)
        try:
            q = int(m["completed"])
            cpu = float(m["server_cpu_s"])
        except (KeyError, ValueError):
            continue
        if q <= 0 or cpu <= 0:
            continue
        m["us_per_q"] = cpu / q * 1e6
        m["others_pct"] = others_on_server_cpu(m)
        m["q_per_cpu_s"] = q / cpu
        runs.setdefault((m["set"], m["server"]), {})[int(m["round"])] = m
    if not runs:
        print("no results")
        return 1
    sets = [s for s in SET_ORDER if any(k[0] == s for k in runs)]
    servers = [s for s in ("tandem", "knot", "nsd") if any(k[1] == s for k in runs)]
    med = statistics.median

    def ratio(st, s, ref, key):
        """Median over rounds of (s / ref in the same round), and the rounds it came from."""
        a_, b_ = runs.get((st, s), {}), runs.get((st, ref), {})
        rs = [a_[r][key] / b_[r][key] for r in sorted(set(a_) & set(b_))]
        return (med(rs), rs) if rs else (None, [])

    out = []
    for st in sets:
        out.append(f"### {SET_LABEL.get(st, st)}\n")
        out.append("| server | rounds | CPU µs/query (median; min–max) | queries per CPU-second | server CPU % "
                   "| other load on its CPU % | QPS (dnsperf) | lost | mean response B | × Knot (CPU/query) | × NSD (CPU/query) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in servers:
            rr = runs.get((st, s))
            if not rr:
                continue
            us = [m["us_per_q"] for m in rr.values()]
            qc = [m["q_per_cpu_s"] for m in rr.values()]
            util = [float(m["server_cpu_s"]) / float(m["run_s"]) * 100 for m in rr.values()]
            qps = [float(m["qps"]) for m in rr.values()]
            lost = sum(int(m.get("lost", 0)) for m in rr.values())
            size = [float(m["resp_bytes"]) for m in rr.values() if m.get("resp_bytes")]
            oth = [m["others_pct"] for m in rr.values() if m["others_pct"] is not None]
            oth_s = f"{med(oth):.0f}" if oth else "–"
            size_s = f"{med(size):.0f}" if size else "–"
            cols = []
            for ref in ("knot", "nsd"):
                if ref == s:
                    cols.append("1")
                    continue
                r, rs = ratio(st, s, ref, "us_per_q")
                cols.append(f"{r:.2f} ({', '.join(f'{x:.2f}' for x in rs)})" if r else "–")
            out.append(f"| {s} | {len(rr)} | {med(us):.2f} ({min(us):.2f}–{max(us):.2f}) | {med(qc):,.0f} "
                       f"| {med(util):.0f} | {oth_s} | {med(qps):,.0f} | {lost} | {size_s} | {cols[0]} | {cols[1]} |")
        out.append("")
    rel_sets = [st for st in sets if st != "pos-nodo"]
    if "pos-nodo" in sets and rel_sets:
        out.append("### DNSSEC cost per server: CPU per query of each DO=1 set ÷ DO=0 positive names "
                   "(same server, same round; median)\n")
        out.append("| server | " + " | ".join(f"{st} ÷ pos-nodo" for st in rel_sets) + " |")
        out.append("|---|" + "---:|" * len(rel_sets))
        for s in servers:
            def rel(st):
                a_, b_ = runs.get((st, s), {}), runs.get(("pos-nodo", s), {})
                rs = [a_[r]["us_per_q"] / b_[r]["us_per_q"] for r in sorted(set(a_) & set(b_))]
                return f"{med(rs):.2f}" if rs else "–"
            out.append(f"| {s} | " + " | ".join(rel(st) for st in rel_sets) + " |")
        out.append("")
    out.append("CPU µs/query = server utime+stime (/proc, all its threads) during the measured run ÷ "
               "responses dnsperf received. × Knot / × NSD = median over rounds of the ratio in the same "
               "round (per-round values in brackets); above 1 means more CPU per query than the peer. "
               "Other load = busy time of the server's pinned CPU not spent by the server (/proc/stat): "
               "other work on a shared box.")
    print("\n".join(out))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--out", required=True)
    g.add_argument("--names", type=int, default=100_000)
    g.add_argument("--queries", type=int, default=100_000)
    g.add_argument("--seed", type=int, default=20240105)
    g.add_argument("--valid-days", type=int, default=400)
    w = sub.add_parser("wait")
    w.add_argument("port", type=int)
    w.add_argument("zone")
    w.add_argument("timeout", type=float, nargs="?", default=300)
    c = sub.add_parser("check")
    c.add_argument("--sample", required=True)
    c.add_argument("--log")
    c.add_argument("--show", type=int, default=6)
    c.add_argument("servers", nargs="+")
    s = sub.add_parser("summary")
    s.add_argument("dir")
    a = ap.parse_args()
    return {"gen": cmd_gen, "wait": cmd_wait, "check": cmd_check, "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
