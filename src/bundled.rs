//! The profiles shipped inside the binary, so affex shows programs before the user writes any.

/// Every bundled profile as (file name, TOML source), in file-name order. User profiles with the
/// same `id` override these (see `assets/profiles/FORMAT.md`).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "alibaba.toml",
        include_str!("../assets/profiles/alibaba.toml"),
    ),
    (
        "aliexpress.toml",
        include_str!("../assets/profiles/aliexpress.toml"),
    ),
    (
        "amazon-associates.toml",
        include_str!("../assets/profiles/amazon-associates.toml"),
    ),
    (
        "banggood.toml",
        include_str!("../assets/profiles/banggood.toml"),
    ),
    (
        "dhgate.toml",
        include_str!("../assets/profiles/dhgate.toml"),
    ),
    ("temu.toml", include_str!("../assets/profiles/temu.toml")),
];

/// The ids of the bundled profiles (each file is named after its profile's id; a test checks).
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUNDLED
        .iter()
        .filter_map(|(name, _)| name.strip_suffix(".toml"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::BUNDLED;
    use crate::model::{NoteKind, Profile};

    fn parse(name: &str, src: &str) -> Profile {
        toml::from_str(src).unwrap_or_else(|e| panic!("{name} does not parse: {e}"))
    }

    fn all() -> Vec<Profile> {
        BUNDLED.iter().map(|(name, src)| parse(name, src)).collect()
    }

    fn get(id: &str) -> Profile {
        all()
            .into_iter()
            .find(|p| p.id.as_str() == id)
            .unwrap_or_else(|| panic!("no bundled profile {id}"))
    }

    #[test]
    fn every_file_parses() {
        assert_eq!(all().len(), 6);
    }

    #[test]
    fn no_unknown_keys() {
        for (name, src) in BUNDLED {
            let mut ignored = Vec::new();
            let de = toml::Deserializer::parse(src).expect("valid TOML");
            let _: Profile = serde_ignored::deserialize(de, |path| ignored.push(path.to_string()))
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            assert!(ignored.is_empty(), "{name} has unknown keys: {ignored:?}");
        }
    }

    #[test]
    fn ids_are_unique_and_match_file_stems() {
        let mut seen = BTreeSet::new();
        for (name, src) in BUNDLED {
            let p = parse(name, src);
            let stem = name.strip_suffix(".toml").expect("a .toml file");
            assert_eq!(p.id.as_str(), stem, "{name}: id and file name differ");
            assert!(seen.insert(stem), "{name}: id used twice");
        }
    }

    #[test]
    fn alternatives_are_bundled() {
        let profiles = all();
        let ids: BTreeSet<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        for p in &profiles {
            for alt in &p.alternatives {
                assert!(
                    ids.contains(alt.as_str()),
                    "{}: unknown alternative {alt}",
                    p.id
                );
                assert_ne!(alt, &p.id, "{} lists itself", p.id);
            }
        }
    }

    #[test]
    fn every_note_names_a_source_and_every_source_is_a_seed() {
        for p in all() {
            assert!(!p.sources.is_empty(), "{}: no sources", p.id);
            for s in &p.sources {
                assert!(s.title.is_some(), "{}: {} has no title", p.id, s.file);
            }
            for note in &p.notes {
                assert!(
                    !note.sources.is_empty(),
                    "{}: note on {} has no source",
                    p.id,
                    note.field
                );
                for s in &note.sources {
                    assert!(
                        p.sources.iter().any(|src| src.file == *s),
                        "{}: note cites {s}, not in sources",
                        p.id
                    );
                }
                if note.kind == NoteKind::Contradiction {
                    assert!(
                        note.other_value.is_some(),
                        "{}: {} lacks other_value",
                        p.id,
                        note.field
                    );
                }
            }
        }
    }

    #[test]
    fn aliexpress_facts() {
        let p = get("aliexpress");
        assert_eq!(p.cookie.days.map(|d| d.get()), Some(3));
        assert_eq!(p.commission.rate.min.map(|v| v.get()), Some(3.0));
        assert_eq!(p.commission.rate.max.map(|v| v.get()), Some(9.0));
        assert_eq!(p.payout.minimum.min.map(|v| v.get()), Some(16.0));
        assert_eq!(
            p.payout.minimum.currency.as_ref().map(|c| c.as_str()),
            Some("USD")
        );
        let delay = p.payout.delay.expect("a delay");
        assert_eq!(delay.days.get(), 60);
        assert_eq!(delay.kind, Some(crate::model::DelayKind::Lock));
        assert!(p.is_contradicted("market.conversion"));
    }

    #[test]
    fn alibaba_facts() {
        let p = get("alibaba");
        assert_eq!(p.commission.rate.min, None);
        assert_eq!(p.commission.rate.max.map(|v| v.get()), Some(15.0));
        assert_eq!(p.cookie.days.map(|d| d.get()), Some(15));
        assert!(p.is_contradicted("cookie.days"));
        assert_eq!(p.payout.fee.min.map(|v| v.get()), Some(15.0));
        assert_eq!(
            p.payout.fee.currency, None,
            "the seed gives the fee no currency"
        );
        assert_eq!(
            p.program.portal.as_ref().map(|s| s.as_str()),
            Some("ads.alibaba.com")
        );
        assert_eq!(p.website, None, "the seed gives no website");
    }

    #[test]
    fn amazon_facts() {
        let p = get("amazon-associates");
        assert!(p.is_contradicted("market.conversion"));
        assert!(p.is_contradicted("payout.frequency"));
        assert!(p.is_contradicted("market.average_order"));
    }

    #[test]
    fn table_only_programs_state_nothing_unseeded() {
        for id in ["temu", "banggood"] {
            let p = get(id);
            assert!(
                p.focus.is_empty() && p.niches.is_empty(),
                "{id}: unseeded focus or niches"
            );
            assert!(
                p.website.is_none() && p.audiences.is_empty(),
                "{id}: unseeded facts"
            );
        }
        let banggood = get("banggood");
        assert_eq!(banggood.commission.rate.max.map(|v| v.get()), Some(12.0));
        assert!(banggood.commission.rate.open_top, "12%+ has an open top");
    }

    /// Every TOML example in FORMAT.md parses with no unknown keys: fragments with an `id` and
    /// `name` added, catalog examples entry by entry.
    #[test]
    fn format_md_examples_parse() {
        let doc = include_str!("../assets/profiles/FORMAT.md");
        let blocks: Vec<&str> = doc
            .split("```toml\n")
            .skip(1)
            .map(|rest| rest.split("```").next().expect("closed block"))
            .collect();
        assert!(blocks.len() >= 10, "found {} examples", blocks.len());
        let check = |what: &str, src: &str| {
            let mut ignored = Vec::new();
            let de = toml::Deserializer::parse(src).unwrap_or_else(|e| panic!("{what}: {e}"));
            let _: Profile = serde_ignored::deserialize(de, |path| ignored.push(path.to_string()))
                .unwrap_or_else(|e| panic!("{what}: {e}\n{src}"));
            assert!(ignored.is_empty(), "{what}: unknown keys {ignored:?}");
        };
        for block in blocks {
            if block.contains("[[program]]") {
                let table: toml::Table = toml::from_str(block).expect("catalog example is TOML");
                let entries = table["program"].as_array().expect("an array of programs");
                assert!(entries.len() >= 2);
                for entry in entries {
                    check(
                        "catalog entry",
                        &toml::to_string(entry).expect("re-encodes"),
                    );
                }
            } else if block.lines().any(|l| l.starts_with("id = ")) {
                check("example", block);
            } else {
                check("fragment", &format!("id = \"x\"\nname = \"X\"\n{block}"));
            }
        }
    }

    #[test]
    fn json_round_trips() {
        // Each bundled profile survives JSON output and back unchanged.
        for p in all() {
            let json = serde_json::to_string(&p).expect("serializes");
            let back: Profile = serde_json::from_str(&json).expect("parses back");
            assert_eq!(back, p);
        }
    }
}
