#!/usr/bin/env bash
# Latency at half load (issue 20: "p99 latency under 50% load <= Knot's"): Tandem beside Knot DNS
# and NSD on ../shared/bench's small zone, each server pinned to one core with one worker, dnsperf
# on the other core.
#
#   1. Each server's capacity: dnsperf at full load (CLIENTS x OUTSTANDING in flight) for DURATION s,
#      after WARMUP s at full load (Tandem's JIT).
#   2. Latency: dnsperf -Q RATE for DURATION s, every reply's latency recorded (-v); RATE is half of
#      Knot's capacity from step 1 (RATE=N to set it), the same for every server. p50, p99, p99.9,
#      the largest, and the queries lost.
#   Rounds rotate the servers' order; the summary gives medians over ROUNDS.
#
# Usage (from the repository root, after `bin/mvn -q -B package -DskipTests`):
#   bench/latency/run.sh
#   ROUNDS=1 DURATION=5 SERVERS="tandem knot" bench/latency/run.sh
# Settings: ROUNDS=3 DURATION=10 WARMUP=8 SERVERS="tandem knot nsd" RATE (queries/s; default half
#   of Knot's capacity) CLIENTS=8 OUTSTANDING=100 SERVER_CPU=0 CLIENT_CPU=1 BASE_PORT=5620
#   WORK=/tmp/tandem-latency-bench TANDEM_SHARED (default ../shared)
# Results: $WORK/summary.md, raw dnsperf output in $WORK/raw/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${TANDEM_SHARED:-$ROOT/../shared}
WORK=${WORK:-/tmp/tandem-latency-bench}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-8}
SERVERS=${SERVERS:-"tandem knot nsd"}
CLIENTS=${CLIENTS:-8}
OUTSTANDING=${OUTSTANDING:-100}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-5620}
RATE=${RATE:-}

die() { echo "bench/latency: $*" >&2; exit 2; }
for t in dnsperf taskset python3; do command -v $t >/dev/null || die "needs $t"; done
[ -f "$ROOT/app/target/tandem-app.jar" ] || die "Tandem is not built: bin/mvn -q -B package -DskipTests"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server and client pinned apart)"

rm -rf "$WORK"; mkdir -p "$WORK/data" "$WORK/raw" "$WORK/run"
python3 "$SHARED/bench/gen-zones.py" --out "$WORK/data" --skip-large >/dev/null
ZF=$WORK/data/small.zone; QF=$WORK/data/small.queries

port_of() { case $1 in tandem) echo $((BASE_PORT + 1)) ;; knot) echo $((BASE_PORT + 2)) ;; nsd) echo $((BASE_PORT + 3)) ;; esac; }

