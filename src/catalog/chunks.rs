//! Catalog files in pieces: a file of `[[program]]` tables is cut at its program headers, the
//! pieces are parsed on all cores, and every span and line is moved back to its place in the
//! file, so the programs and problems are exactly those of parsing the file whole.
//!
//! Cutting is only a faster way to the same answer. Anything unusual about a file (a syntax
//! error anywhere, a key outside the programs after the first piece, a piece that does not
//! hold exactly one program) stops it with [`Whole`], and the caller parses the file whole,
//! which gives the reference result. So the scan for headers below may be wrong and cost
//! time, never correctness: a header line it wrongly takes for one (inside a multi-line string
//! it misread) leaves the piece before it with an unterminated string, which fails to parse;
//! a header it misses leaves a piece holding two programs.
//!
//! A large file is read a window at a time ([`stream`]), so its text is never all in memory.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use compact_str::CompactString;
use memchr::{memchr, memchr2, memchr3, memmem};
use rayon::prelude::*;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::field_path::{join, program_prefix};
use super::location::with_line_index;
use super::per_file::{Hidden, MAX_PROBLEMS_PER_FILE};
use super::plain_toml;
use super::problem::{Problem, Severity};
use super::problem_sink::ProblemSink;
use super::program::{
    Fast, Parsed, catalog_item, fast_program, outside_key_warning, plain_program,
};
use super::read::MAX_CATALOG_BYTES;

/// Where parsed programs go, in file order; called from the thread pool.
pub(super) type Sink<'s> = dyn FnMut(Parsed) + Send + 's;

/// The file must be parsed whole (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Whole;

/// The line that opens one program of a catalog file.
const HEADER: &[u8] = b"[[program]]";

/// How a catalog file is cut into work. Tests pass small sizes, so that a small text crosses
/// many batches and windows on the very path a large file takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ChunkSizes {
    /// Pieces parsed together; the programs of one batch are handed over before the next starts.
    pub batch: usize,
    /// From this many pieces on, a batch is parsed on all cores.
    pub parallel_from: usize,
    /// How much of a large file is read at a time.
    pub window: usize,
}

impl ChunkSizes {
    /// The sizes the program runs with.
    pub(super) const PRODUCTION: ChunkSizes = ChunkSizes {
        batch: 512,
        parallel_from: 32,
        window: 4 * 1024 * 1024,
    };
}

/// True when `text` may be a catalog file: it holds a `[[program]]` header somewhere.
pub(super) fn may_be_catalog(text: &str) -> bool {
    memmem::find(text.as_bytes(), HEADER).is_some()
}

/// The byte offsets of the lines of `text` that open a `[[program]]` table: the header alone
/// on its line, with only spaces before it and only spaces or a comment after it. Lines inside
/// multi-line strings are left out.
pub(super) fn program_headers(text: &[u8]) -> Vec<usize> {
    let multi_line_strings =
        memmem::find(text, b"\"\"\"").is_some() || memmem::find(text, b"'''").is_some();
    if multi_line_strings {
        return headers_outside_strings(text);
    }
    // Without multi-line strings a line can only be inside a string or comment up to its end.
    memmem::find_iter(text, HEADER)
        .filter_map(|at| header_line_start(text, at))
        .collect()
}

/// Where the line holding a header found at `at` starts, when that line is a header line.
///
/// Only the blanks right before the hit and right after it are looked at, never the whole
/// line: a line repeating `[[program]]` thousands of times would otherwise be read again for
/// each hit, time quadratic in the line.
fn header_line_start(text: &[u8], at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let indent = before
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let line_start = at - indent;
    if line_start > 0 && before.get(line_start - 1) != Some(&b'\n') {
        return None;
    }
    let after = text.get(at + HEADER.len()..)?;
    // What `trim_ascii` would drop, short of the line break.
    let blanks = after
        .iter()
        .take_while(|&&b| b != b'\n' && b.is_ascii_whitespace())
        .count();
    match after.get(blanks) {
        None | Some(b'\n' | b'#') => Some(line_start),
        Some(_) => None,
    }
}

