//! The about-me form's state: one text per field of [`MeField::ALL`], the selected field and
//! the last refusal. Checking and saving go through [`crate::settings::about_me`], the same
//! checks (and words) as the config file and the flags.

use crate::decide::me::{Me, MeField};
use crate::settings::about_me;

/// The open about-me form.
#[derive(Debug, Clone, PartialEq)]
pub struct MeForm {
    /// Parallel to [`MeField::ALL`]: each field's text as typed.
    pub texts: Vec<String>,
    /// The selected field (an index into [`MeField::ALL`]).
    pub selected: usize,
    /// Why the last save was refused, in the check's words.
    pub error: Option<String>,
}

/// The most characters a field keeps: far more than any list of countries or channels.
pub const FIELD_LIMIT: usize = 200;

impl MeForm {
    /// A form filled with what `me` holds.
    pub fn of(me: &Me) -> Self {
        MeForm {
            texts: MeField::ALL
                .iter()
                .map(|&f| about_me::field_text(me, f))
                .collect(),
            selected: 0,
            error: None,
        }
    }

    /// The selected field.
    pub fn field(&self) -> MeField {
        MeField::ALL[self.selected.min(MeField::ALL.len() - 1)]
    }

    /// Types `c` at the end of the selected field.
    pub fn insert(&mut self, c: char) {
        if let Some(t) = self.texts.get_mut(self.selected)
            && t.chars().count() < FIELD_LIMIT
        {
            t.push(c);
        }
    }

    /// Deletes the selected field's last character.
    pub fn delete_back(&mut self) {
        if let Some(t) = self.texts.get_mut(self.selected) {
            t.pop();
        }
    }

    /// Empties the selected field.
    pub fn clear(&mut self) {
        if let Some(t) = self.texts.get_mut(self.selected) {
            t.clear();
        }
    }

    /// Moves the selection `by` fields, wrapping round.
    pub fn move_by(&mut self, by: isize) {
        let n = MeField::ALL.len() as isize;
        self.selected = (self.selected as isize + by).rem_euclid(n) as usize;
    }

    /// The fields with their texts, for saving.
    pub fn entries(&self) -> Vec<(MeField, String)> {
        MeField::ALL
            .iter()
            .copied()
            .zip(self.texts.iter().cloned())
            .collect()
    }

    /// Checks every field with the shared checks: the "about me" they make, or the first
    /// field that fails (selected) and the check's words.
    pub fn checked(&self) -> Result<Me, (usize, String)> {
        let mut text = String::from("[me]\n");
        for (i, (field, raw)) in self.entries().into_iter().enumerate() {
            match about_me::checked_value(field, &raw) {
                Ok(Some(value)) => text.push_str(&format!("{} = {value}\n", field.key())),
                Ok(None) => {}
                Err(e) => return Err((i, e)),
            }
        }
        let loaded = about_me::parse(&text, "form");
        match loaded.problems.first() {
            Some(p) => Err((self.selected, p.message.clone())),
            None => Ok(loaded.me),
        }
    }
}
