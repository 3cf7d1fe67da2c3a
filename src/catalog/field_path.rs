//! Dotted field paths that name where a problem is: `cookie.days`, `program[3].alternatives[1]`.

/// Joins a field path and a key: `cookie` + `days` is `cookie.days`.
pub(super) fn join(prefix: &str, key: &str) -> String {
    if key.is_empty() {
        prefix.to_string()
    } else if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// `program[3]` for the fourth program of a catalog file.
pub(super) fn program_prefix(index: usize) -> String {
    format!("program[{index}]")
}

/// [`program_prefix`] for a program of a catalog file; empty for a single profile.
pub(super) fn prefix_of(index: Option<usize>) -> String {
    index.map(program_prefix).unwrap_or_default()
}

/// `commission.rate.max`, `payout.frequency[2]`: the dotted form of a serde path.
pub(super) fn error_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => out = join(&out, key),
            Segment::Unknown => out = join(&out, "?"),
        }
    }
    out
}

/// The dotted form of a path serde_ignored reports.
pub(super) fn ignored_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match path {
        P::Root => String::new(),
        P::Seq { parent, index } => format!("{}[{index}]", ignored_path(parent)),
        P::Map { parent, key } => join(&ignored_path(parent), key),
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            ignored_path(parent)
        }
    }
}