/// Where a scan of a line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Outside any string.
    Code,
    /// Inside `"""…"""`.
    MultiBasic,
    /// Inside `'''…'''`.
    MultiLiteral,
}

/// [`program_headers`] for a text with multi-line strings: a line-by-line scan that follows
/// strings and comments well enough to know where multi-line strings start and end.
fn headers_outside_strings(text: &[u8]) -> Vec<usize> {
    let mut headers = Vec::new();
    let mut state = Quoting::Code;
    let mut start = 0;
    while start < text.len() {
        let end = memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if state == Quoting::Code
            && line[indent..].starts_with(HEADER)
            && header_line_start(text, start + indent) == Some(start)
        {
            headers.push(start);
        } else {
            state = scan_line(line, state);
        }
        start = end + 1;
    }
    headers
}

/// The state after `line`, starting in `state`.
fn scan_line(line: &[u8], mut state: Quoting) -> Quoting {
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        match state {
            Quoting::Code => {
                let Some(at) = memchr3(b'"', b'\'', b'#', rest) else {
                    break;
                };
                i += at;
                let rest = &line[i..];
                if rest[0] == b'#' {
                    break;
                }
                let quote = rest[0];
                if rest.starts_with(&[quote; 3]) {
                    state = if quote == b'"' {
                        Quoting::MultiBasic
                    } else {
                        Quoting::MultiLiteral
                    };
                    i += 3;
                } else if quote == b'"' {
                    i = skip_basic(line, i + 1);
                } else {
                    i = memchr(b'\'', &line[i + 1..]).map_or(line.len(), |at| i + 1 + at + 1);
                }
            }
            Quoting::MultiBasic | Quoting::MultiLiteral => {
                let quote = if state == Quoting::MultiBasic {
                    b'"'
                } else {
                    b'\''
                };
                let found = if state == Quoting::MultiBasic {
                    memchr2(b'\\', b'"', rest)
                } else {
                    memchr(b'\'', rest)
                };
                let Some(at) = found else {
                    break;
                };
                i += at;
                if line[i] == b'\\' {
                    i += 2;
                    continue;
                }
                let run = line[i..].iter().take_while(|&&b| b == quote).count();
                i += run;
                if run >= 3 {
                    state = Quoting::Code;
                }
            }
        }
    }
    state
}

/// The index just past the basic string whose text starts at `i` (or the line's end).
fn skip_basic(line: &[u8], mut i: usize) -> usize {
    while let Some(at) = line.get(i..).and_then(|rest| memchr2(b'\\', b'"', rest)) {
        i += at;
        if line[i] == b'"' {
            return i + 1;
        }
        i += 2;
    }
    line.len()
}

/// One program's piece of the file, parsed; spans and lines are still the piece's own.
struct Piece {
    parsed: Option<Parsed>,
    /// The piece's first problems in file order.
    problems: Vec<Problem>,
    /// The piece's other problems, counted.
    hidden: Hidden,
    /// Line breaks in the piece.
    newlines: usize,
    /// Line breaks before the program's `id`.
    id_newlines: usize,
}

/// Parses the piece of program `index`. The first piece also holds whatever comes before the
/// first header, which may be comments or keys outside the programs (warned about).
fn parse_piece(text: &str, index: usize, path: Option<&Path>) -> Result<Piece, Whole> {
    with_line_index(text, || parse_piece_indexed(text, index, path))
}

