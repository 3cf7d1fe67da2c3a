//! Any text through the sanitizer and the layout helpers: sanitizing is idempotent, leaves no
//! control characters, and wrapped or truncated text fits the width asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, u8)| {
    let (raw, width) = input;
    let width = usize::from(width % 120);
    for clean in [affex::sanitize::sanitize_line(raw), affex::sanitize::sanitize_text(raw)] {
        assert!(affex::sanitize::is_clean(&clean), "{clean:?}");
        assert_eq!(affex::sanitize::sanitize_text(&clean), clean, "not idempotent");
        for line in affex::text_width::wrap(&clean, width) {
            assert!(affex::text_width::width(&line) <= width, "{line:?} wider than {width}");
        }
        assert!(affex::text_width::width(&affex::text_width::truncate(&clean, width)) <= width);
    }
});
