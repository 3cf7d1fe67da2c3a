//! The one integration-test binary: each module drives the real `affex` binary or the library
//! the way a user or a script would.

mod cache;
mod changing_files;
mod cli;
mod cold_start;
mod complexity;
mod config_file;
mod estimate;
mod facts;
mod held_keys;
mod hostile;
mod hostile_output;
mod import;
mod import_networks;
mod invalid;
mod live_reload;
mod many;
mod ranking;
mod relevance;
mod shortlist_cli;
mod shortlist_e2e;
mod stale_start;
mod store;
mod support;
mod tooling;
mod tui_about_me;
mod tui_e2e;
mod tui_hostile;
mod tui_props;
mod validate_and_output;

#[path = "../../benches/gen/mod.rs"]
mod generator;

#[path = "../../benches/gen/hostile.rs"]
mod hostile_gen;
