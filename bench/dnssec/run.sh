#!/usr/bin/env bash
# DNSSEC serving benchmark (issue 5): server CPU per query with DO=1 on a signed 100,000-name
# NSEC3 zone, Tandem beside Knot DNS and NSD (both serve the pre-signed zone as is), same run.
#
#   zone:    signed.test, NAMES owner names (A/AAAA/MX/TXT hosts, 1% delegations, half with DS),
#            NSEC3 (SHA-1, 0 iterations, salt aabbccdd, no opt-out), ECDSAP256SHA256 KSK+ZSK,
#            signed once with ldns-signzone into $WORK/data (reused while valid; REGEN=1 redoes it)
#   queries: dnsperf -B binary streams, RD=0, EDNS(0) payload 1232 (bench.py gen):
#            mix       DO=1: 60% existing name+type (answer + RRSIG), 20% NXDOMAIN (closest
#                      encloser, next closer, wildcard NSEC3s), 10% NODATA (NSEC3), 10% names
#                      below a cut (referral with DS+RRSIG or the NSEC3 that proves no DS)
#            pos-do    DO=1, the positive names of the mix only
#            pos-nodo  DO=0 (EDNS on), the same positive names: the reference without DNSSEC
#            nxdomain, nodata, referral   DO=1, one category of the mix each (not in the default
#                      SETS; for finding where the CPU goes)
#   start:   each server is started once, pinned, and stays up (idle while another is measured)
#   check:   bench.py check sends 40 sample queries (10 per category)
#            with DO=1 to each and compares rcode, flags and the owner names and types of the
#            records per section with Knot's; one `kdig +dnssec` per category per server is kept
#   timing:  servers pinned to CPU SERVER_CPU with one worker, dnsperf pinned to CPU CLIENT_CPU;
#            START_WARMUP s of the mix per server first (the JIT); each round (server order
#            rotated) measures each server in turn: per set WARMUP s discarded, then
#            DURATION s measured; server CPU = utime+stime from /proc of the server's session.
#            Summary: medians over rounds of CPU µs per query and queries per CPU-second, and the
#            Tandem/Knot and Tandem/NSD ratios from the same round.
#
# Usage (from the repository root, after `bin/mvn -q -B package -DskipTests`):
#   bench/dnssec/run.sh
#   ROUNDS=1 DURATION=10 bench/dnssec/run.sh
#   SERVERS="knot nsd" SETS=mix bench/dnssec/run.sh
# Settings (environment):
#   ROUNDS=3  DURATION=12  WARMUP=3 (discarded s before each set)  START_WARMUP=8 (discarded s of the
#   mix after each server start: the JIT)  SETS="mix pos-do pos-nodo"  SERVERS="tandem knot nsd"
#   NAMES=100000  QUERIES=100000  REGEN=0  WORK=/tmp/tandem-dnssec-bench  RUN_ID=<timestamp>
#   BASE_PORT=5580 (uses +1 tandem, +2 knot, +3 nsd)  CLIENTS=8  OUTSTANDING=100 (dnsperf -c/-q)
#   SERVER_CPU=0  CLIENT_CPU=1  CHECK=1  TANDEM_JAVA_OPTS  SNAPSHOT=1 (run Tandem from a copy of the
#   build in $WORK/tandem, so that a rebuild during the run cannot change or break it)
# Results: $WORK/results/$RUN_ID/{summary.md,check.txt,check-detail.txt,kdig/,load.txt,raw/,run.log,versions.txt}
#   (restarts.txt if a server had to be started again). Re-render: bench/dnssec/bench.py summary DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/dnssec"
WORK=${WORK:-/tmp/tandem-dnssec-bench}
NAMES=${NAMES:-100000}
QUERIES=${QUERIES:-100000}
REGEN=${REGEN:-0}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-12}
WARMUP=${WARMUP:-3}
START_WARMUP=${START_WARMUP:-8}
SETS=${SETS:-"mix pos-do pos-nodo"}
SERVERS=${SERVERS:-"tandem knot nsd"}
BASE_PORT=${BASE_PORT:-5580}
CLIENTS=${CLIENTS:-8}
OUTSTANDING=${OUTSTANDING:-100}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
CHECK=${CHECK:-1}
SNAPSHOT=${SNAPSHOT:-1}
RUN_ID=${RUN_ID:-$(date +%Y%m%d-%H%M%S)}
PY=${PYTHON:-python3}
ZONE=signed.test
DATA=$WORK/data
OUT=$WORK/results/$RUN_ID
RAW=$OUT/raw
LOG=$OUT/run.log

