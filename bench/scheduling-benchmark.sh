#!/usr/bin/env bash
# How fast the conductors schedule and claim: bench/scheduling-benchmark.sh [hosts (1000)] [instances (1000)]
# [conductors (2)]. Needs a RabbitMQ and a PostgreSQL, as for the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# One reactor run, so the class path points at the modules' built jars (nothing is installed in ~/.m2).
./mvnw -q -B -pl nova-conductor -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cd nova-conductor
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.novasim.conductor.SchedulingBenchmark "$@"
