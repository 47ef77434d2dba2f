"""The Python package against the `kg` command line: the same input must give the same bytes.

The binary is $KG_BIN, else target/release/kg or target/debug/kg of this checkout, else `kg`
on PATH. Without one the comparisons are skipped, and fail when the CI variable is set.
"""

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "article.txt"

# Invented people and firms; dates anchor "last year" and the like.
DOCS = [
    {
        "id": "nordlys-1",
        "text": "Karl Lindqvist founded Nordlys Energy in Oslo in 2019. "
        "Maria Santos joined the firm last year.",
        "date": "2024-03-01",
    },
    {
        "id": "nordlys-2",
        "text": "Lindqvist said that Nordlys Energy may not buy Fjordkraft Holdings. "
        "Santos did not comment.",
    },
    {"id": "article", "text": ARTICLE.read_text(encoding="utf-8"), "date": "2017-05-08"},
]


def _find_binary():
    given = os.environ.get("KG_BIN")
    if given:
        return given
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "kg"
        if path.is_file():
            return str(path)
    return shutil.which("kg")


KG_BIN = _find_binary()


@pytest.fixture(scope="session")
def kg_bin():
    if KG_BIN is None:
        if os.environ.get("CI"):
            pytest.fail("no kg binary (set KG_BIN); CI must compare with the command line")
        pytest.skip("no kg binary to compare with (set KG_BIN)")
    return KG_BIN


def run_cli(kg_bin, *args, stdin=None, check=True):
    done = subprocess.run(
        [kg_bin, *map(str, args)],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} failed: {done.stderr.decode()}")
    return done


@pytest.fixture(scope="session")
def docs_jsonl(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def graph():
    return kg.build(DOCS, threads=2)


@pytest.mark.parametrize("fmt", kg.FORMATS)
def test_serialize_is_the_bytes_of_kg_build(kg_bin, docs_jsonl, graph, fmt):
    cli = run_cli(kg_bin, "build", docs_jsonl, "-f", fmt).stdout
    assert graph.serialize(fmt).encode("utf-8") == cli


@pytest.mark.parametrize(
    "provenance,fmt", [("graphs", "nquads"), ("graphs", "trig"), ("rdf12", "turtle"), ("none", "ntriples")]
)
def test_every_provenance_mode_is_the_bytes_of_kg_build(kg_bin, docs_jsonl, provenance, fmt):
    cli = run_cli(kg_bin, "build", docs_jsonl, "-f", fmt, "--provenance", provenance).stdout
    assert kg.build(DOCS, provenance=provenance).serialize(fmt).encode("utf-8") == cli
    # The mode can also be chosen when writing.
    assert kg.build(DOCS).serialize(fmt, provenance=provenance).encode("utf-8") == cli


def test_no_aliases_and_base_are_the_flags_of_kg_build(kg_bin, docs_jsonl):
    base = "https://nordlys.example/kg/"
    cli = run_cli(kg_bin, "build", docs_jsonl, "-f", "ntriples", "--no-aliases", "--base", base).stdout
    py = kg.build(DOCS, aliases=False).serialize("ntriples", base=base)
    assert py.encode("utf-8") == cli
    assert py != kg.build(DOCS).serialize("ntriples", base=base)


def test_a_plain_string_is_the_document_text_1(kg_bin, tmp_path):
    text = ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "text:1", "text": text}) + "\n", encoding="utf-8")
    cli = run_cli(kg_bin, "build", path, "-f", "turtle").stdout
    assert kg.build(text).serialize().encode("utf-8") == cli
    assert kg.build([text]).serialize().encode("utf-8") == cli
    assert kg.build(t for t in [text]).serialize().encode("utf-8") == cli


def test_serialize_writes_to_a_destination(tmp_path, graph):
    path = tmp_path / "graph.nt"
    assert graph.serialize("ntriples", destination=path) is None
    assert path.read_text(encoding="utf-8") == graph.serialize("ntriples")


def test_the_graph_does_not_depend_on_threads():
    one = kg.build(DOCS, threads=1).serialize("nquads", provenance="graphs")
    two = kg.build(DOCS, threads=2).serialize("nquads", provenance="graphs")
    assert one == two


def test_to_rdflib_holds_the_triples_of_ntriples(graph):
    rdflib = pytest.importorskip("rdflib")
    lines = [line for line in graph.serialize("ntriples").splitlines() if line.strip()]
    g = graph.to_rdflib()
    assert isinstance(g, rdflib.Graph)
    assert len(g) == len(lines) == len(set(lines))
    expected = rdflib.Graph().parse(data=graph.serialize("turtle"), format="turtle")
    from rdflib.compare import isomorphic

    assert isomorphic(g, expected)


