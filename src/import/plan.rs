//! From records to profile files: ids, the merge into what is already there, and the writes.
//!
//! Re-importing keeps the user's hand edits. Beside the profiles, in the hidden directory
//! [`MEMORY_DIR`] (which the catalog never reads), affex keeps what each network last gave for
//! each profile: one file per network (`NETWORK.json`), an object with one object per profile
//! id (field path → value as the profile's TOML holds it), read once and written once an
//! import. A field whose value in the profile is still what that
//! network last gave is updated; one the user changed is left alone (and said so); one that
//! another network gave, and this one gives differently, is kept and the disagreement
//! becomes a contradiction note, as the bundled profiles record sources that disagree.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize as _;
use serde_json::value::RawValue;
use toml::{Table, Value};

use super::Format;
use super::ids;
use super::record::{ImportProblem, Record, problem};
use crate::model::{ImportDate, Profile, ProgramId};
use crate::store::{self, StoreError};

/// The hidden directory beside the profiles that holds what each network last gave.
pub const MEMORY_DIR: &str = ".affex-imported";

/// A network's memory in [`MEMORY_DIR`] is `NETWORK.json`.
const MEMORY_SUFFIX: &str = ".json";

/// What an import does to one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new profile file.
    New,
    /// An existing profile with changed fields.
    Updated,
    /// Nothing to change.
    Unchanged,
}

/// One profile's change, ready to write.
#[derive(Debug, Clone)]
pub struct Change {
    /// The program's id (its file is `ID.toml`).
    pub id: String,
    /// The program's name.
    pub name: String,
    /// The program's id at the network, when it has one.
    pub network_id: Option<String>,
    /// New, updated or unchanged.
    pub outcome: Outcome,
    /// The profile file's new text (empty when unchanged: nothing is written).
    pub contents: String,
    /// The profile file.
    pub path: PathBuf,
    /// The fields this import set or removed.
    pub changed: Vec<String>,
    /// The fields the user edited by hand, kept.
    pub kept: Vec<String>,
    /// The fields another network gave a different value for (kept, with a note).
    pub disagreements: Vec<String>,
}

/// Every change an import makes, and the problems found making them.
#[derive(Debug, Default)]
pub struct Plan {
    /// One per program, in id order.
    pub changes: Vec<Change>,
    /// Problems merging (an existing file that is not a profile, say).
    pub problems: Vec<ImportProblem>,
    /// What this network gave for each profile of this import, to merge into
    /// `MEMORY_DIR/NETWORK.json`, when it changed.
    memory: Option<MemoryUpdate>,
}

impl Plan {
    /// How many changes have `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.changes.iter().filter(|c| c.outcome == outcome).count()
    }
    /// True when [`Plan::write`] has anything to write (a profile, or what the network gave).
    pub fn writes(&self) -> bool {
        self.memory.is_some() || self.changes.iter().any(|c| c.outcome != Outcome::Unchanged)
    }
    /// Writes every new and updated profile, then what the network gave, each through the
    /// atomic writer. The memory goes last: a crash between the two leaves profiles that hold
    /// the new values and a memory of the old ones, which the next import of the same data
    /// mends (a field equal to what the network gives is never taken for a hand edit).
    pub fn write(&self) -> Result<(), StoreError> {
        let files: Vec<(&Path, &[u8])> = self
            .changes
            .iter()
            .filter(|c| c.outcome != Outcome::Unchanged)
            .map(|c| (c.path.as_path(), c.contents.as_bytes()))
            .collect();
        store::save_all_atomically(&files)?;
        match &self.memory {
            Some(update) => update.write(),
            None => Ok(()),
        }
    }
}

/// This import's entries of a network's memory file, merged into the file as it is when
/// written, under the store's lock: two imports of one network into one directory at once
/// each keep the other's programs (writing the whole memory read at the start would lose
/// them).
#[derive(Debug)]
struct MemoryUpdate {
    /// `MEMORY_DIR/NETWORK.json`.
    path: PathBuf,
    /// Profile id → what the network gave for it, in this import, as the JSON the file
    /// holds (made on all cores while merging: made here, under the lock, it took 0.14 s of
    /// an import of 20,000 programmes).
    entries: Vec<(String, Box<RawValue>)>,
}