die() { echo "bench/dnssec: $*" >&2; exit 2; }
has() { case " $1 " in *" $2 "*) return 0 ;; *) return 1 ;; esac; }
need() { command -v "$1" >/dev/null 2>&1 || die "needs $1 (apt-get install -y $2)"; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

need "$PY" python3; need dnsperf dnsperf; need taskset util-linux; need ss iproute2
need ldns-signzone ldnsutils; need ldns-keygen ldnsutils
has "$SERVERS" knot && need knotd knot
has "$SERVERS" nsd && need nsd nsd
[ "$CHECK" = 1 ] && need kdig knot-dnsutils
if has "$SERVERS" tandem; then
  . "$ROOT/bin/jdk.sh"
  [ -f "$ROOT/app/target/tandem-app.jar" ] || die "Tandem is not built: run 'bin/mvn -q -B package -DskipTests' in $ROOT"
  TANDEM=$ROOT/bin/tandem
  if [ "$SNAPSHOT" = 1 ]; then   # the same layout, so bin/tandem finds its jar, lib/ and options
    rm -rf "$WORK/tandem"; mkdir -p "$WORK/tandem/bin" "$WORK/tandem/app/target"
    cp -p "$ROOT"/bin/{tandem,jdk.sh,jvm.options,jvm25.options} "$WORK/tandem/bin/"
    [ -f "$ROOT/bin/compiler-directives.json" ] && cp -p "$ROOT/bin/compiler-directives.json" "$WORK/tandem/bin/"
    cp -a "$ROOT/app/target/tandem-app.jar" "$ROOT/app/target/lib" "$WORK/tandem/app/target/"
    TANDEM=$WORK/tandem/bin/tandem
  fi
  # The cross-provider checks would resolve the zone from the Internet's root while we measure;
  # an older jar (SNAPSHOT) may not know the flag.
  TANDEM_QUIET=()
  if "$TANDEM" serve --help 2>/dev/null | grep -q -- --check-interval; then TANDEM_QUIET=(--check-interval 0); fi
fi
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server and client pinned apart)"
for s in $SERVERS; do case $s in tandem|knot|nsd) ;; *) die "unknown server '$s' (tandem, knot, nsd)" ;; esac; done
for st in $SETS; do case $st in mix|pos-do|pos-nodo|nxdomain|nodata|referral) ;;
  *) die "unknown set '$st' (mix, pos-do, pos-nodo, nxdomain, nodata, referral)" ;; esac; done
mkdir -p "$DATA" "$RAW" "$OUT/kdig" "$WORK/run" "$WORK/bin"
# knotd and nsd run through symlinks with other names: on the shared box something stops processes
# named knotd now and then (seen: a knotd was shut down after ~20 s, an identical copy under
# another name was not); a server that goes anyway is started again (see alive()).
has "$SERVERS" knot && ln -sfn "$(command -v knotd)" "$WORK/bin/kd-bench"
has "$SERVERS" nsd && ln -sfn "$(command -v nsd)" "$WORK/bin/nd-bench"

port_of() { case $1 in tandem) echo $((BASE_PORT + 1)) ;; knot) echo $((BASE_PORT + 2)) ;; nsd) echo $((BASE_PORT + 3)) ;; esac; }

