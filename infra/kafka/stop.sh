#!/usr/bin/env bash
# Stops the broker started by infra/kafka/start.sh (SIGTERM, then SIGKILL after 30 s).
set -euo pipefail
DATA_DIR="${KAFKA_DATA_DIR:-/tmp/shoplens-kafka}"
PID_FILE="$DATA_DIR/kafka.pid"
if [[ ! -f "$PID_FILE" ]] || ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "kafka: not running"
  rm -f "$PID_FILE"
  exit 0
fi
PID="$(cat "$PID_FILE")"
kill "$PID"
for _ in $(seq 1 60); do
  kill -0 "$PID" 2>/dev/null || { rm -f "$PID_FILE"; echo "kafka: stopped"; exit 0; }
  sleep 0.5
done
kill -9 "$PID" 2>/dev/null || true
rm -f "$PID_FILE"
echo "kafka: killed after 30 s"
