"""Type stubs of ``kg._kg``, the native half of ``kg`` (use the functions of ``kg`` instead)."""

from typing import Optional

_RawDoc = tuple[str, str, Optional[str]]
_TokenRow = tuple[str, str, str, str, int, str, str, Optional[str], int, int, bool]
_SentenceRow = tuple[str, int, int, list[_TokenRow]]

class KgError(Exception):
    """An error kg reports, with the message the ``kg`` command line prints."""

class NativeGraph:
    """A knowledge graph built by ``build``."""

    def serialize(self, format: str, provenance: Optional[str] = None, base: Optional[str] = None) -> bytes:
        """The graph in ``format``, as ``kg build -f FORMAT`` writes it."""
    def to_dot(
        self,
        min_support: int = 1,
        max_nodes: Optional[int] = None,
        min_degree: int = 1,
        asserted_only: bool = False,
    ) -> str:
        """The graph as Graphviz DOT."""
    def query(self, sparql: str) -> str:
        """SPARQL 1.1 JSON results, or N-Triples lines for CONSTRUCT and DESCRIBE."""
    @property
    def provenance(self) -> str:
        """The provenance mode the graph was built with."""
    @property
    def documents(self) -> int:
        """Documents analysed."""
    @property
    def sentences(self) -> int:
        """Sentences analysed."""
    @property
    def tokens(self) -> int:
        """Tokens analysed."""
    @property
    def fact_count(self) -> int:
        """Facts in the graph."""
    @property
    def entity_count(self) -> int:
        """Entities in the graph."""

def build(
    docs: list[_RawDoc], threads: Optional[int] = None, provenance: str = "reification", aliases: bool = True
) -> NativeGraph:
    """The graph of ``docs`` (id, text, date), as ``kg build`` builds it."""

def extract(id: str, text: str, date: Optional[str] = None) -> list[tuple[str, bool]]:
    """Each fact's ``kg extract -f jsonl`` record and whether it is asserted."""

def extract_jsonl(docs: list[_RawDoc]) -> list[str]:
    """The lines ``kg extract --jsonl`` writes for ``docs``."""

def analyze(text: str) -> list[_SentenceRow]:
    """Sentences and tokens of ``text``, as ``kg analyze`` finds them."""
