//! A quick reader for plain TOML: the shape generated and most hand-written profiles have
//! (`[table]` and `[[array]]` headers of bare keys, `key = value` lines of bare keys, one-line
//! strings, numbers, booleans and one-line arrays of them). It reads a text into its own light
//! tables ([`PlainTable`]), which a profile is deserialized from directly ([`de`]): the `toml`
//! crate lexes the whole text into tokens and events, builds a table of sorted maps and then
//! walks it, and most of a cold load went there.
//!
//! It never decides anything the `toml` crate would decide otherwise: whatever is not plain
//! (a quoted or dotted key, a multi-line string, an inline table, an escape it does not know,
//! a table defined twice, a date, a control character, a number `toml` reads as out of range…)
//! makes it give up with `None`, and the caller parses with `toml`. A number that is not a
//! plain decimal is read by `toml` itself ([`DeValue::parse`]). The tests check that every text
//! it reads gives the table `toml` gives, and the profile `toml`'s table gives.

mod de;

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;
#[cfg(test)]
use toml::de::{DeArray, DeTable};

use super::known_keys::{Shape, known_keys};

/// The text is not plain: parse it with `toml`.
struct NotPlain;

/// The most keys a plain table holds. A profile's largest table has a few dozen; more means
/// unknown keys, which `toml` reads for the diagnostics anyway. Keys are found by a scan, so
/// this bound is what keeps reading linear in the text.
const MAX_KEYS: usize = 64;

/// The most keys a plain header names (`[program.market.average_order]` is 3): every
/// `key = value` line walks down them.
const MAX_DEPTH: usize = 8;

