//! `affex config`: where `config.toml` lives, the whole default file, or the file's problems.

use std::io::Write;

use super::{CliError, Paint, eprint_line};
use crate::settings::{about_me, config_file, default_config};

/// What `affex config` was asked for (`--check` when neither flag is set).
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// `--print-default`.
    pub print_default: bool,
    /// `--path`.
    pub path: bool,
}

/// Runs `affex config` and gives the exit status.
pub fn run(request: Request, paint: Paint, out: &mut impl Write) -> Result<i32, CliError> {
    if request.print_default {
        out.write_all(default_config::text().as_bytes())?;
        return Ok(0);
    }
    let Some(path) = about_me::default_path() else {
        eprint_line(&format!(
            "{} no config directory: set AFFEX_CONFIG_DIR, XDG_CONFIG_HOME or HOME",
            paint.error("error:")
        ));
        return Ok(1);
    };
    if request.path {
        writeln!(out, "{}", crate::sanitize::visible_path(&path))?;
        return Ok(0);
    }
    let shown = crate::sanitize::visible_path(&path);
    let explorer = config_file::read(&path);
    let me = about_me::read(&path);
    let mut problems: Vec<(usize, usize, String)> = explorer
        .problems
        .iter()
        .map(|p| (p.line, p.column, p.to_string()))
        .collect();
    problems.extend(
        me.problems
            .iter()
            .map(|p| (p.line, p.column, format!("{p} (left unset)"))),
    );
    problems.sort();
    for (_, _, problem) in &problems {
        eprint_line(&format!("{} {problem}", paint.error("error:")));
    }
    if !explorer.problems.is_empty() {
        eprint_line("The explorer starts with the default theme and keys until these are fixed.");
    }
    if problems.is_empty() {
        let state = if path.exists() {
            "no problems"
        } else {
            "not there (the defaults apply)"
        };
        writeln!(out, "{shown}: {state}")?;
        return Ok(0);
    }
    Ok(1)
}