impl MemoryUpdate {
    fn write(&self) -> Result<(), StoreError> {
        store::update_atomically(&self.path, |old| {
            // A memory that cannot be read was already ignored when planning; it is replaced.
            // The other entries stay the JSON text they were, unparsed.
            let mut memory = old
                .and_then(|bytes| serde_json::from_slice::<Memory>(bytes).ok())
                .unwrap_or_default();
            for (id, raw) in &self.entries {
                memory.insert(id.clone(), raw.clone());
            }
            serde_json::to_vec(&memory).unwrap_or_default()
        })
    }
}

/// What a network's record names a program's source: `awin:1001`, `csv:programs.csv`.
fn source_file(format: Format, file: &Path, r: &Record) -> String {
    match &r.network_id {
        Some(id) => format!("{}:{id}", format.word()),
        None => format!(
            "{}:{}",
            format.word(),
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    }
}

/// The value at a dotted `path` of `table`.
fn get_path<'a>(table: &'a Table, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut at = table.get(first)?;
    for part in parts {
        at = at.as_table()?.get(part)?;
    }
    Some(at)
}

/// Sets the value at a dotted `path` of `table`, making the tables on the way.
fn set_path(table: &mut Table, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            table.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = table
                .entry(head.to_string())
                .or_insert_with(|| Value::Table(Table::new()));
            if !entry.is_table() {
                *entry = Value::Table(Table::new());
            }
            if let Value::Table(inner) = entry {
                set_path(inner, rest, value);
            }
        }
    }
}

/// Removes the value at a dotted `path`, and tables it leaves empty.
fn remove_path(table: &mut Table, path: &str) {
    match path.split_once('.') {
        None => {
            table.remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Table(inner)) = table.get_mut(head) {
                remove_path(inner, rest);
                if inner.is_empty() {
                    table.remove(head);
                }
            }
        }
    }
}

/// A field's value as a person reads it ("2–4%"), through the field table; the TOML itself
/// when the field cannot read it.
fn value_words(path: &str, value: &Value) -> String {
    let mut t = Table::new();
    t.insert("id".into(), Value::String("x".into()));
    t.insert("name".into(), Value::String("x".into()));
    set_path(&mut t, path, value.clone());
    let profile: Option<Profile> = toml::to_string(&t)
        .ok()
        .and_then(|s| toml::from_str(&s).ok());
    profile
        .and_then(|p| crate::model::fields::by_path(path).and_then(|f| (f.text)(&p)))
        .unwrap_or_else(|| crate::sanitize::sanitize_line(&value.to_string()))
}

/// The network ids in an order that puts `2` before `10`.
fn id_order(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<u64>().ok());
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(&b),
    }
}

/// The `[[imports]]` entry of `network` in `doc`, if any.
fn import_entry<'a>(doc: &'a Table, network: &str) -> Option<&'a Table> {
    doc.get("imports")?
        .as_array()?
        .iter()
        .filter_map(Value::as_table)
        .find(|e| e.get("network").and_then(Value::as_str) == Some(network))
}

/// An existing profile file as the ids are given out: its text, parsed again when it is
/// merged (holding 20,000 parsed tables for the whole import took 228 MB), and the program id
/// the importing network's entry in `imports` gives, when it has an entry.
struct OnDisk {
    text: String,
    entry: Option<Option<String>>,
}

/// What reading the file an id would take gave: a profile, none, or why it cannot be merged.
type Read = Result<Option<OnDisk>, String>;

