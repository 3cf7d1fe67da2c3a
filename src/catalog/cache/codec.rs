//! The cache file's bytes. A fixed header says what it is (magic, format number, affex's
//! version, the sources' key), then the payload's length and its XXH3-128 checksum; the payload
//! is a list of length-prefixed frames: the origins and problems, then the programs in chunks
//! that are decoded on all cores. Programs are MessagePack through their own serde impls, so
//! every string is sanitized and every number checked again on the way back in.
//!
//! Every length is checked against the bytes actually there before anything is taken or
//! allocated, so truncated, random or hostile bytes are a [`Rejected`], never a panic or a
//! large allocation.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use super::super::per_file::Hidden;
use super::super::problem::{Problem, Severity};
use super::super::{Catalog, Origin};
use crate::bundled::BUNDLED;
use crate::model::Profile;
use crate::sanitize::is_clean;

/// Bumped whenever the bytes below change meaning.
pub(super) const FORMAT: u32 = 1;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"AFFEXCAT";

/// Programs per chunk: enough that a chunk's overhead is nothing, few enough that 10,000
/// programs still give both cores work.
const CHUNK: usize = 2048;

/// Why a cache file's content was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rejected {
    /// Written by another affex version or format: expected, rebuilt quietly.
    OtherVersion,
    /// Written for sources that have changed since: expected, rebuilt quietly.
    Stale,
    /// Not a cache, or damaged: worth a note.
    Corrupt(String),
}

fn corrupt(what: &str) -> Rejected {
    Rejected::Corrupt(what.to_string())
}