# ------------------------------------------------------------------ data (generated once)
stamp="names=$NAMES queries=$QUERIES format=2"   # bump format= when bench.py gen changes
valid_until=$(cat "$DATA/signed.expiry" 2>/dev/null || echo 0)
if [ "$REGEN" = 1 ] || [ "$(cat "$DATA/stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$DATA/signed.zone" ] ||
   [ "$valid_until" -lt $(( $(date +%s) + 30 * 86400 )) ]; then
  log "generating and signing the $NAMES-name zone into $DATA (15–30 s)"
  rm -f "$DATA/stamp"
  "$PY" "$HERE/bench.py" gen --out "$DATA" --names "$NAMES" --queries "$QUERIES" | tee -a "$LOG"
  echo "$stamp" >"$DATA/stamp"
else
  log "reusing the signed zone in $DATA ($(grep -c . "$DATA/signed.zone") lines)"
fi
ZF=$DATA/signed.zone

# ------------------------------------------------------------------ servers
write_conf() { # server dir port
  local s=$1 d=$2 p=$3
  rm -rf "$d"; mkdir -p "$d/db"
  case $s in
    knot) cat >"$d/knot.conf" <<EOF
server:
    rundir: "$d"
    pidfile: "$d/knot.pid"
    listen: 127.0.0.1@$p
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$d/db"
log:
  - target: stderr
    any: warning
zone:
  - domain: $ZONE
    file: "$ZF"
    storage: "$d"
    dnssec-signing: off
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
EOF
      ;;
    nsd) cat >"$d/nsd.conf" <<EOF
server:
    ip-address: 127.0.0.1@$p
    server-count: 1
    reuseport: no
    username: ""
    chroot: ""
    zonesdir: "$d"
    database: ""
    zonelistfile: "$d/zone.list"
    xfrdfile: "$d/xfrd.state"
    xfrdir: "$d"
    pidfile: "$d/nsd.pid"
    logfile: "$d/nsd.log"
    verbosity: 0
    # as in ../shared/bench: RRL off (NSD's default is on), minimal responses like Knot's
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    minimal-responses: yes
remote-control:
    control-enable: no
zone:
    name: $ZONE
    zonefile: "$ZF"
EOF
      ;;
  esac
}

STARTED=()
start_server() { # server pin(yes|no) -> sets SPID
  local s=$1 pin=$2 d=$WORK/run/$1 p cmd
  p=$(port_of "$s")
  if ss -Hlnu "( sport = :$p )" 2>/dev/null | grep -q .; then die "port $p for $s is in use; set BASE_PORT"; fi
  write_conf "$s" "$d" "$p"
  case $s in
    knot) cmd=("$WORK/bin/kd-bench" -c "$d/knot.conf") ;;
    nsd) cmd=("$WORK/bin/nd-bench" -d -c "$d/nsd.conf") ;;
    tandem) cmd=("$TANDEM" serve --dns "127.0.0.1:$p" --zone "$ZONE=$ZF" --threads 1 --data "$d/data" "${TANDEM_QUIET[@]}") ;;
  esac
  [ "$pin" = yes ] && cmd=(taskset -c "$SERVER_CPU" "${cmd[@]}")
  # own session: the server and its children are found (CPU) and stopped by its PID
  setsid "${cmd[@]}" >"$d/stdout.log" 2>&1 &
  SPID=$!
  STARTED+=("$SPID")
}

stop_server() {
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for i in $(seq 50); do [ -z "$(ps -o pid= --sid "$pid" 2>/dev/null)" ] && break; sleep 0.1; done
}
cleanup() { local p; for p in "${STARTED[@]}"; do kill -0 "$p" 2>/dev/null && stop_server "$p"; done; return 0; }
trap cleanup EXIT
trap 'exit 130' INT TERM

await() { # server pid -> prints seconds to the first SOA answer, or fails
  local r
  r=$("$PY" "$HERE/bench.py" wait "$(port_of "$1")" "$ZONE" 300) || {
    log "$1 did not serve $ZONE; the end of $WORK/run/$1/stdout.log:"; tail -n 15 "$WORK/run/$1/stdout.log" >&2; return 1; }
  kill -0 "$2" 2>/dev/null || { log "$1 exited"; return 1; }
  echo "$r"
}

tree_cpu_ticks() { # utime+stime of every process in the server's session
  local p sum=0 v
  for p in $(ps -o pid= --sid "$1" 2>/dev/null); do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}') && sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
rss_mib() { # largest VmRSS in the session, MiB
  local p m=0 v
  for p in $(ps -o pid= --sid "$1" 2>/dev/null); do
    v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null) && [ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
  done
  echo $((m / 1024))
}
cpu_snapshot() { awk '/^cpu[0-9]/{busy=$2+$3+$4+$7+$8+$9; print $1, busy, busy+$5+$6}' /proc/stat | xargs; }
HZ=$(getconf CLK_TCK)

