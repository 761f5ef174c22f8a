#!/usr/bin/env bash
# Primary-zone benchmark: Tandem as a PRIMARY beside Knot DNS and NSD (and, for edits, knotd and
# optionally named as primaries), all on 127.0.0.1 high ports, in the same run.
#   1. axfr:  AXFR out of the RECORDS-record large.test zone (../shared/bench/gen-zones.py) from
#             Tandem, knotd and nsd (one worker each): AXFR_WARMUP uncounted transfers each (the
#             JIT), then ROUNDS rounds (server order rotated), TSIG-signed and (UNSIGNED=1)
#             unsigned, read by bench.py's lean client (header parsing only; its CPU time and the
#             server's are recorded); then one `dig +noall +stats` and one `kdig +noall +stats`
#             transfer each as a cross-check that the client is not the limit.
#   2. edits: a 10-record zone small.test on the primary, with four TSIG secondaries (knotd,
#             named, nsd, pdns_server), each NOTIFYed by the primary. CHANGES edits (after
#             WARMUP_CHANGES uncounted ones), each adding a TXT record: one `nsupdate -y` UPDATE
#             (primary "knotc": a knotc zone-begin/zone-set/zone-commit instead); the time from the
#             edit tool's exit (the UPDATE answered) until each secondary answers the new SOA
#             serial (UDP, polled every ~2 ms). For each of PRIMARIES (default: tandem, knot by
#             UPDATE, knot by knotc), with fresh secondaries each time.
# A Markdown summary for docs/benchmarks.md is printed at the end (and kept in $WORK/results/).
#
# Usage (from anywhere, after `bin/mvn -q -B package -DskipTests`):
#   bench/primary/run.sh
#   ROUNDS=5 CHANGES=50 bench/primary/run.sh
#   PARTS=axfr SERVERS="knot nsd" RECORDS=100000 bench/primary/run.sh
#   PARTS=edits PRIMARIES="knot named" bench/primary/run.sh
# Settings (environment):
#   RECORDS=1000000  ROUNDS=3  CHANGES=20  BASE_PORT=5500 (uses BASE_PORT+1 .. BASE_PORT+34)
#   WORK=/tmp/tandem-primary-bench  PARTS="axfr edits"  SERVERS="tandem knot nsd"
#   PRIMARIES="tandem knot knotc" (also: named)  SECONDARIES="knot named nsd pdns"
#   UNSIGNED=1 (also unsigned AXFRs)  CLIENT_CHECK="dig kdig" ("" to skip)
#   PIN=1 (AXFR servers on CPU SERVER_CPU=0, the client on CLIENT_CPU=1; needs 2 CPUs)
#   AXFR_WARMUP=3 (uncounted transfers from each server first)
#   GAP=1 (seconds between edits)  WARMUP_CHANGES=2  NSUPDATE_TCP=0 (1: nsupdate -v)
#   TANDEM_ALLOW_UPDATE=small.test=xfr (the --allow-update value)  TANDEM_JAVA_OPTS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/primary"
SHARED=${TANDEM_SHARED:-$ROOT/../shared}
WORK=${WORK:-/tmp/tandem-primary-bench}
RECORDS=${RECORDS:-1000000}
ROUNDS=${ROUNDS:-3}
CHANGES=${CHANGES:-20}
BASE_PORT=${BASE_PORT:-5500}
PARTS=${PARTS:-"axfr edits"}
SERVERS=${SERVERS:-"tandem knot nsd"}
PRIMARIES=${PRIMARIES:-"tandem knot knotc"}
SECONDARIES=${SECONDARIES:-"knot named nsd pdns"}
UNSIGNED=${UNSIGNED:-1}
CLIENT_CHECK=${CLIENT_CHECK-"dig kdig"}
PIN=${PIN:-1}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GAP=${GAP:-1}
WARMUP_CHANGES=${WARMUP_CHANGES:-2}
AXFR_WARMUP=${AXFR_WARMUP:-3}
NSUPDATE_TCP=${NSUPDATE_TCP:-0}
SECRET=$(printf 'tandem-bench-secret-0123456789ab' | base64)
KEY="xfr:$SECRET"
PY=${PYTHON:-python3}
RES="$WORK/results"

