#!/usr/bin/env bash
# A throwaway, private RabbitMQ node for tests and benchmarks (the stream sink's tests).
#
# Like scripts/pg-private.sh: its own temp dir (data, logs, Erlang cookie), on
# 127.0.0.1 only, on ports the kernel says are free (AMQP, Erlang distribution,
# and its own epmd), so it neither needs nor disturbs a RabbitMQ someone else runs.
#
#   source scripts/rabbitmq-private.sh
#   rabbitmq_private_start     # exports SYNTH_TEST_AMQP=amqp://guest:guest@127.0.0.1:PORT/
#   rabbitmq_private_stop
#
# Needs the Debian 'rabbitmq-server' package (ensure_apt_package in scripts/ensure.sh).
# The guest user may connect from loopback only, which is all the tests use.

RABBITMQ_PRIVATE_DIR=""
RABBITMQ_PRIVATE_PID=""
RABBITMQ_PRIVATE_EPMD=""

_rabbitmq_private_free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# rabbitmq_private_start: starts the node and waits (up to 90 s) until it takes AMQP connections.
rabbitmq_private_start() {
  RABBITMQ_PRIVATE_DIR=$(mktemp -d -t synth-rabbitmq.XXXXXX)
  local port dist epmd node
  port=$(_rabbitmq_private_free_port)
  dist=$(_rabbitmq_private_free_port)
  epmd=$(_rabbitmq_private_free_port)
  node="synth$$@localhost"
  mkdir -p "$RABBITMQ_PRIVATE_DIR/home"
  : >"$RABBITMQ_PRIVATE_DIR/enabled_plugins"
  RABBITMQ_PRIVATE_EPMD=$epmd
  (
    export HOME="$RABBITMQ_PRIVATE_DIR/home" ERL_EPMD_PORT=$epmd RABBITMQ_NODENAME=$node \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist \
      RABBITMQ_MNESIA_BASE="$RABBITMQ_PRIVATE_DIR/mnesia" RABBITMQ_LOG_BASE="$RABBITMQ_PRIVATE_DIR/log" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_PRIVATE_DIR/enabled_plugins" \
      RABBITMQ_CONFIG_FILE="$RABBITMQ_PRIVATE_DIR/rabbitmq" RABBITMQ_PID_FILE="$RABBITMQ_PRIVATE_DIR/node.pid"
    exec /usr/lib/rabbitmq/bin/rabbitmq-server >"$RABBITMQ_PRIVATE_DIR/server.log" 2>&1
  ) &
  RABBITMQ_PRIVATE_PID=$!
  local i
  for i in $(seq 1 180); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export SYNTH_TEST_AMQP="amqp://guest:guest@127.0.0.1:$port/"
      return 0
    fi
    if ! kill -0 "$RABBITMQ_PRIVATE_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "error: the private RabbitMQ did not start; its log:" >&2
  tail -n 30 "$RABBITMQ_PRIVATE_DIR/server.log" >&2 || true
  return 1
}

# rabbitmq_private_stop: stops the node, its epmd, and deletes the temp dir. Safe to call twice.
rabbitmq_private_stop() {
  [[ -n $RABBITMQ_PRIVATE_DIR ]] || return 0
  if [[ -n $RABBITMQ_PRIVATE_PID ]] && kill -0 "$RABBITMQ_PRIVATE_PID" 2>/dev/null; then
    # The Erlang VM is a child of the script; stop the whole group quickly (the data dir is thrown away anyway).
    pkill -TERM -P "$RABBITMQ_PRIVATE_PID" 2>/dev/null || true
    kill -TERM "$RABBITMQ_PRIVATE_PID" 2>/dev/null || true
  fi
  # The node's beam carries the private dir in its command line; its epmd only in its environment.
  pkill -KILL -f "$RABBITMQ_PRIVATE_DIR" 2>/dev/null || true
  local pid
  for pid in $(pgrep -x epmd 2>/dev/null); do
    if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "ERL_EPMD_PORT=$RABBITMQ_PRIVATE_EPMD"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$RABBITMQ_PRIVATE_DIR"
  RABBITMQ_PRIVATE_DIR=""
  RABBITMQ_PRIVATE_PID=""
  RABBITMQ_PRIVATE_EPMD=""
}