dnsperf_run() { # port set seconds outfile
  taskset -c "$CLIENT_CPU" dnsperf -B -s 127.0.0.1 -p "$1" -d "$DATA/$2.bin" -l "$3" \
    -c "$CLIENTS" -q "$OUTSTANDING" >"$4" 2>&1
}

measure() { # server pid set round
  local s=$1 pid=$2 st=$3 r=$4 p id s0 s1 c0 c1 tf f
  p=$(port_of "$s"); id="$st-$s-r$r"
  [ "$WARMUP" -gt 0 ] && dnsperf_run "$p" "$st" "$WARMUP" "$RAW/$id.warmup.txt"
  tf=$(mktemp)
  s0=$(tree_cpu_ticks "$pid"); c0=$(cpu_snapshot)
  { TIMEFORMAT='%R %U %S'; time dnsperf_run "$p" "$st" "$DURATION" "$RAW/$id.txt"; } 2>"$tf"
  s1=$(tree_cpu_ticks "$pid"); c1=$(cpu_snapshot)
  f=$RAW/$id.txt
  {
    echo "server=$s"; echo "set=$st"; echo "round=$r"; echo "server_cpu_index=$SERVER_CPU"
    echo "completed=$(awk '/Queries completed:/{print $3}' "$f")"
    echo "lost=$(awk '/Queries lost:/{print $3}' "$f")"
    echo "qps=$(awk '/Queries per second:/{print $4}' "$f")"
    echo "run_s=$(awk '/Run time \(s\):/{print $4}' "$f")"
    echo "resp_bytes=$(sed -n 's/.*Average packet size:.*response \([0-9]*\).*/\1/p' "$f")"
    echo "server_cpu_s=$(awk -v a="$s0" -v b="$s1" -v hz="$HZ" 'BEGIN{printf "%.2f",(b-a)/hz}')"
    read -r _ cu cs <"$tf"; echo "client_cpu_s=$(awk -v u="$cu" -v s="$cs" 'BEGIN{printf "%.2f",u+s}')"
    echo "cpu_before=$c0"; echo "cpu_after=$c1"; echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "rss_mib=$(rss_mib "$pid")"
  } >"$RAW/$id.meta"
  rm -f "$tf"
  log "  $id: $(awk -F= '/^(completed|lost|qps|server_cpu_s|client_cpu_s|resp_bytes)=/{printf "%s=%s ", $1, $2}' "$RAW/$id.meta")" \
      "→ $(awk -F= '/^completed=/{q=$2} /^server_cpu_s=/{c=$2} END{if (q>0) printf "%.2f µs/query", c/q*1e6}' "$RAW/$id.meta")"
}

# ------------------------------------------------------------------ versions
{
  echo "date: $(date -u +%FT%TZ)"
  echo "kernel: $(uname -r); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "knotd: $(knotd -V 2>&1 | head -1)"
  echo "nsd: $(nsd -v 2>&1 | head -1)"
  echo "dnsperf: $(dpkg-query -W -f='${Version}' dnsperf 2>/dev/null)"
  has "$SERVERS" tandem && echo "tandem: HEAD $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes in the work tree'), jar built $(date -u -r "$ROOT/app/target/tandem-app.jar" +%FT%TZ), Java $TANDEM_JAVA_MAJOR ($JAVA_HOME), run from $TANDEM"
  has "$SERVERS" tandem && echo "tandem jars: $(cat "$(dirname "$TANDEM")/../app/target/tandem-app.jar" "$(dirname "$TANDEM")"/../app/target/lib/tandem-*.jar | sha1sum | cut -c1-12) (sha1 of tandem-app.jar + lib/tandem-*.jar)"
  echo "zone: $(head -1 "$DATA/stamp"), $(grep -c . "$ZF") lines signed; NSEC3PARAM $(awk '$4=="NSEC3PARAM"{print $5,$6,$7,$8; exit}' "$ZF")"
  echo "settings: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP START_WARMUP=$START_WARMUP SETS='$SETS' SERVERS='$SERVERS' CLIENTS=$CLIENTS OUTSTANDING=$OUTSTANDING SERVER_CPU=$SERVER_CPU CLIENT_CPU=$CLIENT_CPU"
} >"$OUT/versions.txt"
cat "$OUT/versions.txt" >>"$LOG"
log "results: $OUT"
cat "$ZF" >/dev/null   # page cache, the same for every server