die() { echo "bench/primary: $*" >&2; exit 2; }
has() { case " $1 " in *" $2 "*) return 0 ;; *) return 1 ;; esac; }
need() { # binary package
  command -v "$1" >/dev/null 2>&1 || die "needs $1 (apt-get install $2)"
}

# ------------------------------------------------------------------ tools, before anything starts
need "$PY" python3
need ss iproute2
need_tandem=0
if has "$PARTS" axfr; then
  has "$SERVERS" knot && need knotd knot
  has "$SERVERS" nsd && need nsd nsd
  has "$SERVERS" tandem && need_tandem=1
  has "$CLIENT_CHECK" dig && need dig bind9-dnsutils
  has "$CLIENT_CHECK" kdig && need kdig knot-dnsutils
  [ -f "$SHARED/bench/gen-zones.py" ] || die "needs $SHARED/bench/gen-zones.py (set TANDEM_SHARED)"
fi
if has "$PARTS" edits; then
  need nsupdate bind9-dnsutils
  has "$PRIMARIES" tandem && need_tandem=1
  if has "$PRIMARIES" knot || has "$PRIMARIES" knotc || has "$SECONDARIES" knot; then need knotd knot; fi
  has "$PRIMARIES" knotc && need knotc knot
  if has "$PRIMARIES" named || has "$SECONDARIES" named; then need named bind9; fi
  has "$SECONDARIES" nsd && need nsd nsd
  if has "$SECONDARIES" pdns; then
    need pdns_server pdns-server; need pdnsutil pdns-server; need sqlite3 sqlite3
    PDNS_SCHEMA=""
    for f in /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql /usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql; do
      [ -r "$f" ] && { PDNS_SCHEMA=$f; break; }
    done
    [ -n "$PDNS_SCHEMA" ] || die "needs the PowerDNS SQLite schema (apt-get install pdns-backend-sqlite3)"
  fi
fi
if [ "$need_tandem" = 1 ]; then
  . "$ROOT/bin/jdk.sh"
  [ -f "$ROOT/app/target/tandem-app.jar" ] || die "Tandem is not built: run 'bin/mvn -q -B package -DskipTests' in $ROOT"
fi
if [ "$PIN" = 1 ]; then
  if ! command -v taskset >/dev/null || [ "$(nproc)" -lt 2 ]; then
    echo "bench/primary: PIN=1 needs taskset and 2 CPUs; not pinning"; PIN=0
  fi
fi
SRV_PIN=(); CLI_PIN=()
if [ "$PIN" = 1 ]; then SRV_PIN=(taskset -c "$SERVER_CPU"); CLI_PIN=(taskset -c "$CLIENT_CPU"); fi

mkdir -p "$WORK"
rm -rf "$RES" "$WORK/axfr" "$WORK/edits"; mkdir -p "$RES"
status=0
note() { echo "$*" >>"$RES/notes.txt"; }

