#!/usr/bin/env bash
# The cross-provider checks at scale (issue 16): ZONES zones (10,000) with 4 servers each -- three
# nsd addresses and Tandem itself -- checked every 60 s by a Tandem pinned to one core, while a
# dnsperf flood measures how many client queries that core still answers.
#
# Phases, in one run, each against a fresh Tandem on the same core and the same zones:
#   before  checks off (--check-interval 0): client capacity (dnsperf, DURATION s)
#   idle    checks on, no clients: one whole interval of the checks alone (their CPU, their pace)
#   during  checks on, dnsperf flood: client capacity, and whether every zone still got its round
# Printed: QPS before/during, rounds and queries sent per interval, CPU seconds per interval.
#
# Everything stays on loopback: a root (127.54.0.1) and the TLD bench. (127.54.0.2) in nsd, the
# zones' servers 127.54.1.1-3 (one nsd) and 127.54.1.4 (Tandem). Run as root from the project's
# root after the build (bin/tandem exists): bench/consistency/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ZONES=${ZONES:-10000}
DURATION=${DURATION:-30}
INTERVAL=${INTERVAL:-60}
WORK=${WORK:-/tmp/tandem-consistency-bench}
TANDEM_CPU=${TANDEM_CPU:-0}
OTHERS_CPU=${OTHERS_CPU:-1}
NET=127.54

[ -x "$root/bin/tandem" ] || { echo "build first: bin/mvn -q package -DskipTests" >&2; exit 1; }
for c in nsd dnsperf taskset python3 curl; do
    command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || { echo "missing $c" >&2; exit 1; }
done
rm -rf "$WORK"; mkdir -p "$WORK"/{root,tld,zones,data}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

python3 - "$WORK" "$ZONES" "$NET" <<'EOF'
import sys
work, n, net = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ns = ["ns1.p1.bench.", "ns2.p1.bench.", "ns1.p2.bench.", "ns2.p2.bench."]
addr = [f"{net}.1.{i}" for i in (1, 2, 3, 4)]
with open(f"{work}/root/root.zone", "w") as f:
    f.write(f""". 86400 SOA a.root-servers.net. h.root-servers.net. 1 1800 900 604800 86400
. 518400 NS a.root-servers.net.
a.root-servers.net. 518400 A {net}.0.1
bench. 172800 NS ns.tld.bench.
ns.tld.bench. 172800 A {net}.0.2
""")
with open(f"{work}/tld/bench.zone", "w") as f:
    f.write(f"""bench. 3600 SOA ns.tld.bench. h.bench. 1 1800 900 604800 300
bench. 3600 NS ns.tld.bench.
ns.tld.bench. 3600 A {net}.0.2
""")
    for name, a in zip(ns, addr):
        f.write(f"{name} 3600 A {a}\n")
    for i in range(n):
        for name in ns:
            f.write(f"z{i:05d}.bench. 3600 NS {name}\n")
nsd_zones, yaml, queries = [], ["zone:"], []
for i in range(n):
    z = f"z{i:05d}.bench."
    path = f"{work}/zones/{z}zone"
    with open(path, "w") as f:
        f.write(f"""{z} 3600 SOA ns1.p1.bench. hostmaster.{z} 1 3600 600 604800 300
""" + "".join(f"{z} 3600 NS {name}\n" for name in ns) + f"""www.{z} 300 A 192.0.2.80
mail.{z} 300 MX 10 mx.{z}
mx.{z} 300 A 192.0.2.25
{z} 300 TXT "v=spf1 mx -all"
""")
    nsd_zones.append(f"zone:\n    name: \"{z}\"\n    zonefile: \"{path}\"\n")
    yaml.append(f"  - domain: {z}\n    file: {path}")
    queries.append(f"www.{z} A")
server = lambda ips: "server:\n" + "".join(f"    ip-address: {ip}\n" for ip in ips) + f"""    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    database: ""
    zonelistfile: "{{d}}/zone.list"
    xfrdfile: "{{d}}/xfrd.state"
    xfrdir: "{{d}}"
    pidfile: "{{d}}/nsd.pid"
    verbosity: 0
remote-control:
    control-enable: no
"""
with open(f"{work}/root/nsd.conf", "w") as f:
    f.write(server([f"{net}.0.1"]).replace("{d}", f"{work}/root")
            + f'zone:\n    name: "."\n    zonefile: "{work}/root/root.zone"\n')
