//! What a Rust user expects around the program: `--help` that says where files live, shell
//! completions, a man page, the profile format as JSON Schema (checked against every bundled
//! profile and every fixture), and a published package that holds only what it should.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{fixture, stdout_of, toml_files};

#[test]
fn help_names_the_directories_the_explorer_and_its_keys() {
    let help = stdout_of(&["--help"], 0);
    for want in [
        "With no command, affex opens the interactive explorer; press ? there for its keys.",
        "$AFFEX_CONFIG_DIR/profiles",
        "~/.config/affex/profiles",
        "$AFFEX_DATA_DIR",
        "~/.local/share/affex",
        "completions",
        "schema",
    ] {
        assert!(help.contains(want), "{want:?} missing from --help:\n{help}");
    }
    insta::assert_snapshot!("help", help);
}

#[test]
fn bash_completions_complete_the_commands_and_formats() {
    let script = stdout_of(&["completions", "bash"], 0);
    for want in [
        "_affex()",
        "validate",
        "--format",
        "completions",
        "text json",
    ] {
        assert!(
            script.contains(want),
            "{want:?} missing from the bash script"
        );
    }
    insta::assert_snapshot!("completions_bash", script);
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell], 0);
        assert!(
            script.contains("validate"),
            "{shell}: no `validate` in:\n{script}"
        );
    }
}

#[test]
fn the_man_page_is_roff_for_section_one() {
    let page = stdout_of(&["man"], 0);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
    assert!(page.contains(".TH affex 1"), "{page}");
    let head: Vec<&str> = page.lines().take(12).collect();
    insta::assert_snapshot!("man_first_lines", head.join("\n"));
}

fn schema(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args, 0)).expect("the schema is JSON")
}

#[test]
fn the_schemas_are_draft_07_and_snapshotted() {
    let profile = schema(&["schema"]);
    assert_eq!(
        profile["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    let catalog = schema(&["schema", "--catalog"]);
    assert_eq!(catalog["required"], serde_json::json!(["program"]));
    let text = serde_json::to_string_pretty(&profile).expect("printable");
    insta::assert_snapshot!("schema_profile", text);
}

/// A TOML file as the JSON an editor's schema check sees; `None` when it is not TOML at all.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    toml::from_str::<Value>(&text).ok()
}

/// The schema for a file: a catalog's when it has `[[program]]` tables and no `id`.
fn schema_errors(json: &Value, profile: &Value, catalog: &Value) -> Vec<String> {
    let is_catalog = json.get("program").is_some_and(Value::is_array) && json.get("id").is_none();
    let schema = if is_catalog { catalog } else { profile };
    let validator = jsonschema::draft7::new(schema).expect("a valid draft-07 schema");
    validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Invalid fixtures whose fault JSON Schema cannot say: comparisons between values, a flag that
/// needs another key beside it, ids across programs or files.
const BEYOND_THE_SCHEMA: &[&str] = &[
    "catalog_duplicate_id.toml",
    "dangling_alternative.toml",
    "min_greater_than_max.toml",
    "money_min_greater_than_max.toml",
    "no_minimum_with_a_figure.toml",
    "open_top_without_a_figure.toml",
    "typical_min_greater_than_max.toml",
];

#[test]
fn every_bundled_and_valid_profile_passes_the_schema_and_every_expressible_invalid_one_fails() {
    let profile = schema(&["schema"]);
    let catalog = schema(&["schema", "--catalog"]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut good = toml_files(&root.join("assets/profiles"));
    good.extend(toml_files(&fixture("valid")));
    assert!(good.len() >= 9, "{good:?}");
    let mut wrong = Vec::new();
    for file in &good {
        let json = as_json(file).unwrap_or_else(|| panic!("{} is TOML", file.display()));
        for error in schema_errors(&json, &profile, &catalog) {
            wrong.push(format!("{}: {error}", file.display()));
        }
    }
    let mut failed = 0;
    for file in toml_files(&fixture("invalid")) {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Not TOML at all (a syntax error, bad UTF-8): nothing for a schema to check.
        let Some(json) = as_json(&file) else { continue };
        let errors = schema_errors(&json, &profile, &catalog);
        match (BEYOND_THE_SCHEMA.contains(&name), errors.is_empty()) {
            (false, true) => wrong.push(format!("{name}: the schema lets it pass")),
            (true, false) => wrong.push(format!(
                "{name}: listed as beyond the schema, yet {errors:?}"
            )),
            (false, false) => failed += 1,
            (true, true) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(failed >= 30, "only {failed} invalid fixtures were checked");
}

#[test]
fn the_published_package_holds_only_the_program() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = std::process::Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{list}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<&str> = list.lines().collect();
    for want in [
        "Cargo.toml",
        "Cargo.lock",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "src/main.rs",
        "src/schema.rs",
        "assets/profiles/FORMAT.md",
        "assets/profiles/temu.toml",
    ] {
        assert!(files.contains(&want), "{want} missing from:\n{list}");
    }
    let stray: Vec<&&str> = files
        .iter()
        .filter(|f| {
            ["tests/", "benches/", "fuzz/", ".ci/", "target/"]
                .iter()
                .any(|d| f.starts_with(d))
        })
        .collect();
    assert!(stray.is_empty(), "not for the package: {stray:?}");
}
