#!/usr/bin/env bash
# Starts one service as its own process in the background:
#   deploy/local-processes/service.sh planner|validator|executor [N]
# Config: warehouse.env, auth.env + <service>.env here, then run/infrastructure.env (broker and registry, written by
# up.sh), then anything already in the environment wins. Log: run/logs/<name>.log, pid: run/<name>.pid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/.ci/java-home.sh" >/dev/null

service="${1:?usage: service.sh planner|validator|executor [N]}"
n="${2:-1}"
case "$service" in
  planner|validator) name="$service"; module="$service-service" ;;
  executor) name="executor-$n"; module="executor-service" ;;
  *) echo "error: unknown service '$service' (planner, validator or executor)" >&2; exit 2 ;;
esac
jar="$root/$module/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || { echo "error: $jar missing; run deploy/local-processes/up.sh (it builds) or ./mvnw -pl $module -am install -DskipTests" >&2; exit 2; }
[ -f "$here/run/infrastructure.env" ] || { echo "error: no run/infrastructure.env: start the broker and registry with up.sh first" >&2; exit 2; }
mkdir -p "$here/run/logs"
pidfile="$here/run/$name.pid"
rm -f "$here/run/$name.port"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "$name already runs (pid $(cat "$pidfile"))"; exit 0
fi

(
  source "$here/env.sh"
  load_env "$here/run/infrastructure.env" "$here/$service.env" "$here/warehouse.env" "$here/auth.env"
  case "$service" in
    planner) export QUARKUS_HTTP_PORT="$PLANNER_PORT" ;;
    validator) export QUARKUS_HTTP_PORT="$VALIDATOR_PORT" ;;
    executor) export QUARKUS_HTTP_PORT="$((EXECUTOR_BASE_PORT + n))" ;;
  esac
  if [ "$service" = executor ]; then
    export BACKFILL_INSTANCE_ID="${BACKFILL_INSTANCE_ID:-executor-$n}"
    if [ "$n" = 1 ]; then export BACKFILL_LOAD_SAMPLER_ENABLED="${BACKFILL_LOAD_SAMPLER_ENABLED:-true}"; fi
  fi
  echo "$QUARKUS_HTTP_PORT" > "$here/run/$name.port"
  exec nohup "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" > "$here/run/logs/$name.log" 2>&1
) &
echo $! > "$pidfile"
port_file="$here/run/$name.port"
for _ in $(seq 1 120); do
  port="$(cat "$port_file" 2>/dev/null || true)"
  if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
    echo "$name ready on http://127.0.0.1:$port (log run/logs/$name.log)"; exit 0
  fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "error: $name exited; see $here/run/logs/$name.log" >&2; exit 1; }
  sleep 1
done
echo "error: $name not ready after 120 s; see $here/run/logs/$name.log" >&2
exit 1
