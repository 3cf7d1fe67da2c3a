//! affex: compare affiliate programs from the terminal.
//!
//! The library holds everything; `main.rs` only parses the command line and calls in here, so
//! tests and benchmarks take the same paths the binary takes.
// One documented exception: the SIGABRT handler that restores the terminal when the process
// aborts (src/tui/abort_restore.rs, the only `allow(unsafe_code)`). Everything else stays safe.
#![deny(unsafe_code)]
// Library code handles every failure; tests may unwrap.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod action;
pub mod app;
pub mod bundled;
pub mod catalog;
pub mod cli;
pub mod clipboard;
pub mod compare;
pub mod decide;
pub mod export;
pub mod history;
pub mod import;
pub mod keymap;
pub mod model;
pub mod order;
pub mod plural;
pub mod sanitize;
pub mod schema;
pub mod search;
pub mod sections;
pub mod settings;
pub mod shortlist;
pub mod store;
pub mod suggest;
#[cfg(any(test, feature = "test-hooks"))]
pub mod test_support;
pub mod text_width;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod value_text;
pub mod viewport;
pub mod wake;