/// A value from a `key = value` line, as `toml` would hand it to a deserializer.
#[derive(Debug)]
enum Value<'i> {
    String(Cow<'i, str>),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    /// A one-line array (no arrays inside).
    Array(Vec<Spanned<Value<'i>>>),
}

/// What a key of a table being built holds.
enum Slot<'i> {
    /// A table, named by a header or made as the parent of one.
    Table(PlainTable<'i>),
    /// An array of tables, from `[[key]]` headers.
    Tables(Vec<PlainTable<'i>>, Range<usize>),
    /// A value from a `key = value` line.
    Value(Spanned<Value<'i>>),
}

/// A table the quick reader read: its keys in the order met (tables are small; a key is found
/// by a scan).
pub(super) struct PlainTable<'i> {
    span: Range<usize>,
    keys: Vec<(Spanned<Cow<'i, str>>, Slot<'i>)>,
}

impl<'i> PlainTable<'i> {
    fn new(span: Range<usize>) -> Self {
        PlainTable {
            span,
            keys: Vec::new(),
        }
    }

    /// Adds a key, unless the table is full; returns its position.
    fn add(&mut self, key: Spanned<Cow<'i, str>>, slot: Slot<'i>) -> Result<usize, NotPlain> {
        if self.keys.len() >= MAX_KEYS {
            return Err(NotPlain);
        }
        self.keys.push((key, slot));
        Ok(self.keys.len() - 1)
    }

    /// Where `key` is among the keys (each key added is first looked for here: a key given
    /// twice is left to `toml`).
    fn position(&self, key: &str) -> Option<usize> {
        self.keys
            .iter()
            .position(|(k, _)| same_key(k.get_ref(), key))
    }

    fn get(&self, key: &str) -> Option<&Slot<'i>> {
        self.keys.get(self.position(key)?).map(|(_, slot)| slot)
    }

    /// True when the table holds `key`.
    pub(super) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// True when it is a catalog file's root, as `document::is_catalog` decides for `toml`'s
    /// table: no `id` of its own and an array under `program`.
    pub(super) fn is_catalog(&self) -> bool {
        !self.contains_key("id") && self.program_is_array()
    }

    fn program_is_array(&self) -> bool {
        match self.get("program") {
            Some(Slot::Tables(..)) => true,
            Some(Slot::Value(value)) => matches!(value.get_ref(), Value::Array(_)),
            _ => false,
        }
    }

    /// The one program of a catalog piece, when the table holds nothing but a `[[program]]`
    /// array of one table (what `chunks::take_program` takes from `toml`'s table, leaving it
    /// empty).
    pub(super) fn into_only_program(self) -> Option<PlainTable<'i>> {
        let mut keys = self.keys.into_iter();
        match (keys.next(), keys.next()) {
            (Some((key, Slot::Tables(items, _))), None) if key.get_ref() == "program" => {
                let mut items = items.into_iter();
                match (items.next(), items.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// True when every key is one the loader knows under `known` (a table of the field
    /// table), all the way down: `known_keys::is_clean` for this table.
    pub(super) fn is_clean(&self, known: &str) -> bool {
        let shape = known_keys(known);
        self.keys.iter().all(|(key, slot)| {
            let name: &str = key.get_ref();
            let Some((_, inner)) = shape.iter().find(|(n, _)| same_key(n, name)) else {
                return false;
            };
            match (inner, slot) {
                (Shape::Table(inner), Slot::Table(t)) => t.is_clean(inner),
                (Shape::Table(_), Slot::Tables(..)) => false,
                (Shape::Table(_), Slot::Value(v)) => !matches!(v.get_ref(), Value::Array(_)),
                (Shape::TableArray(inner), Slot::Tables(items, _)) => {
                    items.iter().all(|t| t.is_clean(inner))
                }
                // A one-line array holds no tables, and no arrays: nothing to check inside.
                _ => true,
            }
        })
    }

    /// The spans of a profile table's `id` and of each of its `alternatives`, as
    /// `program::spans_of` finds them in `toml`'s table.
    pub(super) fn spans(&self) -> (Range<usize>, Vec<Range<usize>>) {
        let span = |slot: &Slot<'_>| match slot {
            Slot::Table(t) => t.span.clone(),
            Slot::Tables(_, span) => span.clone(),
            Slot::Value(v) => v.span(),
        };
        let id_span = self.get("id").map_or(0..0, span);
        let alternative_spans = match self.get("alternatives") {
            Some(Slot::Value(v)) => match v.get_ref() {
                Value::Array(items) => items.iter().map(Spanned::span).collect(),
                _ => Vec::new(),
            },
            Some(Slot::Tables(items, _)) => items.iter().map(|t| t.span.clone()).collect(),
            _ => Vec::new(),
        };
        (id_span, alternative_spans)
    }

    /// `T` deserialized from the table as `toml` would deserialize it from its own; `None`
    /// when it does not deserialize (the caller parses with `toml` for the diagnostics).
    pub(super) fn deserialize<T: serde::Deserialize<'i>>(self) -> Option<T> {
        T::deserialize(de::Node::Table(self)).ok()
    }

    /// The table `toml` builds, spans included (the tests compare the two).
    #[cfg(test)]
    fn into_table(self, src: &'i str) -> DeTable<'i> {
        let mut table = DeTable::new();
        for (key, slot) in self.keys {
            let value = match slot {
                Slot::Table(inner) => {
                    let span = inner.span.clone();
                    Spanned::new(span, DeValue::Table(inner.into_table(src)))
                }
                Slot::Tables(items, span) => {
                    let items: DeArray<'i> = items
                        .into_iter()
                        .map(|t| {
                            let span = t.span.clone();
                            Spanned::new(span, DeValue::Table(t.into_table(src)))
                        })
                        .collect();
                    Spanned::new(span, DeValue::Array(items))
                }
                Slot::Value(value) => value_of(value, src),
            };
            table.insert(key, value);
        }
        table
    }
}

/// A value as `toml` builds it, numbers read again from their text.
#[cfg(test)]
fn value_of<'i>(value: Spanned<Value<'i>>, src: &'i str) -> Spanned<DeValue<'i>> {
    let span = value.span();
    let value = match value.into_inner() {
        Value::String(text) => DeValue::String(text),
        Value::Boolean(b) => DeValue::Boolean(b),
        Value::Integer(_) | Value::Float(_) => {
            let text = src.get(span.clone()).unwrap_or_default();
            DeValue::parse(text).map_or(DeValue::Boolean(false), Spanned::into_inner)
        }
        Value::Array(items) => {
            DeValue::Array(items.into_iter().map(|v| value_of(v, src)).collect())
        }
    };
    Spanned::new(span, value)
}

/// Parses `src` as `toml::de::DeTable::parse_recoverable` would, when the text is plain;
/// `None` otherwise.
#[cfg(test)]
fn parse(src: &str) -> Option<Spanned<DeTable<'_>>> {
    let root = read(src)?;
    // `parse_recoverable` gives the root an empty span.
    Some(Spanned::new(0..0, root.into_table(src)))
}

/// True when two keys are the same. The keys of a table, and the known keys a key is looked
/// for among, mostly differ in length or in their first byte: both are checked before the
/// bytes are compared, each compare a call to `memcmp` (whose instructions in a cold load of
/// 2,000 profile files went from 7.6 to 5.6 million).
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Reads the whole text into its root table; `None` when it is not plain.
pub(super) fn read(src: &str) -> Option<PlainTable<'_>> {
    read_plain(src).ok()
}

/// Reads the whole text into a table, or finds it is not plain.
fn read_plain(src: &str) -> Result<PlainTable<'_>, NotPlain> {
    let bytes = src.as_bytes();
    let mut root = PlainTable::new(0..0);
    // Where `key = value` lines go: the positions of the keys down from the root (an array of
    // tables is entered at its last table).
    let mut current: Vec<usize> = Vec::new();
    // A header's keys, read into the same vector each time (a profile has a dozen headers).
    let mut keys = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at = skip_blanks(bytes, at);
        match bytes.get(at) {
            None => break,
            Some(b'\n') => {}
            Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at += 1,
            Some(b'#') => at = comment(bytes, at)?,
            Some(b'[') => {
                let (array, end) = header(src, at, &mut keys)?;
                open_table(&mut root, &keys, array, at..end, &mut current)?;
                at = line_end(bytes, end)?;
            }
            Some(_) => {
                let (key, value, end) = key_value(src, at)?;
                let table = table_at(&mut root, &current)?;
                if table.position(key.get_ref()).is_some() {
                    return Err(NotPlain);
                }
                table.add(key, Slot::Value(value))?;
                at = line_end(bytes, end)?;
            }
        }
        at += 1;
    }
    Ok(root)
}

