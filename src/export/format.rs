//! Output formats: RDF serializations and Graphviz DOT, each knowing its file
//! extensions and media type.

use std::path::Path;

use oxrdfio::{JsonLdProfileSet, RdfFormat};

/// A format kg writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Format {
    /// Turtle, with prefixes (the default).
    Turtle,
    /// N-Triples: one triple per line.
    #[cfg_attr(feature = "cli", value(name = "ntriples"))]
    NTriples,
    /// N-Quads: N-Triples with a graph name.
    #[cfg_attr(feature = "cli", value(name = "nquads"))]
    NQuads,
    /// TriG: Turtle with named graphs.
    #[cfg_attr(feature = "cli", value(name = "trig"))]
    TriG,
    /// RDF/XML.
    #[cfg_attr(feature = "cli", value(name = "rdfxml"))]
    RdfXml,
    /// JSON-LD (streaming profile).
    #[cfg_attr(feature = "cli", value(name = "jsonld"))]
    JsonLd,
    /// Graphviz DOT.
    Dot,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::TriG,
        Format::RdfXml,
        Format::JsonLd,
        Format::Dot,
    ];

    /// The usual file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Turtle => "ttl",
            Format::NTriples => "nt",
            Format::NQuads => "nq",
            Format::TriG => "trig",
            Format::RdfXml => "rdf",
            Format::JsonLd => "jsonld",
            Format::Dot => "dot",
        }
    }

    /// The IANA media type.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self.rdf() {
            Some(f) => f.media_type(),
            None => "text/vnd.graphviz",
        }
    }

    /// The format of a file extension (case-insensitive), also accepting `owl`, `xml`
    /// (RDF/XML), `json` (JSON-LD) and `gv` (DOT).
    #[must_use]
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "ttl" => Format::Turtle,
            "nt" => Format::NTriples,
            "nq" => Format::NQuads,
            "trig" => Format::TriG,
            "rdf" | "owl" | "xml" => Format::RdfXml,
            "jsonld" | "json" => Format::JsonLd,
            "dot" | "gv" => Format::Dot,
            _ => return None,
        })
    }

    /// The format of a path, from its extension.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_extension(path.extension()?.to_str()?)
    }

    /// The RDF format, or `None` for DOT.
    #[must_use]
    pub fn rdf(self) -> Option<RdfFormat> {
        Some(match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads => RdfFormat::NQuads,
            Format::TriG => RdfFormat::TriG,
            Format::RdfXml => RdfFormat::RdfXml,
            Format::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            Format::Dot => return None,
        })
    }

    /// True for formats with named graphs.
    #[must_use]
    pub fn has_datasets(self) -> bool {
        self.rdf().is_some_and(RdfFormat::supports_datasets)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Format::Turtle => "turtle",
            Format::NTriples => "ntriples",
            Format::NQuads => "nquads",
            Format::TriG => "trig",
            Format::RdfXml => "rdfxml",
            Format::JsonLd => "jsonld",
            Format::Dot => "dot",
        };
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_extension(f.extension()), Some(f));
        }
        assert_eq!(
            Format::from_path(Path::new("x/G.TTL")),
            Some(Format::Turtle)
        );
        assert_eq!(Format::from_path(Path::new("g")), None);
    }
}