/// An existing profile file, read and checked: `Ok(None)` when there is none.
fn existing(path: &Path, network: &str) -> Read {
    match fs::read_to_string(path) {
        Ok(text) => {
            let doc = parse_existing(&text)?;
            let entry = import_entry(&doc, network).map(|e| {
                e.get("program_id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            Ok(Some(OnDisk { text, entry }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

/// An existing profile's text as a table, refused when it is not one profile.
fn parse_existing(text: &str) -> Result<Table, String> {
    let doc: Table = toml::from_str(text)
        .map_err(|e| format!("not valid TOML ({}); left as it is", e.message()))?;
    if doc.get("program").is_some_and(Value::is_array) {
        return Err("a catalog file (`[[program]]`), not one profile; left as it is".into());
    }
    Ok(doc)
}

/// One network's memory as read: profile id → its entry, kept as the file's JSON text and
/// parsed only for the profiles an import touches (20,000 entries parsed up front took 115 MB
/// at 20,000 programs). Ordered, so the file is written back sorted by id.
type Memory = BTreeMap<String, Box<RawValue>>;

/// Every network's memory in `memory_dir`: network → (profile id → field path → value).
/// `NETWORK.json` holds one object per profile id. JSON, not TOML: the toml crate took
/// seconds to write and read the one file for 20,000 programs, serde_json a few tens of ms.
fn memories(memory_dir: &Path) -> HashMap<String, Memory> {
    let mut out = HashMap::new();
    for entry in fs::read_dir(memory_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(network) = name.strip_suffix(MEMORY_SUFFIX) else {
            continue;
        };
        if network.contains('.') {
            continue;
        }
        let memory = fs::read_to_string(entry.path())
            .ok()
            .and_then(|s| serde_json::from_str::<Memory>(&s).ok())
            .unwrap_or_default();
        out.insert(network.to_string(), memory);
    }
    out
}

/// What `memory` (one network's) remembers for profile `id`: `None` when it has nothing, or
/// the entry is not an object of fields.
fn remembered(memory: Option<&Memory>, id: &str) -> Option<Table> {
    serde_json::from_str::<Table>(memory?.get(id)?.get()).ok()
}

/// The ids of the profile files in `dir` (`ID.toml`), listed once.
fn listed(dir: &Path) -> HashSet<String> {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".toml"))
                .map(str::to_string)
        })
        .collect()
}

/// One record's change and, when it differs from what the network gave last time, what it
/// gives now as its memory's JSON; or why it cannot be merged.
type MergedRecord = Result<(Change, Option<Box<RawValue>>), ImportProblem>;

/// One record with the id it was given.
struct Assigned {
    id: String,
    file: PathBuf,
    record: Record,
}

/// Plans the import of `records` (each with its file) as `format` into `dir`, dated `today`.
///
/// Work is linear in the records and the files: the directory is listed once, each existing
/// profile an id could take is read once (on all cores), what every network last gave is read
/// once, and the records are merged on all cores.
pub fn plan(
    format: Format,
    dir: &Path,
    records: Vec<(PathBuf, Record)>,
    today: ImportDate,
) -> Plan {
    let mut out = Plan::default();
    let memory_dir = dir.join(MEMORY_DIR);
    let network = format.word();
    // Records in the order ids are given out: by the base of their id, then by the network's
    // id, so the program that keeps the plain slug is the same on every import.
    let mut records: Vec<(String, PathBuf, Record)> = records
        .into_iter()
        .map(|(file, r)| {
            let base =
                r.id.clone()
                    .unwrap_or_else(|| ids::slug(r.name.as_deref().unwrap_or_default()));
            (base, file, r)
        })
        .collect();
    records.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id_order(a.2.network_id.as_deref(), b.2.network_id.as_deref()))
    });
    // Every existing profile a record's id could be, read once.
    let on_disk = listed(dir);
    let mut wanted: Vec<String> = records
        .iter()
        .flat_map(|(base, _, r)| {
            let suffixed = ids::with_suffix(base, network, r.network_id.as_deref());
            [(!base.is_empty()).then(|| base.clone()), Some(suffixed)]
        })
        .flatten()
        .filter(|id| on_disk.contains(id))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found: HashMap<String, Read> = wanted
        .into_par_iter()
        .map(|id| {
            let doc = existing(&dir.join(format!("{id}.toml")), network);
            (id, doc)
        })
        .collect();
    let memories = memories(&memory_dir);
    let mut given: HashMap<String, Option<String>> = HashMap::new();
    let mut assigned: Vec<Assigned> = Vec::with_capacity(records.len());
    for (base, file, r) in records {
        let name = r.name.as_deref().unwrap_or_default();
        let taken_here = |id: &str, given: &HashMap<String, Option<String>>| {
            given
                .get(id)
                .is_some_and(|other| other != &r.network_id || r.network_id.is_none())
        };
        // A bundled program's id with no file of that id here: a new profile of that id
        // would replace the bundled one (a user's profile overrides it) with the network's few
        // fields, so the import takes the suffixed id. A copy of the bundled profile in the
        // directory is merged into, like any other file.
        let taken_on_disk = |id: &str| -> bool {
            let Some(Ok(Some(doc))) = found.get(id) else {
                return r.id.is_none() && crate::bundled::ids().any(|b| b == id);
            };
            doc.entry
                .as_ref()
                .is_some_and(|theirs| theirs.as_deref() != r.network_id.as_deref())
        };
        let mut id = if base.is_empty() {
            ids::with_suffix("", network, r.network_id.as_deref())
        } else {
            base.clone()
        };
        if taken_here(&id, &given) || taken_on_disk(&id) {
            id = ids::with_suffix(&base, network, r.network_id.as_deref());
        }
        if ProgramId::parse(&id).is_err() || taken_here(&id, &given) {
            out.problems.push(super::record::skipped(
                &file,
                Some(r.at.clone()),
                format!("no free id for {name:?} (tried {id:?}); skipped"),
            ));
            continue;
        }
        given.insert(id.clone(), r.network_id.clone());
        assigned.push(Assigned {
            id,
            file,
            record: r,
        });
    }
    let mine = memories.get(network);
    // Each record takes its existing profile's text with it, parsed when it is merged and
    // dropped after, so at most a few parsed profiles are held at once.
    let assigned: Vec<(Assigned, Option<Read>)> = assigned
        .into_iter()
        .map(|a| {
            let before = found.remove(&a.id);
            (a, before)
        })
        .collect();
    drop(found);
    let results: Vec<MergedRecord> = assigned
        .into_par_iter()
        .map(|(a, before)| {
            let path = dir.join(format!("{}.toml", a.id));
            let before = match before {
                None | Some(Ok(None)) => None,
                Some(Ok(Some(doc))) => match parse_existing(&doc.text) {
                    Ok(table) => Some(table),
                    Err(message) => return Err(problem(&path, None, message)),
                },
                Some(Err(message)) => return Err(problem(&path, None, message)),
            };
            let others: Vec<Table> = memories
                .iter()
                .filter(|(net, _)| net.as_str() != network)
                .filter_map(|(_, memory)| remembered(Some(memory), &a.id))
                .collect();
            let others: Vec<&Table> = others.iter().collect();
            let source = source_file(format, &a.file, &a.record);
            let last = remembered(mine, &a.id);
            let empty = Table::new();
            let merged = merge(MergeInput {
                format,
                id: &a.id,
                record: &a.record,
                before: before.as_ref(),
                mine: last.as_ref().unwrap_or(&empty),
                others: &others,
                source: &source,
                today,
            })
            .map_err(|message| problem(&a.file, Some(a.record.at.clone()), message))?;
            // Only what differs from what this network last gave is written to its memory.
            // A toml table of strings, numbers, booleans, arrays and tables always serializes.
            let memory = (last.as_ref() != Some(&merged.memory))
                .then(|| serde_json::value::to_raw_value(&merged.memory).ok())
                .flatten();
            Ok((
                Change {
                    id: a.id.clone(),
                    name: a.record.name.clone().unwrap_or_default(),
                    network_id: a.record.network_id.clone(),
                    outcome: merged.outcome,
                    path,
                    changed: merged.changed,
                    kept: merged.kept,
                    disagreements: merged.disagreements,
                    contents: merged.contents,
                },
                memory,
            ))
        })
        .collect();
    // What this network gave, for every profile it gave something: the ids of this import
    // replaced, the others kept (an import of part of a network's programs forgets nothing).
    let mut entries = Vec::new();
    for result in results {
        match result {
            Ok((change, raw)) => {
                if let Some(raw) = raw {
                    entries.push((change.id.clone(), raw));
                }
                out.changes.push(change);
            }
            Err(p) => out.problems.push(p),
        }
    }
    if !entries.is_empty() {
        out.memory = Some(MemoryUpdate {
            path: memory_dir.join(format!("{network}{MEMORY_SUFFIX}")),
            entries,
        });
    }
    out.changes.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

