#!/usr/bin/env bash
# Helpers for the triple-store tests (issue 10): install Virtuoso and pySHACL, start and stop a
# throw-away Virtuoso on 127.0.0.1.
#
#   .ci/virtuoso.sh install              apt-get install virtuoso-opensource when virtuoso-t is
#                                        missing; pySHACL into .ci/venv when missing
#   .ci/virtuoso.sh start DIR [HTTP SQL] start Virtuoso with its database in DIR (created), on
#                                        HTTP port HTTP (default 8890) and SQL port SQL (1111);
#                                        waits until it answers and lets the anonymous SPARQL
#                                        user write through /sparql-graph-crud
#   .ci/virtuoso.sh stop DIR             stop the Virtuoso started in DIR
#
# The integration tests (tests/it/store.rs) start their own Virtuoso the same way; `start` and
# `stop` are for trying things by hand and for the throughput measurement in
# README.md ("Loading kg output into a triple store"). Nothing here listens on anything but 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
    if ! command -v virtuoso-t >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq virtuoso-opensource >/dev/null
    fi
    if [ ! -x .ci/venv/bin/pyshacl ]; then
        python3 -m venv .ci/venv
        .ci/venv/bin/pip install -q pyshacl
    fi
    virtuoso-t +version 2>&1 | head -2 || true
    .ci/venv/bin/pyshacl --version
}

write_ini() { # DIR HTTP SQL
    local dir=$1 http=$2 sql=$3
    cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
DirsAllowed          = ., $dir
NumberOfBuffers      = 170000
MaxDirtyBuffers      = 130000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:$http
ServerRoot           = $dir
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 300
MaxQueryCostEstimationTime = 400
EOF
}

start() { # DIR [HTTP] [SQL]
    local dir http=${2:-8890} sql=${3:-1111}
    mkdir -p "$1"
    dir=$(cd "$1" && pwd)
    write_ini "$dir" "$http" "$sql"
    (
        cd "$dir"
        nohup virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1 &
        echo $! >"$dir/virtuoso.pid"
    )
    for _ in $(seq 120); do
        if curl -fs -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; then
            # The anonymous user "SPARQL" may then write through /sparql-graph-crud.
            isql-vt "127.0.0.1:$sql" dba dba exec='grant SPARQL_UPDATE to "SPARQL";' >/dev/null
            echo "virtuoso: http://127.0.0.1:$http/sparql-graph-crud (pid $(cat "$dir/virtuoso.pid"))"
            return 0
        fi
        if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            cat "$dir/stdout.log" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "virtuoso did not answer on port $http within 60 s" >&2
    stop "$dir"
    return 1
}

stop() { # DIR
    local pid
    pid=$(cat "$1/virtuoso.pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 40); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$1/virtuoso.pid"; return 0; }
        sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$1/virtuoso.pid"
}

case "${1:-}" in
install) install ;;
start) shift; start "$@" ;;
stop) shift; stop "$@" ;;
*) echo "usage: $0 install | start DIR [HTTP SQL] | stop DIR" >&2; exit 2 ;;
esac
