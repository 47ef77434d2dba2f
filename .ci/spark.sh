#!/usr/bin/env bash
# Runs examples/spark_pipe.py on Spark's local[2] over 300 BBC articles (60 of each category
# of ../shared/data/news-corpus/bbc, made into JSONL in a temporary folder; nothing of them is
# kept), both ways: piping to the kg binary and calling the kg package in mapPartitions.
# Checks that
#   - the per-document facts are the lines `kg extract --jsonl` writes for the same input;
#   - `kg merge` of the shards is byte for byte the graph `kg build` writes for the same input
#     (Turtle with reification, and N-Quads with a named graph per document);
# and prints the wall times beside `kg build --threads 2`. Without ../shared it prints a notice
# and skips (fails when CI is set).
#
#   .ci/spark.sh [DOCS_PER_CATEGORY]    (KG_BIN: the binary, default target/debug/kg;
#                                        PY: Python with pyspark and kg, default target/py-venv)
set -euo pipefail
cd "$(dirname "$0")/.."

per_category=${1:-60}
KG=$(realpath "${KG_BIN:-target/debug/kg}")
PY=${PY:-$PWD/target/py-venv/bin/python}
bbc=../shared/data/news-corpus/bbc
if [ ! -d "$bbc" ]; then
    echo "spark: $bbc is missing; the Spark check is skipped"
    if [ -n "${CI:-}" ]; then
        echo "spark: CI is set, so the BBC corpus must be there" >&2
        exit 1
    fi
    exit 0
fi
# Spark binds to loopback only (no traffic to other addresses).
export SPARK_LOCAL_IP=127.0.0.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PY" - "$bbc" "$per_category" "$work/docs.jsonl" <<'PYEOF'
import json, os, sys
root, per_category, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(out, "w", encoding="utf-8") as f:
    for category in sorted(os.listdir(root)):
        folder = os.path.join(root, category)
        if not os.path.isdir(folder):
            continue
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".txt"))[:per_category]:
            with open(os.path.join(folder, name), encoding="utf-8") as doc:
                f.write(json.dumps({"id": f"{category}/{name}", "text": doc.read()}) + "\n")
PYEOF
docs=$(wc -l <"$work/docs.jsonl")

seconds() { # COMMAND...: runs it, prints its wall time in seconds
    local start=$EPOCHREALTIME
    "$@"
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

"$KG" extract --jsonl "$work/docs.jsonl" -o "$work/facts.jsonl"
build_time=$(seconds "$KG" build "$work/docs.jsonl" --threads 2 -o "$work/graph.ttl" 2>/dev/null)
"$KG" build "$work/docs.jsonl" --threads 2 --provenance graphs -o "$work/graph.nq" 2>/dev/null

passed=0
failed=0
check() { # NAME FILE EXPECTED
    if cmp -s "$2" "$3"; then
        passed=$((passed + 1))
        echo "spark: ok: $1"
    else
        failed=$((failed + 1))
        echo "spark: FAILED: $1 ($2 differs from $3)"
    fi
}

for mode in pipe python; do
    flag=()
    [ "$mode" = python ] && flag=(--python)
    out="$work/out-$mode"
    time=$(seconds "$PY" examples/spark_pipe.py "$work/docs.jsonl" "$out" --master 'local[2]' \
        --kg "$KG" "${flag[@]}" 2>"$work/spark-$mode.log") || {
        cat "$work/spark-$mode.log" >&2
        exit 1
    }
    cat "$out"/facts/part-* >"$work/facts-$mode.jsonl"
    check "$mode: facts = kg extract --jsonl" "$work/facts-$mode.jsonl" "$work/facts.jsonl"
    "$KG" merge --input-format nquads "$out"/shards/part-* -o "$work/merged-$mode.ttl" 2>/dev/null
    check "$mode: kg merge of the shards = kg build (Turtle)" "$work/merged-$mode.ttl" "$work/graph.ttl"
    "$KG" merge --input-format nquads "$out"/shards/part-* --provenance graphs \
        -o "$work/merged-$mode.nq" 2>/dev/null
    check "$mode: kg merge of the shards = kg build (N-Quads, graphs)" "$work/merged-$mode.nq" "$work/graph.nq"
    echo "spark: $mode on local[2]: $docs documents in $time s with Spark's start ($(grep -o 'facts [0-9.]* s, graph shards [0-9.]* s' "$work/spark-$mode.log"))"
done
echo "spark: kg build --threads 2 on the same $docs documents: $build_time s"
echo "spark: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