/// The table that `key = value` lines go to, found by the positions of the keys down from the
/// root (an array of tables is entered at its last table).
fn table_at<'b, 'i>(
    root: &'b mut PlainTable<'i>,
    path: &[usize],
) -> Result<&'b mut PlainTable<'i>, NotPlain> {
    let mut table = root;
    for &at in path {
        table = enter(table.keys.get_mut(at).map(|(_, slot)| slot))?;
    }
    Ok(table)
}

/// The table a key holds, to add to: the table itself, or the last of an array of tables.
fn enter<'b, 'i>(slot: Option<&'b mut Slot<'i>>) -> Result<&'b mut PlainTable<'i>, NotPlain> {
    match slot {
        Some(Slot::Table(inner)) => Ok(inner),
        Some(Slot::Tables(items, _)) => items.last_mut().ok_or(NotPlain),
        _ => Err(NotPlain),
    }
}

/// Opens the table a header names, as TOML defines: parents are made as needed (an array of
/// tables is entered at its last table); the table itself must be new, or, for `[[key]]`, an
/// array of tables to add one to. Puts in `path` the positions of the header's keys, each in
/// its table, for [`table_at`]: keys are never removed, so they stay where they are.
fn open_table<'i>(
    root: &mut PlainTable<'i>,
    keys: &[Spanned<Cow<'i, str>>],
    array: bool,
    span: Range<usize>,
    path: &mut Vec<usize>,
) -> Result<(), NotPlain> {
    let Some((last, parents)) = keys.split_last() else {
        return Err(NotPlain);
    };
    path.clear();
    let mut table = root;
    for key in parents {
        let at = match table.position(key.get_ref()) {
            Some(at) => at,
            None => {
                let made = PlainTable::new(key.span());
                table.add(key.clone(), Slot::Table(made))?
            }
        };
        path.push(at);
        table = enter(table.keys.get_mut(at).map(|(_, slot)| slot))?;
    }
    let at = match table.position(last.get_ref()) {
        None if array => {
            let made = vec![PlainTable::new(span.clone())];
            table.add(last.clone(), Slot::Tables(made, span))?
        }
        None => table.add(last.clone(), Slot::Table(PlainTable::new(span)))?,
        Some(at) => match (table.keys.get_mut(at).map(|(_, slot)| slot), array) {
            (Some(Slot::Tables(items, _)), true) => {
                items.push(PlainTable::new(span));
                at
            }
            // A table defined twice, or made as a parent and then named: left to `toml`.
            _ => return Err(NotPlain),
        },
    };
    path.push(at);
    Ok(())
}

/// Skips spaces and tabs.
fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// True for a byte TOML allows nowhere outside a multi-line string: a control character other
/// than tab.
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// Reads a comment from its `#` to the line break; returns where the break is.
fn comment(bytes: &[u8], at: usize) -> Result<usize, NotPlain> {
    let mut end = at + 1;
    while let Some(&b) = bytes.get(end) {
        if b == b'\n' {
            break;
        }
        if b == b'\r' {
            return (bytes.get(end + 1) == Some(&b'\n'))
                .then_some(end + 1)
                .ok_or(NotPlain);
        }
        if is_control(b) {
            return Err(NotPlain);
        }
        end += 1;
    }
    Ok(end)
}

/// After a header or a value: blanks, perhaps a comment, then the line break (or the end);
/// returns where the break is.
fn line_end(bytes: &[u8], at: usize) -> Result<usize, NotPlain> {
    let at = skip_blanks(bytes, at);
    match bytes.get(at) {
        None | Some(b'\n') => Ok(at),
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => Ok(at + 1),
        Some(b'#') => comment(bytes, at),
        Some(_) => Err(NotPlain),
    }
}

/// A bare key starting at `at`, with its span.
fn bare_key(src: &str, at: usize) -> Result<Spanned<Cow<'_, str>>, NotPlain> {
    let bytes = src.as_bytes();
    let mut end = at;
    while matches!(
        bytes.get(end),
        Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
    ) {
        end += 1;
    }
    if end == at {
        return Err(NotPlain);
    }
    let key = src.get(at..end).ok_or(NotPlain)?;
    Ok(Spanned::new(at..end, Cow::Borrowed(key)))
}

