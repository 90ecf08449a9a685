#!/usr/bin/env bash
# Stops what up.sh and service.sh started (SIGTERM, so consumers leave their groups cleanly), newest first:
# executors, validator, planner, then the broker and registry.
#   deploy/local-processes/down.sh [NAME...]   e.g. down.sh executor-2 stops one executor only
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/run" 2>/dev/null || { echo "nothing runs"; exit 0; }
if [ $# -gt 0 ]; then
  names=("$@")
else
  names=($(ls -t executor-*.pid 2>/dev/null | sed 's/\.pid$//') validator planner infrastructure)
fi
for name in "${names[@]}"; do
  [ -f "$name.pid" ] || continue
  pid="$(cat "$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name"
  fi
  rm -f "$name.pid" "$name.port"
done
