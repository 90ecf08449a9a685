#!/usr/bin/env bash
# The coordinator as separate processes on this machine, against PostgreSQL:
#   deploy/local-processes/up.sh [--executors N] [--seed]
# 1. builds the services and local-stack when needed;
# 2. starts a Kafka broker and the schema registry (local-stack's InfrastructureMain) and creates the topics;
#    --seed also creates the sample dataset (raw.orders, raw.stores, analytics.daily_revenue) in the warehouse;
# 3. starts the planner, the validator and N executors (default 2) with service.sh.
# Warehouse and ports: warehouse.env, planner.env, ...; stop everything with down.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/.ci/java-home.sh" >/dev/null

executors=2
seed=()
while [ $# -gt 0 ]; do
  case "$1" in
    --executors) executors="${2:?--executors needs a number}"; shift 2 ;;
    --seed) seed=(--seed-postgres); shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done

need_build=false
for module in planner-service executor-service validator-service; do
  [ -f "$root/$module/target/quarkus-app/quarkus-run.jar" ] || need_build=true
done
[ -f "$root/local-stack/target/classpath.txt" ] || need_build=true
if $need_build; then
  echo "Building the services (first run: a few minutes)..."
  (cd "$root" && ./mvnw -q -pl planner-service,executor-service,validator-service,local-stack -am install -DskipTests)
fi

mkdir -p "$here/run/logs"
source "$here/env.sh"
load_env "$here/warehouse.env"
if [ -f "$here/run/infrastructure.pid" ] && kill -0 "$(cat "$here/run/infrastructure.pid")" 2>/dev/null; then
  echo "Broker and registry already run (pid $(cat "$here/run/infrastructure.pid"))"
else
  rm -f "$here/run/infrastructure.env"
  seed_args=()
  if [ ${#seed[@]} -gt 0 ]; then
    seed_args=(--seed-postgres "$BACKFILL_WAREHOUSE_JDBC_URL" --user "$BACKFILL_WAREHOUSE_USER" --password "${BACKFILL_WAREHOUSE_PASSWORD:-}")
  fi
  (cd "$here/run" && exec nohup "$JAVA_HOME/bin/java" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
    -cp "$root/local-stack/target/classes:$(cat "$root/local-stack/target/classpath.txt")" \
    io.backfill.local.InfrastructureMain --env-file "$here/run/infrastructure.env" --data-dir "$here/run/data" \
    "${seed_args[@]}" > "$here/run/logs/infrastructure.log" 2>&1) &
  echo $! > "$here/run/infrastructure.pid"
  echo -n "Starting broker and registry..."
  for _ in $(seq 1 180); do
    grep -q '^READY' "$here/run/logs/infrastructure.log" 2>/dev/null && break
    kill -0 "$(cat "$here/run/infrastructure.pid")" 2>/dev/null || { echo; echo "error: see $here/run/logs/infrastructure.log" >&2; exit 1; }
    sleep 1
  done
  echo " ready"
  grep -v '^READY' "$here/run/logs/infrastructure.log" | sed 's/^/  /'
fi

"$here/service.sh" planner
"$here/service.sh" validator
for n in $(seq 1 "$executors"); do
  "$here/service.sh" executor "$n"
done
echo
echo "Running. Try:"
echo "  export BACKFILL_PLANNER_URL=http://127.0.0.1:$(cat "$here/run/planner.port")"
echo "  export BACKFILL_USER=submitter:submitter   # users and passwords: deploy/local-processes/auth.env"
echo "  bin/backfill submit deploy/local-processes/sample-request.yaml --watch --executor http://127.0.0.1:$(cat "$here/run/executor-1.port")"
echo "  BACKFILL_USER=operator:operator bin/backfill rollback <backfillId>"
echo "More executors: deploy/local-processes/service.sh executor $((executors + 1)); stop all: deploy/local-processes/down.sh"