/// Reads `[a.b]` or `[[a.b]]` at `at`, bare keys joined by dots with no blanks inside, into
/// `keys` (emptied first); returns whether it is `[[…]]` and where it ends (past its brackets).
fn header<'i>(
    src: &'i str,
    at: usize,
    keys: &mut Vec<Spanned<Cow<'i, str>>>,
) -> Result<(bool, usize), NotPlain> {
    let bytes = src.as_bytes();
    let array = bytes.get(at + 1) == Some(&b'[');
    let mut pos = at + if array { 2 } else { 1 };
    keys.clear();
    loop {
        let key = bare_key(src, pos)?;
        pos = key.span().end;
        keys.push(key);
        match bytes.get(pos) {
            Some(b'.') if keys.len() < MAX_DEPTH => pos += 1,
            Some(b']') => break,
            _ => return Err(NotPlain),
        }
    }
    let close: &[u8] = if array { b"]]" } else { b"]" };
    if !bytes.get(pos..).is_some_and(|rest| rest.starts_with(close)) {
        return Err(NotPlain);
    }
    Ok((array, pos + close.len()))
}

/// A `key = value` line's key, value, and where the value ends.
type KeyValue<'i> = (Spanned<Cow<'i, str>>, Spanned<Value<'i>>, usize);

/// Reads `key = value` at `at`.
fn key_value(src: &str, at: usize) -> Result<KeyValue<'_>, NotPlain> {
    let bytes = src.as_bytes();
    let key = bare_key(src, at)?;
    let pos = skip_blanks(bytes, key.span().end);
    if bytes.get(pos) != Some(&b'=') {
        return Err(NotPlain);
    }
    let pos = skip_blanks(bytes, pos + 1);
    let (value, end) = value(src, pos, true)?;
    Ok((key, value, end))
}

/// Reads a value at `at`; arrays only when `nest` (one level: no arrays in arrays).
fn value(src: &str, at: usize, nest: bool) -> Result<(Spanned<Value<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    match bytes.get(at) {
        Some(b'"') => basic_string(src, at),
        Some(b'\'') => literal_string(src, at),
        Some(b'[') if nest => array(src, at),
        Some(b'{' | b'[') | None => Err(NotPlain),
        Some(_) => scalar(src, at),
    }
}

/// Reads a one-line array of plain values at `at`.
fn array(src: &str, at: usize) -> Result<(Spanned<Value<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    let mut items = Vec::new();
    let mut pos = skip_blanks(bytes, at + 1);
    loop {
        if bytes.get(pos) == Some(&b']') {
            break;
        }
        let (item, end) = value(src, pos, false)?;
        items.push(item);
        pos = skip_blanks(bytes, end);
        match bytes.get(pos) {
            Some(b',') => pos = skip_blanks(bytes, pos + 1),
            Some(b']') => break,
            _ => return Err(NotPlain),
        }
    }
    let end = pos + 1;
    Ok((Spanned::new(at..end, Value::Array(items)), end))
}

/// Reads a one-line basic string `"…"` at `at`, decoding the escapes TOML 1.0 has.
fn basic_string(src: &str, at: usize) -> Result<(Spanned<Value<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    if bytes.get(at..at + 3) == Some(b"\"\"\"") {
        return Err(NotPlain);
    }
    let start = at + 1;
    let mut pos = start;
    let mut owned: Option<String> = None;
    let mut run = start;
    loop {
        let &b = bytes.get(pos).ok_or(NotPlain)?;
        match b {
            b'"' => break,
            b'\\' => {
                let text = owned.get_or_insert_with(String::new);
                text.push_str(src.get(run..pos).ok_or(NotPlain)?);
                let (decoded, used) = escape(src, pos + 1)?;
                text.push(decoded);
                pos += 1 + used;
                run = pos;
            }
            _ if is_control(b) => return Err(NotPlain),
            _ => pos += 1,
        }
    }
    let end = pos + 1;
    let text = match owned {
        Some(mut text) => {
            text.push_str(src.get(run..pos).ok_or(NotPlain)?);
            Cow::Owned(text)
        }
        None => Cow::Borrowed(src.get(start..pos).ok_or(NotPlain)?),
    };
    Ok((Spanned::new(at..end, Value::String(text)), end))
}

/// Decodes the escape whose letter is at `at`: the character and how many bytes it took.
fn escape(src: &str, at: usize) -> Result<(char, usize), NotPlain> {
    let bytes = src.as_bytes();
    let simple = match bytes.get(at) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'r') => '\r',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'u') => return unicode(src, at + 1, 4),
        Some(b'U') => return unicode(src, at + 1, 8),
        _ => return Err(NotPlain),
    };
    Ok((simple, 1))
}

/// Decodes `digits` hex digits at `at` as a Unicode scalar value.
fn unicode(src: &str, at: usize, digits: usize) -> Result<(char, usize), NotPlain> {
    let hex = src.get(at..at + digits).ok_or(NotPlain)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NotPlain);
    }
    let code = u32::from_str_radix(hex, 16).map_err(|_| NotPlain)?;
    let c = char::from_u32(code).ok_or(NotPlain)?;
    Ok((c, 1 + digits))
}

