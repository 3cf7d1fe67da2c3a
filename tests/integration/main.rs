//! The one integration-test binary: each module drives the real `affex` binary or the library
//! the way a user or a script would.

mod cli;
mod hostile;
mod store;
mod support;
