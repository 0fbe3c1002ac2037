#!/usr/bin/env bash
# A throwaway, private PostgreSQL cluster for tests and benchmarks.
#
# Why private: tests must not depend on (or damage) a server someone else runs,
# and several runs may happen at once on one machine. So every run gets its own
# cluster in a fresh temp dir, on 127.0.0.1 only, on a port the kernel says is
# free, with its unix socket inside the temp dir; it is deleted afterwards.
#
# Two ways to use it:
#   1. Source it and call the functions (what ./test does):
#        source scripts/pg-private.sh
#        trap pg_private_stop EXIT
#        pg_private_start            # sets PG_PRIVATE_* and exports SYNTH_TEST_PG
#   2. Run a command with a private cluster around it:
#        scripts/pg-private.sh dotnet run --project bench/... -c Release
#
# After pg_private_start:
#   SYNTH_TEST_PG    postgresql://postgres@127.0.0.1:PORT/postgres (exported)
#   SYNTH_TEST_PG_CONNSTRING  the same as a Npgsql connection string (exported;
#                    Npgsql rejects URIs): Host=127.0.0.1;Port=PORT;Username=postgres;Database=postgres
#   PG_PRIVATE_PORT  the TCP port
#   PG_PRIVATE_DIR   the temp dir (data/, sock/, postgres.log)
#   PG_PRIVATE_BIN   the PostgreSQL bin dir used
#
# Needs the Debian 'postgresql' package (ensure_apt_package in scripts/ensure.sh).
# initdb and pg_ctl refuse to run as root, so as root they run as the 'postgres'
# OS user (created by that package) in a temp dir owned by it.

PG_PRIVATE_DIR=""
PG_PRIVATE_PORT=""
PG_PRIVATE_BIN=""

# _pg_private_bin: the newest /usr/lib/postgresql/N/bin (Debian installs 15 on
# bookworm), unless PG_BIN is set.
_pg_private_bin() {
  if [[ -n ${PG_BIN:-} ]]; then
    echo "$PG_BIN"
    return 0
  fi
  local initdb
  # shellcheck disable=SC2012  # Debian paths, no odd characters
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $initdb ]]; then
    echo "error: PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb);" \
         "install it with: apt-get install -y postgresql" >&2
    return 1
  fi
  dirname "$initdb"
}

# _pg_private_free_port: ask the kernel for a free TCP port on 127.0.0.1.
# (There is a tiny race until postgres binds it; pg_private_start retries.)
_pg_private_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
    return 0
  fi
  # No python3: pick a random port in 20000-39999 that nothing answers on.
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "error: no free port found" >&2
  return 1
}

# _pg_private_as_owner CMD...: run a PostgreSQL tool as the cluster owner:
# the 'postgres' OS user when we are root, ourselves otherwise. The working dir
# is the temp dir so that 'postgres' never trips over an unreadable cwd.
_pg_private_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$PG_PRIVATE_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_PRIVATE_DIR" && "$@")
  fi
}

# pg_private_start: create, start and wait for the private cluster.
pg_private_start() {
  PG_PRIVATE_BIN=$(_pg_private_bin) || return 1

  if [[ $(id -u) -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    # The Debian package creates this user; make it if someone removed it.
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi

  # /tmp rather than $TMPDIR: the 'postgres' user must be able to reach it and
  # the unix socket path must stay short (limit ~107 bytes).
  PG_PRIVATE_DIR=$(mktemp -d /tmp/synth-pg.XXXXXX)
  mkdir -p "$PG_PRIVATE_DIR/sock"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres: "$PG_PRIVATE_DIR"
  fi

  # Trust auth is fine: it listens on 127.0.0.1 and its own socket dir only.
  # --no-sync and C.UTF-8 keep it fast and deterministic.
  if ! _pg_private_as_owner "$PG_PRIVATE_BIN/initdb" -D "$PG_PRIVATE_DIR/data" \
        -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$PG_PRIVATE_DIR/initdb.log" 2>&1; then
    echo "error: initdb failed:" >&2
    cat "$PG_PRIVATE_DIR/initdb.log" >&2
    return 1
  fi

  # fsync/full_page_writes/synchronous_commit off: durability is worthless for
  # a cluster we delete at the end, and they cost a lot of test time.
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(_pg_private_free_port) || return 1
    if _pg_private_as_owner "$PG_PRIVATE_BIN/pg_ctl" -D "$PG_PRIVATE_DIR/data" \
          -l "$PG_PRIVATE_DIR/postgres.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_PRIVATE_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
          start >"$PG_PRIVATE_DIR/pg_ctl.log" 2>&1; then
      PG_PRIVATE_PORT=$port
      break
    fi
    # Most likely someone grabbed the port in between: try another one.
    echo "warning: PostgreSQL did not start on port $port (attempt $attempt)" >&2
  done
  if [[ -z $PG_PRIVATE_PORT ]]; then
    echo "error: could not start the private PostgreSQL; its log:" >&2
    tail -n 30 "$PG_PRIVATE_DIR/postgres.log" >&2 || true
    return 1
  fi

  # pg_ctl -w already waited; pg_isready double-checks that TCP answers.
  for _ in $(seq 1 60); do
    if "$PG_PRIVATE_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PRIVATE_PORT" \
         -U postgres -d postgres; then
      export SYNTH_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PRIVATE_PORT/postgres"
      # Npgsql does not parse postgresql:// URIs; this is the same server in
      # its key=value form, ready for new NpgsqlConnection(...).
      export SYNTH_TEST_PG_CONNSTRING="Host=127.0.0.1;Port=$PG_PRIVATE_PORT;Username=postgres;Database=postgres"
      return 0
    fi
    sleep 0.5
  done
  echo "error: the private PostgreSQL on port $PG_PRIVATE_PORT never became ready" >&2
  tail -n 30 "$PG_PRIVATE_DIR/postgres.log" >&2 || true
  return 1
}

# pg_private_stop: stop the cluster and delete its temp dir. Safe to call more
# than once and when start failed halfway; prints nothing (callers print a
# summary line that must stay the last line).
pg_private_stop() {
  local dir=$PG_PRIVATE_DIR
  [[ -n $dir && -d $dir ]] || return 0
  if [[ -f $dir/data/postmaster.pid ]]; then
    # 'immediate' is fine: the data is thrown away right after.
    _pg_private_as_owner "$PG_PRIVATE_BIN/pg_ctl" -D "$dir/data" -m immediate \
      -w -t 30 stop >/dev/null 2>&1 || true
    # Still there (pg_ctl failed or timed out)? Kill exactly our postmaster.
    if [[ -f $dir/data/postmaster.pid ]]; then
      local pid
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]]; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf "$dir"
  PG_PRIVATE_DIR=""
  PG_PRIVATE_PORT=""
  unset SYNTH_TEST_PG SYNTH_TEST_PG_CONNSTRING
}

# Executed (not sourced): run the given command with a private cluster around it.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]   (runs COMMAND with SYNTH_TEST_PG set)" >&2
    exit 2
  fi
  trap pg_private_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg_private_start
  echo "private PostgreSQL: $SYNTH_TEST_PG" >&2
  rc=0
  "$@" || rc=$?
  exit "$rc"
fi
