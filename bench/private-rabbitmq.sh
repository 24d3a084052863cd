#!/usr/bin/env bash
# A RabbitMQ node of its own, from the machine's rabbitmq-server, beside (never instead of) the machine's broker:
# its own node name, ports, data directory and open-file limit, so a measurement starts from a clean broker and
# leaves nothing behind.
#   bench/private-rabbitmq.sh start NAME PORT DIR   starts NAME@localhost on PORT (AMQP) and PORT+20000 (distribution)
#   bench/private-rabbitmq.sh ctl NAME ARGS...      rabbitmqctl on that node
#   bench/private-rabbitmq.sh stop NAME DIR         stops it and removes DIR
# Needs root (the node runs with the broker's Erlang cookie) and Debian's rabbitmq-server.
set -euo pipefail
RABBIT=/usr/lib/rabbitmq/bin
export HOME=/var/lib/rabbitmq   # the cookie the machine's rabbitmqctl uses

ctl() { local name=$1; shift; "$RABBIT/rabbitmqctl" -n "$name@localhost" "$@"; }

start() {
  local name=$1 port=$2 dir=$3
  mkdir -p "$dir/mnesia" "$dir/log"
  echo "[]." > "$dir/enabled_plugins"
  # Thousands of connections need more than the default 1,024 descriptors; the guest account may connect over loopback.
  printf 'listeners.tcp.default = %s\nloopback_users = none\n' "$port" > "$dir/rabbitmq.conf"
  ulimit -n "$(ulimit -Hn)"
  RABBITMQ_NODENAME="$name@localhost" RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT=$((port + 20000)) \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_PID_FILE="$dir/pid" ERL_CRASH_DUMP="$dir/log/erl_crash.dump" \
    "$RABBIT/rabbitmq-server" -detached
  # The node registers with epmd a moment after it is launched.
  for _ in $(seq 1 60); do
    ctl "$name" await_startup --timeout 60 >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "RabbitMQ node $name did not start; see $dir/log" >&2
  return 1
}

stop() {
  local name=$1 dir=$2
  local pid=""
  [ -f "$dir/pid" ] && pid=$(cat "$dir/pid")
  ctl "$name" stop >/dev/null 2>&1 || true
  # stop returns before the node's process is gone; a node started next under the same name and ports would find them
  # still taken. (rabbitmqctl stop PID_FILE waits, but forever when there is no such file.)
  if [ -n "$pid" ]; then
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$dir"
}

command=${1:?usage: $0 start NAME PORT DIR | ctl NAME ARGS... | stop NAME DIR}
shift
"$command" "$@"