/// Encodes `catalog` for sources whose key is `key`; `None` when something in it cannot be
/// stored (a path that is not valid text on a platform without byte paths).
pub(super) fn encode(catalog: &Catalog, key: u128) -> Option<Vec<u8>> {
    let meta = Meta {
        origins: catalog
            .origins
            .iter()
            .map(StoredOrigin::from_origin)
            .collect::<Option<_>>()?,
        problems: catalog
            .problems
            .iter()
            .map(StoredProblem::from_problem)
            .collect::<Option<_>>()?,
    };
    let mut frames = vec![rmp_serde::to_vec_named(&meta).ok()?];
    let chunks: Vec<Vec<u8>> = catalog
        .profiles
        .par_chunks(CHUNK)
        .map(|chunk| rmp_serde::to_vec_named(chunk).ok())
        .collect::<Option<_>>()?;
    frames.extend(chunks);
    let payload_len: usize = 4 + frames.iter().map(|f| 8 + f.len()).sum::<usize>();
    let mut payload = Vec::with_capacity(payload_len);
    payload.extend_from_slice(&(frames.len() as u32).to_le_bytes());
    for frame in &frames {
        payload.extend_from_slice(&(frame.len() as u64).to_le_bytes());
        payload.extend_from_slice(frame);
    }
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut out = Vec::with_capacity(payload.len() + 64 + version.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.push(u8::try_from(version.len()).ok()?);
    out.extend_from_slice(version);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_128(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Some(out)
}

/// The header's checks only: whether `bytes` is a cache of this version for `key`.
pub(super) fn check(bytes: &[u8], key: u128) -> Result<(), Rejected> {
    header(bytes, key).map(|_| ())
}

/// The catalog `bytes` hold, when they are a whole, undamaged cache of this version for `key`.
/// The bytes are dropped once decoded, before the programs are gathered into one list, so the
/// file and two copies of the programs are never held at once.
pub(super) fn decode(bytes: Vec<u8>, key: u128) -> Result<Catalog, Rejected> {
    let (origins, problems, decoded) = decode_parts(&bytes, key)?;
    drop(bytes);
    let mut profiles = Vec::with_capacity(origins.len());
    decoded.into_iter().for_each(|chunk| profiles.extend(chunk));
    Ok(Catalog {
        profiles,
        origins,
        problems,
    })
}

/// What [`decode`] decodes: the origins, the problems and the programs chunk by chunk.
type Parts = (Vec<Origin>, Vec<Problem>, Vec<Vec<Profile>>);

fn decode_parts(bytes: &[u8], key: u128) -> Result<Parts, Rejected> {
    let payload = header(bytes, key)?;
    let mut reader = Reader(payload);
    let count = reader.u32()? as usize;
    // Each frame takes at least its 8-byte length, so the count cannot ask for more than is there.
    if count == 0 || count > reader.0.len() / 8 {
        return Err(corrupt("impossible frame count"));
    }
    let mut frames = Vec::with_capacity(count);
    for _ in 0..count {
        let len = reader.u64()?;
        frames.push(reader.take(len)?);
    }
    if !reader.0.is_empty() {
        return Err(corrupt("bytes after the last frame"));
    }
    let (first, chunks) = frames.split_first().ok_or_else(|| corrupt("no frames"))?;
    let meta: Meta = rmp_serde::from_slice(first).map_err(|e| Rejected::Corrupt(e.to_string()))?;
    let origins: Vec<Origin> = meta
        .origins
        .into_iter()
        .map(StoredOrigin::into_origin)
        .collect::<Result<_, _>>()?;
    let problems: Vec<Problem> = meta
        .problems
        .into_iter()
        .map(StoredProblem::into_problem)
        .collect::<Result<_, _>>()?;
    let decoded: Vec<Vec<Profile>> = chunks
        .par_iter()
        .map(|chunk| rmp_serde::from_slice(chunk).map_err(|e| Rejected::Corrupt(e.to_string())))
        .collect::<Result<_, _>>()?;
    if decoded.iter().map(Vec::len).sum::<usize>() != origins.len() {
        return Err(corrupt("programs and origins differ in number"));
    }
    Ok((origins, problems, decoded))
}

/// The payload, once the header matches and the checksum holds.
fn header(bytes: &[u8], key: u128) -> Result<&[u8], Rejected> {
    let mut reader = Reader(bytes);
    if reader.take(MAGIC.len() as u64).ok() != Some(MAGIC.as_slice()) {
        return Err(corrupt("not an affex cache file"));
    }
    if reader.u32()? != FORMAT {
        return Err(Rejected::OtherVersion);
    }
    let len = reader.take(1)?.first().copied().unwrap_or(0);
    if reader.take(u64::from(len))? != env!("CARGO_PKG_VERSION").as_bytes() {
        return Err(Rejected::OtherVersion);
    }
    if reader.u128()? != key {
        return Err(Rejected::Stale);
    }
    let declared = reader.u64()?;
    let checksum = reader.u128()?;
    if declared != reader.0.len() as u64 {
        return Err(corrupt("truncated (its length does not match)"));
    }
    if xxh3_128(reader.0) != checksum {
        return Err(corrupt("checksum mismatch"));
    }
    Ok(reader.0)
}

/// Takes from the front of a byte slice, every length checked against what is left.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: u64) -> Result<&'a [u8], Rejected> {
        let len = usize::try_from(len).map_err(|_| corrupt("a length past the end"))?;
        if len > self.0.len() {
            return Err(corrupt("truncated"));
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Rejected> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N as u64)?);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, Rejected> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, Rejected> {
        self.array().map(u64::from_le_bytes)
    }

    fn u128(&mut self) -> Result<u128, Rejected> {
        self.array().map(u128::from_le_bytes)
    }
}

/// Everything but the programs.
#[derive(Serialize, Deserialize)]
struct Meta {
    origins: Vec<StoredOrigin>,
    problems: Vec<StoredProblem>,
}

/// A path as text when it is (almost always), else its bytes (Unix only).
#[derive(Serialize, Deserialize)]
enum StoredPath {
    Text(String),
    Bytes(Vec<u8>),
}

