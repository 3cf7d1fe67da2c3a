//! affex: compare affiliate programs from the terminal.
//!
//! The library holds everything; `main.rs` only parses the command line and calls in here, so
//! tests and benchmarks take the same paths the binary takes.
#![forbid(unsafe_code)]

pub mod profile;
pub mod sanitize;