struct MergeInput<'a> {
    format: Format,
    id: &'a str,
    record: &'a Record,
    before: Option<&'a Table>,
    mine: &'a Table,
    others: &'a [&'a Table],
    source: &'a str,
    today: ImportDate,
}

struct Merged {
    outcome: Outcome,
    changed: Vec<String>,
    kept: Vec<String>,
    disagreements: Vec<String>,
    contents: String,
    memory: Table,
}

/// The fields a record gives, `name` first.
fn given_fields(r: &Record) -> Vec<(&'static str, Value)> {
    let mut fields = vec![("name", Value::String(r.name.clone().unwrap_or_default()))];
    fields.extend(r.fields.iter().cloned());
    fields
}

/// Merges one record into the profile `before` (see the module's words on hand edits).
fn merge(m: MergeInput<'_>) -> Result<Merged, String> {
    let network = m.format.word();
    let mut doc = m.before.cloned().unwrap_or_else(|| {
        let mut t = Table::new();
        t.insert("id".into(), Value::String(m.id.to_string()));
        t
    });
    let (mut changed, mut kept, mut disagreements) = (Vec::new(), Vec::new(), Vec::new());
    let mut notes: Vec<(String, String)> = Vec::new();
    let fields = given_fields(m.record);
    for (path, new) in &fields {
        let cur = get_path(&doc, path).cloned();
        if *path == "program.networks" {
            // A union: every network the program is on.
            let mut items: Vec<Value> = cur.and_then(|v| v.as_array().cloned()).unwrap_or_default();
            for item in new.as_array().into_iter().flatten() {
                if !items.contains(item) {
                    items.push(item.clone());
                    changed.push(path.to_string());
                }
            }
            set_path(&mut doc, path, Value::Array(items));
            continue;
        }
        match cur {
            None => {
                set_path(&mut doc, path, new.clone());
                changed.push(path.to_string());
            }
            Some(cur) if &cur == new => {}
            Some(cur) if m.mine.get(*path) == Some(&cur) => {
                set_path(&mut doc, path, new.clone());
                changed.push(path.to_string());
            }
            Some(cur) if m.others.iter().any(|o| o.get(*path) == Some(&cur)) => {
                disagreements.push(path.to_string());
                notes.push((path.to_string(), value_words(path, new)));
            }
            Some(_) => kept.push(path.to_string()),
        }
    }
    // What this network gave last time and no longer gives goes, unless the user changed it.
    for (path, prev) in m.mine {
        if !fields.iter().any(|(p, _)| p == path) && get_path(&doc, path) == Some(prev) {
            remove_path(&mut doc, path);
            changed.push(path.clone());
        }
    }
    set_sources(&mut doc, m.source, m.format, m.record);
    set_notes(&mut doc, m.source, network, &notes);
    let before_date = m
        .before
        .and_then(|b| import_entry(b, network))
        .and_then(|e| e.get("imported"))
        .and_then(Value::as_str)
        .and_then(|d| ImportDate::parse(d).ok());
    set_import(&mut doc, m.format, m.record, before_date.unwrap_or(m.today));
    let mut memory_fields = Table::new();
    for (path, value) in &fields {
        if *path != "program.networks" {
            memory_fields.insert(path.to_string(), value.clone());
        }
    }
    let unchanged = m.before == Some(&doc);
    if !unchanged {
        set_import(&mut doc, m.format, m.record, m.today);
    }
    // An unchanged profile is not written, so it needs no text and no check.
    let contents = if unchanged {
        String::new()
    } else {
        let contents = toml::to_string(&doc).map_err(|e| e.to_string())?;
        // Whatever was merged must load as a profile, or nothing is written. Read from the
        // table itself: parsing the text just written back cost a fifth of an import.
        Profile::deserialize(Value::Table(doc)).map_err(|e| {
            format!(
                "the merged profile would not load ({}); not written",
                e.message()
            )
        })?;
        contents
    };
    changed.sort();
    changed.dedup();
    Ok(Merged {
        outcome: match (m.before, unchanged) {
            (None, _) => Outcome::New,
            (Some(_), true) => Outcome::Unchanged,
            (Some(_), false) => Outcome::Updated,
        },
        changed,
        kept,
        disagreements,
        contents,
        memory: memory_fields,
    })
}