# ------------------------------------------------------------------ processes
pids=()
FG=""
run_fg() { # runs a long step in the background and waits, so that INT/TERM stop it at once
  "$@" & FG=$!
  local rc=0
  wait "$FG" || rc=$?
  FG=""
  return $rc
}
stop_all() {
  local p i
  if [ -n "$FG" ]; then kill "$FG" 2>/dev/null || true; wait "$FG" 2>/dev/null || true; FG=""; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_free() { # port -> fails (with a message) if something listens on it
  if ss -Hlntu "( sport = :$1 )" 2>/dev/null | grep -q .; then
    echo "bench/primary: port $1 is in use; set BASE_PORT to another range" >&2; return 1
  fi
}

soa_serial() { "$PY" "$HERE/bench.py" soa "$1" "$2"; }

await_soa() { # pid port zone log timeout_s label -> prints the serial, or fails
  local pid=$1 port=$2 zone=$3 log=$4 limit=$5 label=$6 s="" t0=$SECONDS
  while [ $((SECONDS - t0)) -lt "$limit" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "[$label] exited; the end of $log:" >&2; tail -n 15 "$log" >&2; return 1; }
    s=$(soa_serial "$port" "$zone")
    [ -n "$s" ] && { echo "$s"; return 0; }
    sleep 0.1
  done
  echo "[$label] did not answer the SOA of $zone within $limit s; the end of $log:" >&2; tail -n 15 "$log" >&2
  return 1
}

rss_mib() { # pid -> the largest RSS in MiB among it and its children
  local m=0 r p
  for p in "$1" $(pgrep -P "$1" || true); do
    r=$(ps -o rss= -p "$p" 2>/dev/null | tr -d ' ') || continue
    [ -n "$r" ] && [ "$r" -gt "$m" ] && m=$r
  done
  echo $((m / 1024))
}

# ------------------------------------------------------------------ configurations
knot_axfr_conf() { # dir port zonefile
  local dir=$1 port=$2 file=$3
  cat >"$dir/knot.conf" <<EOF
server:
    rundir: "$dir"
    listen: 127.0.0.1@$port
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
key:
  - id: xfr
    algorithm: hmac-sha256
    secret: $SECRET
acl:
  - id: xfr_tsig
    address: 127.0.0.1
    key: xfr
    action: transfer
  - id: xfr_plain
    address: 127.0.0.1
    action: transfer
database:
    storage: "$dir"
template:
  - id: default
    storage: "$dir"
    journal-content: none
    zonefile-sync: -1
log:
  - target: stderr
    any: notice
zone:
  - domain: large.test.
    file: "$file"
    acl: $([ "$UNSIGNED" = 1 ] && echo "[xfr_tsig, xfr_plain]" || echo xfr_tsig)
EOF
}

nsd_common() { # dir port
  cat <<EOF
server:
    ip-address: 127.0.0.1
    port: $2
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$1"
    database: ""
    zonelistfile: "$1/zone.list"
    xfrdfile: "$1/xfrd.state"
    xfrdir: "$1"
    pidfile: "$1/nsd.pid"
    verbosity: 1
    # NSD rate-limits UDP answers by default (200 qps); the SOA polling would hit it
    rrl-ratelimit: 0
remote-control:
    control-enable: no
key:
    name: "xfr"
    algorithm: hmac-sha256
    secret: "$SECRET"
EOF
}

nsd_axfr_conf() { # dir port zonefile
  { nsd_common "$1" "$2"
    echo "zone:"
    echo "    name: large.test"
    echo "    zonefile: \"$3\""
    echo "    provide-xfr: 127.0.0.1 xfr"
    [ "$UNSIGNED" = 1 ] && echo "    provide-xfr: 127.0.0.1 NOKEY"
    true
  } >"$1/nsd.conf"
}

# Secondaries of small.test for part 2: dir port primary_port
sec_knot() {
  cat >"$1/knot.conf" <<EOF
server:
    rundir: "$1"
    listen: 127.0.0.1@$2
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
key:
  - id: xfr
    algorithm: hmac-sha256
    secret: $SECRET
remote:
  - id: primary
    address: 127.0.0.1@$3
    key: xfr
acl:
  - id: notify
    address: 127.0.0.1
    key: xfr
    action: notify
database:
    storage: "$1"
template:
  - id: default
    storage: "$1"
log:
  - target: stderr
    any: info
zone:
  - domain: small.test.
    master: primary
    acl: notify
    zonefile-sync: -1
    journal-content: all
    zonefile-load: none
EOF
  knotd -c "$1/knot.conf" >"$1/log" 2>&1 &
}

sec_named() {
  cat >"$1/named.conf" <<EOF
key "xfr" { algorithm hmac-sha256; secret "$SECRET"; };
options {
  directory "$1";
  pid-file "$1/named.pid";
  session-keyfile "$1/session.key";
  managed-keys-directory "$1";
  listen-on port $2 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
};
controls { };
zone "small.test" {
  type secondary;
  file "$1/small.test.db";
  primaries { 127.0.0.1 port $3 key "xfr"; };
  allow-notify { key "xfr"; };
};
EOF
  named -g -n 1 -c "$1/named.conf" >"$1/log" 2>&1 &
}

sec_nsd() {
  { nsd_common "$1" "$2"
    cat <<EOF
zone:
    name: small.test
    zonefile: "$1/small.test.zone"
    allow-notify: 127.0.0.1 xfr
    request-xfr: 127.0.0.1@$3 xfr
EOF
  } >"$1/nsd.conf"
  nsd -d -c "$1/nsd.conf" >"$1/log" 2>&1 &
}

sec_pdns() {
  cat >"$1/pdns.conf" <<EOF
launch=gsqlite3
gsqlite3-database=$1/pdns.sqlite3
local-address=127.0.0.1
local-port=$2
secondary=yes
allow-notify-from=127.0.0.0/8
socket-dir=$1
daemon=no
guardian=no
disable-syslog=yes
write-pid=no
loglevel=6
security-poll-suffix=
webserver=no
api=no
EOF
  sqlite3 "$1/pdns.sqlite3" <"$PDNS_SCHEMA"
  local u=(pdnsutil "--config-dir=$1")
  { "${u[@]}" create-secondary-zone small.test "127.0.0.1:$3" &&
    "${u[@]}" import-tsig-key xfr hmac-sha256 "$SECRET" &&
    "${u[@]}" activate-tsig-key small.test xfr secondary &&
    "${u[@]}" set-meta small.test IXFR 1; } >"$1/pdnsutil.log" 2>&1 ||
    { echo "pdnsutil failed:" >&2; cat "$1/pdnsutil.log" >&2; return 1; }
  pdns_server "--config-dir=$1" >"$1/log" 2>&1 &
}

small_zone() { # file
  cat >"$1" <<'EOF'
$ORIGIN small.test.
$TTL 3600
@ SOA ns1 hostmaster 2024010101 3600 900 1209600 300
; an NS name outside the zone: no primary derives a NOTIFY target from it, only the four
; configured secondaries are notified
@ NS ns1.small.invalid.
@ A 192.0.2.1
ns1 A 192.0.2.2
@ MX 10 mail
@ TXT "v=spf1 mx -all"
www A 192.0.2.10
www AAAA 2001:db8::10
mail A 192.0.2.25
ftp CNAME www
EOF
}

# ================================================================== part 1: AXFR out
part_axfr() {
  local data="$WORK/data" file="$WORK/data/large.zone" dir s port pid
  if [ "$(cat "$data/large.count" 2>/dev/null)" != "$((RECORDS + 3))" ] || [ ! -s "$file" ]; then
    echo "[axfr] generating the $RECORDS-record zone into $data"
    "$PY" "$SHARED/bench/gen-zones.py" --out "$data" --large-records "$RECORDS" \
      --small-queries 10 --large-queries 10 >/dev/null
  fi
  local expect=$((RECORDS + 4))   # SOA, NS, glue, RECORDS records, the closing SOA
  declare -A PORT PID
  local live=()
  PORT[tandem]=$((BASE_PORT + 1)); PORT[knot]=$((BASE_PORT + 2)); PORT[nsd]=$((BASE_PORT + 3))
  for s in $SERVERS; do
    [ -n "${PORT[$s]:-}" ] || die "unknown server '$s' in SERVERS (tandem, knot, nsd)"
    port_free "${PORT[$s]}" || exit 2
  done
  cat "$file" >/dev/null   # into the page cache
  for s in $SERVERS; do
    dir="$WORK/axfr/$s"; mkdir -p "$dir"; port=${PORT[$s]}
    case $s in
      tandem)
        local acl=(--allow-transfer "large.test=127.0.0.1@xfr")
        [ "$UNSIGNED" = 1 ] && acl+=(--allow-transfer "large.test=127.0.0.1")
        "${SRV_PIN[@]}" "$ROOT/bin/tandem" serve --dns "127.0.0.1:$port" --threads 1 --data "$dir/data" --check-interval 0 \
          --zone "large.test=$file" --tsig "xfr=hmac-sha256:$SECRET" "${acl[@]}" >"$dir/log" 2>&1 &
        ;;
      knot) knot_axfr_conf "$dir" "$port" "$file"; "${SRV_PIN[@]}" knotd -c "$dir/knot.conf" >"$dir/log" 2>&1 & ;;
      nsd) nsd_axfr_conf "$dir" "$port" "$file"; "${SRV_PIN[@]}" nsd -d -c "$dir/nsd.conf" >"$dir/log" 2>&1 & ;;
    esac
    PID[$s]=$!; pids+=($!)
  done
  for s in $SERVERS; do
    if serial=$(await_soa "${PID[$s]}" "${PORT[$s]}" large.test "$WORK/axfr/$s/log" 600 "axfr/$s"); then
      local rss; rss=$(rss_mib "${PID[$s]}"); echo "$rss" >"$RES/rss-$s.txt"
      echo "[axfr] $s serves large.test serial $serial on port ${PORT[$s]}; RSS $rss MiB"
      live+=("$s")
    else
      note "$s: did not start serving large.test (see $WORK/axfr/$s/log)"; status=1
    fi
  done
  [ ${#live[@]} -gt 0 ] || return 0
  local py=("${CLI_PIN[@]}" "$PY" "$HERE/bench.py")
  echo "[axfr] warm-up: $AXFR_WARMUP signed AXFR(s) from each, not counted"
  for w in $(seq "$AXFR_WARMUP"); do
    for s in "${live[@]}"; do
      echo -n "[axfr] warm-up $w $s: "
      "${py[@]}" axfr --port "${PORT[$s]}" --zone large.test --key "$KEY" --expect "$expect" \
        --server-pid "${PID[$s]}" --out "$RES/warmup-$s-$w.json" || true
    done
  done
  note "AXFR rounds started at load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local r i w n=${#live[@]} order
  for r in $(seq "$ROUNDS"); do
    order=()
    for i in $(seq 0 $((n - 1))); do order+=("${live[$(((i + r - 1) % n))]}"); done
    for s in "${order[@]}"; do
      sleep 0.5
      echo -n "[axfr] round $r $s TSIG: "
      "${py[@]}" axfr --port "${PORT[$s]}" --zone large.test --key "$KEY" --expect "$expect" \
        --server-pid "${PID[$s]}" --out "$RES/axfr-tsig-$s-r$r.json" || status=1
      if [ "$UNSIGNED" = 1 ]; then
        sleep 0.5
        echo -n "[axfr] round $r $s unsigned: "
        "${py[@]}" axfr --port "${PORT[$s]}" --zone large.test --expect "$expect" \
          --server-pid "${PID[$s]}" --out "$RES/axfr-plain-$s-r$r.json" || status=1
      fi
    done
  done
  for c in $CLIENT_CHECK; do
    for s in "${live[@]}"; do
      sleep 0.5
      echo -n "[axfr] cross-check $s "
      local cmd
      case $c in
        dig) cmd=(dig -y "hmac-sha256:xfr:$SECRET" @127.0.0.1 -p "${PORT[$s]}" AXFR large.test +noall +stats) ;;
        kdig) cmd=(kdig -y "hmac-sha256:xfr:$SECRET" @127.0.0.1 -p "${PORT[$s]}" AXFR large.test +noall +stats) ;;
        *) die "unknown client '$c' in CLIENT_CHECK (dig, kdig)" ;;
      esac
      "${py[@]}" timed --server-pid "${PID[$s]}" --out "$RES/client-$c-$s.json" -- "${cmd[@]}" || status=1
    done
  done
  stop_all
}

