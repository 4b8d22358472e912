//! gongshi: one source of truth for the disclosure boards of government service windows.
pub mod print;
