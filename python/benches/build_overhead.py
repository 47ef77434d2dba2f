"""What `kg build DIR --threads N -o OUT` does, from Python: for timing the package against the
command line (README.md, "Python"). The ids are the paths, as `kg build` names the files of a
directory, so OUT has the same bytes as the command line's.

    python python/benches/build_overhead.py DIR OUT [THREADS]
"""

import pathlib
import sys

import kg

root, out = sys.argv[1], sys.argv[2]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
# Every file, in sorted order: `kg build` also reads README.TXT and files without extension.
paths = sorted(p for p in pathlib.Path(root).rglob("*") if p.is_file())
docs = [{"id": str(p), "text": p.read_text(encoding="utf-8")} for p in paths]
graph = kg.build(docs, threads=threads)
graph.serialize("turtle", destination=out)
print(graph, file=sys.stderr)