/// [`parse_piece`], inside the piece's line index.
fn parse_piece_indexed(text: &str, index: usize, path: Option<&Path>) -> Result<Piece, Whole> {
    if let Some(parsed) = plain_piece(text, index) {
        return Ok(piece_of(text, Some(parsed), Vec::new(), Hidden::default()));
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(Whole);
    }
    let mut table = root.into_inner();
    let item = take_program(&mut table)?;
    let mut problems = ProblemSink::new();
    if !table.is_empty() {
        if index != 0 || table.contains_key("id") {
            return Err(Whole);
        }
        for key in table.keys() {
            problems.push(outside_key_warning(key, text, path));
        }
    }
    let parsed = match fast_program(item, index) {
        Fast::Loaded(parsed) => Some(parsed),
        Fast::Unclean(item) => catalog_item(item, index, text, path, &mut problems),
        Fast::Failed => {
            // The fast path consumed the table; parse again for the exact diagnostics.
            let (root, _) = DeTable::parse_recoverable(text);
            let item = take_program(&mut root.into_inner())?;
            catalog_item(item, index, text, path, &mut problems)
        }
    };
    let (problems, hidden) = problems.into_sorted();
    Ok(piece_of(text, parsed, problems, hidden))
}

/// The program of a piece read by the quick reader ([`plain_toml`]) and loaded with nothing to
/// report; `None` sends the piece down the `toml` path, which gives every diagnostic.
fn plain_piece(text: &str, index: usize) -> Option<Parsed> {
    plain_program(plain_toml::read(text)?.into_only_program()?, Some(index))
}

/// A piece with what it loaded and reported, its lines counted.
fn piece_of(text: &str, parsed: Option<Parsed>, problems: Vec<Problem>, hidden: Hidden) -> Piece {
    let bytes = text.as_bytes();
    let id_newlines = parsed.as_ref().map_or(0, |p| {
        let before = bytes.get(..p.id_span.start).unwrap_or(bytes);
        memchr::memchr_iter(b'\n', before).count()
    });
    Piece {
        parsed,
        problems,
        hidden,
        newlines: memchr::memchr_iter(b'\n', bytes).count(),
        id_newlines,
    }
}

/// Removes the one program table of a piece from its root.
pub(super) fn take_program<'i>(table: &mut DeTable<'i>) -> Result<Spanned<DeValue<'i>>, Whole> {
    let programs = table.remove("program").ok_or(Whole)?;
    match programs.into_inner() {
        DeValue::Array(items) if items.len() == 1 => items.into_iter().next().ok_or(Whole),
        _ => Err(Whole),
    }
}

/// Parses a catalog file piece by piece, fed a window of whole pieces at a time.
pub(super) struct CatalogChunks<'a> {
    path: Option<&'a Path>,
    sizes: ChunkSizes,
    /// Where the next window starts in the file.
    offset: usize,
    /// Line breaks before the next piece.
    lines: usize,
    /// Programs so far, loaded or not: the next piece is `program[programs]`.
    programs: usize,
    /// Every id loaded so far, with its program index and the line of its `id`.
    seen: foldhash::HashMap<CompactString, (usize, usize)>,
    /// Problems so far, with lines counted in the whole file; once a file lists its fill,
    /// later pieces' problems (all further down) are only counted.
    problems: Vec<Problem>,
    hidden: Hidden,
}

impl<'a> CatalogChunks<'a> {
    /// Ready to parse the catalog file at `path` (only used to label problems).
    pub(super) fn new(path: Option<&'a Path>, sizes: ChunkSizes) -> Self {
        CatalogChunks {
            path,
            sizes,
            offset: 0,
            lines: 0,
            programs: 0,
            seen: foldhash::HashMap::default(),
            problems: Vec::new(),
            hidden: Hidden::default(),
        }
    }

