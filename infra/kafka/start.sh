#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (KRaft, combined broker+controller)
# on 127.0.0.1 without Docker: the jars come from Maven Central through Maven
# and are cached outside the repo. Idempotent: a broker that already answers
# is left alone. Stop it with infra/kafka/stop.sh.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
CACHE_DIR="${SHOPLENS_CACHE_DIR:-$HOME/.cache/shoplens}"
LIB_DIR="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
DATA_DIR="${KAFKA_DATA_DIR:-/tmp/shoplens-kafka}"
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/kafka.log"
HERE="$(cd "$(dirname "$0")" && pwd)"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --fresh: stop a broker started by this script and wipe its data first (tests
# start from empty topics, so a consumer group reading from the beginning
# does not replay earlier runs).
if [[ "${1:-}" == "--fresh" ]]; then
  bash "$HERE/stop.sh"
  rm -rf "$DATA_DIR"
fi

if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && port_open "$KAFKA_PORT"; then
  echo "kafka: already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE"))"
  exit 0
fi
if port_open "$KAFKA_PORT"; then
  echo "kafka: something already listens on 127.0.0.1:$KAFKA_PORT; using it"
  exit 0
fi

command -v java >/dev/null || { echo "kafka: java (17+) is required" >&2; exit 1; }
if [[ ! -f "$LIB_DIR/.complete" ]]; then
  command -v mvn >/dev/null || { echo "kafka: maven is required to fetch the broker jars" >&2; exit 1; }
  echo "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into $LIB_DIR"
  mkdir -p "$LIB_DIR"
  sed "s/@KAFKA_VERSION@/$KAFKA_VERSION/" "$HERE/pom.xml" > "$CACHE_DIR/kafka-$KAFKA_VERSION/pom.xml"
  mvn -q -B -f "$CACHE_DIR/kafka-$KAFKA_VERSION/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB_DIR"
  touch "$LIB_DIR/.complete"
fi

mkdir -p "$DATA_DIR/logs"
cat > "$DATA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/logs
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS

CP="$LIB_DIR/*"
JAVA_OPTS=(-Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j2.configurationFile="$HERE/log4j2.properties")
if [[ ! -f "$DATA_DIR/logs/meta.properties" ]]; then
  java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format \
    -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
    -c "$DATA_DIR/server.properties" >/dev/null
fi

echo "kafka: starting broker on 127.0.0.1:$KAFKA_PORT (log: $LOG_FILE)"
nohup java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$DATA_DIR/server.properties" >"$LOG_FILE" 2>&1 &
echo $! > "$PID_FILE"

for _ in $(seq 1 120); do
  if grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null && port_open "$KAFKA_PORT"; then
    echo "kafka: ready on 127.0.0.1:$KAFKA_PORT"
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "kafka: broker exited; last log lines:" >&2
    tail -30 "$LOG_FILE" >&2
    exit 1
  fi
  sleep 0.5
done
echo "kafka: not ready after 60 s; see $LOG_FILE" >&2
exit 1
