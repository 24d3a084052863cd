#!/usr/bin/env bash
# A RabbitMQ 4 broker without containers: Debian trixie's rabbitmq-server (4.0.5, Erlang 27) in a chroot of its own,
# sharing the machine's network, beside (never instead of) the machine's broker, and refusing queues that are neither
# durable nor exclusive, as RabbitMQ 4.3 does by default. `prove` shows oslo's default layout refused there and the
# whole stack booting a server under oslo 2024.1's settings (Rabbit4LayoutIT; README, "RabbitMQ 4").
#   bench/rabbitmq4-broker.sh start [PORT]  makes the root once (debootstrap, about 2 minutes), starts r4@localhost
#                                           on PORT (5721; distribution PORT+20000)
#   bench/rabbitmq4-broker.sh ctl ARGS...   rabbitmqctl on that node
#   bench/rabbitmq4-broker.sh prove [PORT]  start, the checks, stop (run ./mvnw -B -DskipTests package first)
#   bench/rabbitmq4-broker.sh stop          stops the node and removes its data (the root stays, for the next run)
# Needs root (chroot, mounts) and Debian's debootstrap; the root is kept in $NOVASIM_R4_ROOT.
set -euo pipefail
ROOT=${NOVASIM_R4_ROOT:-/var/cache/novasim-r4/trixie}
NODE=r4@localhost
DATA=/var/lib/novasim-r4   # inside the root
HERE=$(cd "$(dirname "$0")/.." && pwd)

in_root() { chroot "$ROOT" env HOME=/var/lib/rabbitmq LANG=C.UTF-8 "$@"; }
ctl() { in_root /usr/lib/rabbitmq/bin/rabbitmqctl -n "$NODE" "$@"; }

make_root() {
  if [ ! -x "$ROOT/usr/lib/rabbitmq/bin/rabbitmq-server" ]; then
    mkdir -p "$ROOT"
    debootstrap --variant=minbase --include=rabbitmq-server trixie "$ROOT" http://deb.debian.org/debian
  fi
  grep -q localhost "$ROOT/etc/hosts" 2>/dev/null || echo "127.0.0.1 localhost" >> "$ROOT/etc/hosts"
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  mountpoint -q "$ROOT/dev" || mount --bind /dev "$ROOT/dev"
}

start() {
  local port=${1:-5721}
  make_root
  mkdir -p "$ROOT$DATA/mnesia" "$ROOT$DATA/log"
  echo "[]." > "$ROOT$DATA/enabled_plugins"
  cat > "$ROOT$DATA/rabbitmq.conf" <<EOF
listeners.tcp.default = $port
loopback_users = none
deprecated_features.permit.transient_nonexcl_queues = false
EOF
  setsid chroot "$ROOT" env HOME=/var/lib/rabbitmq LANG=C.UTF-8 RABBITMQ_NODENAME=$NODE RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT=$((port + 20000)) RABBITMQ_MNESIA_BASE=$DATA/mnesia RABBITMQ_LOG_BASE=$DATA/log \
    RABBITMQ_ENABLED_PLUGINS_FILE=$DATA/enabled_plugins RABBITMQ_CONFIG_FILE=$DATA/rabbitmq RABBITMQ_PID_FILE=$DATA/pid \
    /usr/lib/rabbitmq/bin/rabbitmq-server > "$ROOT$DATA/log/console.log" 2>&1 < /dev/null &
  # The node registers with epmd a moment after it is launched.
  for _ in $(seq 1 90); do
    ctl await_startup --timeout 60 >/dev/null 2>&1 && { ctl version; return 0; }
    sleep 1
  done
  echo "RabbitMQ node $NODE did not start; see $ROOT$DATA/log" >&2
  return 1
}

# The processes running in the root (the node, and its epmd if it started one).
in_root_pids() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && echo "${p#/proc/}"
  done
  return 0
}

stop() {
  ctl stop >/dev/null 2>&1 || true
  # The node's last processes exit a moment after it says it stopped; they hold the mounts until then.
  for _ in $(seq 1 30); do
    [ -z "$(in_root_pids)" ] && break
    sleep 1
  done
  rm -rf "${ROOT:?}$DATA"
  if mountpoint -q "$ROOT/proc"; then umount "$ROOT/proc" || umount -l "$ROOT/proc"; fi
  if mountpoint -q "$ROOT/dev"; then umount "$ROOT/dev" || umount -l "$ROOT/dev"; fi
  return 0
}

prove() {
  local port=${1:-5721}
  start "$port"
  trap stop EXIT
  echo "== oslo 14.0.3's default reply queue (non-durable, not exclusive), declared by Debian's py-amqp:"
  /usr/bin/python3 - "$port" <<'EOF'
import sys, uuid, amqp
connection = amqp.Connection("127.0.0.1:" + sys.argv[1], userid="guest", password="guest")
connection.connect()
try:
    connection.channel().queue_declare("reply_" + uuid.uuid4().hex, durable=False, auto_delete=False,
                                       arguments={"x-expires": 1800000})
    sys.exit("declared: this broker does not refuse transient non-exclusive queues")
except amqp.exceptions.AMQPError as e:
    print("refused:", e)
EOF
  echo "== the stack under the RabbitMQ 4 settings (Rabbit4LayoutIT):"
  cd "$HERE"
  NOVASIM_TEST_BROKER=amqp://guest:guest@127.0.0.1:$port/ NOVASIM_TEST_RABBITMQCTL="$HERE/bench/rabbitmq4-broker.sh ctl" \
    ./mvnw -B verify -pl nova-api -am -Dit.test=Rabbit4LayoutIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false
}

command=${1:?usage: $0 start [PORT] | ctl ARGS... | prove [PORT] | stop}
shift
"$command" "$@"
