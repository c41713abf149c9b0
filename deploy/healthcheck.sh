#!/usr/bin/env bash
# Container health check without curl or wget, which the JRE base image lacks: one HTTP/1.0
# GET over bash's /dev/tcp, healthy when the answer's status line says 200.
#
# Usage: healthcheck.sh DEFAULT_PORT PATH. SERVER_PORT, when set, wins over DEFAULT_PORT, so
# that moving the application to another port moves its health check too.
set -u

port="${SERVER_PORT:-$1}"
path="$2"

exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
exec 3<&-

[ "${status}" = "200" ]
