#!/usr/bin/env bash
# common-rpc against Python oslo.messaging 14 and RabbitMQ PerfTest, on one broker, in one run.
# Usage: bench/rpc-benchmark.sh [sequential calls (20000)] [casts (200000)] [confirmed casts (100000)]
# BENCH_JAVA_OPTS=-Dnovasim.bench.cpu-only=true (a call's CPU by thread), -Dnovasim.bench.flow-only=true or
# -Dnovasim.bench.sequential-only=true (NovaSim against bare round trips): one row.
# Needs a RabbitMQ (as for the tests) and Debian's python3-oslo.messaging.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl common-rpc -am test-compile
./mvnw -q -B -f common-rpc/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# PerfTest on a class path of its own: its meter registries must not meet Spring Boot's.
./mvnw -q -B -f bench/perftest/pom.xml dependency:copy-dependencies -DoutputDirectory=target/lib
cd common-rpc
exec java ${BENCH_JAVA_OPTS:-} -Dnovasim.perftest.classpath="$root/bench/perftest/target/lib/*" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.novasim.messaging.bench.RpcBenchmark "$@"