# ================================================================== part 2: edits
start_primary() { # kind dir port zonefile secondary-ports...
  local kind=$1 dir=$2 port=$3 file=$4; shift 4
  local s_ports=("$@") p
  case $kind in
    tandem)
      local upd=${TANDEM_ALLOW_UPDATE:-small.test=xfr}
      local args=(serve --dns "127.0.0.1:$port" --data "$dir/data" --zone "small.test=$file"
        --tsig "xfr=hmac-sha256:$SECRET" --allow-transfer "small.test=127.0.0.1@xfr" --allow-update "$upd")
      for p in "${s_ports[@]}"; do args+=(--notify "small.test=127.0.0.1:$p@xfr"); done
      echo "[edits/tandem] bin/tandem ${args[*]}" >"$dir/log"
      "$ROOT/bin/tandem" "${args[@]}" >>"$dir/log" 2>&1 &
      ;;
    knot|knotc)
      {
        echo "server:"; echo "    rundir: \"$dir\""; echo "    listen: 127.0.0.1@$port"
        echo "    udp-workers: 1"; echo "    tcp-workers: 1"; echo "    background-workers: 1"
        echo "control:"; echo "    listen: \"$dir/knot.sock\""
        echo "key:"; echo "  - id: xfr"; echo "    algorithm: hmac-sha256"; echo "    secret: $SECRET"
        echo "remote:"
        for p in "${s_ports[@]}"; do echo "  - id: s$p"; echo "    address: 127.0.0.1@$p"; echo "    key: xfr"; done
        echo "acl:"; echo "  - id: xfr"; echo "    key: xfr"; echo "    action: [transfer, update]"
        echo "database:"; echo "    storage: \"$dir\""
        echo "template:"; echo "  - id: default"; echo "    storage: \"$dir\""
        echo "log:"; echo "  - target: stderr"; echo "    any: info"
        echo "zone:"; echo "  - domain: small.test."; echo "    file: \"$file\""
        echo "    journal-content: changes"; echo "    zonefile-sync: -1"; echo "    acl: xfr"
        echo "    notify: [$(printf 's%s, ' "${s_ports[@]}" | sed 's/, $//')]"
      } >"$dir/knot.conf"
      knotd -c "$dir/knot.conf" >"$dir/log" 2>&1 &
      ;;
    named)
      local also=""
      for p in "${s_ports[@]}"; do also+="127.0.0.1 port $p key \"xfr\"; "; done
      cat >"$dir/named.conf" <<EOF
