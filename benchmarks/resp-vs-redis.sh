#!/usr/bin/env bash
#
# GET throughput of MemFabric's RESP front (./fabric kv serve) against a real redis-server, both measured by
# redis-benchmark with the same value sizes, with and without pipelining. Needs redis-server and redis-tools
# (apt-get install redis-server redis-tools). Prints one BENCH line per case and its RATIO (ours / redis); measures,
# asserts nothing. It runs ./fabric kv serve, which first builds fabric.jar if it is missing or older than a source.
# Each case runs three times, alternating the two servers, and the median is reported, since the
# machine may be shared.
#
#   benchmarks/resp-vs-redis.sh [--quick] [--io-threads N]
#
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=false
io_threads=1
while (( $# > 0 )); do
    case "$1" in
        --quick) quick=true ;;
        --io-threads) io_threads="$2"; shift ;;
        *) echo "usage: benchmarks/resp-vs-redis.sh [--quick] [--io-threads N]" >&2; exit 2 ;;
    esac
    shift
done

for tool in redis-server redis-benchmark redis-cli; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "resp-vs-redis: $tool is not installed (apt-get install redis-server redis-tools)" >&2
        exit 1
    fi
done

# A port nobody listens on, from a range away from the defaults (6379, 6380) and the cluster's.
free_port()
{
    local port
    for _ in $(seq 1 200); do
        port=$(( 30000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "resp-vs-redis: no free port found" >&2
    exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/resp-vs-redis.XXXXXX")
pids=()
cleanup()
{
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

await_ping()
{
    local port=$1 name=$2
    for _ in $(seq 1 300); do
        if [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == PONG ]]; then
            return
        fi
        sleep 0.1
    done
    echo "resp-vs-redis: $name on port $port did not answer PING within 30 s" >&2
    exit 1
}

ours=$(free_port)
redis=$(free_port)
# 1 GiB pool of 256 KiB slots: a 64 KiB value takes one slot, as a 3-byte one does.
./fabric kv serve --port "$ours" --pool-file "$work/bench.pool" --pool-bytes 1g --io-threads "$io_threads" \
    >"$work/ours.log" 2>&1 &
pids+=($!)
redis-server --port "$redis" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
await_ping "$ours" "the RESP front"
await_ping "$redis" "redis-server"

# The GET figure of `-t set,get`: the SET run stores the value the GETs then read (redis-benchmark's one key).
get_rps()
{
    local port=$1 size=$2 pipeline=$3 requests=$4
    redis-benchmark -p "$port" -t set,get -n "$requests" -d "$size" -P "$pipeline" -q 2>/dev/null |
        tr '\r' '\n' | sed -n 's/^GET: \([0-9.]*\) requests per second.*/\1/p' | tail -n 1
}

redis_version=$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')
echo "resp-vs-redis: RESP front on $ours, redis-server $redis_version on $redis;" \
    "$(nproc) cores; redis-benchmark with 50 clients; front with $io_threads I/O thread(s)"
# Warm the JVM's compiler before measuring.
get_rps "$ours" 3 16 200000 >/dev/null
get_rps "$ours" 65536 16 5000 >/dev/null

median()
{
    printf '%s\n' "$@" | sort -g | sed -n '2p'
}

for size in 3 65536; do
    for pipeline in 1 16; do
        if [[ "$size" == 3 ]]; then
            requests=$(( pipeline == 16 ? 500000 : 100000 ))
        else
            requests=$(( pipeline == 16 ? 20000 : 10000 ))
        fi
        if $quick; then
            requests=$(( requests / 10 ))
        fi
        a=()
        b=()
        for _ in 1 2 3; do
            a+=("$(get_rps "$ours" "$size" "$pipeline" "$requests")")
            b+=("$(get_rps "$redis" "$size" "$pipeline" "$requests")")
        done
        ma=$(median "${a[@]}")
        mb=$(median "${b[@]}")
        echo "BENCH resp get -d $size -P $pipeline memfabric $ma req/s redis $mb req/s" \
            "(runs: memfabric ${a[*]}; redis ${b[*]})"
        awk -v a="$ma" -v b="$mb" -v s="$size" -v p="$pipeline" \
            'BEGIN { if (b > 0) printf "RATIO resp get -d %s -P %s memfabric/redis %.2f\n", s, p, a / b }'
    done
done
