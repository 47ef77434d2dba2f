"""kg as the map step of a Spark job (RDD.pipe), with `kg merge` as the reduce.

Not run by CI. Needs PySpark and the `kg` binary on every worker's PATH
(`cargo install --path .`, or ship `target/release/kg` with `--files` and call `./kg`).

Input: JSONL documents, one per line: {"id": "...", "text": "...", "date": "YYYY-MM-DD"}
(ids must be unique across the corpus; `date` is optional).

    spark-submit examples/spark_pipe.py news.jsonl out/

What it does:

1. Per-document facts, streamed: `kg extract --jsonl` reads a document per input line
   and writes one JSON line per document ({"id", "date", "sentences", "tokens",
   "facts": [...]}, facts as `kg extract -f jsonl` writes them), flushed after each
   document, so the pipe never stalls. Saved under out/facts/.
2. The graph, map/reduce: each partition is piped through
   `kg build --jsonl - -f nquads --provenance graphs`, which writes that partition's
   graph as N-Quads (one line per quad, so Spark may carry it as text lines). Each
   partition's graph is saved as a text shard under out/shards/ (part-00000, part-00001,
   ... in partition order). The reduce runs on one machine:

       kg merge out/shards/part-* -o graph.ttl

   Shards must be given in partition order (the shell's sorted glob does that) and
   partitions must keep the input's document order (this script never shuffles), so
   the result is the graph one `kg build news.jsonl` would have written.

Hadoop Streaming does the same with map-only jobs (`-numReduceTasks 0` keeps each
mapper's output in its own part file, in input-split order):

    hadoop jar $HADOOP_HOME/share/hadoop/tools/lib/hadoop-streaming-*.jar \\
        -D mapreduce.job.reduces=0 -files target/release/kg \\
        -input news.jsonl -output shards \\
        -mapper "./kg build --jsonl - -f nquads --provenance graphs --threads 1"
    hdfs dfs -get shards && kg merge shards/part-* -o graph.ttl

and with `-mapper "./kg extract --jsonl"` for per-document facts. Give each mapper
`--threads 1` when the engine already runs one task per core.
"""

import sys

from pyspark import SparkContext


def main(inputs: str, out: str) -> None:
    sc = SparkContext(appName="kg")
    docs = sc.textFile(inputs).filter(lambda line: line.strip())

    # 1. Per-document facts, one JSON line per document.
    docs.pipe(["kg", "extract", "--jsonl"]).saveAsTextFile(f"{out}/facts")

    # 2. One graph per partition as N-Quads; `kg merge` is the reduce (see above).
    kg_build = ["kg", "build", "--jsonl", "-", "-f", "nquads", "--provenance", "graphs", "--threads", "1"]
    docs.pipe(kg_build).saveAsTextFile(f"{out}/shards")

    sc.stop()
    print(f"now run: kg merge {out}/shards/part-* -o graph.ttl", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark-submit spark_pipe.py DOCS.jsonl OUT_DIR")
    main(sys.argv[1], sys.argv[2])
