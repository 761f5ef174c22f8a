#!/usr/bin/env bash
# Primary/primary sync latency (issue 17): a change made through Tandem's API until the other
# primary serves it, per adapter: BIND 9 (RFC 2136 UPDATE with TSIG) and PowerDNS (gsqlite3, its
# HTTP API). CHANGES (200) changes of one TXT RRset, one at a time; after each, both targets are
# asked over UDP every millisecond until they serve the new value. Printed: p50, p90, p99 and max
# per adapter, in milliseconds. Not a test: a figure for docs/benchmarks.md.
#
# Everything on loopback, high ports. Run from the project's root after the build (bin/tandem
# exists): bench/sync/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
CHANGES=${CHANGES:-200}
WORK=${WORK:-/tmp/tandem-sync-bench}
ZONE=bench.example
KEY=sync-bench-key
SECRET=c3luYy1iZW5jaC1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg==
API_KEY=bench-api-key
PDNS_KEY=bench-pdns-key
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DNS=$(port); HTTP=$(port); BIND=$(port); PDNS=$(port); PDNS_API=$(port)

[ -x "$root/bin/tandem" ] || { echo "build first: bin/mvn -q package -DskipTests" >&2; exit 1; }
for c in named pdns_server pdnsutil sqlite3 python3 curl; do
    command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || { echo "missing $c" >&2; exit 1; }
done
export PATH=$PATH:/usr/sbin
rm -rf "$WORK"; mkdir -p "$WORK"/{bind,pdns,data}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

theirs="\$ORIGIN $ZONE.
\$TTL 300
@ SOA ns.other.example. host.other.example. 1 3600 600 86400 300
@ NS ns.other.example.
"
printf '%s' "$theirs" > "$WORK/bind/$ZONE.zone"
cat > "$WORK/bind/named.conf" <<CONF
options { directory "$WORK/bind"; pid-file "$WORK/bind/named.pid"; listen-on port $BIND { 127.0.0.1; };
  listen-on-v6 { none; }; recursion no; dnssec-validation no; notify no; check-integrity no; };
controls { };
key "$KEY" { algorithm hmac-sha256; secret "$SECRET"; };
zone "$ZONE" { type primary; file "$WORK/bind/$ZONE.zone";
  allow-transfer { key "$KEY"; }; allow-update { key "$KEY"; }; };
CONF
named -g -c "$WORK/bind/named.conf" > "$WORK/bind/named.log" 2>&1 & pids+=($!)

sqlite3 "$WORK/pdns/pdns.sqlite3" < /usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql
cat > "$WORK/pdns/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$WORK/pdns/pdns.sqlite3
local-address=127.0.0.1
local-port=$PDNS
socket-dir=$WORK/pdns
daemon=no
guardian=no
disable-syslog=yes
write-pid=no
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
zone-metadata-cache-ttl=0
security-poll-suffix=
api=yes
api-key=$PDNS_KEY
webserver=yes
webserver-address=127.0.0.1
webserver-port=$PDNS_API
webserver-allow-from=127.0.0.0/8
CONF
printf '%s' "$theirs" > "$WORK/pdns/$ZONE.zone"
pdnsutil --config-dir="$WORK/pdns" load-zone "$ZONE" "$WORK/pdns/$ZONE.zone" >/dev/null
pdns_server --config-dir="$WORK/pdns" > "$WORK/pdns/pdns.log" 2>&1 & pids+=($!)

"$root/bin/tandem" serve --dns "127.0.0.1:$DNS" --http "127.0.0.1:$HTTP" --api-key "$API_KEY" \
    --data "$WORK/data" --tsig "$KEY=hmac-sha256:$SECRET" --check-interval 0 \
    > "$WORK/tandem.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf -H "X-API-Key: $API_KEY" "http://127.0.0.1:$HTTP/api/zones" >/dev/null && break; sleep 0.2; done
curl -sf -H "X-API-Key: $API_KEY" -d "{\"zone\": \"$ZONE\", \"kind\": \"primary\", \"nameservers\": [\"ns1.tandem.example.\"]}" \
    "http://127.0.0.1:$HTTP/api/zones" >/dev/null
t() { "$root/bin/tandem" "$@" --data "$WORK/data"; }
t sync add "$ZONE" bind --rfc2136 "127.0.0.1:$BIND@$KEY" >/dev/null
t sync add "$ZONE" pdns --powerdns "http://127.0.0.1:$PDNS_API" --api-key "$PDNS_KEY" >/dev/null
t sync apply "$ZONE" bind >/dev/null
t sync apply "$ZONE" pdns >/dev/null

python3 "$(dirname "$0")/bench.py" "$HTTP" "$API_KEY" "$ZONE" "$CHANGES" "bind=$BIND" "pdns=$PDNS"
t sync status "$ZONE"
