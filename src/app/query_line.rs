//! The search line's text and cursor: typing at the cursor, moving by characters (grapheme
//! clusters, so an accented letter or an emoji is one step), deleting a word.

use unicode_segmentation::UnicodeSegmentation;

/// The text of the search line and where its cursor is (a byte offset on a grapheme boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryLine {
    text: String,
    cursor: usize,
}

impl QueryLine {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The cursor, as a byte offset into the text.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text, with the cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
    }

    /// Types `c` at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// The start of the grapheme before the cursor.
    fn before(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(at, _)| at)
    }

    /// Deletes the character before the cursor; false when there is none.
    pub fn delete_back(&mut self) -> bool {
        match self.before() {
            Some(at) => {
                self.text.replace_range(at..self.cursor, "");
                self.cursor = at;
                true
            }
            None => false,
        }
    }

    /// Deletes the word before the cursor, and the spaces after it; false when there is none.
    pub fn delete_word(&mut self) -> bool {
        let head = &self.text[..self.cursor];
        let word_end = head.trim_end().len();
        let start = head[..word_end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        if start == self.cursor {
            return false;
        }
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
        true
    }

    /// Moves the cursor one character left.
    pub fn left(&mut self) {
        if let Some(at) = self.before() {
            self.cursor = at;
        }
    }

    /// Moves the cursor one character right.
    pub fn right(&mut self) {
        if let Some(g) = self.text[self.cursor..].graphemes(true).next() {
            self.cursor += g.len();
        }
    }

    /// Moves the cursor to the start.
    pub fn start(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> QueryLine {
        let mut l = QueryLine::default();
        l.set(text);
        l
    }

    #[test]
    fn typing_and_deleting_happen_at_the_cursor() {
        let mut l = line("fish");
        l.left();
        l.left();
        l.insert('X');
        assert_eq!(l.as_str(), "fiXsh");
        assert!(l.delete_back());
        assert_eq!((l.as_str(), l.cursor()), ("fish", 2));
        l.start();
        assert!(!l.delete_back());
        l.insert('^');
        l.end();
        l.insert('$');
        assert_eq!(l.as_str(), "^fish$");
    }

    #[test]
    fn graphemes_are_one_step() {
        let mut l = line("de\u{301}cor");
        l.start();
        l.right();
        l.right();
        assert_eq!(l.cursor(), "de\u{301}".len());
        assert!(l.delete_back());
        assert_eq!(l.as_str(), "dcor");
    }

    #[test]
    fn a_word_goes_with_the_spaces_after_it() {
        let mut l = line("niche:fishing  commission>=8 ");
        assert!(l.delete_word());
        assert_eq!(l.as_str(), "niche:fishing  ");
        assert!(l.delete_word());
        assert_eq!(l.as_str(), "");
        assert!(!l.delete_word());
        let mut l = line("home decor");
        l.left();
        l.left();
        assert!(l.delete_word());
        assert_eq!((l.as_str(), l.cursor()), ("home or", 5));
    }
}
