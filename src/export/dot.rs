//! DOT
