//! The cache's origins section: where each program came from, one entry a program, in a
//! layout read without a serde pass. At 100,000 programs the same paths in MessagePack (each
//! origin a map naming its variant) took 10 ms to decode, the longest part of listing a warm
//! start; this takes a few. Each entry is a tag byte, a little-endian u32 length, then that
//! many bytes:
//! - 0: a bundled profile's file name (one this affex has);
//! - 1: a path that is text;
//! - 2: a path that is not text, as its bytes (Unix only).

use std::path::PathBuf;

use super::codec::{Reader, Rejected, corrupt};
use crate::bundled::BUNDLED;
use crate::catalog::Origin;

const BUNDLED_TAG: u8 = 0;
const TEXT: u8 = 1;
const BYTES: u8 = 2;

/// The section for `origins`: their count, then each entry; `None` when one cannot be stored
/// (a path that is not text on a platform without byte paths, or over 4 GiB).
pub(super) fn encode(origins: &[Origin]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(8 + origins.len() * 48);
    out.extend_from_slice(&(origins.len() as u64).to_le_bytes());
    for origin in origins {
        let (tag, bytes): (u8, &[u8]) = match origin {
            Origin::Bundled(name) => (BUNDLED_TAG, name.as_bytes()),
            Origin::File(path) => match path.to_str() {
                Some(text) => (TEXT, text.as_bytes()),
                None => (BYTES, path_bytes(path)?),
            },
        };
        out.push(tag);
        out.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_le_bytes());
        out.extend_from_slice(bytes);
    }
    Some(out)
}

#[cfg(unix)]
fn path_bytes(path: &std::path::Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(_path: &std::path::Path) -> Option<&[u8]> {
    None
}

/// The origins [`encode`] wrote, each checked: a bundled name this affex has, text that is
/// UTF-8, every length inside the section, nothing after the last.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Origin>, Rejected> {
    let mut reader = Reader(bytes);
    let count = reader.u64()?;
    // Each entry takes at least its tag and length.
    if count > (reader.0.len() / 5) as u64 {
        return Err(corrupt("impossible origin count"));
    }
    let mut origins = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let [tag] = reader.array::<1>()?;
        let len = u32::from_le_bytes(reader.array::<4>()?);
        let text = reader.take(u64::from(len))?;
        origins.push(match tag {
            BUNDLED_TAG => Origin::Bundled(bundled_name(text)?),
            TEXT => {
                let text = std::str::from_utf8(text).map_err(|_| corrupt("a path is not text"))?;
                Origin::File(PathBuf::from(text))
            }
            BYTES => Origin::File(path_from_bytes(text)?),
            _ => return Err(corrupt("an origin of no known kind")),
        });
    }
    if !reader.0.is_empty() {
        return Err(corrupt("bytes after the origins"));
    }
    Ok(origins)
}

/// A bundled file's name as the binary's own `'static` string.
pub(super) fn bundled_name(name: &[u8]) -> Result<&'static str, Rejected> {
    BUNDLED
        .iter()
        .map(|(bundled, _)| *bundled)
        .find(|bundled| bundled.as_bytes() == name)
        .ok_or_else(|| corrupt("names a bundled profile this affex does not have"))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> Result<PathBuf, Rejected> {
    use std::os::unix::ffi::OsStrExt;
    Ok(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(_bytes: &[u8]) -> Result<PathBuf, Rejected> {
    Err(corrupt("a byte path on this platform"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Vec<Origin> {
        let mut origins = vec![
            Origin::Bundled(BUNDLED[0].0),
            Origin::File(PathBuf::from("/home/me/profiles/kite.toml")),
            Origin::File(PathBuf::from("relative/ünïcode ✓.toml")),
            Origin::File(PathBuf::new()),
        ];
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = std::ffi::OsStr::from_bytes(b"/tmp/not-\xff-text.toml");
            origins.push(Origin::File(PathBuf::from(bytes)));
        }
        origins
    }

    #[test]
    fn origins_come_back_exactly() {
        let origins = origins();
        let bytes = encode(&origins).expect("encodes");
        assert_eq!(read(&bytes), Ok(origins));
        assert_eq!(read(&encode(&[]).expect("encodes")), Ok(Vec::new()));
    }

    #[test]
    fn every_cut_flip_and_lie_is_corrupt_never_a_panic() {
        let bytes = encode(&origins()).expect("encodes");
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer).is_err(), "a byte after the last");
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x80;
            // A flip inside a path's text may leave other text (or bytes): never a panic.
            let _ = read(&flipped);
        }
        // A huge count, an unknown tag, a bundled name this affex lacks, text not UTF-8.
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read(&huge).is_err());
        let entry = |tag: u8, text: &[u8]| {
            let mut out = 1u64.to_le_bytes().to_vec();
            out.push(tag);
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text);
            out
        };
        assert!(read(&entry(TEXT, b"ok.toml")).is_ok());
        assert!(read(&entry(7, b"ok.toml")).is_err());
        assert!(read(&entry(BUNDLED_TAG, b"not-bundled.toml")).is_err());
        assert!(read(&entry(TEXT, b"\xff\xfe")).is_err());
        let mut lying = entry(TEXT, b"ok.toml");
        lying[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(&lying).is_err(), "a length past the end");
    }
}