/// Reads a one-line literal string `'…'` at `at`.
fn literal_string(src: &str, at: usize) -> Result<(Spanned<Value<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    if bytes.get(at..at + 3) == Some(b"'''") {
        return Err(NotPlain);
    }
    let start = at + 1;
    let mut pos = start;
    loop {
        let &b = bytes.get(pos).ok_or(NotPlain)?;
        if b == b'\'' {
            break;
        }
        if is_control(b) {
            return Err(NotPlain);
        }
        pos += 1;
    }
    let text = Cow::Borrowed(src.get(start..pos).ok_or(NotPlain)?);
    let end = pos + 1;
    Ok((Spanned::new(at..end, Value::String(text)), end))
}

/// Reads a number or boolean at `at`: the word up to a blank, comma, bracket, comment or line
/// break. A plain decimal (`30`, `-3`, `12.5`) is read here as `toml` reads it; any other
/// number (`1e3`, `0x1f`, `1_000`, `inf`) is read by `toml` itself; anything else that word
/// may be (a date, a typo, a number out of range) is left to `toml`.
fn scalar(src: &str, at: usize) -> Result<(Spanned<Value<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        if matches!(b, b' ' | b'\t' | b',' | b']' | b'#' | b'\n' | b'\r') {
            break;
        }
        end += 1;
    }
    let word = src.get(at..end).ok_or(NotPlain)?;
    let value = match word {
        "true" => Value::Boolean(true),
        "false" => Value::Boolean(false),
        _ => number(word).ok_or(NotPlain)?,
    };
    Ok((Spanned::new(at..end, value), end))
}

/// A number word as `toml`'s deserializer hands it on: an integer as an `i64`, a float as an
/// `f64`; `None` when `toml` would not read it so (not a number, or out of range).
fn number(word: &str) -> Option<Value<'static>> {
    match plain_decimal(word.as_bytes()) {
        // The text is the very text `toml` keeps and parses (`DeInteger::to_i64`,
        // `DeFloat::to_f64`): a plain decimal has no sign, underscore or radix to strip.
        Some(false) => return word.parse().ok().map(Value::Integer),
        Some(true) => {
            return word
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite())
                .map(Value::Float);
        }
        None => {}
    }
    match DeValue::parse(word).ok()?.into_inner() {
        DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
            .ok()
            .map(Value::Integer),
        DeValue::Float(f) => {
            let x: f64 = f.as_str().parse().ok()?;
            // `toml` calls a float that overflowed an error, unless it was written `inf`.
            (!x.is_infinite() || f.as_str().contains("inf")).then_some(Value::Float(x))
        }
        _ => None,
    }
}

