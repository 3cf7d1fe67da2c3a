//! CSV that a spreadsheet opens as data. A cell that starts with `=`, `+`, `-`, `@`, a tab or
//! a carriage return (or their fullwidth forms, which some spreadsheets read the same way) is
//! a formula to Excel, LibreOffice and Google Sheets: `=HYPERLINK("http://evil","x")` in a
//! program's name would run on opening. As OWASP recommends, such a cell gets a leading `'`,
//! which spreadsheets show as text and hide. affex's own figures are never negative, so no
//! number loses its sign to this. Every CSV affex writes goes through [`CsvWriter`].

use std::borrow::Cow;
use std::io::{self, Write};

/// The characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// `cell` made safe for a spreadsheet: prefixed with `'` when its first character other than
/// spaces would start a formula, unchanged otherwise.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    let first = cell.trim_start_matches(' ').chars().next();
    if first.is_some_and(|c| FORMULA_STARTS.contains(&c)) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV writer whose every cell passes through [`safe_cell`].
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Writes CSV records to `out`.
    pub fn new(out: W) -> Self {
        CsvWriter {
            inner: ::csv::Writer::from_writer(out),
        }
    }

    /// Writes one record. Write errors keep their kind, so a closed pipe is told apart.
    pub fn write_row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let row: Vec<String> = cells
            .into_iter()
            .map(|c| safe_cell(c.as_ref()).into_owned())
            .collect();
        self.inner
            .write_record(&row)
            .map_err(|e| match e.into_kind() {
                ::csv::ErrorKind::Io(e) => e,
                other => io::Error::other(format!("{other:?}")),
            })
    }

    /// Flushes what is buffered to the output.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_data_is_not() {
        for (raw, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =1", "'  =1"),
            ("＝1", "'＝1"),
            ("3–9%", "3–9%"),
            ("AliExpress", "AliExpress"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(safe_cell(raw), want, "{raw:?}");
        }
    }
}
