//! A quick reader for plain TOML: the shape generated and most hand-written profiles have
//! (`[table]` and `[[array]]` headers of bare keys, `key = value` lines of bare keys, one-line
//! strings, numbers, booleans and one-line arrays of them). It builds the very table the `toml`
//! crate builds, spans included, in a fraction of the time (the crate lexes the whole text
//! into tokens and events first: most of a cold load went there).
//!
//! It never decides anything the `toml` crate would decide otherwise: whatever is not plain
//! (a quoted or dotted key, a multi-line string, an inline table, an escape it does not know,
//! a table defined twice, a date, a control character…) makes it give up with `None`, and the
//! caller parses with `toml`. Numbers are read by `toml` itself ([`DeValue::parse`]). The
//! tests check that every text it reads gives the table `toml` gives.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue};

/// The text is not plain: parse it with `toml`.
struct NotPlain;

/// The most keys a plain table holds. A profile's largest table has a few dozen; more means
/// unknown keys, which `toml` reads for the diagnostics anyway. Keys are found by a scan, so
/// this bound is what keeps reading linear in the text.
const MAX_KEYS: usize = 64;

/// The most keys a plain header names (`[program.market.average_order]` is 3): every
/// `key = value` line walks down them.
const MAX_DEPTH: usize = 8;

/// What a key of a table being built holds.
enum Slot<'i> {
    /// A table, named by a header or made as the parent of one.
    Table(Building<'i>),
    /// An array of tables, from `[[key]]` headers.
    Tables(Vec<Building<'i>>, Range<usize>),
    /// A value from a `key = value` line.
    Value(Spanned<DeValue<'i>>),
}

/// A table being built: its keys in the order met (tables are small; found by a scan).
struct Building<'i> {
    span: Range<usize>,
    keys: Vec<(Spanned<Cow<'i, str>>, Slot<'i>)>,
}

impl<'i> Building<'i> {
    fn new(span: Range<usize>) -> Self {
        Building {
            span,
            keys: Vec::new(),
        }
    }

    /// Adds a key, unless the table is full.
    fn add(&mut self, key: Spanned<Cow<'i, str>>, slot: Slot<'i>) -> Result<(), NotPlain> {
        if self.keys.len() >= MAX_KEYS {
            return Err(NotPlain);
        }
        self.keys.push((key, slot));
        Ok(())
    }

    fn find(&mut self, key: &str) -> Option<&mut Slot<'i>> {
        self.keys
            .iter_mut()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, slot)| slot)
    }

    fn into_table(self) -> DeTable<'i> {
        let mut table = DeTable::new();
        for (key, slot) in self.keys {
            let value = match slot {
                Slot::Table(inner) => {
                    let span = inner.span.clone();
                    Spanned::new(span, DeValue::Table(inner.into_table()))
                }
                Slot::Tables(items, span) => {
                    let items: DeArray<'i> = items
                        .into_iter()
                        .map(|t| {
                            let span = t.span.clone();
                            Spanned::new(span, DeValue::Table(t.into_table()))
                        })
                        .collect();
                    Spanned::new(span, DeValue::Array(items))
                }
                Slot::Value(value) => value,
            };
            table.insert(key, value);
        }
        table
    }
}

/// Parses `src` as `toml::de::DeTable::parse_recoverable` would, when the text is plain;
/// `None` otherwise.
pub(super) fn parse(src: &str) -> Option<Spanned<DeTable<'_>>> {
    let root = read(src).ok()?;
    // `parse_recoverable` gives the root an empty span.
    Some(Spanned::new(0..0, root.into_table()))
}

