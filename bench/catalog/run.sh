#!/usr/bin/env bash
# Catalog benchmark (RFC 9432): ZONES small zones (7 records each) listed in one catalog zone,
# served by a knotd primary; Tandem and Knot, one after the other in the same run, each start
# empty as a consumer of that catalog on loopback.
#   1. Start to all served: from the consumer's start until every member answers SOA (AA, NOERROR).
#   2. Memory: the consumer's RSS then, per zone (and Tandem's RSS before the catalog, to subtract
#      the JVM's own).
#   3. Catalog change to served: a zone added on the primary (zone file, knotc conf-set, the
#      catalog's zone file and zone-reload, which NOTIFYs), until the consumer serves it.
# Usage: bench/catalog/run.sh                 (from the repository root, after the build)
#        ZONES=10000 bench/catalog/run.sh      CONSUMERS="tandem" bench/catalog/run.sh
#        CONSUMERS="tandem knot knot-memory": Knot also without its journal (zones in memory only)
#        HISTOGRAM=1: Tandem's live objects by class once all are served (jcmd GC.class_histogram)
# A benchmark, not a test: on a shared, busy machine the figures move from run to run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/tandem-catalog-bench}
ZONES=${ZONES:-100000}
CONSUMERS=${CONSUMERS:-"tandem knot"}
BASE_PORT=${BASE_PORT:-5480}
TIMEOUT=${TIMEOUT:-600}
# Seconds after the last zone is served before RSS is read, for every server alike: past the JVM's
# 5 s interval of giving the C library's free memory back (a one-zone Tandem read 3 s after its first
# answer still held 7 MB of the JIT's freed arenas).
SETTLE=${SETTLE:-10}
CATALOG_IXFR=${CATALOG_IXFR:-0}   # 1: the primary journals the catalog, so its change goes by IXFR
PRIMARY=$((BASE_PORT + 1)); CONSUMER=$((BASE_PORT + 2)); HTTP=$((BASE_PORT + 3))
SECRET=$(printf 'tandem-bench-secret-0123456789ab' | base64)
POLL="$ROOT/bench/catalog/poll.py"
. "$ROOT/bin/jdk.sh"
command -v knotd >/dev/null || { echo "needs knotd (apt-get install knot)"; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK/primary/zones"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "generating $ZONES zones and their catalog in $WORK"
python3 - "$WORK" "$ZONES" <<'PY'
import os, sys, hashlib
work, n = sys.argv[1], int(sys.argv[2])
zones = os.path.join(work, "primary", "zones")
body = ("$TTL 3600\n@ SOA ns1.bench.net. hostmaster.bench.net. 1 86400 7200 2419200 300\n"
        "@ NS ns1.bench.net.\n@ NS ns2.bench.net.\n@ MX 10 mail.bench.net.\n"
        "@ TXT \"v=spf1 -all\"\nwww A 192.0.2.80\nwww AAAA 2001:db8::80\n")
with open(os.path.join(work, "names"), "w") as names, \
     open(os.path.join(work, "primary", "zones.conf"), "w") as conf, \
     open(os.path.join(zones, "cat.bench.zone"), "w") as cat:
    cat.write("$TTL 0\n@ SOA invalid. invalid. 1 3600 600 2419200 0\n@ NS invalid.\n"
              "version TXT \"2\"\n")
    for i in range(n + 1):          # the last one is added during the run
        z = f"z{i}.bench"
        with open(os.path.join(zones, z + ".zone"), "w") as f:
            f.write(body)
        if i == n:
            continue
        names.write(z + "\n")
        conf.write(f"  - domain: {z}\n")
        label = hashlib.sha256(z.encode()).hexdigest()[:16]
        cat.write(f"{label}.zones PTR {z}.\n")
PY

knot_conf() { # dir port [extra zone lines] -> a knot.conf on stdout
  cat <<EOF
server:
    rundir: "$1"
    listen: 127.0.0.1@$2
    udp-workers: 2
    tcp-workers: 4
    background-workers: 2
control:
    listen: "$1/knot.sock"
key:
  - id: bench
    algorithm: hmac-sha256
    secret: $SECRET
remote:
  - id: consumer
    address: 127.0.0.1@$CONSUMER
    key: bench
  - id: primary
    address: 127.0.0.1@$PRIMARY
    key: bench
acl:
  - id: transfer
    key: bench
    action: transfer
  - id: notify
    address: 127.0.0.1
    key: bench
    action: notify
database:
    storage: "$1"
log:
  - target: stderr
    any: notice
EOF
}

# The primary: every zone from its file, transfers with the key, the catalog NOTIFYing.
P="$WORK/primary"
{ knot_conf "$P" "$PRIMARY"
  cat <<EOF
template:
  - id: default
    storage: "$P/zones"
    acl: transfer
    semantic-checks: off
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: cat.bench
    notify: consumer
$( [ "$CATALOG_IXFR" = 1 ] && printf '    journal-content: changes\n    zonefile-load: difference\n' )
EOF
  cat "$P/zones.conf"; } > "$P/knot.conf"
echo "starting the primary (knotd, $ZONES zones)"
knotd -c "$P/knot.conf" > "$P/knotd.log" 2>&1 & pids+=($!)
printf 'cat.bench\nz%s.bench\n' $((ZONES - 1)) > "$WORK/primary-check"
python3 "$POLL" "$PRIMARY" "$WORK/primary-check" "$TIMEOUT" >/dev/null
echo "primary up"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_s() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; } # user + system, 100 Hz
results=()
tandem_base=0