with open(f"{work}/tld/nsd.conf", "w") as f:
    f.write(server([f"{net}.0.2"]).replace("{d}", f"{work}/tld")
            + f'zone:\n    name: "bench."\n    zonefile: "{work}/tld/bench.zone"\n')
with open(f"{work}/zones/nsd.conf", "w") as f:
    f.write(server(addr[:3]).replace("{d}", f"{work}/zones") + "".join(nsd_zones))
with open(f"{work}/tandem.yaml", "w") as f:
    f.write("\n".join(yaml) + "\n")
with open(f"{work}/queries", "w") as f:
    f.write("\n".join(queries) + "\n")
with open(f"{work}/named.root", "w") as f:
    f.write(f". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A {net}.0.1\n")
EOF

for d in root tld zones; do
    taskset -c "$OTHERS_CPU" nsd -d -c "$WORK/$d/nsd.conf" >"$WORK/$d/nsd.log" 2>&1 &
    pids+=($!)
done
sleep 3

cpu_seconds() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
# One series alone (?name[]=): a whole scrape of 10,000 zones is itself work the CPU figure would count.
metric() { curl -s "http://127.0.0.1:8099/metrics?name\[\]=$1" | awk -v m="$1" '$1 == m {print $2}'; }

tandem() { # ARGS: extra flags; starts Tandem pinned, waits for it, sets $tpid
    rm -rf "$WORK/data"
    taskset -c "$TANDEM_CPU" "$root/bin/tandem" serve --config "$WORK/tandem.yaml" \
        --dns "$NET.1.4:53" --threads 1 --data "$WORK/data" --http 127.0.0.1:8099 \
        --root-hints "$WORK/named.root" --provider p1=p1.bench --provider p2=p2.bench "$@" \
        >"$WORK/tandem.out" 2>"$WORK/tandem.err" &
    tpid=$!
    pids+=("$tpid")
    for _ in $(seq 1 300); do grep -q "listening on" "$WORK/tandem.out" 2>/dev/null && return; sleep 0.2; done
    echo "tandem did not start" >&2; cat "$WORK/tandem.err" >&2; exit 1
}
flood() { # SECONDS; prints QPS
    taskset -c "$OTHERS_CPU" dnsperf -s "$NET.1.4" -p 53 -d "$WORK/queries" -l "$1" -c 8 -q 200 2>&1 \
        | awk '/Queries per second/ {print $4}'
}

echo "zones: $ZONES x 4 servers; interval $INTERVAL s; Tandem on CPU $TANDEM_CPU, nsd and dnsperf on CPU $OTHERS_CPU"

tandem --check-interval 0
flood 10 >/dev/null # warm-up: the query path compiled
before=$(flood "$DURATION")
kill "$tpid"; wait "$tpid" 2>/dev/null || true
echo "before: $before QPS (checks off)"

tandem --check-interval "$INTERVAL"
flood 10 >/dev/null # warm-up, as before
sleep "$INTERVAL" # the first interval: every zone's first round (AXFR tried, refused), compiled
c0=$(cpu_seconds "$tpid"); r0=$(metric tandem_checks_total); q0=$(metric tandem_check_queries_total); t0=$(date +%s.%N)
sleep "$INTERVAL"
c1=$(cpu_seconds "$tpid"); r1=$(metric tandem_checks_total); q1=$(metric tandem_check_queries_total); t1=$(date +%s.%N)
python3 -c "
dt=$t1-$t0; print(f'idle:   {($r1-$r0):.0f} rounds (zones checked) in {dt:.1f} s, {($q1-$q0)/dt:.0f} queries/s sent, CPU {($c1-$c0):.1f} s ({100*($c1-$c0)/dt:.1f}% of a core)')"
during=$(flood "$INTERVAL")
c2=$(cpu_seconds "$tpid"); r2=$(metric tandem_checks_total); q2=$(metric tandem_check_queries_total); t2=$(date +%s.%N)
python3 -c "
dt=$t2-$t1; print(f'during: {$during} QPS with checks running; {($r2-$r1):.0f} rounds, {($q2-$q1)/dt:.0f} queries/s sent in those {dt:.1f} s')
print(f'client capacity during/before: {100*$during/$before:.1f}%')"
grep -c "WARN" "$WORK/tandem.err" | xargs echo "warnings in Tandem's log:"
curl -sg 'http://127.0.0.1:8099/metrics?name[]=tandem_zones_consistency' | awk -F'"' '/^tandem_zones_consistency\{/ {split($3, v, " "); if (v[2] > 0) print "zones in state " $2 ": " v[2] + 0}'