impl StoredPath {
    fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.to_str() {
            Some(text) => Some(StoredPath::Text(text.to_string())),
            #[cfg(unix)]
            None => {
                use std::os::unix::ffi::OsStrExt;
                Some(StoredPath::Bytes(path.as_os_str().as_bytes().to_vec()))
            }
            #[cfg(not(unix))]
            None => None,
        }
    }

    fn into_path(self) -> Result<PathBuf, Rejected> {
        match self {
            StoredPath::Text(text) => Ok(PathBuf::from(text)),
            #[cfg(unix)]
            StoredPath::Bytes(bytes) => {
                use std::os::unix::ffi::OsStringExt;
                Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
            }
            #[cfg(not(unix))]
            StoredPath::Bytes(_) => Err(corrupt("a byte path on this platform")),
        }
    }
}

#[derive(Serialize, Deserialize)]
enum StoredOrigin {
    Bundled(String),
    File(StoredPath),
}

/// A bundled file's name as the binary's own `'static` string.
fn bundled_name(name: &str) -> Result<&'static str, Rejected> {
    BUNDLED
        .iter()
        .map(|(bundled, _)| *bundled)
        .find(|bundled| *bundled == name)
        .ok_or_else(|| corrupt("names a bundled profile this affex does not have"))
}

impl StoredOrigin {
    fn from_origin(origin: &Origin) -> Option<Self> {
        Some(match origin {
            Origin::Bundled(name) => StoredOrigin::Bundled((*name).to_string()),
            Origin::File(path) => StoredOrigin::File(StoredPath::from_path(path)?),
        })
    }

    fn into_origin(self) -> Result<Origin, Rejected> {
        match self {
            StoredOrigin::Bundled(name) => bundled_name(&name).map(Origin::Bundled),
            StoredOrigin::File(path) => path.into_path().map(Origin::File),
        }
    }
}

/// A [`Problem`], field for field.
#[derive(Serialize, Deserialize)]
struct StoredProblem {
    severity: u8,
    path: Option<StoredPath>,
    bundled: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    field: Option<String>,
    message: String,
    excerpt: Option<String>,
    underline: Option<(usize, usize)>,
    hidden: Option<[usize; 3]>,
    refused_catalog: bool,
}

