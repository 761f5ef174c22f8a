#!/usr/bin/env bash
# Secondary-zone benchmark: Tandem and Knot side by side as secondaries of one knotd primary,
# on loopback, in the same run.
#   1. AXFR in of a zone (default: ../shared/bench's 1,000,000-record large.test): time from the
#      secondary's start to serving the primary's serial, peak Java heap (Tandem), RSS (both).
#   2. Change-to-served latency: CHANGES one-record changes made on the primary with knotc;
#      each is NOTIFYed; the time until each secondary answers the new serial. Also on a small
#      zone, to show the latency does not grow with zone size.
# Usage: bench/secondary/run.sh            (from the repository root, after the build)
#        RECORDS=100000 CHANGES=20 bench/secondary/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${TANDEM_SHARED:-$ROOT/../shared}
WORK=${WORK:-/tmp/tandem-secondary-bench}
RECORDS=${RECORDS:-1000000}
CHANGES=${CHANGES:-30}
BASE_PORT=${BASE_PORT:-5460}
PRIMARY=$((BASE_PORT + 1)); TANDEM=$((BASE_PORT + 2)); KNOT2=$((BASE_PORT + 3))
SECRET=$(printf 'tandem-bench-secret-0123456789ab' | base64)
. "$ROOT/bin/jdk.sh"
command -v knotd >/dev/null || { echo "needs knotd (apt-get install knot)"; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK"
python3 "$SHARED/bench/gen-zones.py" --out "$WORK/data" --large-records "$RECORDS" \
  --small-queries 10 --large-queries 10 >/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

soa_serial() { # port zone -> serial or empty
  python3 - "$1" "$2" <<'PY'
import socket, struct, sys
port, zone = int(sys.argv[1]), sys.argv[2]
q = bytearray(struct.pack(">HHHHHH", 4242, 0, 1, 0, 0, 0))
for l in zone.rstrip(".").split("."):
    q.append(len(l)); q += l.encode()
q += b"\0" + struct.pack(">HH", 6, 1)
# Connected, so that a query to a port nobody listens on yet fails at once (ICMP port
# unreachable); unconnected, it waited out the timeout and a start looked up to 0.5 s slower.
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", port)); s.send(bytes(q)); d = s.recv(4096)
except OSError:
    sys.exit(0)
if d[3] & 15 != 0 or struct.unpack(">H", d[6:8])[0] == 0: sys.exit(0)
i = 12
while d[i]: i += d[i] + 1
i += 5
while d[i] and d[i] < 192: i += d[i] + 1
i += 2 if d[i] >= 192 else 1
i += 10
for _ in range(2):
    while d[i] and d[i] < 192: i += d[i] + 1
    i += 2 if d[i] >= 192 else 1
print(struct.unpack(">I", d[i:i+4])[0])
PY
}

knot_conf() { # dir port role zone file
  local dir=$1 port=$2 role=$3 zone=$4 file=$5
  mkdir -p "$dir"
  {
    echo "server:"; echo "  rundir: $dir"; echo "  listen: 127.0.0.1@$port"; echo "  background-workers: 1"
    echo "key:"; echo "  - id: xfr"; echo "    algorithm: hmac-sha256"; echo "    secret: $SECRET"
    echo "remote:"
    echo "  - id: primary"; echo "    address: 127.0.0.1@$PRIMARY"; echo "    key: xfr"
    echo "  - id: tandem"; echo "    address: 127.0.0.1@$TANDEM"; echo "    key: xfr"
    echo "  - id: knot2"; echo "    address: 127.0.0.1@$KNOT2"; echo "    key: xfr"
    echo "acl:"; echo "  - id: xfr"; echo "    key: xfr"; echo "    action: [transfer, notify]"
    echo "database:"; echo "  storage: $dir"
    echo "template:"; echo "  - id: default"; echo "    storage: $dir"; echo "    journal-content: changes"
    echo "zone:"; echo "  - domain: $zone"
    if [ "$role" = primary ]; then
      echo "    file: $file"; echo "    notify: [tandem, knot2]"; echo "    acl: xfr"
      echo "    zonefile-sync: -1"
    else
      echo "    master: primary"; echo "    acl: xfr"; echo "    zonefile-sync: -1"
    fi
  } > "$dir/knot.conf"
}

run_case() { # zone zonefile label
  local zone=$1 file=$2 label=$3
  local pdir="$WORK/$label/primary" kdir="$WORK/$label/knot2" tdir="$WORK/$label/tandem"
  knot_conf "$pdir" "$PRIMARY" primary "$zone" "$file"
  knot_conf "$kdir" "$KNOT2" secondary "$zone" ""
  knotd -c "$pdir/knot.conf" >"$pdir/log" 2>&1 & pids+=($!)
  local serial=""
  for _ in $(seq 600); do serial=$(soa_serial "$PRIMARY" "$zone"); [ -n "$serial" ] && break; sleep 0.1; done
  [ -n "$serial" ] || { echo "[$label] the primary knotd did not start:"; cat "$pdir/log"; exit 1; }
  echo "[$label] primary knotd serves $zone serial $serial"

  # --- AXFR in: Tandem
  local t0 t1 heap jpid
  t0=$(date +%s.%N)
  # The peak heap comes from the collector's log afterwards: sampling it with jstat while waiting
  # ran a JVM beside Tandem every poll, and the poll waited for it (up to 0.3 s late).
  TANDEM_JAVA_OPTS="-Xlog:gc:file=$WORK/$label/gc.log ${TANDEM_JAVA_OPTS:-}" "$ROOT/bin/tandem" serve --dns "127.0.0.1:$TANDEM" --threads 1 --check-interval 0 \
    --data "$tdir" --tsig "xfr=hmac-sha256:$SECRET" --secondary "$zone=127.0.0.1:$PRIMARY@xfr" \
    >"$WORK/$label/tandem.log" 2>&1 & jpid=$!; pids+=($jpid)
  local deadline=$(( $(date +%s) + 600 ))
  while :; do
    s=$(soa_serial "$TANDEM" "$zone"); [ "$s" = "$serial" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || { echo "[$label] Tandem never served $serial"; tail "$WORK/$label/tandem.log"; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  # Heap in use before each collection ("Pause Young (...) 52M->7M(64M)"): the largest is the peak.
  heap=$(grep -o '[0-9]*M->' "$WORK/$label/gc.log" 2>/dev/null | tr -d 'M>-' | sort -n | tail -1)
  local trss; trss=$(ps -o rss= -p "$(pgrep -P $jpid java || echo $jpid)" | tr -d ' ')
  echo "[$label] Tandem AXFR in: $(python3 -c "print(f'{$t1-$t0:.2f}')") s from start to serving; peak heap ${heap:-?} MiB (before a collection); RSS $((trss/1024)) MiB"

  # --- AXFR in: Knot
  t0=$(date +%s.%N)
  knotd -c "$kdir/knot.conf" >"$kdir/log" 2>&1 & local kpid=$!; pids+=($kpid)
  while :; do s=$(soa_serial "$KNOT2" "$zone"); [ "$s" = "$serial" ] && break; sleep 0.05; done
  t1=$(date +%s.%N)
  echo "[$label] Knot AXFR in: $(python3 -c "print(f'{$t1-$t0:.2f}')") s from start to serving; RSS $(( $(ps -o rss= -p $kpid) / 1024 )) MiB"

  # --- one-record changes
  python3 "$ROOT/bench/secondary/changes.py" "$pdir/knot.conf" "$zone" "$serial" "$CHANGES" "$label" \
    "Tandem=$TANDEM" "Knot=$KNOT2"
  grep -c "IXFR" "$WORK/$label/tandem.log" | sed "s/^/[$label] Tandem log lines mentioning IXFR: /"
  cleanup; pids=()
}

run_case example.test. "$WORK/data/small.zone" small
run_case large.test. "$WORK/data/large.zone" large