run_tandem() {
  local dir="$WORK/tandem"; mkdir -p "$dir"
  printf 'bench=hmac-sha256:%s\n' "$SECRET" > "$dir/keys"; chmod 600 "$dir/keys"
  # The JVM's own RSS, to tell what the zones cost: a node serving one sample zone, settled.
  "$ROOT/bin/tandem" serve --dns "127.0.0.1:$CONSUMER" --data "$dir/empty" --check-interval 0 > "$dir/empty.log" 2>&1 &
  local empty=$!; pids+=("$empty")
  python3 "$POLL" "$CONSUMER" <(echo example.test) 60 >/dev/null; sleep "$SETTLE"
  tandem_base=$(rss_kb "$empty"); kill "$empty"; wait "$empty" 2>/dev/null || true
  local t0; t0=$(date +%s.%N)
  "$ROOT/bin/tandem" serve --dns "127.0.0.1:$CONSUMER" --http "127.0.0.1:$HTTP" \
    --data "$dir/data" --tsig-file "$dir/keys" \
    --check-interval 0 --catalog "cat.bench=127.0.0.1:$PRIMARY@bench" > "$dir/tandem.log" 2>&1 & pids+=($!)
  measure tandem $! "$t0"
}

# Knot keeps every zone in its journal, on disk, as Tandem keeps them in its store (a restart
# serves them without the primary); knot-memory keeps them in memory only (journal-content: none),
# to be transferred again after a restart.
run_knot() { run_knot_with knot all; }
run_knot-memory() { run_knot_with knot-memory none; }

run_knot_with() { # label journal-content
  local dir="$WORK/$1"; mkdir -p "$dir"
  { knot_conf "$dir" "$CONSUMER"
    cat <<EOF
template:
  - id: default
    storage: "$dir"
    semantic-checks: off
    zonefile-sync: -1
    zonefile-load: none
    journal-content: $2
  - id: member
    storage: "$dir"
    master: primary
    acl: notify
    semantic-checks: off
    zonefile-sync: -1
    zonefile-load: none
    journal-content: $2
zone:
  - domain: cat.bench
    master: primary
    acl: notify
    catalog-role: interpret
    catalog-template: member
EOF
  } > "$dir/knot.conf"
  local t0; t0=$(date +%s.%N)
  knotd -c "$dir/knot.conf" > "$dir/knotd.log" 2>&1 & pids+=($!)
  measure "$1" $! "$t0"
}

measure() { # consumer pid t0: until all served, then RSS, CPU, a catalog change; stops it
  python3 "$POLL" "$CONSUMER" "$WORK/names" "$TIMEOUT" >/dev/null
  local t1; t1=$(date +%s.%N)
  local cpu; cpu=$(cpu_s "$2")
  sleep "$SETTLE" # as for the one-zone server: the last transfers' garbage collected, freed memory given back
  local rss; rss=$(rss_kb "$2")
  if [ "${HISTOGRAM:-0}" = 1 ] && [ "$1" = tandem ]; then # live objects by class, after a full GC
    "$JAVA_HOME/bin/jcmd" "$2" GC.class_histogram > "$WORK/tandem-histogram.txt"
    echo "class histogram: $WORK/tandem-histogram.txt"
  fi
  add_zone
  results+=("$1 $(echo "$t1 - $3" | bc) $rss $change $cpu")
  kill "$2"; wait "$2" 2>/dev/null || true
}

added=0
change=0
add_zone() { # sets change: seconds from the catalog's reload to the new zone served
  local z="z$((ZONES + added)).bench"; added=$((added + 1))
  [ -f "$P/zones/$z.zone" ] || cp "$P/zones/z${ZONES}.bench.zone" "$P/zones/$z.zone"
  knotc -c "$P/knot.conf" conf-begin >/dev/null
  knotc -c "$P/knot.conf" conf-set "zone[$z]" >/dev/null
  knotc -c "$P/knot.conf" conf-commit >/dev/null
  local serial=$((1 + added))
  local label; label=$(printf '%s' "$z" | sha256sum | cut -c1-16)
  sed -i "s/^@ SOA invalid. invalid. [0-9]* /@ SOA invalid. invalid. $serial /" "$P/zones/cat.bench.zone"
  printf '%s.zones PTR %s.\n' "$label" "$z" >> "$P/zones/cat.bench.zone"
  echo "$z" > "$WORK/new-zone"
  local t0; t0=$(date +%s.%N)
  knotc -c "$P/knot.conf" zone-reload cat.bench >/dev/null
  python3 "$POLL" "$CONSUMER" "$WORK/new-zone" 60 >/dev/null
  change=$(echo "$(date +%s.%N) - $t0" | bc)
}

for c in $CONSUMERS; do
  echo "consumer: $c"
  "run_$c"
done

echo
echo "$ZONES zones of 7 records from one catalog, on $(nproc) cores ($(uname -r)); a shared machine:"
[ "$tandem_base" -gt 0 ] && echo "(tandem serving one sample zone: $((tandem_base / 1024)) MB RSS; RSS/zone above the line subtracts it)"
printf '%-8s %22s %12s %14s %24s %18s\n' consumer "start to all served (s)" "RSS (MB)" "RSS/zone (KB)" "catalog change to served (s)" "CPU until served (s)"
for r in "${results[@]}"; do
  set -- $r
  base=0; [ "$1" = tandem ] && base=$tandem_base
  printf '%-8s %22.1f %12.0f %14.2f %24.2f %18.1f\n' "$1" "$2" "$(echo "$3 / 1024" | bc -l)" \
    "$(echo "($3 - $base) / $ZONES" | bc -l)" "$4" "$5"
done
