//! Any bytes as a profile file: the loader must never panic, and every message it produces
//! must be free of control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let (profiles, problems) = affex::catalog::parse_source(src, None);
    for problem in &problems {
        let text = problem.to_string();
        assert!(affex::sanitize::is_clean(&text), "unsafe diagnostic: {text:?}");
    }
    for p in &profiles {
        let json = serde_json::to_string(p).unwrap_or_default();
        assert!(!json.contains("\\u001b"), "escape survived loading: {json}");
    }
});