/// Adds the network's source to `sources`, once.
fn set_sources(doc: &mut Table, source: &str, format: Format, r: &Record) {
    let title = match &r.network_id {
        Some(id) => format!("{} programme {id}", format.title()),
        None => format!(
            "{} {}",
            format.title(),
            source.split_once(':').map_or(source, |s| s.1)
        ),
    };
    let sources = doc
        .entry("sources")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = sources {
        let named = |v: &Value| match v {
            Value::String(s) => s == source,
            Value::Table(t) => t.get("file").and_then(Value::as_str) == Some(source),
            _ => false,
        };
        if !items.iter().any(named) {
            let mut t = Table::new();
            t.insert("file".into(), Value::String(source.to_string()));
            t.insert("title".into(), Value::String(title));
            items.push(Value::Table(t));
        }
    }
}

/// Replaces the contradiction notes this network's import made with `notes` (field, the
/// network's value in words).
fn set_notes(doc: &mut Table, source: &str, network: &str, notes: &[(String, String)]) {
    let mine = |v: &Value| {
        v.get("kind").and_then(Value::as_str) == Some("contradiction")
            && v.get("sources")
                .and_then(Value::as_array)
                .is_some_and(|s| s.len() == 1 && s[0].as_str() == Some(source))
    };
    let mut items: Vec<Value> = doc
        .get("notes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items.retain(|v| !mine(v));
    for (field, other) in notes {
        let mut t = Table::new();
        t.insert("field".into(), Value::String(field.clone()));
        t.insert("kind".into(), Value::String("contradiction".into()));
        t.insert(
            "text".into(),
            Value::String(format!("{network} gives a different value.")),
        );
        t.insert("other_value".into(), Value::String(other.clone()));
        t.insert(
            "sources".into(),
            Value::Array(vec![Value::String(source.to_string())]),
        );
        items.push(Value::Table(t));
    }
    if items.is_empty() {
        doc.remove("notes");
    } else {
        doc.insert("notes".into(), Value::Array(items));
    }
}

/// Replaces this network's `[[imports]]` entry.
fn set_import(doc: &mut Table, format: Format, r: &Record, date: ImportDate) {
    let network = format.word();
    let mut entry = Table::new();
    entry.insert("network".into(), Value::String(network.to_string()));
    if let Some(id) = &r.network_id {
        entry.insert("program_id".into(), Value::String(id.clone()));
    }
    entry.insert("imported".into(), Value::String(date.to_string()));
    if let Some(epc) = &r.epc {
        let mut money = Table::new();
        money.insert("min".into(), Value::Float(epc.amount.get()));
        money.insert("max".into(), Value::Float(epc.amount.get()));
        if let Some(c) = &epc.currency {
            money.insert("currency".into(), Value::String(c.as_str().to_string()));
        }
        entry.insert("epc".into(), Value::Table(money));
        entry.insert(
            "epc_per_clicks".into(),
            Value::Integer(i64::from(epc.per_clicks.get())),
        );
        if let Some(w) = &epc.window {
            entry.insert("epc_window".into(), Value::String(w.as_str().to_string()));
        }
    }
    let mut items: Vec<Value> = doc
        .get("imports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    match items
        .iter_mut()
        .find(|v| v.get("network").and_then(Value::as_str) == Some(network))
    {
        Some(slot) => *slot = Value::Table(entry),
        None => items.push(Value::Table(entry)),
    }
    doc.insert("imports".into(), Value::Array(items));
}
