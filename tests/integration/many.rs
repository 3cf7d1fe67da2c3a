//! One bad file among many: 1,000 generated profiles with 10 corrupt ones load 990 and report
//! exactly the 10.

use affex::catalog::Severity;
use affex::test_support::dir_catalog;

use crate::generator;

/// Ten different ways a file in a shared directory goes bad.
const CORRUPTIONS: [&str; 10] = [
    "id = \"broken\nname = \"unterminated\"\n",
    "id = \"x\"\nname = 5\n",
    "name = \"no id\"\n",
    "id = \"Bad Id\"\nname = \"X\"\n",
    "id = \"x\"\nname = \"X\"\n[commission]\nrate = { min = 30, max = 3 }\n",
    "id = \"x\"\nname = \"X\"\n[commission]\nrate = { max = 101 }\n",
    "id = \"x\"\nname = \"X\"\n[payout]\nminimum = { min = -1 }\n",
    "id = \"x\"\nname = \"X\"\n[cookie]\ndays = -30\n",
    "",
    "id = \"x\"\nname = \"X\"\n[cookie]\ndays = nan\n",
];

/// Writes 1,000 generated profiles to `dir`, the last ten of them corrupt; returns the paths
/// of the corrupt ones.
pub fn write_catalog_with_corrupt_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut corrupt = Vec::new();
    for i in 0..1000 {
        let path = dir.join(format!("p{i:04}.toml"));
        let text = if i % 100 == 99 {
            corrupt.push(path.clone());
            CORRUPTIONS[i / 100].to_string()
        } else {
            generator::to_toml(&generator::program(7, i))
        };
        std::fs::write(&path, text).expect("write profile");
    }
    corrupt
}

#[test]
fn one_thousand_profiles_with_ten_corrupt_load_990_and_report_10() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corrupt = write_catalog_with_corrupt_files(dir.path());
    let loaded = dir_catalog(dir.path());
    let errors: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    eprintln!(
        "1000 profiles, 10 corrupt: {} loaded, {} errors reported",
        loaded.profiles.len(),
        errors.len()
    );
    assert_eq!(loaded.profiles.len(), 990);
    assert_eq!(errors.len(), 10);
    for path in &corrupt {
        assert!(
            errors
                .iter()
                .any(|e| e.path.as_deref() == Some(path.as_path())),
            "{} is reported",
            path.display()
        );
    }
}
