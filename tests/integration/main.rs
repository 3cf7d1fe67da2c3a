//! The one integration-test binary: each module drives the real `affex` binary or the library
//! the way a user or a script would.

mod changing_files;
mod cli;
mod complexity;
mod hostile;
mod invalid;
mod many;
mod store;
mod support;
mod tui_e2e;
mod tui_hostile;
mod tui_props;

#[path = "../../benches/gen/mod.rs"]
mod generator;

#[path = "../../benches/gen/hostile.rs"]
mod hostile_gen;
