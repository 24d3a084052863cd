#!/usr/bin/env bash
# docker compose up, run for real (CI calls it after ./mvnw -B verify; as root):
#  1. starts a Docker engine of its own (Debian's dockerd, on a socket of its own, so that Testcontainers and any
#     other Docker client on the machine do not see it);
#  2. builds, from Debian's packages, stand-ins for the images docker-compose.yml and the Dockerfile name (nothing is
#     pulled from a container registry): a debootstrap root of Debian trixie, then one image per name;
#  3. runs the unchanged docker-compose.yml (with compose/ci/loopback.yml: its ports published on 127.0.0.1 only):
#     up --build, a server booted through nova-api on 127.0.0.1:8774 goes ACTIVE and its request id is followed
#     through the four services, down -v leaves nothing of the project;
#  4. the ha profile: the three RabbitMQ nodes form one cluster, the quorum queues reach three replicas, the first
#     node is killed and another boot still goes ACTIVE; down -v again;
#  5. stops the engine and puts back the firewall rules it changed, whatever happened. Exits non-zero, saying which
#     step failed (the containers' logs are then in target/compose-run/logs-on-failure.txt).
# Cached across runs (NOVASIM_COMPOSE_STATE, default /var/cache/novasim-compose): the debootstrap root and Docker's
# data (images, build cache with Maven's downloads), so a second run builds nothing again.
set -euo pipefail
cd "$(dirname "$0")/../.."