    /// Parses `window`, the next part of the file: whole pieces, the first starting where
    /// `window` starts and the others at `starts` (ascending offsets in `window`). Each program
    /// loaded is handed to `sink` in file order, duplicates of an earlier id left out.
    pub(super) fn feed(
        &mut self,
        window: &str,
        starts: &[usize],
        sink: &mut Sink<'_>,
    ) -> Result<(), Whole> {
        let mut bounds = Vec::with_capacity(starts.len() + 1);
        let mut from = 0;
        for &to in starts.iter().chain(std::iter::once(&window.len())) {
            if to > from {
                bounds.push(from..to);
                from = to;
            }
        }
        let path = self.path;
        let ChunkSizes {
            batch: batch_size,
            parallel_from,
            ..
        } = self.sizes;
        let parse_batch = |base: usize, batch: &[Range<usize>]| -> Vec<Result<Piece, Whole>> {
            let parse = |(k, range): (usize, &Range<usize>)| {
                parse_piece(window.get(range.clone()).ok_or(Whole)?, base + k, path)
            };
            if batch.len() >= parallel_from {
                batch.par_iter().enumerate().map(parse).collect()
            } else {
                batch.iter().enumerate().map(parse).collect()
            }
        };
        if bounds.len() < parallel_from {
            // A few programs: no threads at all.
            let pieces = parse_batch(self.programs, &bounds);
            self.take_batch(&bounds, pieces, window, sink)?;
            self.offset += window.len();
            return Ok(());
        }
        // Each batch's programs are handed over while the next batch is parsed.
        let mut batches = bounds.chunks(batch_size);
        let mut base = self.programs;
        let mut current = batches
            .next()
            .map(|batch| (batch, parse_batch(base, batch)));
        while let Some((batch, pieces)) = current {
            base += batch.len();
            let next = batches.next();
            let (parsed, taken) = rayon::join(
                || next.map(|batch| (batch, parse_batch(base, batch))),
                || self.take_batch(batch, pieces, window, sink),
            );
            taken?;
            current = parsed;
        }
        self.offset += window.len();
        Ok(())
    }

    /// Takes the pieces of one batch in order.
    fn take_batch(
        &mut self,
        batch: &[Range<usize>],
        pieces: Vec<Result<Piece, Whole>>,
        window: &str,
        sink: &mut Sink<'_>,
    ) -> Result<(), Whole> {
        for (range, piece) in batch.iter().zip(pieces) {
            self.take(
                piece?,
                window.get(range.clone()).unwrap_or(""),
                range.start,
                sink,
            );
        }
        Ok(())
    }

    /// Moves a piece's spans and lines to their place in the file and hands its program over.
    fn take(&mut self, piece: Piece, text: &str, start: usize, sink: &mut Sink<'_>) {
        let lines = self.lines;
        let index = self.programs;
        self.lines += piece.newlines;
        self.programs += 1;
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            piece
                .problems
                .iter()
                .for_each(|p| self.hidden.note(p.severity));
        } else {
            self.problems
                .extend(piece.problems.into_iter().map(|p| shift_line(p, lines)));
        }
        self.hidden.add(piece.hidden);
        let Some(mut parsed) = piece.parsed else {
            return;
        };
        let id = parsed.profile.id.as_str();
        if self.seen.contains_key(id) && self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.hidden.note(Severity::Error);
            return;
        }
        if let Some(&(first, line)) = self.seen.get(id) {
            let message = format!(
                "duplicate id `{}`: program[{first}] on line {line} of this file already uses \
                 it; this one is ignored",
                parsed.profile.id
            );
            let field = join(&program_prefix(index), "id");
            let problem = Problem::error(self.path, Some(field), &message).at(text, parsed.id_span);
            self.problems.push(shift_line(problem, lines));
            return;
        }
        self.seen.insert(
            CompactString::new(id),
            (index, lines + 1 + piece.id_newlines),
        );
        let shift = self.offset + start;
        parsed.id_span = parsed.id_span.start + shift..parsed.id_span.end + shift;
        for span in &mut parsed.alternative_spans {
            *span = span.start + shift..span.end + shift;
        }
        sink(parsed);
    }

    /// The problems found, in the order parsing the file whole reports them.
    pub(super) fn into_problems(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|p| (p.line, p.column));
        if !self.hidden.is_empty() {
            self.problems.push(self.hidden.summary(self.path, None));
        }
        self.problems
    }
}

fn shift_line(mut problem: Problem, lines: usize) -> Problem {
    problem.line = problem.line.map(|line| line + lines);
    problem
}

