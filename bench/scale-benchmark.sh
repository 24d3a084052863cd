#!/usr/bin/env bash
# The stack at the scale users run: HOSTS simulated compute hosts, BOOTS boots from CLIENT_THREADS clients.
# Usage: bench/scale-benchmark.sh [HOSTS (1000)] [BOOTS (1000)] [CLIENT_THREADS (16)]
# Environment: MODE=per-host|compact (per-host), CONDUCTORS (2), DB=h2|postgres (h2), BOOT_DELAY (1s),
# SERVICE_JAVA_OPTS (more JVM options for every service, e.g. a flight recording), WARMUP_BOOTS (300: boots run and
# deleted before the measured ones, so that the JIT has compiled the boot path, as in a control plane that has run
# for a while; 0 measures a cold stack), BROKER_RESTART (0; 1 restarts the broker after the boots and measures how the
# stack comes back), CENSUS_SECONDS (0; more counts, per method, what the idle hosts send over that long before the
# boots, beside the rates Zed's default intervals give: the bus census of docs/zed-bus.md).
# Starts from a clean state and removes what it made: a RabbitMQ node of its own (bench/private-rabbitmq.sh, so
# thousands of connections are not limited by the machine's broker), a fresh database, the services as JVMs from
# their jars. Prints the figures; asserts nothing. Needs root (the private broker), a JDK 21+ and curl.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
HOSTS=${1:-1000} BOOTS=${2:-1000} CLIENTS=${3:-16}
MODE=${MODE:-per-host} CONDUCTORS=${CONDUCTORS:-2} DB=${DB:-h2} BOOT_DELAY=${BOOT_DELAY:-1s} WARMUP_BOOTS=${WARMUP_BOOTS:-300}
BROKER_RESTART=${BROKER_RESTART:-0} CENSUS_SECONDS=${CENSUS_SECONDS:-0}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
NODE=novasim-scale PORT=5680 BASE_PORT=19000
work=$(mktemp -d /tmp/novasim-scale.XXXXXX)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ -d "$work/rabbitmq" ] && bench/private-rabbitmq.sh stop "$NODE" "$work/rabbitmq"
  [ "$DB" = postgres ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $pgdb" -c "DROP DATABASE IF EXISTS ${pgdb}_network" || true
  echo "logs kept in $root/bench/target/scale-logs"
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -q -B -DskipTests package
./mvnw -q -B -pl nova-api -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
./mvnw -q -B -f bench/perftest/pom.xml dependency:copy-dependencies -DoutputDirectory=target/lib

bench/private-rabbitmq.sh start "$NODE" "$PORT" "$work/rabbitmq"
url="rabbit://guest:guest@127.0.0.1:$PORT/"

# Room for every server on the network: the smallest prefix whose addresses hold BOOTS plus some, and the boots after
# a broker restart (as many as the hosts, at most 100).
servers=$((BOOTS + 10)); [ "$BROKER_RESTART" = 1 ] && servers=$((servers + (HOSTS < 100 ? HOSTS : 100)))
prefix=30; while [ $(( (1 << (32 - prefix)) - 3 )) -lt "$servers" ]; do prefix=$((prefix - 1)); done
db=(); network_db=()
if [ "$DB" = postgres ]; then
  pgdb="novasim_scale_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $pgdb" -c "CREATE DATABASE ${pgdb}_network"
  db=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$pgdb" --spring.datasource.username=postgres)
  network_db=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/${pgdb}_network" --spring.datasource.username=postgres)
fi
logs="$root/bench/target/scale-logs"; rm -rf "$logs"; mkdir -p "$logs"
services=()
start() { # name module port heap args...
  local name=$1 module=$2 port=$3 heap=$4; shift 4
  NOVA_STATE_DIR="$work/state" NOVA_TRANSPORT_URL="$url" nohup "$JAVA" "-Xmx$heap" ${SERVICE_JAVA_OPTS:-} -jar "$module/target/$module-0.1.0-SNAPSHOT.jar" \
    --server.port="$port" --nova.servicegroup.service-down-time=60s "$@" > "$logs/$name.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $logs/$name.log" >&2; tail -20 "$logs/$name.log" >&2; exit 1; }
    sleep 1
  done
  services+=("$name=$pid=http://127.0.0.1:$port")
  echo "$name up (pid $pid, port $port)"
}
start nova-network nova-network $((BASE_PORT + 103)) 256m --nova.rpc.host=bench-network \
  --nova.network.networks[0].label=private --nova.network.networks[0].cidr="10.64.0.0/$prefix" "${network_db[@]}"
for i in $(seq 1 "$CONDUCTORS"); do
  start "nova-conductor-$i" nova-conductor $((BASE_PORT + 100 + 10 * i)) 512m --nova.rpc.host=bench-conductor "${db[@]}"
done
start nova-compute nova-compute $((BASE_PORT + 102)) 512m --nova.rpc.host=vm --nova.compute.host-count="$HOSTS" \
  --nova.compute.broker-mode="$MODE" --nova.compute.driver.boot-delay="$BOOT_DELAY"
start nova-api nova-api $((BASE_PORT + 774)) 512m --nova.rpc.host=bench-api "${db[@]}"

echo "measuring: $HOSTS hosts ($MODE), $BOOTS boots from $CLIENTS clients after $WARMUP_BOOTS to warm up, $CONDUCTORS conductors, $DB"
"$JAVA" -cp "nova-api/target/test-classes:nova-api/target/classes:$(cat nova-api/target/bench.classpath)" \
  org.novasim.bench.ScaleBenchmark --api="http://127.0.0.1:$((BASE_PORT + 774))" \
  --services="$(IFS=,; echo "${services[*]}")" --hosts="$HOSTS" --boots="$BOOTS" --warmup="$WARMUP_BOOTS" --clients="$CLIENTS" --broker-pid="$(cat "$work/rabbitmq/pid")" \
  --ctl="$root/bench/private-rabbitmq.sh" --node="$NODE" --amqp="amqp://guest:guest@127.0.0.1:$PORT" \
  --perftest="$root/bench/perftest/target/lib/*" --broker-restart="$([ "$BROKER_RESTART" = 1 ] && echo true || echo false)" \
  --census-seconds="$CENSUS_SECONDS"