key "xfr" { algorithm hmac-sha256; secret "$SECRET"; };
options {
  directory "$dir";
  pid-file "$dir/named.pid";
  session-keyfile "$dir/session.key";
  managed-keys-directory "$dir";
  listen-on port $port { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify explicit;
  notify-delay 0;
  max-ixfr-ratio unlimited;
};
controls { };
zone "small.test" {
  type primary;
  file "$file";
  allow-transfer { key "xfr"; };
  allow-update { key "xfr"; };
  also-notify { $also};
};
EOF
      named -g -n 1 -c "$dir/named.conf" >"$dir/log" 2>&1 &
      ;;
    *) die "unknown primary '$kind' in PRIMARIES (tandem, knot, knotc, named)" ;;
  esac
}

part_edits() {
  local k=0 kind
  for kind in $PRIMARIES; do
    local base=$((BASE_PORT + 10 + 10 * k)); k=$((k + 1))
    local pport=$base dir="$WORK/edits/$kind" s i=0 sport
    local targets=() sports=()
    mkdir -p "$dir/primary"
    port_free "$pport" || exit 2
    for s in $SECONDARIES; do
      i=$((i + 1)); sport=$((base + i)); port_free "$sport" || exit 2
      sports+=("$sport"); targets+=("$s=$sport")
    done
    small_zone "$dir/primary/small.test.zone"
    echo "[edits/$kind] $kind primary on port $pport; secondaries: ${targets[*]}"
    start_primary "$kind" "$dir/primary" "$pport" "$dir/primary/small.test.zone" "${sports[@]}"
    local ppid=$!; pids+=($ppid)
    local serial
    if ! serial=$(await_soa "$ppid" "$pport" small.test "$dir/primary/log" 120 "edits/$kind primary"); then
      note "$kind as primary: did not start (see $dir/primary/log)"; status=1; stop_all; continue
    fi
    i=0
    for s in $SECONDARIES; do
      sport=${sports[$i]}; i=$((i + 1))
      mkdir -p "$dir/$s"
      case $s in
        knot) sec_knot "$dir/$s" "$sport" "$pport" ;;
        named) sec_named "$dir/$s" "$sport" "$pport" ;;
        nsd) sec_nsd "$dir/$s" "$sport" "$pport" ;;
        pdns) sec_pdns "$dir/$s" "$sport" "$pport" ;;
        *) die "unknown secondary '$s' in SECONDARIES (knot, named, nsd, pdns)" ;;
      esac
      pids+=($!)
    done
    echo "[edits/$kind] waiting for the secondaries to transfer serial $serial"
    if ! run_fg "$PY" "$HERE/bench.py" wait-serial --zone small.test --serial "$serial" --timeout 90 "${targets[@]}"; then
      note "$kind as primary: not every secondary got the zone at first (logs under $dir)"; status=1
    fi
    sleep 1
    local tcp=(); [ "$NSUPDATE_TCP" = 1 ] && tcp=(--tcp)
    [ "$kind" = knotc ] && tcp+=(--knot-conf "$dir/primary/knot.conf")
    run_fg "$PY" "$HERE/bench.py" edits --primary-port "$pport" --zone small.test --key "$KEY" \
      --changes "$CHANGES" --warmup "$WARMUP_CHANGES" --gap "$GAP" --label "$kind" "${tcp[@]}" \
      --out "$RES/edits-$k-$kind.json" "${targets[@]}" || status=1
    stop_all
  done
}