/// Parses all of `text`, a catalog file, in pieces.
pub(super) fn parse_all(
    text: &str,
    chunks: &mut CatalogChunks<'_>,
    sink: &mut Sink<'_>,
) -> Result<(), Whole> {
    let headers = program_headers(text.as_bytes());
    // The first piece runs from the top of the file to the second header.
    let starts = headers.get(1..).unwrap_or(&[]);
    chunks.feed(text, starts, sink)
}

/// A large catalog file read a window at a time and parsed in pieces; the next window is read
/// while the current one is parsed, and the caller can look at what the programs went into
/// between two windows (a cold start shows the first ones). Reading errors, text that is not
/// UTF-8 and a file that grew past [`MAX_CATALOG_BYTES`] all mean [`Whole`]: reading the file
/// whole reports them exactly.
pub(super) struct Stream {
    file: File,
    window_bytes: usize,
    /// The bytes read so far, for the size cap.
    total: u64,
    /// The window to feed next, its headers past its start, and whether the file ends with it.
    held: Option<(Vec<u8>, Vec<usize>, bool)>,
}

impl Stream {
    /// Reads the first window of `file` (positioned at its start).
    pub(super) fn open(mut file: File, window_bytes: usize) -> Result<Stream, Whole> {
        let mut total = 0;
        let mut buf = Vec::new();
        let (eof, starts) = fill(&mut file, &mut buf, window_bytes, &mut total, true)?;
        Ok(Stream {
            file,
            window_bytes,
            total,
            held: Some((buf, starts, eof)),
        })
    }

    /// Parses the window held and hands its programs to `sink`, reading the next window
    /// meanwhile; false once the file is done (nothing was left to feed, or this was the last).
    pub(super) fn feed_window(
        &mut self,
        chunks: &mut CatalogChunks<'_>,
        sink: &mut Sink<'_>,
    ) -> Result<bool, Whole> {
        let Some((buf, starts, eof)) = self.held.take() else {
            return Ok(false);
        };
        // Whole pieces only: up to the last header, or to the end of the file.
        let (end, inner) = match starts.split_last() {
            Some((&last, inner)) if !eof => (last, inner),
            _ => (buf.len(), &starts[..]),
        };
        let (head, tail) = buf.split_at(end);
        let (file, total, window_bytes) = (&mut self.file, &mut self.total, self.window_bytes);
        let (fed, next) = rayon::join(
            || {
                let window = std::str::from_utf8(head).map_err(|_| Whole)?;
                chunks.feed(window, inner, sink)
            },
            || {
                if eof {
                    return Ok(None);
                }
                let mut next = Vec::with_capacity(window_bytes + tail.len());
                next.extend_from_slice(tail);
                let (eof, starts) = fill(file, &mut next, window_bytes, total, false)?;
                Ok(Some((next, starts, eof)))
            },
        );
        fed?;
        self.held = next?;
        Ok(self.held.is_some())
    }
}

