//! The one integration-test binary: each module drives the real `affex` binary or the library
//! the way a user or a script would.

mod cli;
mod hostile;
mod invalid;
mod many;
mod relevance;
mod store;
mod support;
mod tui_e2e;
mod tui_hostile;
mod tui_props;

#[path = "../../benches/gen/mod.rs"]
mod generator;
