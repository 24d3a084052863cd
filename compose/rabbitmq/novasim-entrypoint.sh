#!/bin/sh
# Renders the definitions with the passwords from .env and writes the cluster's Erlang cookie, then starts
# RabbitMQ through the image's own entrypoint.
set -eu
umask 077
sed -e "s|@RABBITMQ_ADMIN_PASSWORD@|${RABBITMQ_ADMIN_PASSWORD}|" \
    -e "s|@NOVA_API_RABBIT_PASSWORD@|${NOVA_API_RABBIT_PASSWORD}|" \
    -e "s|@NOVA_CONDUCTOR_RABBIT_PASSWORD@|${NOVA_CONDUCTOR_RABBIT_PASSWORD}|" \
    -e "s|@NOVA_COMPUTE_RABBIT_PASSWORD@|${NOVA_COMPUTE_RABBIT_PASSWORD}|" \
    -e "s|@NOVA_NETWORK_RABBIT_PASSWORD@|${NOVA_NETWORK_RABBIT_PASSWORD}|" \
    /etc/rabbitmq/definitions.template.json > /etc/rabbitmq/definitions.json
chown rabbitmq:rabbitmq /etc/rabbitmq/definitions.json
printf '%s' "${RABBITMQ_ERLANG_COOKIE_VALUE}" > /var/lib/rabbitmq/.erlang.cookie
chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie
chmod 400 /var/lib/rabbitmq/.erlang.cookie
exec docker-entrypoint.sh "$@"
