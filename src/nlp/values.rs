//! Values by rules (stub).
use crate::document::{Mention, Token};

/// Finds value mentions.
#[must_use]
pub fn find_values(_tokens: &[Token], _date: Option<&str>) -> Vec<Mention> {
    Vec::new()
}
