//! Generators of hostile inputs, one per shape of work that once grew faster than the input
//! (issue 9): each returns the files of a profile directory, `(name, text)`, for size `n`.
//! The complexity tests time them at `n` and `2n`; `gen_hostile` writes them out for timing the
//! real binary.

#![allow(dead_code)]

/// One file holding a single profile and a comment that repeats `[[program]]` `n` times on
/// one line: every hit of the header search sits on the same long line.
pub fn header_comment(n: usize) -> Vec<(String, String)> {
    let mut text = String::from("id = \"commented\"\nname = \"Commented\"\n# ");
    text.push_str(&"[[program]] ".repeat(n));
    text.push('\n');
    vec![("comment.toml".into(), text)]
}

/// [`header_comment`] inside a catalog file with a multi-line string, which takes the
/// line-by-line header scan.
pub fn header_comment_multiline(n: usize) -> Vec<(String, String)> {
    let mut text =
        String::from("[[program]]\nid = \"a\"\nname = \"A\"\nsummary = \"\"\"x\"\"\"\n# ");
    text.push_str(&"[[program]]".repeat(n));
    text.push('\n');
    vec![("comment.toml".into(), text)]
}

/// One profile with `n` unknown keys, one a line.
pub fn unknown_keys(n: usize) -> Vec<(String, String)> {
    let mut text = String::from("id = \"keys\"\nname = \"Keys\"\n");
    for i in 0..n {
        text.push_str(&format!("k{i} = 1\n"));
    }
    vec![("keys.toml".into(), text)]
}

/// One profile with `n` unknown keys on one line, in an inline table: each problem's column
/// and excerpt are on the same long line.
pub fn unknown_keys_one_line(n: usize) -> Vec<(String, String)> {
    let mut text = String::from("id = \"keys\"\nname = \"Keys\"\ncookie = { ");
    let keys: Vec<String> = (0..n).map(|i| format!("k{i} = 1")).collect();
    text.push_str(&keys.join(", "));
    text.push_str(" }\n");
    vec![("keys.toml".into(), text)]
}

/// A catalog of `n / 35` programs, each naming 35 alternatives that no program has.
pub fn dangling_alternatives(n: usize) -> Vec<(String, String)> {
    let programs = (n / 35).max(1);
    let mut text = String::new();
    for p in 0..programs {
        let alternatives: Vec<String> = (0..35).map(|a| format!("\"gone-{p}-{a}\"")).collect();
        text.push_str(&format!(
            "[[program]]\nid = \"shop-{p}\"\nname = \"Shop {p}\"\nalternatives = [{}]\n\n",
            alternatives.join(", ")
        ));
    }
    vec![("catalog.toml".into(), text)]
}

/// Three catalog files of one directory: `a` and `b` of `n` programs each, then `c` whose ids
/// alternate between those of `a` and `b`, so each duplicate names a different earlier file.
pub fn alternating_duplicates(n: usize) -> Vec<(String, String)> {
    let catalog = |ids: &mut dyn Iterator<Item = String>| {
        let mut text = String::new();
        for id in ids {
            text.push_str(&format!("[[program]]\nid = \"{id}\"\nname = \"{id}\"\n\n"));
        }
        text
    };
    let a = catalog(&mut (0..n).map(|i| format!("a{i}")));
    let b = catalog(&mut (0..n).map(|i| format!("b{i}")));
    let c = catalog(&mut (0..2 * n).map(|i| {
        if i % 2 == 0 {
            format!("a{}", i / 2)
        } else {
            format!("b{}", i / 2)
        }
    }));
    vec![
        ("a.toml".into(), a),
        ("b.toml".into(), b),
        ("c.toml".into(), c),
    ]
}

/// `n` files of one profile each, every one with a warning: many problems, few per file, for
/// the `w` popup.
pub fn many_warnings(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let text = format!("id = \"w{i}\"\nname = \"W {i}\"\ncolour = \"red\"\n");
            (format!("w{i:06}.toml"), text)
        })
        .collect()
}

/// The files of a profile directory: name and text.
pub type Files = Vec<(String, String)>;

/// A generator of one shape: the files for size `n`.
pub type Shape = fn(usize) -> Files;

/// Every shape by name, for `gen_hostile`.
pub const SHAPES: &[(&str, Shape)] = &[
    ("header-comment", header_comment),
    ("header-comment-multiline", header_comment_multiline),
    ("unknown-keys", unknown_keys),
    ("unknown-keys-one-line", unknown_keys_one_line),
    ("dangling-alternatives", dangling_alternatives),
    ("alternating-duplicates", alternating_duplicates),
    ("many-warnings", many_warnings),
];

/// Writes the files of a shape into `dir`.
pub fn write(dir: &std::path::Path, files: &[(String, String)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}