/// Reads into `buf`, a window or more at a time, until it holds a header past its start (where
/// the next window can end) or the end of the file; returns whether the file ended and the headers past the start. A
/// window starts at a header, except the first, which starts at the top of the file: its first
/// piece runs from there to the second header.
fn fill(
    file: &mut File,
    buf: &mut Vec<u8>,
    window_bytes: usize,
    total: &mut u64,
    first: bool,
) -> Result<(bool, Vec<usize>), Whole> {
    loop {
        let before = buf.len();
        // Each round at least doubles what is held, so a piece longer than a window is scanned
        // for headers a bounded number of times over, not once per window it spans.
        let want = window_bytes.max(before);
        buf.reserve(want);
        file.take(want as u64).read_to_end(buf).map_err(|_| Whole)?;
        let got = buf.len() - before;
        *total += got as u64;
        if *total > MAX_CATALOG_BYTES {
            return Err(Whole);
        }
        let eof = got < want;
        let headers = program_headers(buf);
        let mut starts: Vec<usize> = headers.iter().copied().filter(|&at| at > 0).collect();
        if first && headers.first().is_some_and(|&at| at > 0) {
            starts.remove(0);
        }
        if eof || !starts.is_empty() {
            return Ok((eof, starts));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::document::{parse_text, parse_whole};
    use crate::catalog::test_files::{SMALL, outcome, varied_catalog};

    fn headers(text: &str) -> Vec<usize> {
        program_headers(text.as_bytes())
    }

    #[test]
    fn headers_are_whole_lines() {
        let text = "[[program]]\nid = \"a\"\n  [[program]]  # two\nx = \"[[program]]\"\n\
                    # [[program]]\n[[program]]x\n[[program]]\r\n";
        let at = |needle: &str| text.find(needle).expect("in the text");
        assert_eq!(
            headers(text),
            [0, at("  [[program]]  #"), at("[[program]]\r")]
        );
    }

    #[test]
    fn headers_inside_multi_line_strings_are_not_headers() {
        // Real headers carry a `# real` comment; the others are inside strings.
        let text = r#"[[program]] # real
summary = """
[[program]]
"""
[[program]] # real
note = '''
[[program]]
'''
[[program]] # real
q = "\""  # """ in a comment
[[program]] # real
s = """a \""" still open
[[program]]
"""""
[[program]] # real
t = ''''x'''''
[[program]] # real
u = """\
[[program]]
"""
[[program]] # real
"#;
        let want: Vec<usize> = text
            .match_indices("[[program]] # real")
            .map(|(i, _)| i)
            .collect();
        assert_eq!(want.len(), 7);
        assert_eq!(headers(text), want);
        // Without multi-line strings, the quick search finds the same lines as the scan.
        let plain = "[[program]]\nid = \"a\"\n[[program]]\nx = '[[program]]'\n";
        let second = plain.find("[[program]]\nx").expect("in the text");
        assert_eq!(headers(plain), [0, second]);
        assert_eq!(headers_outside_strings(plain.as_bytes()), [0, second]);
    }

    #[test]
    fn catalog_pieces_give_exactly_what_parsing_whole_gives() {
        let catalog = varied_catalog(120);
        let texts = [
            catalog.clone(),
            format!("title = \"mine\"\n[meta]\nby = \"x\"\n{catalog}"),
            // Keys outside the programs after the first piece: parsed whole.
            format!("{catalog}[meta]\nby = \"x\"\n"),
            // A syntax error deep inside: parsed whole, nothing loads.
            catalog.replace("name = \"Program 97\"", "name = \"Program 97"),
            // A duplicate table inside one program.
            catalog.replace("[program.cookie]\ndays = -4\n", "[program.cookie]\n[program.cookie]\n"),
            // A single profile that mentions a header.
            "id = \"x\"\nname = \"X\"\nsummary = \"\"\"\n[[program]]\n\"\"\"\n".to_string(),
            "id = \"x\"\nname = \"X\"\n[[program]]\nid = \"y\"\n".to_string(),
            "[[program]]\n".to_string(),
            "[[program]]\nid = \"a\"\nname = \"A\"\n[program]\nid = \"b\"\n".to_string(),
            "\u{feff}[[program]]\nid = \"a\"\nname = \"A\"\n[[program]]\nid = \"b\"\nname = \"B\"\n"
                .to_string(),
        ];
        for (n, text) in texts.iter().enumerate() {
            let path = Some(Path::new("many.toml"));
            let pieces = outcome(parse_text(text, path, SMALL));
            let whole = outcome(parse_whole(text, path));
            assert_eq!(pieces.1, whole.1, "text {n}: problems differ");
            assert_eq!(pieces.0, whole.0, "text {n}: programs differ");
        }
        let (parsed, problems) = parse_text(&catalog, None, SMALL);
        assert_eq!(
            (parsed.len(), problems.len()),
            // 77: every bad value of a program is reported, not only its first.
            (71, 77),
            "the test catalog is varied"
        );
    }
}
