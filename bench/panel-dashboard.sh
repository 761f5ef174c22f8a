#!/usr/bin/env bash
# Server time per control-panel dashboard page view, with N primary zones (default 10000).
# Starts a Tandem from this build (bin/tandem; build with 'bin/mvn -q package -DskipTests') on
# loopback with N small zones, logs in to the panel as a browser does (session cookie, CSRF), then
# times page views with curl: the first pages, pages across the list, a search and a state filter.
# Prints the median and 95th percentile of each. Usage: bench/panel-dashboard.sh [N] [VIEWS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
views=${2:-200}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/zones"
args=()
for i in $(seq 1 "$n"); do
    printf '$ORIGIN z%d.bench.\n@ 3600 SOA ns1 hostmaster 1 3600 600 1209600 300\n@ 3600 NS ns1\nns1 3600 A 192.0.2.1\nwww 300 A 192.0.2.80\n' \
        "$i" > "$dir/zones/z$i.zone"
    args+=(--zone "z$i.bench.=$dir/zones/z$i.zone")
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
started=$(date +%s)
"$root/bin/tandem" serve --dns 127.0.0.1:0 --http "127.0.0.1:$port" --api-key bench-key \
    --data "$dir/data" --check-interval 0 "${args[@]}" > "$dir/tandem.log" 2>&1 &
pid=$!
until curl -sf "$base/ready" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/tandem.log"; exit 1; }
    sleep 1
done
echo "tandem serves $n zones (ready after $(( $(date +%s) - started )) s)"

jar="$dir/cookies"
csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "key=bench-key" "$base/login"
page=$(curl -sf -b "$jar" "$base/")
case "$page" in *"of $n zones"*) ;; *) echo "not logged in, or not $n zones"; exit 1 ;; esac

measure() { # NAME URL-MAKER
    local name=$1 make=$2 times=()
    for _ in $(seq 1 20); do curl -s -o /dev/null -b "$jar" "$base$($make)"; done # warm-up
    for _ in $(seq 1 "$views"); do
        times+=("$(curl -s -o /dev/null -b "$jar" -w '%{time_total}' "$base$($make)")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
        { t[NR] = $1 * 1000 }
        END { printf "%-28s median %6.1f ms   p95 %6.1f ms   (%d views)\n", name, t[int(NR * 0.5)], t[int(NR * 0.95)], NR }'
}
first() { echo "/"; }
anypage() { echo "/?page=$(( RANDOM % (n / 50) + 1 ))"; }
search() { echo "/?q=z$(( RANDOM % 100 ))"; }
filter() { echo "/?state=ok&kind=primary&page=$(( RANDOM % 10 + 1 ))"; }
nothing() { echo "/?state=expired"; } # every zone read and filtered, no row rendered
measure "first page" first
measure "any page (of $((n / 50)))" anypage
measure "search by name" search
measure "state and kind filter" filter
measure "a filter no zone matches" nothing