start() { # server -> SPID
  local s=$1 d=$WORK/run/$1 p; p=$(port_of "$1"); rm -rf "$d"; mkdir -p "$d/db"
  case $s in
    knot) printf '%s\n' "server:" "    rundir: \"$d\"" "    listen: 127.0.0.1@$p" "    udp-workers: 1" \
            "    tcp-workers: 1" "    background-workers: 1" "database:" "    storage: \"$d/db\"" \
            "log:" "  - target: stderr" "    any: warning" "zone:" "  - domain: example.test" \
            "    file: \"$ZF\"" "    storage: \"$d\"" "    zonefile-sync: -1" "    journal-content: none" \
            > "$d/knot.conf"
          set -- knotd -c "$d/knot.conf" ;;
    # As in ../shared/bench: NSD's response-rate limiting off, minimal responses like Knot's.
    nsd) printf '%s\n' "server:" "    ip-address: 127.0.0.1@$p" "    server-count: 1" "    username: \"\"" \
            "    chroot: \"\"" "    zonesdir: \"$d\"" "    database: \"\"" "    zonelistfile: \"$d/zone.list\"" \
            "    xfrdfile: \"$d/xfrd.state\"" "    xfrdir: \"$d\"" "    pidfile: \"$d/nsd.pid\"" \
            "    logfile: \"$d/nsd.log\"" "    verbosity: 0" "    rrl-ratelimit: 0" \
            "    rrl-whitelist-ratelimit: 0" "    minimal-responses: yes" "remote-control:" \
            "    control-enable: no" "zone:" "    name: example.test" "    zonefile: \"$ZF\"" > "$d/nsd.conf"
          set -- nsd -d -c "$d/nsd.conf" ;;
    tandem) set -- "$ROOT/bin/tandem" serve --dns "127.0.0.1:$p" --http "127.0.0.1:$((p + 10))" \
              --zone "example.test=$ZF" --threads 1 --data "$d/data" --check-interval 0 ;;
  esac
  setsid taskset -c "$SERVER_CPU" "$@" > "$d/stdout.log" 2>&1 &
  SPID=$!
  for _ in $(seq 200); do
    dig +short +tries=1 +time=1 -p "$p" @127.0.0.1 example.test SOA 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  die "$s did not answer on port $p (see $d/stdout.log)"
}
stop() { kill -TERM -- "-$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
perf() { # server label args... : dnsperf on the client core, output to raw/label
  local p; p=$(port_of "$1"); local out=$WORK/raw/$2; shift 2
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$p" -d "$QF" -c "$CLIENTS" -q "$OUTSTANDING" "$@" > "$out" 2>&1
}
qps() { awk '/Queries per second/ {print int($4)}' "$1"; }

declare -A CAP
for r in $(seq "$ROUNDS"); do
  order=$(echo $SERVERS | tr ' ' '\n' | awk -v r="$r" '{a[NR]=$0} END {for (i = 0; i < NR; i++) print a[(i + r - 1) % NR + 1]}')
  for s in $order; do
    start "$s"
    perf "$s" "warmup-$s-$r" -l "$WARMUP"
    perf "$s" "capacity-$s-$r" -l "$DURATION"
    CAP[$s-$r]=$(qps "$WORK/raw/capacity-$s-$r")
    stop "$SPID"
  done
  ref=knot; case " $SERVERS " in *" knot "*) ;; *) ref=${SERVERS%% *} ;; esac
  cap=${CAP[$ref-$r]}; rate=${RATE:-$((cap / 2))}
  for s in $order; do
    start "$s"
    perf "$s" "warmup2-$s-$r" -l "$WARMUP"
    perf "$s" "latency-$s-$r" -l "$DURATION" -Q "$rate" -v
    echo "$s $r $rate ${CAP[$s-$r]}" >> "$WORK/runs.txt"
    stop "$SPID"
  done
  echo "round $r: rate $rate/s; capacity $(for s in $SERVERS; do printf '%s %s ' "$s" "${CAP[$s-$r]}"; done)" >&2
done

python3 - "$WORK" "$DURATION" <<'PY' | tee "$WORK/summary.md"
import statistics, sys
work, duration = sys.argv[1], float(sys.argv[2])
rows = {}
for line in open(f"{work}/runs.txt"):
    s, r, rate, cap = line.split()
    lat = []
    lost = 0
    for l in open(f"{work}/raw/latency-{s}-{r}"):
        if l.startswith("> "):
            lat.append(float(l.split()[-1]) * 1000)
        elif "Queries lost:" in l:
            lost = int(l.split()[2])
    lat.sort()
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
    rows.setdefault(s, []).append((int(rate), int(cap), len(lat) / duration, q(0.5), q(0.99), q(0.999), lat[-1], lost))
print("| server | capacity, queries/s | offered | answered/s | p50 ms | p99 ms | p99.9 ms | max ms | lost |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for s, rs in rows.items():
    med = lambda i: statistics.median(x[i] for x in rs)
    print(f"| {s} | {med(1):,.0f} | {med(0):,.0f} | {med(2):,.0f} | {med(3):.3f} | {med(4):.3f} | {med(5):.3f} | {med(6):.2f} | {med(7):.0f} |")
print(f"\nmedians over {len(next(iter(rows.values())))} rounds; each server pinned to one core with one worker")
PY
