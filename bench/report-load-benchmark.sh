#!/usr/bin/env bash
# The conductor's CPU under the reports of many idle compute hosts (Zed's heartbeat, Service.save, every 10 s; the
# compute node created once). Usage: bench/report-load-benchmark.sh [hosts (2000)] [seconds measured (60)] [conductor jar]
# [warm-up seconds (20)]; it prints the share of the JIT compilers apart.
# Needs a RabbitMQ and a PostgreSQL, as for the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# One reactor run, so the class path points at the modules' built jars (nothing is installed in ~/.m2).
./mvnw -q -B -pl nova-conductor -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cd nova-conductor
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.novasim.conductor.bench.ReportLoadBenchmark "$@"