def test_to_rdflib_with_named_graphs_is_a_dataset():
    rdflib = pytest.importorskip("rdflib")
    graph = kg.build(DOCS, provenance="graphs")
    lines = [line for line in graph.serialize("nquads").splitlines() if line.strip()]
    ds = graph.to_rdflib()
    assert isinstance(ds, rdflib.Dataset)
    assert len(list(ds.quads((None, None, None, None)))) == len(lines)


def test_to_rdflib_refuses_rdf12_triple_terms():
    with pytest.raises(ValueError, match="RDF 1.2"):
        kg.build(DOCS[0], provenance="rdf12").to_rdflib()


def test_to_dot_takes_the_drawing_flags_of_kg_build(kg_bin, docs_jsonl, graph):
    cli = run_cli(kg_bin, "build", docs_jsonl, "-f", "dot", "--min-degree", "2", "--asserted-only").stdout
    assert graph.to_dot(min_degree=2, asserted_only=True).encode("utf-8") == cli
    assert graph.to_dot() == graph.serialize("dot")


def test_extract_gives_the_facts_of_kg_extract_jsonl(kg_bin):
    cli = run_cli(kg_bin, "extract", "-f", "jsonl", ARTICLE).stdout.decode("utf-8")
    expected = [json.loads(line) for line in cli.splitlines()]
    facts = kg.extract(ARTICLE.read_text(encoding="utf-8"), id=str(ARTICLE))
    assert len(facts) == len(expected) > 5
    assert [f.to_dict() for f in facts] == expected
    tsv = run_cli(kg_bin, "extract", "-f", "tsv", ARTICLE).stdout.decode("utf-8").splitlines()
    # The TSV's last column says which facts the sentences assert.
    assert [f.asserted for f in facts] == [line.split("\t")[11] == "asserted" for line in tsv]


def test_extract_jsonl_is_the_output_of_kg_extract_jsonl(kg_bin, docs_jsonl):
    cli = run_cli(kg_bin, "extract", "--jsonl", docs_jsonl).stdout.decode("utf-8")
    assert list(kg.extract_jsonl(DOCS)) == cli.splitlines()


def test_extract_jsonl_numbers_documents_across_its_batches():
    lines = list(kg.extract_jsonl(iter(["Karl Lindqvist founded Nordlys Energy."] * 70)))
    assert [json.loads(line)["id"] for line in lines] == [f"text:{n}" for n in range(1, 71)]
    assert all(json.loads(line)["facts"] for line in lines)


def test_extract_types_what_a_sentence_says_about_a_fact():
    facts = kg.extract("Karl Lindqvist said that Nordlys Energy may not buy the Oslo firm in 2024.")
    bought = [f for f in facts if f.relation.key == "buy"]
    assert len(bought) == 1
    fact = bought[0]
    assert (fact.subject.text, fact.subject.kind) == ("Nordlys Energy", "Organization")
    assert fact.object is not None and fact.object.text == "the Oslo firm"
    assert fact.negated and not fact.asserted
    assert fact.modality == kg.Modality("possibility", "may")
    assert fact.attribution is not None and fact.attribution.text == "Karl Lindqvist"
    assert isinstance(fact.factuality, float) and 0.0 < fact.confidence <= 1.0
    text = "Karl Lindqvist said that Nordlys Energy may not buy the Oslo firm in 2024."
    start, end = fact.subject.chars
    assert text[start:end] == "Nordlys Energy"
    assert [e.value for e in fact.extra] == ["2024"]


def parse_conllu(text):
    """(form, lemma, upos, xpos, head, deprel, NER tag, TokenRange) of each word line."""
    rows = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        start, end = map(int, misc["TokenRange"].split(":"))
        lemma = "" if cols[2] == "_" and cols[1] != "_" else cols[2]
        xpos = "" if cols[4] == "_" else cols[4]
        rows.append((cols[1], lemma, cols[3], xpos, int(cols[6]), cols[7], misc.get("NER", ""), start, end))
    return rows


def test_analyze_gives_the_tokens_of_kg_analyze(kg_bin):
    cli = run_cli(kg_bin, "analyze", ARTICLE).stdout.decode("utf-8")
    doc = kg.analyze(ARTICLE.read_text(encoding="utf-8"))
    expected = parse_conllu(cli)
    got = [(t.form, t.lemma, t.upos, t.xpos, t.head, t.deprel, t.entity, t.idx, t.end) for t in doc]
    assert got == expected
    assert len(doc.sents) == cli.count("# sent_id =")
    assert any(t.ent_type == "PER" for t in doc)


