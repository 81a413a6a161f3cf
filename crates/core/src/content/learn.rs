//! Learn pages: short explanations in plain words, written for this product from the clinical
//! reference, each linked from where it helps.

use serde::{Deserialize, Serialize};

/// One learn page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnPage {
    /// Kebab-case id, used in links (`/learn/{id}`).
    pub id: String,
    /// Order in the list of pages.
    pub order: u32,
    /// Title.
    pub title: String,
    /// One sentence saying what the page is about.
    pub summary: String,
    /// Show the nerve-route body map on this page.
    #[serde(default)]
    pub body_map: bool,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Ids of related learn pages.
    #[serde(default)]
    pub related: Vec<String>,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// A section of a learn page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Paragraphs of plain text.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// A list after the paragraphs.
    #[serde(default)]
    pub bullets: Vec<String>,
}