# ------------------------------------------------------------------ start (each server once, pinned)
# All of them load the zone once and stay up (idle) through the check and the rounds: loading the
# signed zone takes seconds to tens of seconds on a shared box, nine loads would not fit the run.
declare -A PID
up=()
for s in $SERVERS; do
  start_server "$s" yes
  PID[$s]=$SPID
  if t=$(await "$s" "$SPID"); then
    log "$s serves $ZONE after $t s (alone on CPU $SERVER_CPU), RSS $(rss_mib "$SPID") MiB"; up+=("$s")
    echo "$s load_s=$t rss_mib=$(rss_mib "$SPID")" >>"$OUT/load.txt"
  else
    stop_server "$SPID"
  fi
done
[ ${#up[@]} -gt 0 ] || die "no server came up"

# ------------------------------------------------------------------ correctness check
if [ "$CHECK" = 1 ]; then
  ref=(); for s in knot nsd tandem; do has "${up[*]}" "$s" && ref+=("$s=$(port_of "$s")"); done
  log "check: 40 DO=1 sample queries (10 per category), compared with ${ref[0]%%=*}"
  "$PY" "$HERE/bench.py" check --sample "$DATA/sample.txt" --log "$OUT/check-detail.txt" "${ref[@]}" \
    | tee "$OUT/check.txt" | tee -a "$LOG" >&2 || true
  for s in "${up[@]}"; do
    : >"$OUT/kdig/$s.txt"
    for cat in POSITIVE NXDOMAIN NODATA REFERRAL; do
      read -r n t _ < <(grep " $cat\$" "$DATA/sample.txt" | head -1)
      echo "=== $cat: $n $t" >>"$OUT/kdig/$s.txt"
      kdig @127.0.0.1 -p "$(port_of "$s")" +dnssec +bufsize=1232 +norec +nocookie "$n" "$t" \
        >>"$OUT/kdig/$s.txt" 2>&1 || true
    done
  done
  log "check: one kdig +dnssec answer per category per server in $OUT/kdig/"
fi

# ------------------------------------------------------------------ rounds
alive() { # server -> true if it runs; starts it again (and warms it up) if it has gone
  local s=$1 t
  kill -0 "${PID[$s]}" 2>/dev/null && return 0
  log "  $s has exited (end of its log: $(tail -n 2 "$WORK/run/$s/stdout.log" | tr '\n' ' ')); starting it again"
  echo "$s exited before $(date +%T); restarted" >>"$OUT/restarts.txt"
  wait "${PID[$s]}" 2>/dev/null || true
  start_server "$s" yes; PID[$s]=$SPID
  t=$(await "$s" "$SPID") || return 1
  log "  $s serves again after $t s"
  [ "$START_WARMUP" -gt 0 ] && dnsperf_run "$(port_of "$s")" mix "$START_WARMUP" "$RAW/restart-$s-$(date +%s).warmup.txt"
  return 0
}
for s in "${up[@]}"; do
  if [ "$START_WARMUP" -gt 0 ]; then
    log "warm-up: $s, $START_WARMUP s of the mix"
    dnsperf_run "$(port_of "$s")" mix "$START_WARMUP" "$RAW/start-$s.warmup.txt"
  fi
done
for r in $(seq "$ROUNDS"); do
  k=$(( (r - 1) % ${#up[@]} ))
  order="${up[*]:$k} ${up[*]:0:$k}"
  log "round $r/$ROUNDS order: $order"
  for s in $order; do
    for st in $SETS; do
      for try in 1 2; do
        alive "$s" || break
        measure "$s" "${PID[$s]}" "$st" "$r"
        # a server that died during the run (on a shared box something may kill it) is started
        # again and the run measured once more
        kill -0 "${PID[$s]}" 2>/dev/null && break
        log "  $s exited during $st round $r; measuring again"; rm -f "$RAW/$st-$s-r$r.meta"
      done
    done
  done
done
for s in "${up[@]}"; do stop_server "${PID[$s]}"; done

"$PY" "$HERE/bench.py" summary "$OUT" | tee "$OUT/summary.md"
log "done: $OUT/summary.md"