def test_analyze_reads_like_a_spacy_doc():
    text = "Maria Santos visited Oslo on 5 May 2024."
    doc = kg.analyze(text)
    assert [t.text for t in doc] == ["Maria", "Santos", "visited", "Oslo", "on", "5", "May", "2024", "."]
    assert doc[2].lemma == "visit" and doc[2].pos == "VERB" and doc[2].dep == "root"
    assert [(e.text, e.label) for e in doc.ents] == [
        ("Maria Santos", "PER"),
        ("Oslo", "LOC"),
        ("5 May 2024", "DATE"),
    ]
    assert doc.ents[2].normalized == "2024-05-05"
    assert all(text[t.idx : t.end] == t.text for t in doc)


def test_query_gives_the_rows_of_kg_query(kg_bin, docs_jsonl, graph, tmp_path):
    ttl = tmp_path / "graph.ttl"
    run_cli(kg_bin, "build", docs_jsonl, "-o", ttl)
    sparql = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?e ?name WHERE { ?e a ?c ; rdfs:label ?name } ORDER BY ?e ?name"
    )
    cli = run_cli(kg_bin, "query", ttl, "--results", "json", sparql).stdout
    expected = [
        {k: v["value"] for k, v in row.items()} for row in json.loads(cli)["results"]["bindings"]
    ]
    rows = graph.query(sparql)
    assert rows == expected and len(rows) > 10
    assert graph.query("ASK { ?s ?p ?o }") is True
    constructed = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert len(constructed) == 3 and all(line.endswith(" .") for line in constructed)


def test_a_bad_query_raises_the_message_of_kg_query(kg_bin, graph, tmp_path):
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(graph.serialize("turtle"), encoding="utf-8")
    bad = "SELECT ?x WHERE { ?x kg:founded ?y }"
    done = run_cli(kg_bin, "query", ttl, bad, check=False)
    assert done.returncode == 2
    message = done.stderr.decode("utf-8").strip().removeprefix("kg: error: ")
    with pytest.raises(kg.KgError) as caught:
        graph.query(bad)
    assert str(caught.value) == message
    assert "unknown prefix kg" in message


def test_an_unwritable_mode_raises_the_message_of_kg_build(kg_bin, docs_jsonl, graph):
    done = run_cli(kg_bin, "build", docs_jsonl, "-f", "turtle", "--provenance", "graphs", check=False)
    assert done.returncode == 2
    message = done.stderr.decode("utf-8").strip().removeprefix("kg: error: ")
    with pytest.raises(kg.KgError) as caught:
        graph.serialize("turtle", provenance="graphs")
    assert str(caught.value) == message
    assert isinstance(caught.value, Exception)


def test_bad_arguments_are_value_and_type_errors():
    with pytest.raises(ValueError, match="unknown format"):
        kg.build("Karl Lindqvist spoke.").serialize("csv")
    with pytest.raises(ValueError, match="unknown provenance"):
        kg.build("Karl Lindqvist spoke.", provenance="quads")
    with pytest.raises(ValueError, match="threads"):
        kg.build("Karl Lindqvist spoke.", threads=0)
    with pytest.raises(ValueError, match="text"):
        kg.build([{"id": "x"}])
    with pytest.raises(TypeError):
        kg.build([42])
    with pytest.raises(TypeError):
        kg.extract(b"bytes")


def test_documents_without_an_id_are_numbered():
    graph = kg.build(["Karl Lindqvist founded Nordlys Energy.", {"text": "Maria Santos met Karl Lindqvist."}])
    ids = [line.split('"')[1] for line in graph.serialize("ntriples").splitlines() if "#documentId>" in line]
    assert ids == ["text:1", "text:2"]
    assert kg.extract({"text": "Karl Lindqvist met Maria Santos."})[0].document == "text:1"


def test_the_gil_is_released_while_kg_works():
    text = ARTICLE.read_text(encoding="utf-8")
    kg.build(text)  # loads the models first
    window = {}

    def work():
        window["start"] = time.monotonic()
        kg.build([text] * 400, threads=1)
        window["end"] = time.monotonic()

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.monotonic())
    worker.join()
    start, end = window["start"], window["end"]
    assert end - start > 0.2, "the work is too short to tell"
    # Python ran in the main thread while the worker was inside kg.
    inside = [t for t in ticks if start + 0.05 < t < end - 0.05]
    assert len(inside) > 1000


def test_the_examples_in_the_docstrings_hold():
    import doctest

    assert doctest.testmod(kg).failed == 0


def test_the_example_in_the_readme_holds(monkeypatch):
    import doctest
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    python = readme.split("\n## Python\n", 1)[1]
    example = re.search(r"```python\n(.*?)```", python, re.S).group(1)
    monkeypatch.chdir(ROOT)  # the example opens examples/article.txt
    test = doctest.DocTestParser().get_doctest(example, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