STATE=${NOVASIM_COMPOSE_STATE:-/var/cache/novasim-compose}
RUN=/run/novasim-compose
DEBIAN_SUITE=trixie
DEBIAN_MIRROR=${NOVASIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT_IMAGE=novasim-standin/debian-root:$DEBIAN_SUITE
BASE_IMAGE=novasim-standin/debian:$DEBIAN_SUITE
API=http://127.0.0.1:8774
STANDINS=compose/ci/standins
CHECK=compose/ci/boot_and_follow.py
LOGS=${NOVASIM_COMPOSE_LOGS:-target/compose-run}

export DOCKER_HOST=unix://$RUN/docker.sock
# Debian's docker 20.10 client first: it builds with the engine's BuildKit (COMPOSE_DOCKER_CLI_BUILD makes
# docker-compose call it), where a newer client on PATH would want the buildx plugin.
export PATH=/usr/bin:/usr/sbin:$PATH DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
# The unchanged docker-compose.yml, with its published ports on 127.0.0.1 only.
export COMPOSE_FILE=docker-compose.yml:compose/ci/loopback.yml
PROJECT=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
PROJECT=${PROJECT:-$(basename "$PWD")}

started=$(date +%s)
step() { echo "== $(date -u +%T) [$(($(date +%s) - started)) s] $*"; }
fail() { echo "compose-run: FAILED: $*" >&2; exit 1; }
compose() { docker-compose "$@"; }

for tool in dockerd docker docker-compose debootstrap; do
  command -v "$tool" >/dev/null || fail "$tool missing: apt-get install docker.io docker-compose debootstrap"
done
mkdir -p "$LOGS" "$STATE"

# --- the engine -------------------------------------------------------------------------------------------------
# dockerd leaves behind its iptables chains and rules, the FORWARD policy DROP, IP forwarding on and the docker0
# bridge: the machine gets back what it had before (other work on it may route through the host).
forward_policy=$(iptables -S FORWARD | sed -n 's/^-P FORWARD //p')
ip_forward=$(sysctl -n net.ipv4.ip_forward)
had_docker0=$(ip link show docker0 >/dev/null 2>&1 && echo yes || echo no)
restore_network() {
  local table rule chain
  for table in filter nat; do
    iptables-save -t "$table" | grep -E '^-A .*(DOCKER|docker0)' | sed 's/^-A //' | while read -r rule; do
      # shellcheck disable=SC2086 # a rule as iptables-save prints it: its words are the arguments
      iptables -t "$table" -D $rule
    done
    for chain in $(iptables-save -t "$table" | sed -n 's/^:\(DOCKER[^ ]*\) .*/\1/p'); do
      iptables -t "$table" -X "$chain"
    done
  done
  iptables -P FORWARD "$forward_policy"
  sysctl -qw net.ipv4.ip_forward="$ip_forward"
  if [ "$had_docker0" = no ]; then ip link delete docker0 2>/dev/null; fi
}

stop_engine() {
  local status=$?
  set +e
  if [ -S "$RUN/docker.sock" ] && docker version >/dev/null 2>&1; then
    if [ "$status" -ne 0 ]; then
      compose --profile ha ps > "$LOGS/ps-on-failure.txt" 2>&1
      compose --profile ha logs --no-color > "$LOGS/logs-on-failure.txt" 2>&1
      echo "compose-run: container logs in $LOGS/logs-on-failure.txt" >&2
    fi
    compose --profile ha down -v --remove-orphans >/dev/null 2>&1
  fi
  if [ -s "$RUN/dockerd.pid" ]; then
    local pid
    pid=$(cat "$RUN/dockerd.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null
  fi
  restore_network
  rm -rf "$RUN"
  echo "== $(date -u +%T) [$(($(date +%s) - started)) s] Docker engine stopped; exit $status"
}

step "starting dockerd ($(dockerd --version)) on $DOCKER_HOST, data in $STATE/docker"
if [ -s "$RUN/dockerd.pid" ] && kill -0 "$(cat "$RUN/dockerd.pid")" 2>/dev/null; then
  fail "dockerd $(cat "$RUN/dockerd.pid") of another compose-run is running"
fi
rm -rf "$RUN" && mkdir -p "$RUN"
trap stop_engine EXIT
dockerd -H "$DOCKER_HOST" --data-root "$STATE/docker" --exec-root "$RUN/exec" --pidfile "$RUN/dockerd.pid" \
  > "$LOGS/dockerd.log" 2>&1 &
for _ in $(seq 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
docker version >/dev/null 2>&1 || fail "dockerd did not start: $(tail -n 5 "$LOGS/dockerd.log")"

# --- the stand-in images ----------------------------------------------------------------------------------------
if ! docker image inspect "$ROOT_IMAGE" >/dev/null 2>&1; then
  root_tar=$STATE/roots/$DEBIAN_SUITE-minbase.tar
  if [ ! -s "$root_tar" ]; then
    step "debootstrap --variant=minbase $DEBIAN_SUITE from $DEBIAN_MIRROR"
    root=$STATE/roots/$DEBIAN_SUITE.tmp
    rm -rf "$root" && mkdir -p "$STATE/roots"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" > "$LOGS/debootstrap.log" 2>&1 \
      || fail "debootstrap: $(tail -n 5 "$LOGS/debootstrap.log")"
    # As in Debian's official images: packages installed while building start no service; no package lists kept.
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
    tar -C "$root" -cf "$root_tar.tmp" . && mv "$root_tar.tmp" "$root_tar" && rm -rf "$root"
  fi
  step "importing $root_tar as $ROOT_IMAGE"
  docker import "$root_tar" "$ROOT_IMAGE" >/dev/null
fi
# The stand-ins trust what this machine trusts: the certificate authorities added in /usr/local/share/ca-certificates
# (here, that of the TLS proxy between this machine and Maven Central), so that Maven's downloads inside the build
# succeed. Debian's ca-certificates, installed by each stand-in, adds them to the system's and Java's trust stores.
context=$(mktemp -d)
mkdir "$context/ca"
cp /usr/local/share/ca-certificates/*.crt "$context/ca/" 2>/dev/null || true
printf 'FROM %s\nCOPY ca/ /usr/local/share/ca-certificates/\n' "$ROOT_IMAGE" > "$context/Dockerfile"
docker build -q -t "$BASE_IMAGE" "$context" > "$LOGS/standin-base.log" 2>&1 \
  || fail "building $BASE_IMAGE: $(tail -n 20 "$LOGS/standin-base.log")"
rm -rf "$context"

# The images the compose file (all profiles) pulls and the Dockerfile builds from; each gets the stand-in for its
# repository, built under exactly that name. Anything else fails here rather than being pulled.
images=$( (compose --profile ha --profile tracing config | /usr/bin/python3 -c '
import sys, yaml
for service in yaml.safe_load(sys.stdin)["services"].values():
    if "build" not in service:
        print(service["image"])'
  sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile) | sort -u)
for image in $images; do
  version=${image#*:}
  case "$image" in
    rabbitmq:*) dir=rabbitmq; args=(); rabbitmq_image=$image ;;
    postgres:*) dir=postgres; args=(); postgres_image=$image ;;
    eclipse-temurin:*-jdk*) dir=temurin; args=(--build-arg "JAVA_VERSION=${version%%-*}" --build-arg KIND=jdk) ;;
    eclipse-temurin:*-jre*) dir=temurin; args=(--build-arg "JAVA_VERSION=${version%%-*}" --build-arg KIND=jre) ;;
    openzipkin/zipkin*) echo "   $image: no stand-in (the tracing profile is not run here)"; continue ;;
    *) fail "no stand-in for $image: add one under $STANDINS" ;;
  esac
  step "building $image from $STANDINS/$dir (Debian $DEBIAN_SUITE)"
  log=$LOGS/standin-${image//[:\/]/_}.log
  docker build -q --build-arg "BASE=$BASE_IMAGE" "${args[@]}" -t "$image" "$STANDINS/$dir" \
    > "$log" 2>&1 || fail "building $image: $(tail -n 20 "$log")"
done
in_image() { docker run --rm --entrypoint sh "$1" -c "$2"; }
echo "   $rabbitmq_image runs Debian's rabbitmq-server $(in_image "$rabbitmq_image" \
  'dpkg-query -W -f "\${Version}" rabbitmq-server'); $postgres_image runs $(in_image "$postgres_image" 'postgres --version')"

# --- the checks -------------------------------------------------------------------------------------------------
await_healthy() {
  local service id status
  for service in "$@"; do
    for _ in $(seq 120); do
      id=$(compose --profile ha ps -q "$service")
      status=$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || true)
      [ "$status" = healthy ] && break
      sleep 3
    done
    [ "$status" = healthy ] || fail "$service not healthy (status: ${status:-no container})"
  done
  step "healthy: $*"
}

# Nothing of the project is left: containers, volumes, networks (compose labels everything it creates), nor any
# volume that was not there before it started (an image's anonymous VOLUME).
assert_nothing_left() {
  local left
  left=$( { docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"
            docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
            docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"
            comm -13 <(echo "$volumes_before") <(docker volume ls -q | sort); } | tr '\n' ' ')
  [ -z "${left// /}" ] || fail "down -v left behind: $left"
  step "down -v: no container, volume or network of project $PROJECT left"
}

# The published ports (docker-proxy's sockets) listen on 127.0.0.1 only, nova-api's 8774 among them.
assert_published_on_loopback_only() {
  local sockets beyond
  sockets=$(ss -ltnpH | awk '/"docker-proxy"/ { print $4 }' | sort -u)
  grep -qx '127.0.0.1:8774' <<<"$sockets" || fail "nova-api is not published on 127.0.0.1:8774 (published: $sockets)"
  beyond=$(grep -v '^127\.0\.0\.1:' <<<"$sockets" || true)
  [ -z "$beyond" ] || fail "published beyond loopback: $beyond"
  step "published on loopback only: $(tr '\n' ' ' <<<"$sockets")"
}

rabbitmqctl_in() { compose --profile ha exec -T "$1" rabbitmqctl "${@:2}"; }

running_nodes() {
  rabbitmqctl_in "$1" cluster_status --formatter json 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["running_nodes"])))' \
    2>/dev/null || true
}

# Every quorum queue of the vhost nova and its members, one "name member member ..." line each.
quorum_members() {
  rabbitmqctl_in "$1" list_queues -p nova name type members --formatter json 2>/dev/null \
    | /usr/bin/python3 -c '
import json, sys
for q in json.load(sys.stdin):
    if q["type"] == "quorum":
        print(q["name"], *sorted(q["members"]))' 2>/dev/null || true
}

volumes_before=$(docker volume ls -q | sort)
step "docker-compose up -d --build (the four services built by the Dockerfile, Maven inside the build)"
compose up -d --build > "$LOGS/up.log" 2>&1 || fail "docker-compose up: $(tail -n 30 "$LOGS/up.log")"
await_healthy rabbitmq postgres nova-network nova-conductor nova-compute nova-api
assert_published_on_loopback_only
/usr/bin/python3 "$CHECK" wait-up "$API" --computes 2 --timeout 120 || fail "services not up in os-services"
step "boot through $API, follow its request id"
/usr/bin/python3 "$CHECK" boot "$API" --name compose-vm1 || fail "boot on the default profile"
compose ps
compose down -v > "$LOGS/down.log" 2>&1 || fail "docker-compose down -v: $(tail -n 20 "$LOGS/down.log")"
assert_nothing_left

step "docker-compose --profile ha up -d"
compose --profile ha up -d > "$LOGS/up-ha.log" 2>&1 || fail "docker-compose --profile ha up: $(tail -n 30 "$LOGS/up-ha.log")"
await_healthy rabbitmq rabbitmq-2 rabbitmq-3 nova-conductor nova-compute nova-api
cluster="rabbit@rabbitmq rabbit@rabbitmq-2 rabbit@rabbitmq-3"
for _ in $(seq 60); do [ "$(running_nodes rabbitmq)" = "$cluster" ] && break; sleep 2; done
[ "$(running_nodes rabbitmq)" = "$cluster" ] || fail "cluster not formed: running nodes '$(running_nodes rabbitmq)'"
step "cluster formed (rabbitmqctl cluster_status in rabbitmq): $cluster"
/usr/bin/python3 "$CHECK" wait-up "$API" --computes 2 --timeout 120 || fail "services not up in os-services (ha)"
/usr/bin/python3 "$CHECK" boot "$API" --name compose-ha-vm1 || fail "boot on the three-node cluster"
# The quorum queues grow onto the nodes that joined after they were declared (continuous membership
# reconciliation); only then may the first node go.
for _ in $(seq 90); do
  members=$(quorum_members rabbitmq)
  [ -n "$members" ] && ! awk 'NF < 4 { short = 1 } END { exit !short }' <<<"$members" && break
  sleep 2
done
[ -n "$members" ] || fail "no quorum queue in vhost nova"
awk 'NF < 4 { short = 1 } END { exit !short }' <<<"$members" && fail "quorum queues not on three nodes: $members"
step "every quorum queue of vhost nova has three members:"
sed 's/^/   /' <<<"$members"
compose kill -s SIGKILL rabbitmq
step "killed rabbitmq (rabbit@rabbitmq)"
sleep 5
[ "$(docker inspect -f '{{.State.Running}}' "$(compose ps -q rabbitmq)")" = false ] || fail "rabbitmq restarted"
survivors="rabbit@rabbitmq-2 rabbit@rabbitmq-3"
for _ in $(seq 30); do [ "$(running_nodes rabbitmq-2)" = "$survivors" ] && break; sleep 2; done
[ "$(running_nodes rabbitmq-2)" = "$survivors" ] || fail "running nodes after the kill: '$(running_nodes rabbitmq-2)'"
step "running nodes seen from rabbitmq-2: $survivors"
/usr/bin/python3 "$CHECK" boot "$API" --name compose-ha-vm2 || fail "boot after losing rabbit@rabbitmq"
compose --profile ha down -v > "$LOGS/down-ha.log" 2>&1 || fail "down -v (ha): $(tail -n 20 "$LOGS/down-ha.log")"
assert_nothing_left
step "compose run passed"