/// Whether `word` is a plain decimal: `Some(false)` for an integer (`0`, `-30`), `Some(true)`
/// for a float with a fraction (`12.5`, `-0.25`), `None` for anything else (a leading zero, a
/// plus sign, an exponent, an underscore: left to `toml`).
fn plain_decimal(word: &[u8]) -> Option<bool> {
    let digits = word.strip_prefix(b"-").unwrap_or(word);
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    let is_digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    if !is_digits(whole) || (whole.len() > 1 && whole[0] == b'0') {
        return None;
    }
    match fraction {
        None => Some(false),
        Some(fraction) => is_digits(fraction).then_some(true),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::catalog::known_keys::{PROFILE, is_clean};
    use crate::catalog::program::spans_of;
    use crate::model::Profile;

    /// [`differ`] for two values with their spans, which must be the same too.
    fn differ_spanned(
        x: &Spanned<DeValue<'_>>,
        y: &Spanned<DeValue<'_>>,
        here: &str,
    ) -> Option<String> {
        if x.span() != y.span() {
            return Some(format!(
                "{here}: span {:?}, toml has {:?}",
                x.span(),
                y.span()
            ));
        }
        differ(x.get_ref(), y.get_ref(), here)
    }

    /// Where two tables differ (keys, values, spans), or `None` when they are the same.
    fn differ(a: &DeValue<'_>, b: &DeValue<'_>, at: &str) -> Option<String> {
        match (a, b) {
            (DeValue::Table(x), DeValue::Table(y)) => {
                let xs: Vec<_> = x.iter().collect();
                let ys: Vec<_> = y.iter().collect();
                if xs.len() != ys.len() {
                    return Some(format!("{at}: {} keys, toml has {}", xs.len(), ys.len()));
                }
                for ((kx, vx), (ky, vy)) in xs.into_iter().zip(ys) {
                    let here = format!("{at}.{}", kx.get_ref());
                    if kx.get_ref() != ky.get_ref() || kx.span() != ky.span() {
                        return Some(format!("{here}: key {kx:?}, toml has {ky:?}"));
                    }
                    if let Some(d) = differ_spanned(vx, vy, &here) {
                        return Some(d);
                    }
                }
                None
            }
            (DeValue::Array(x), DeValue::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{at}: {} items, toml has {}", x.len(), y.len()));
                }
                for (i, (vx, vy)) in x.iter().zip(y.iter()).enumerate() {
                    if let Some(d) = differ_spanned(vx, vy, &format!("{at}[{i}]")) {
                        return Some(d);
                    }
                }
                None
            }
            _ => (format!("{a:?}") != format!("{b:?}"))
                .then(|| format!("{at}: {a:?}, toml has {b:?}")),
        }
    }

    /// When the quick reader reads `src`, `toml` reads it without error into the same table,
    /// and what the loader asks of the two (clean? a catalog? the spans of `id` and of the
    /// alternatives) has the same answer. Returns whether the quick reader read it.
    pub(in crate::catalog) fn agrees_with_toml(src: &str) -> bool {
        let Some(quick) = parse(src) else {
            return false;
        };
        let (whole, errors) = DeTable::parse_recoverable(src);
        assert!(
            errors.is_empty(),
            "read a text toml refuses: {src:?}: {errors:?}"
        );
        assert_eq!(quick.span(), whole.span(), "{src:?}");
        let read = read(src).expect("read once, read again");
        let table = whole.get_ref();
        assert_eq!(
            read.is_clean(PROFILE),
            is_clean(table, PROFILE),
            "clean? {src:?}"
        );
        let is_catalog = !table.contains_key("id")
            && matches!(
                table.get("program").map(Spanned::get_ref),
                Some(DeValue::Array(_))
            );
        assert_eq!(read.is_catalog(), is_catalog, "a catalog? {src:?}");
        assert_eq!(read.spans(), spans_of(table), "spans in {src:?}");
        let (q, w) = (
            DeValue::Table(quick.into_inner()),
            DeValue::Table(whole.into_inner()),
        );
        if let Some(d) = differ(&q, &w, "") {
            panic!("{d}\nin {src:?}");
        }
        true
    }

    /// A key given twice is found however much it looks like the others (the same length, the
    /// same first byte), so the text is left to `toml`; keys that only look alike are all kept.
    #[test]
    fn a_key_given_twice_is_found_and_look_alikes_are_kept() {
        for twice in [
            "id = \"x\"\nid = \"y\"\n",
            "name = \"a\"\nnote = \"b\"\nname = \"c\"\n",
            "[cookie]\ndays = 1\nnote = \"n\"\ndays = 2\n",
            "[cookie]\ndays = 1\n[cookie]\n",
        ] {
            assert!(read(twice).is_none(), "{twice:?}");
        }
        let alike = "name = \"a\"\nnote = \"b\"\nnbme = \"c\"\nn = 1\nnames = 2\n";
        let table = read(alike).expect("plain");
        for key in ["name", "note", "nbme", "n", "names"] {
            assert!(table.contains_key(key), "{key}");
        }
        assert!(!table.contains_key("nam") && !table.contains_key("mame"));
        assert!(agrees_with_toml(alike));
    }

    #[test]
    fn plain_profiles_read_as_toml_reads_them() {
        let src = "# a profile\nid = \"p0\"  # the id\nname = 'Shop'\nalternatives = [\"a\", 'b' , ]\n\
                   n = 1.0\nm = -3\nok = true\nempty = []\ne = \"tab\\there \\u00e9 \\\"q\\\" \\\\\"\r\n\
                   \n[cookie]\ndays = 30\n[[audiences]]\nkind = \"x\"\n[commission.rate]\nmin = 1\n\
                   [[audiences]]\nkind = \"y\\n\"\n[audiences.extra]\nk = 1e3\n[[program]]\nid = \"a\"\n\
                   [program.cookie]\ndays = 1\n";
        assert!(agrees_with_toml(src));
        assert!(agrees_with_toml(&crate::catalog::test_files::profile(
            "shop"
        )));
        for (n, (name, text)) in crate::bundled::BUNDLED.iter().enumerate() {
            // Whether or not it is plain, it must never disagree.
            let _ = (n, name, agrees_with_toml(text));
        }
    }

    #[test]
    fn anything_not_plain_is_left_to_toml() {
        for src in [
            "a.b = 1\n",
            "\"a\" = 1\n",
            "a = \"\"\"x\"\"\"\n",
            "a = '''x'''\n",
            "a = { b = 1 }\n",
            "a = [[1]]\n",
            "a = [\n1]\n",
            "a = 1979-05-27\n",
            "a = 1979-05-27 07:32:00\n",
            "a = \"\\e\"\n",
            "a = \"\\x41\"\n",
            "a = \"\\uD800\"\n",
            "a = \"bell\u{7}\"\n",
            "# bell \u{7}\n",
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "[a.b]\n[a]\n",
            "[a]\n[[a]]\n",
            "a = 1\n[a.b]\n",
            "a = 1 2\n",
            "a = 01\n",
            "a = 1__0\n",
            "a = nope\n",
            "[ a ]\n",
            "[a . b]\n",
            "a = \"x\" y\n",
            "a = \"unterminated\n",
            "a = 1\rb = 2\n",
            "\u{feff}a = 1\n",
            "[[a]\n",
            "a =\n",
            &(0..=MAX_KEYS)
                .map(|i| format!("k{i} = 1\n"))
                .collect::<String>(),
            &format!("[{}]\n", ["t"; MAX_DEPTH + 1].join(".")),
        ] {
            assert!(!agrees_with_toml(src), "read as plain: {src:?}");
        }
    }

    #[test]
    fn generated_profiles_and_catalog_pieces_read_as_toml_reads_them() {
        let catalog = crate::catalog::test_files::varied_catalog(120);
        let _ = agrees_with_toml(&catalog);
        let mut plain = 0;
        for piece in catalog.split("[[program]]") {
            plain += usize::from(agrees_with_toml(&format!("[[program]]{piece}")));
        }
        assert!(plain > 10, "the varied catalog has plain programs: {plain}");
    }

    /// The profile `toml` gives for `src` on the loader's `toml` path (a single profile's
    /// root, or a catalog piece's one program), and the one the quick path gives; `None` when
    /// the quick reader does not read the text or the piece holds more than one program.
    fn both_profiles(src: &str) -> Option<(Option<Profile>, Option<Profile>)> {
        let quick = read(src)?;
        let (whole, errors) = DeTable::parse_recoverable(src);
        assert!(errors.is_empty(), "{src:?}: {errors:?}");
        if quick.is_catalog() {
            let quick = quick.into_only_program()?;
            let mut table = whole.into_inner();
            let item = crate::catalog::chunks::take_program(&mut table).ok()?;
            let by_toml = Profile::deserialize(toml::de::ValueDeserializer::from(item)).ok();
            Some((by_toml, quick.deserialize()))
        } else {
            let by_toml = Profile::deserialize(toml::de::Deserializer::from(whole)).ok();
            Some((by_toml, quick.deserialize()))
        }
    }

    /// When the quick path deserializes a profile, `toml` deserializes the same one.
    fn deserializes_as_toml_does(src: &str) -> bool {
        match both_profiles(src) {
            Some((by_toml, Some(quick))) => {
                assert_eq!(by_toml.as_ref(), Some(&quick), "in {src:?}");
                true
            }
            _ => false,
        }
    }

    /// A program as `gen_catalog` writes them, with a number of every kind a profile holds.
    const GENERATED: &str = "[[program]]\nid = \"p0\"\nname = \"Bright fast fashion Works\"\n\
        summary = \"An affiliate program paying 1\u{2013}13% per sale with a 30-day cookie.\"\n\
        focus = [\"DTC brand\"]\nniches = [\"personal finance\", \"mattresses\"]\n\n\
        [program.program]\ntypes = [\"CPI\", \"CPL\"]\nnetworks = [\"PartnerStack\"]\n\n\
        [program.commission.rate]\nmin = 1.0\nmax = 13.5\n\n[program.cookie]\ndays = 30\n\n\
        [program.payout]\nfrequency = [\"monthly\"]\nmethods = [\"Gift card\", \"PayPal\"]\n\n\
        [program.payout.minimum]\nmin = 100.0\ncurrency = \"USD\"\nopen_top = true\n\n\
        [program.payout.delay]\ndays = 15\n\n[program.market.average_order]\nmin = 218.25\n\
        currency = \"USD\"\nlevel = \"high\"\nopen_top = true\n\n\
        [program.market.conversion]\nmin = 3.0\n";

    #[test]
    fn profiles_deserialize_from_the_quick_reader_as_from_toml() {
        let mut read = 0;
        let shop = crate::catalog::test_files::profile("shop");
        assert!(deserializes_as_toml_does(&shop), "a plain profile");
        assert!(deserializes_as_toml_does(GENERATED), "a generated program");
        let single = GENERATED
            .replace("[[program]]\n", "")
            .replace("[program.", "[");
        assert!(deserializes_as_toml_does(&single), "a generated profile");
        for path in crate::catalog::test_files::fixture_files("valid") {
            let text = std::fs::read_to_string(&path).expect("a fixture");
            read += usize::from(deserializes_as_toml_does(&text));
            for piece in text.split("[[program]]").skip(1) {
                read += usize::from(deserializes_as_toml_does(&format!("[[program]]{piece}")));
            }
        }
        for (_, text) in crate::bundled::BUNDLED {
            read += usize::from(deserializes_as_toml_does(text));
        }
        let catalog = crate::catalog::test_files::varied_catalog(120);
        for piece in catalog.split("[[program]]").skip(1) {
            read += usize::from(deserializes_as_toml_does(&format!("[[program]]{piece}")));
        }
        assert!(read > 20, "the quick path read {read} profiles");
    }

    #[test]
    fn numbers_read_here_are_the_numbers_toml_reads() {
        // Plain decimals are read here; the rest through `toml`; either way as `toml` does.
        let read = "0 -0 30 -3 12.5 -0.25 0.5 100.0 9223372036854775807 -9223372036854775808 \
                    1e3 1E-2 +1 +1.5 1_000 1_0.5 0x1f 0o17 0b101 inf -inf +inf nan -nan \
                    1.7976931348623157e308";
        for word in read.split_whitespace() {
            let Some(value) = number(word) else {
                panic!("{word} is read")
            };
            let by_toml: toml::Table = toml::from_str(&format!("a = {word}")).expect(word);
            match (value, &by_toml["a"]) {
                (Value::Integer(n), toml::Value::Integer(m)) => assert_eq!(n, *m, "{word}"),
                (Value::Float(x), toml::Value::Float(y)) => {
                    assert_eq!(x.to_bits(), y.to_bits(), "{word}");
                }
                (value, other) => panic!("{word}: {value:?}, toml has {other:?}"),
            }
        }
        // What `toml` refuses, or hands on as something else (a `u64`), is left to it.
        let huge = format!("1{}.0", "0".repeat(400));
        let left = "07 -07 1. .5 1..2 - 1e 9223372036854775808 1e400 -1e400 1__0 0x 12:00 \
                    1979-05-27 ++1 1.5.2";
        for word in left.split_whitespace().chain([huge.as_str()]) {
            assert!(number(word).is_none(), "{word} is left to toml");
        }
    }

    /// Keys of a table, each with the values a test tries for it.
    type KeyChoices = &'static [(&'static str, &'static [&'static str])];

    proptest::proptest! {
        /// Any text made of the pieces plain TOML is made of, right or wrong, is either left
        /// to `toml` or read exactly as `toml` reads it.
        #[test]
        fn never_disagrees_with_toml(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "b", "id", " = ", "=", "\"x\"", "'y'", "\"\\u00e9\"", "\"\\n\"", "\"\\q\"", "1",
            "-2", "3.5", "1e3", "inf", "nan", "true", "false", "[", "]", "[[", "]]", ".", ",",
            " ", "\t", "\n", "\r\n", "#c", "{", "}", "\"", "'", "0x1f", "+1", "1_000", "07",
            "[a]\n", "[[a]]\n", "[a.b]\n", "[b]\n", "x = 1\n", "y = [1, \"z\"]\n",
        ]), 0..40)) {
            let src: String = parts.concat();
            let _ = agrees_with_toml(&src);
        }

        /// A profile written with values of every form a plain profile may hold, right or
        /// wrong, deserializes from the quick reader as from `toml`'s table, or is left to
        /// `toml`; as a single profile and as a catalog piece.
        #[test]
        fn never_deserializes_otherwise(
            picks in proptest::collection::vec(0usize..16, 10),
            piece in proptest::bool::ANY,
        ) {
            // Each key with the values tried for it, a wrong one or two among them.
            let tables: [(&str, KeyChoices); 6] = [
                ("", &[
                    ("niches", &["[\"a\", \"b\"]", "[]", "['3d printing']", "\"x\"", "[\"\\u00e9\"]"]),
                    ("alternatives", &["[\"amazon\"]", "[]", "['aliexpress', \"temu\"]", "1"]),
                ]),
                ("cookie", &[("days", &["30", "0", "1.5", "-3", "1e3", "0x1f", "1_000", "\"30\""])]),
                ("commission.rate", &[
                    ("min", &["1", "2.5", "100.0", "-0.0", "1e1", "nan", "inf", "150", "0"]),
                    ("max", &["13", "2.25", "+7", "0o17", "99.99", "true"]),
                ]),
                ("payout", &[
                    ("frequency", &["[\"monthly\"]", "[\"weekly\", \"monthly\"]", "[]", "\"monthly\"", "[\"sometimes\"]"]),
                    ("methods", &["[\"PayPal\"]", "[\"Gift card\", \"PayPal\"]", "[]"]),
                ]),
                ("payout.minimum", &[
                    ("min", &["10", "0.5", "1_000", "9223372036854775807", "-1"]),
                    ("currency", &["\"USD\"", "\"usd\"", "\"EURO\"", "'EUR'"]),
                ]),
                ("market.average_order", &[("level", &["\"high\"", "\"low\"", "\"huge\"", "1"])]),
            ];
            let (prefix, mut src) = if piece {
                ("program.", String::from("[[program]]\n"))
            } else {
                ("", String::new())
            };
            src.push_str("id = \"p\"\nname = \"Shop\"\n");
            let mut pick = picks.iter();
            for (table, keys) in tables {
                if !table.is_empty() {
                    src.push_str(&format!("[{prefix}{table}]\n"));
                }
                for (key, choices) in keys {
                    let at = pick.next().copied().unwrap_or(0) % choices.len();
                    src.push_str(&format!("{key} = {}\n", choices[at]));
                }
            }
            if let Some((by_toml, Some(quick))) = both_profiles(&src) {
                proptest::prop_assert_eq!(by_toml.as_ref(), Some(&quick), "in {:?}", src);
            }
        }
    }
}
