#!/bin/bash
# The official image's contract: as root, a rabbitmq* command runs as the rabbitmq user (owning the data volume);
# the node runs in the foreground as PID 1's child, named rabbit@<hostname>.
set -euo pipefail
if [[ "$1" == rabbitmq* ]] && [ "$(id -u)" = 0 ]; then
  if [ "$1" = rabbitmq-server ]; then
    find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq '{}' +
  fi
  exec gosu rabbitmq "$0" "$@"
fi
if [ -z "${RABBITMQ_USE_LONGNAME:-}" ] && [ "$(hostname)" != "$(hostname -s)" ]; then
  export RABBITMQ_USE_LONGNAME=true
fi
# Makes rabbitmq-server exec the Erlang VM rather than wait on it in a subshell.
export RUNNING_UNDER_SYSTEMD=true
exec "$@"