echo "bench/primary: WORK=$WORK RECORDS=$RECORDS ROUNDS=$ROUNDS CHANGES=$CHANGES BASE_PORT=$BASE_PORT PARTS=\"$PARTS\""
has "$PARTS" axfr && part_axfr
has "$PARTS" edits && part_edits

# ------------------------------------------------------------------ summary
v() { "$@" 2>&1 | head -n 1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1 || true; }
versions="knotd $(v knotd -V), NSD $(v nsd -v), BIND $(v named -v), PowerDNS $(v pdns_server --version | grep -v '^$'), $(uname -r)"
[ "$need_tandem" = 1 ] && versions+=", Java $TANDEM_JAVA_MAJOR ($JAVA_HOME)"
pin="unpinned"
[ "$PIN" = 1 ] && pin="servers pinned to CPU $SERVER_CPU with one worker, the client on CPU $CLIENT_CPU"
note "$(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $versions"
printf '{"records": %s, "rounds": %s, "warmup": %s, "servers": [%s], "pin": "%s"}\n' "$RECORDS" "$ROUNDS" "$AXFR_WARMUP" \
  "$(for s in $SERVERS; do printf '"%s",' "$s"; done | sed 's/,$//')" "$pin" >"$RES/meta.json"
"$PY" "$HERE/bench.py" summary "$RES" | tee "$RES/summary.md"
echo
echo "bench/primary: results in $RES (summary.md; JSON per run); logs under $WORK/axfr and $WORK/edits"
exit $status
