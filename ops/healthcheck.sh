#!/usr/bin/env bash
# The container health check (Dockerfile HEALTHCHECK): healthy while the service's /health/live
# answers 200, that is while its stage loop runs. Needs only bash: the JRE image does not promise
# curl or wget. The port comes from REVIEWFLOW_HTTP_PORT; without it (the site and submit
# commands, or a port set in a --config file) healthy while the JVM, PID 1, runs.
# The service must listen on loopback or on every interface (REVIEWFLOW_HTTP_ADDRESS 0.0.0.0).
set -u
port="${REVIEWFLOW_HTTP_PORT:-}"
case "$port" in
  '' | 0 | off) exec kill -0 1 ;;
esac
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/live HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
case "$status" in
  *' 200 '*) exit 0 ;;
  *) exit 1 ;;
esac