impl StoredProblem {
    fn from_problem(p: &Problem) -> Option<Self> {
        Some(StoredProblem {
            severity: match p.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            },
            path: match &p.path {
                Some(path) => Some(StoredPath::from_path(path)?),
                None => None,
            },
            bundled: p.bundled.map(str::to_string),
            line: p.line,
            column: p.column,
            field: p.field.clone(),
            message: p.message.clone(),
            excerpt: p.excerpt.clone(),
            underline: p.underline.clone().map(|r| (r.start, r.end)),
            hidden: p.hidden.map(|h| [h.errors, h.warnings, h.infos]),
            refused_catalog: p.refused_catalog,
        })
    }

    fn into_problem(self) -> Result<Problem, Rejected> {
        // Problems were sanitized when found; text that is not clean did not come from affex.
        let texts = [&self.field, &self.excerpt].into_iter().flatten();
        if !texts
            .chain([&self.message])
            .all(|t| is_clean(&t.replace('\n', "")))
        {
            return Err(corrupt("a problem's text holds control characters"));
        }
        Ok(Problem {
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                2 => Severity::Info,
                _ => return Err(corrupt("an unknown severity")),
            },
            path: self.path.map(StoredPath::into_path).transpose()?,
            bundled: self.bundled.as_deref().map(bundled_name).transpose()?,
            line: self.line,
            column: self.column,
            field: self.field,
            message: self.message,
            excerpt: self.excerpt,
            underline: self.underline.map(|(start, end)| start..end),
            hidden: self.hidden.map(|[errors, warnings, infos]| Hidden {
                errors,
                warnings,
                infos,
            }),
            refused_catalog: self.refused_catalog,
        })
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::test_files::FIXTURES;
    use crate::catalog::{LoadOptions, load, validate};

    /// Bundled profiles, every valid fixture, and the invalid ones with their problems.
    fn rich_catalog() -> Catalog {
        let mut catalog = load(&LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![std::path::Path::new(FIXTURES).join("valid")],
        });
        let invalid = validate(&[std::path::Path::new(FIXTURES).join("invalid")]);
        catalog.problems.extend(invalid.problems);
        catalog
    }

    #[test]
    fn a_catalog_comes_back_exactly() {
        let catalog = rich_catalog();
        assert!(catalog.profiles.len() > 6 && !catalog.problems.is_empty());
        assert!(catalog.problems.iter().any(|p| p.underline.is_some()));
        let bytes = encode(&catalog, 7).expect("encodes");
        assert_eq!(decode(bytes.clone(), 7), Ok(catalog));
    }

    #[test]
    fn another_key_version_or_format_is_rejected() {
        let bytes = encode(&rich_catalog(), 7).expect("encodes");
        assert_eq!(decode(bytes.clone(), 8), Err(Rejected::Stale));
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert_eq!(decode(other.clone(), 7), Err(Rejected::OtherVersion));
        let mut other = bytes.clone();
        other[13] ^= 1;
        assert_eq!(decode(other.clone(), 7), Err(Rejected::OtherVersion));
    }

    #[test]
    fn damaged_bytes_are_corrupt_never_a_panic() {
        let bytes = encode(&rich_catalog(), 7).expect("encodes");
        for len in [0, 3, 8, 20, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                matches!(decode(bytes[..len].to_vec(), 7), Err(Rejected::Corrupt(_))),
                "cut at {len}"
            );
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert_eq!(decode(flipped, 7), Err(corrupt("checksum mismatch")));
        let mut state = 1u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                (state >> 33) as u8
            })
            .collect();
        assert!(matches!(decode(random, 7), Err(Rejected::Corrupt(_))));
    }

    /// A payload with a correct checksum whose frames lie about their lengths: what a hostile
    /// file, not a damaged one, looks like.
    #[test]
    fn hostile_lengths_inside_a_valid_checksum_are_rejected() {
        let bytes = encode(&rich_catalog(), 7).expect("encodes");
        let start = 8 + 4 + 1 + env!("CARGO_PKG_VERSION").len() + 16 + 8 + 16;
        let rebuilt = |payload: Vec<u8>| {
            let mut out = bytes[..start - 24].to_vec();
            out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
            out.extend_from_slice(&xxh3_128(&payload).to_le_bytes());
            out.extend_from_slice(&payload);
            out
        };
        assert_eq!(
            decode(rebuilt(bytes[start..].to_vec()), 7).map(|_| ()),
            Ok(())
        );
        let mut huge_count = bytes[start..].to_vec();
        huge_count[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            decode(rebuilt(huge_count), 7),
            Err(Rejected::Corrupt(_))
        ));
        let mut huge_frame = bytes[start..].to_vec();
        huge_frame[4..12].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            decode(rebuilt(huge_frame), 7),
            Err(Rejected::Corrupt(_))
        ));
        // A MessagePack array that declares four billion programs in a few bytes.
        let lying = {
            let mut frame = bytes[start + 4..].to_vec();
            let meta_len = u64::from_le_bytes(frame[..8].try_into().unwrap()) as usize;
            let mut payload = 2u32.to_le_bytes().to_vec();
            payload.extend_from_slice(&frame[..8 + meta_len]);
            let chunk = [0xdd, 0xff, 0xff, 0xff, 0xff, 0x80];
            payload.extend_from_slice(&(chunk.len() as u64).to_le_bytes());
            payload.extend_from_slice(&chunk);
            frame.clear();
            payload
        };
        assert!(matches!(
            decode(rebuilt(lying), 7),
            Err(Rejected::Corrupt(_))
        ));
    }
}
