//! Titles (stub).