/// Reads the whole text into a table, or finds it is not plain.
fn read(src: &str) -> Result<Building<'_>, NotPlain> {
    let bytes = src.as_bytes();
    let mut root = Building::new(0..0);
    // Where `key = value` lines go: the keys down from the root (an array of tables is entered
    // at its last table).
    let mut current: Vec<Cow<'_, str>> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at = skip_blanks(bytes, at);
        match bytes.get(at) {
            None => break,
            Some(b'\n') => {}
            Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at += 1,
            Some(b'#') => at = comment(bytes, at)?,
            Some(b'[') => {
                let (keys, array, end) = header(src, at)?;
                current = keys.iter().map(|k| k.get_ref().clone()).collect();
                open_table(&mut root, keys, array, at..end)?;
                at = line_end(bytes, end)?;
            }
            Some(_) => {
                let (key, value, end) = key_value(src, at)?;
                let table = table_at(&mut root, &current)?;
                if table.find(key.get_ref()).is_some() {
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

/// The table that `key = value` lines go to.
fn table_at<'b, 'i>(
    root: &'b mut Building<'i>,
    path: &[Cow<'i, str>],
) -> Result<&'b mut Building<'i>, NotPlain> {
    let mut table = root;
    for key in path {
        table = match table.find(key) {
            Some(Slot::Table(inner)) => inner,
            Some(Slot::Tables(items, _)) => items.last_mut().ok_or(NotPlain)?,
            _ => return Err(NotPlain),
        };
    }
    Ok(table)
}

/// Opens the table a header names, as TOML defines: parents are made as needed (an array of
/// tables is entered at its last table); the table itself must be new, or, for `[[key]]`, an
/// array of tables to add one to.
fn open_table<'i>(
    root: &mut Building<'i>,
    keys: Vec<Spanned<Cow<'i, str>>>,
    array: bool,
    span: Range<usize>,
) -> Result<(), NotPlain> {
    let Some((last, parents)) = keys.split_last() else {
        return Err(NotPlain);
    };
    let mut table = root;
    for key in parents {
        if table.find(key.get_ref()).is_none() {
            let made = Building::new(key.span());
            table.add(key.clone(), Slot::Table(made))?;
        }
        table = match table.find(key.get_ref()) {
            Some(Slot::Table(inner)) => inner,
            Some(Slot::Tables(items, _)) => items.last_mut().ok_or(NotPlain)?,
            _ => return Err(NotPlain),
        };
    }
    match (table.find(last.get_ref()), array) {
        (None, false) => {
            let made = Building::new(span);
            table.add(last.clone(), Slot::Table(made))?;
        }
        (None, true) => {
            let made = vec![Building::new(span.clone())];
            table.add(last.clone(), Slot::Tables(made, span))?;
        }
        (Some(Slot::Tables(items, _)), true) => items.push(Building::new(span)),
        // A table defined twice, or made as a parent and then named: left to `toml`.
        _ => return Err(NotPlain),
    }
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

/// A header line's keys, whether it is `[[…]]`, and where it ends (past its brackets).
type Header<'i> = (Vec<Spanned<Cow<'i, str>>>, bool, usize);

/// Reads `[a.b]` or `[[a.b]]` at `at`: bare keys joined by dots, no blanks inside.
fn header(src: &str, at: usize) -> Result<Header<'_>, NotPlain> {
    let bytes = src.as_bytes();
    let array = bytes.get(at + 1) == Some(&b'[');
    let mut pos = at + if array { 2 } else { 1 };
    let mut keys = Vec::new();
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
    Ok((keys, array, pos + close.len()))
}

/// A `key = value` line's key, value, and where the value ends.
type KeyValue<'i> = (Spanned<Cow<'i, str>>, Spanned<DeValue<'i>>, usize);

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
fn value(src: &str, at: usize, nest: bool) -> Result<(Spanned<DeValue<'_>>, usize), NotPlain> {
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
fn array(src: &str, at: usize) -> Result<(Spanned<DeValue<'_>>, usize), NotPlain> {
    let bytes = src.as_bytes();
    let mut items = DeArray::new();
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
    Ok((Spanned::new(at..end, DeValue::Array(items)), end))
}

/// Reads a one-line basic string `"…"` at `at`, decoding the escapes TOML 1.0 has.
fn basic_string(src: &str, at: usize) -> Result<(Spanned<DeValue<'_>>, usize), NotPlain> {
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
            DeString::Owned(text)
        }
        None => DeString::Borrowed(src.get(start..pos).ok_or(NotPlain)?),
    };
    Ok((Spanned::new(at..end, DeValue::String(text)), end))
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
fn literal_string(src: &str, at: usize) -> Result<(Spanned<DeValue<'_>>, usize), NotPlain> {
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
    let text = DeString::Borrowed(src.get(start..pos).ok_or(NotPlain)?);
    let end = pos + 1;
    Ok((Spanned::new(at..end, DeValue::String(text)), end))
}

/// Reads a number or boolean at `at`: the word up to a blank, comma, bracket, comment or line
/// break, read by `toml` itself; anything else that word may be (a date, a typo) is left to
/// `toml`.
fn scalar(src: &str, at: usize) -> Result<(Spanned<DeValue<'_>>, usize), NotPlain> {
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
        "true" => DeValue::Boolean(true),
        "false" => DeValue::Boolean(false),
        _ => match DeValue::parse(word).map(Spanned::into_inner) {
            Ok(number @ (DeValue::Integer(_) | DeValue::Float(_))) => number,
            _ => return Err(NotPlain),
        },
    };
    Ok((Spanned::new(at..end, value), end))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

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

    /// When the quick reader reads `src`, `toml` reads it without error into the same table.
    /// Returns whether the quick reader read it.
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
        let (q, w) = (
            DeValue::Table(quick.into_inner()),
            DeValue::Table(whole.into_inner()),
        );
        if let Some(d) = differ(&q, &w, "") {
            panic!("{d}\nin {src:?}");
        }
        true
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
    }
}
