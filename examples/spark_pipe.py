"""kg as the map step of a Spark job, with `kg merge` as the reduce.

Input: JSONL documents, one per line: {"id": "...", "text": "...", "date": "YYYY-MM-DD"}
(ids must be unique across the corpus: a line without one would be named after its line
number in its partition; `date` is optional).

    spark-submit examples/spark_pipe.py news.jsonl out/             # pipes to the binary
    spark-submit examples/spark_pipe.py news.jsonl out/ --python    # calls the kg package
    kg merge --input-format nquads out/shards/part-* -o graph.ttl    # the reduce

What it does, in either mode:

1. Per-document facts, streamed: one JSON line per document, {"id", "date", "sentences",
   "tokens", "facts": [...]}, facts as `kg extract -f jsonl` writes them. The pipe mode runs
   `kg extract --jsonl` (a document in, a line out, flushed, so the pipe never stalls); the
   Python mode calls `kg.extract_jsonl` in `mapPartitions`. Saved under out/facts/.
2. The graph, map/reduce: each partition becomes its graph as N-Quads (one line per
   triple, so Spark may carry it as text lines; the default provenance, reification, keeps
   everything `kg merge` needs to write any provenance mode): the pipe mode runs
   `kg build --jsonl - -f nquads --no-aliases --threads 1`, the Python mode
   `kg.build(docs, threads=1, aliases=False).serialize("nquads")`. Each partition's graph
   is saved as a text shard under out/shards/ (part-00000, part-00001, ... in partition
   order). The reduce runs on one machine:

       kg merge --input-format nquads out/shards/part-* -o graph.ttl

   Shards must be given in partition order (the shell's sorted glob does that) and
   partitions must keep the input's document order (this script never shuffles); the alias
   pass ("Lindqvist" + "Karl Lindqvist" -> one entity) is left to `kg merge`, which runs it
   over all shards together. The result is the graph one `kg build news.jsonl` writes, byte
   for byte, in any format and provenance mode (`.ci/spark.sh` checks it on `local[2]`).

Where the workers get kg:

- Pipe mode: the `kg` binary on every worker's PATH (`cargo install --path .`), or shipped
  with the job: `spark-submit --files target/release/kg examples/spark_pipe.py ... --kg ./kg`
  (the binary is self-contained: the models are embedded).
- Python mode: the wheel installed on every executor's Python
  (`pip install kg-0.1.0-cp39-abi3-*.whl`, built by `maturin build --release` in python/),
  or shipped in a packed virtualenv with `--archives`. In local mode the workers run this
  script's interpreter (PYSPARK_PYTHON is set to it when unset).

Tested with Python 3.11, PySpark 4.3.0 on OpenJDK 17 (Debian's default-jre-headless),
kg's wheel built by maturin 1.16 with PyO3 0.30; see README.md for the measured times.

Hadoop Streaming does the same with map-only jobs (`-numReduceTasks 0` keeps each
mapper's output in its own part file, in input-split order):

    hadoop jar $HADOOP_HOME/share/hadoop/tools/lib/hadoop-streaming-*.jar \\
        -D mapreduce.job.reduces=0 -files target/release/kg \\
        -input news.jsonl -output shards \\
        -mapper "./kg build --jsonl - -f nquads --no-aliases --threads 1 --allow-empty"
    hdfs dfs -get shards && kg merge --input-format nquads shards/part-* -o graph.ttl

and with `-mapper "./kg extract --jsonl"` for per-document facts. Give each mapper
`--threads 1` when the engine already runs one task per core.
"""

import argparse
import json
import os
import sys
import time


def python_facts(lines):
    """mapPartitions: each document's `kg extract --jsonl` line, from the kg package."""
    import kg

    return kg.extract_jsonl(json.loads(line) for line in lines)


def python_graph(lines):
    """mapPartitions: the partition's graph as N-Quads lines, from the kg package."""
    import kg

    docs = [json.loads(line) for line in lines]
    if not docs:
        return []
    return kg.build(docs, threads=1, aliases=False).serialize("nquads").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("docs", help="JSONL documents")
    parser.add_argument("out", help="output directory (facts/ and shards/ are written in it)")
    parser.add_argument("--python", action="store_true", help="call the kg package instead of piping to the binary")
    parser.add_argument("--kg", default="kg", help="the kg binary in pipe mode [default: kg on PATH]")
    parser.add_argument("--master", help="Spark master, e.g. local[2] [default: spark-submit's]")
    parser.add_argument("--partitions", type=int, help="minimum number of input partitions")
    args = parser.parse_args()

    # Local workers must find the kg package where the driver found it.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("kg")
    if args.master:
        conf = conf.setMaster(args.master)
        if args.master.startswith("local"):
            # A local run serves nothing to other machines: loopback only, no web UI.
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            conf = conf.set("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    started = time.monotonic()
    docs = sc.textFile(args.docs, args.partitions).filter(lambda line: line.strip())

    # 1. Per-document facts, one JSON line per document.
    if args.python:
        facts = docs.mapPartitions(python_facts)
    else:
        facts = docs.pipe(f"{args.kg} extract --jsonl", checkCode=True)
    facts.saveAsTextFile(f"{args.out}/facts")
    facts_done = time.monotonic()

    # 2. One graph per partition as N-Quads; `kg merge` is the reduce (see above).
    if args.python:
        shards = docs.mapPartitions(python_graph)
    else:
        kg_build = f"{args.kg} build --jsonl - -f nquads --no-aliases --threads 1 --allow-empty"
        shards = docs.pipe(kg_build, checkCode=True)
    shards.saveAsTextFile(f"{args.out}/shards")

    done = time.monotonic()
    partitions = docs.getNumPartitions()
    sc.stop()
    mode = "kg package in mapPartitions" if args.python else "pipe to the kg binary"
    print(
        f"spark_pipe: {mode}, {partitions} partitions: facts {facts_done - started:.2f} s, "
        f"graph shards {done - facts_done:.2f} s",
        file=sys.stderr,
    )
    print(f"now run: kg merge --input-format nquads {args.out}/shards/part-* -o graph.ttl", file=sys.stderr)


if __name__ == "__main__":
    main()
