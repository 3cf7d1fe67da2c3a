//! English plurals for counts in messages, so "1 warning" and "3 warnings" are spelt one way
//! everywhere.

use std::fmt::Display;

/// `one` when `n` is one, otherwise `many`: `pick(n, "it", "them")`.
pub fn pick<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) { one } else { many }
}

/// `n`, a space and `noun`, with an "s" unless `n` is one: `count(3, "error")` is "3 errors".
pub fn count<N: Display + PartialEq + From<u8> + Copy>(n: N, noun: &str) -> String {
    format!("{n} {noun}{}", pick(n, "", "s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_is_plural() {
        assert_eq!(count(0usize, "error"), "0 errors");
        assert_eq!(count(1usize, "error"), "1 error");
        assert_eq!(count(2u8, "tier"), "2 tiers");
        assert_eq!(count(1u64, "profile problem"), "1 profile problem");
        assert_eq!(pick(1usize, "it", "them"), "it");
        assert_eq!(pick(4usize, "it", "them"), "them");
    }
}
