"""kg: knowledge graphs from English text, as RDF and Graphviz DOT.

The functions run the same Rust library as the ``kg`` command line and give the same
results: ``kg.build(...).serialize("turtle")`` is the bytes ``kg build`` writes,
``kg.extract`` the facts of ``kg extract -f jsonl``, ``kg.analyze`` the analysis of
``kg analyze``. Python threads keep running while kg works (it releases the GIL).

>>> import kg
>>> kg.build("Karl Lindqvist founded Nordlys Energy in Oslo.")
<kg.Graph: 2 entities, 1 facts from 1 documents>
>>> [(f.subject.text, f.relation.key, f.object.text) for f in kg.extract("Maria Santos met Karl Lindqvist.")]
[('Maria Santos', 'meet', 'Karl Lindqvist')]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Optional, Union, overload

from . import _kg
from ._kg import KgError

__all__ = [
    "Argument",
    "Doc",
    "Entity",
    "Fact",
    "Graph",
    "KgError",
    "Modality",
    "Relation",
    "Sentence",
    "Token",
    "analyze",
    "build",
    "extract",
    "extract_jsonl",
]

#: A document: its text alone, or a mapping with ``text`` and optional ``id`` and ``date``,
#: the fields of a line of ``kg build --jsonl``.
DocumentLike = Union[str, Mapping[str, Any]]

#: The formats ``Graph.serialize`` writes, named as ``kg build -f`` names them.
FORMATS = ("turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld", "dot")


def _documents(
    texts: Union[DocumentLike, Iterable[DocumentLike]], start: int = 1
) -> list[tuple[str, str, Optional[str]]]:
    """(id, text, date) of each document; those without an id are named ``text:N``,
    N their 1-based position (counting from ``start``), as JSONL lines without an id are
    named ``FILE:LINE``."""
    if isinstance(texts, (str, Mapping)):
        texts = [texts]
    docs: list[tuple[str, str, Optional[str]]] = []
    for n, item in enumerate(texts, start=start):
        if isinstance(item, str):
            docs.append((f"text:{n}", item, None))
        elif isinstance(item, Mapping):
            if "text" not in item or not isinstance(item["text"], str):
                raise ValueError(f"document {n} has no \"text\" string")
            doc_id = item.get("id")
            if doc_id is None:
                doc_id = f"text:{n}"
            elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
                raise ValueError(f"document {n}: \"id\" must be a string or an integer")
            date = item.get("date")
            if date is not None and not isinstance(date, str):
                raise ValueError(f"document {n}: \"date\" must be a string (YYYY-MM-DD)")
            docs.append((str(doc_id), item["text"], date))
        else:
            raise TypeError(
                f"document {n} is a {type(item).__name__}; give a str or a dict with \"text\""
            )
    return docs


class Graph:
    """A knowledge graph built by :func:`build`: entities, relations and facts with
    provenance. Write it with :meth:`serialize`, draw it with :meth:`to_dot`, query it with
    :meth:`query`, or hand it to rdflib with :meth:`to_rdflib`."""

    __slots__ = ("_native",)

    def __init__(self, native: _kg.NativeGraph) -> None:
        self._native = native

    @overload
    def serialize(
        self,
        format: str = ...,
        *,
        destination: None = ...,
        provenance: Optional[str] = ...,
        base: Optional[str] = ...,
    ) -> str: ...

    @overload
    def serialize(
        self,
        format: str = ...,
        *,
        destination: Union[str, "os.PathLike[str]"],
        provenance: Optional[str] = ...,
        base: Optional[str] = ...,
    ) -> None: ...

    def serialize(
        self,
        format: str = "turtle",
        *,
        destination: Union[str, "os.PathLike[str]", None] = None,
        provenance: Optional[str] = None,
        base: Optional[str] = None,
    ) -> Optional[str]:
        """The graph as text in ``format`` (turtle, ntriples, nquads, trig, rdfxml, jsonld,
        dot): exactly what ``kg build -f FORMAT`` writes. With ``destination`` (a path) the
        bytes are written there and None is returned, as rdflib's ``serialize`` does.
        ``provenance`` overrides the mode the graph was built with; ``base`` the IRI base
        (``--base``). Raises :class:`KgError` when the mode cannot be written in the format
        (``graphs`` needs nquads, trig or jsonld)."""
        data = self._native.serialize(format, provenance, base)
        if destination is not None:
            with open(destination, "wb") as out:
                out.write(data)
            return None
        return data.decode("utf-8")

    def to_dot(
        self,
        *,
        min_support: int = 1,
        max_nodes: Optional[int] = None,
        min_degree: int = 1,
        asserted_only: bool = False,
    ) -> str:
        """The graph as Graphviz DOT, drawn with the settings of ``kg build -f dot``
        (``--min-support``, ``--max-nodes``, ``--min-degree``, ``--asserted-only``)."""
        return self._native.to_dot(min_support, max_nodes, min_degree, asserted_only)

    def to_rdflib(self) -> Any:
        """The graph as an ``rdflib.Graph`` (an ``rdflib.Dataset`` for provenance
        ``graphs``) holding exactly the triples (quads) that ``serialize`` writes. Needs
        rdflib (``pip install rdflib``); RDF 1.2 provenance (``rdf12``) has triple terms,
        which rdflib cannot hold."""
        try:
            import rdflib
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Graph.to_rdflib() needs rdflib: pip install rdflib") from e
        if self.provenance == "rdf12":
            raise ValueError(
                "rdflib cannot hold RDF 1.2 triple terms; build with provenance "
                "'reification', 'graphs' or 'none'"
            )
        if self.provenance == "graphs":
            dataset = rdflib.Dataset()
            dataset.parse(data=self.serialize("nquads"), format="nquads")
            return dataset
        graph = rdflib.Graph()
        graph.parse(data=self.serialize("ntriples"), format="nt")
        return graph

    def query(self, sparql: str) -> Union[list[dict[str, Optional[str]]], bool, list[str]]:
        """Runs SPARQL over the graph as ``kg query`` runs it over the file ``kg build``
        writes. SELECT gives rows, a dict per solution from variable name to the value
        (an IRI, or a literal's lexical form; None where unbound); ASK a bool;
        CONSTRUCT and DESCRIBE the triples as N-Triples lines. Raises :class:`KgError` with
        ``kg query``'s message for a query that does not parse."""
        out = self._native.query(sparql)
        if not out.lstrip().startswith("{"):
            return [line for line in out.splitlines() if line]
        results = json.loads(out)
        if "boolean" in results:
            return bool(results["boolean"])
        names = results["head"].get("vars", [])
        return [
            {name: (row[name]["value"] if name in row else None) for name in names}
            for row in results["results"]["bindings"]
        ]

    @property
    def provenance(self) -> str:
        """The provenance mode the graph was built with (none, reification, graphs, rdf12)."""
        return self._native.provenance

    @property
    def documents(self) -> int:
        """Documents analysed."""
        return self._native.documents

    @property
    def sentences(self) -> int:
        """Sentences analysed."""
        return self._native.sentences

    @property
    def tokens(self) -> int:
        """Tokens analysed."""
        return self._native.tokens

    @property
    def fact_count(self) -> int:
        """Facts in the graph; a fact seen in many sentences counts once."""
        return self._native.fact_count

    @property
    def entity_count(self) -> int:
        """Entities in the graph."""
        return self._native.entity_count

    def __repr__(self) -> str:
        return (
            f"<kg.Graph: {self.entity_count} entities, {self.fact_count} facts "
            f"from {self.documents} documents>"
        )


def build(
    texts: Union[DocumentLike, Iterable[DocumentLike]],
    *,
    threads: Optional[int] = None,
    provenance: str = "reification",
    aliases: bool = True,
) -> Graph:
    """Builds a knowledge graph from English text, as ``kg build`` does.

    ``texts`` is a string, or an iterable of strings or of dicts ``{"id", "text", "date"}``
    (the lines of ``kg build --jsonl``; ``date`` YYYY-MM-DD anchors relative dates).
    Documents are analysed on ``threads`` threads (all cores for None) and added in input
    order, so the graph does not depend on ``threads``. ``provenance`` is the mode
    :meth:`Graph.serialize` writes by default (none, reification, graphs, rdf12);
    ``aliases=False`` skips the cross-document alias pass (``--no-aliases``), for the map
    step of a sharded build that ``kg merge`` reduces. No documents, or only empty ones,
    give an empty graph (as ``kg build --allow-empty``): a Spark partition may be empty.
    """
    docs = _documents(texts)
    return Graph(_kg.build(docs, threads, provenance, aliases))


def _span(chars: Optional[list[int]]) -> Optional[tuple[int, int]]:
    """A JSON [start, end] pair as a tuple."""
    return (chars[0], chars[1]) if chars is not None else None


@dataclass(frozen=True)
class Modality:
    """What a modal or a verb of wanting or expecting says about a fact: ``kind``
    (possibility, necessity, intention, expectation, …) and the ``marker`` word."""

    kind: str
    marker: str


@dataclass(frozen=True)
class Argument:
    """A subject, object or other argument of a fact: its ``text``, the ``tokens`` it spans
    (indices into the document's tokens) with its ``head`` token, its ``role``, the entity
    ``kind`` (Person, Organization, Date, …) or None, a normalised ``value`` for values,
    and its character span ``chars`` (start, end) in the text."""

    text: str
    tokens: tuple[int, ...]
    head: int
    role: str
    kind: Optional[str]
    value: Optional[str]
    is_pronoun: bool
    chars: Optional[tuple[int, int]]

    @classmethod
    def _from(cls, record: Mapping[str, Any], chars: Optional[list[int]]) -> "Argument":
        return cls(
            text=record["text"],
            tokens=tuple(record["tokens"]),
            head=record["head"],
            role=record["role"],
            kind=record["kind"],
            value=record["value"],
            is_pronoun=record["is_pronoun"],
            chars=_span(chars),
        )


@dataclass(frozen=True)
class Relation:
    """The relation of a fact: its normalised ``key`` (``found``, ``call_on``), a ``label``,
    the words it was read from (``text``, ``tokens``, ``chars``), and what the sentence says
    about it: ``negated``, ``passive``, a ``modality`` and the factuality model's value."""

    key: str
    label: str
    text: str
    tokens: tuple[int, ...]
    negated: bool
    passive: bool
    modality: Optional[Modality]
    factuality: Optional[float]
    chars: Optional[tuple[int, int]]


@dataclass(frozen=True)
class Fact:
    """A subject–relation–object fact of one sentence, as ``kg extract -f jsonl`` writes it.

    ``object`` is None for a fact without one; ``extra`` holds the other arguments (time,
    place, …); ``attribution`` is who said it, with ``attribution_verb``; ``asserted`` is
    False for a claim (reported, negated, hedged or judged not to have happened).
    ``to_dict()`` gives the JSON record itself.
    """

    document: str
    sentence: int
    subject: Argument
    relation: Relation
    object: Optional[Argument]
    extra: tuple[Argument, ...]
    attribution: Optional[Argument]
    attribution_verb: Optional[str]
    construction: str
    confidence: float
    asserted: bool
    _record: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def negated(self) -> bool:
        """True when the sentence denies the fact ("did not win")."""
        return self.relation.negated

    @property
    def modality(self) -> Optional[Modality]:
        """The fact's modality ("may win", "wants to win"), or None."""
        return self.relation.modality

    @property
    def factuality(self) -> Optional[float]:
        """The factuality model's value: about +3 happened, about -3 did not."""
        return self.relation.factuality

    def to_dict(self) -> dict[str, Any]:
        """The fact as the JSON object ``kg extract -f jsonl`` writes (a copy)."""
        copy: dict[str, Any] = json.loads(json.dumps(self._record))
        return copy

    @classmethod
    def _from(cls, record: Mapping[str, Any], asserted: bool) -> "Fact":
        rel = record["relation"]
        modality = rel["modality"]
        relation = Relation(
            key=rel["key"],
            label=rel["label"],
            text=rel["text"],
            tokens=tuple(rel["tokens"]),
            negated=rel["negated"],
            passive=rel["passive"],
            modality=Modality(modality["kind"], modality["marker"]) if modality else None,
            factuality=rel["factuality"],
            chars=_span(record["relation_chars"]),
        )
        obj = record["object"]
        attribution = record["attribution"]
        return cls(
            document=record["document"],
            sentence=record["sentence"],
            subject=Argument._from(record["subject"], record["subject_chars"]),
            relation=relation,
            object=Argument._from(obj, record["object_chars"]) if obj else None,
            extra=tuple(
                Argument._from(e, c) for e, c in zip(record["extra"], record["extra_chars"])
            ),
            attribution=Argument._from(attribution, None) if attribution else None,
            attribution_verb=record["attribution_verb"],
            construction=record["construction"],
            confidence=record["confidence"],
            asserted=asserted,
            _record=record,
        )


def extract(text: DocumentLike, *, id: str = "text:1", date: Optional[str] = None) -> list[Fact]:
    """The facts of one document, as ``kg extract -f jsonl`` finds them.

    ``text`` is a string (named ``id``, published on ``date``) or a dict
    ``{"id", "text", "date"}``. Facts come in sentence order with typed attributes
    (subject, relation, object, spans, confidence, negation, modality, factuality,
    attribution)."""
    if isinstance(text, Mapping):
        ((id, text, date),) = _documents([text])
    elif not isinstance(text, str):
        raise TypeError(f"text is a {type(text).__name__}; give a str or a dict with \"text\"")
    return [Fact._from(json.loads(record), asserted) for record, asserted in _kg.extract(id, text, date)]


def extract_jsonl(docs: Iterable[DocumentLike]) -> Iterator[str]:
    """For each document, the line ``kg extract --jsonl`` writes (without its newline):
    ``{"id", "date", "sentences", "tokens", "facts"}``. Documents are analysed a batch at a
    time, so this suits Spark's ``mapPartitions``."""
    batch: list[DocumentLike] = []
    done = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == _BATCH:
            yield from _kg.extract_jsonl(_documents(batch, start=done + 1))
            done += len(batch)
            batch = []
    if batch:
        yield from _kg.extract_jsonl(_documents(batch, start=done + 1))


#: Documents analysed per call of the native code by ``extract_jsonl``: enough to make the
#: call's cost vanish, few enough that results stream.
_BATCH = 64


@dataclass(frozen=True)
class Token:
    """A word of an analysed text, with spaCy-like names beside kg's CoNLL-U ones.

    ``form`` (alias ``text``), ``lemma``, ``upos`` (alias ``pos``), Penn ``xpos`` (alias
    ``tag``), ``head`` (CoNLL-U HEAD: 0 for the root, else the head's 1-based number in the
    sentence), ``deprel`` (alias ``dep``), ``entity`` (IOB2 tag such as ``B-PER``, or ""),
    ``normalized`` (a value mention's normalised value on its first token), ``i`` (index in
    the document), ``idx`` and ``end`` (character offsets), ``space_after``."""

    form: str
    lemma: str
    upos: str
    xpos: str
    head: int
    deprel: str
    entity: str
    normalized: Optional[str]
    i: int
    idx: int
    end: int
    space_after: bool

    @property
    def text(self) -> str:
        """The word as written."""
        return self.form

    @property
    def pos(self) -> str:
        """Universal part of speech (as spaCy's ``pos_``)."""
        return self.upos

    @property
    def tag(self) -> str:
        """Penn Treebank tag (as spaCy's ``tag_``)."""
        return self.xpos

    @property
    def dep(self) -> str:
        """Universal dependency relation (as spaCy's ``dep_``)."""
        return self.deprel

    @property
    def ent_iob(self) -> str:
        """``B``, ``I`` or ``O`` (as spaCy's ``ent_iob_``)."""
        return self.entity[:1] or "O"

    @property
    def ent_type(self) -> str:
        """The entity label (PER, ORG, LOC, DATE, …) or "" (as spaCy's ``ent_type_``)."""
        return self.entity[2:]


@dataclass(frozen=True)
class Entity:
    """An entity or value mention: ``text``, ``label`` (PER, ORG, …), token range
    ``start``..``end`` in the document, and its ``normalized`` value when it has one."""

    text: str
    label: str
    start: int
    end: int
    normalized: Optional[str]


@dataclass(frozen=True)
class Sentence:
    """A sentence: its ``text``, character offsets ``start``..``end`` and ``tokens``."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)


@dataclass(frozen=True)
class Doc:
    """An analysed text, as ``kg analyze`` prints it: iterate over it for tokens, use
    ``sents`` for sentences and ``ents`` for entity and value mentions."""

    text: str
    sents: tuple[Sentence, ...]

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Every token, in text order."""
        return tuple(t for s in self.sents for t in s.tokens)

    @property
    def ents(self) -> tuple[Entity, ...]:
        """The entity and value mentions, in text order."""
        tokens = self.tokens
        out = []
        start = None
        for t in tokens + (None,):
            if start is not None and (t is None or t.entity[:1] != "I"):
                first, last = tokens[start], tokens[(t.i if t else len(tokens)) - 1]
                out.append(
                    Entity(
                        text=self.text[first.idx : last.end],
                        label=first.ent_type,
                        start=start,
                        end=last.i + 1,
                        normalized=first.normalized,
                    )
                )
                start = None
            if t is not None and t.entity[:1] == "B":
                start = t.i
        return tuple(out)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return sum(len(s) for s in self.sents)

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]


def analyze(text: str) -> Doc:
    """Analyses ``text`` as ``kg analyze`` does: sentences and tokens with lemmas, tags,
    the dependency tree and entity mentions."""
    if not isinstance(text, str):
        raise TypeError(f"text is a {type(text).__name__}; give a str")
    sents = []
    i = 0
    for sent_text, start, end, rows in _kg.analyze(text):
        tokens = []
        for form, lemma, upos, xpos, head, deprel, entity, norm, idx, tok_end, space in rows:
            tokens.append(Token(form, lemma, upos, xpos, head, deprel, entity, norm, i, idx, tok_end, space))
            i += 1
        sents.append(Sentence(sent_text, start, end, tuple(tokens)))
    return Doc(text, tuple(sents))
