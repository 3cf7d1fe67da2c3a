use super::*;
use crate::action::Command;
use crate::keymap::{Key, Keymap, Mode};

fn problems(text: &str) -> Vec<String> {
    let loaded = parse(text, "config.toml");
    if !loaded.problems.is_empty() {
        assert_eq!(
            loaded.config,
            Config::default(),
            "a problem means the defaults"
        );
    }
    loaded.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn a_good_file_sets_the_theme_and_rebinds_keys() {
    let text = "theme = \"light\"\n\n[keys.list]\ntoggle-grid = \"x\"\nquit = [\"Q\", \"Ctrl-c\"]\n\n[me]\nclicks = 100\n";
    let loaded = parse(text, "config.toml");
    assert_eq!(loaded.problems, Vec::new());
    assert_eq!(loaded.config.theme, ThemeChoice::Light);
    let map = &loaded.config.keymap;
    assert_eq!(
        map.keys_for(Mode::List, Command::ToggleGrid),
        vec![Key::Char('x')]
    );
    assert_eq!(
        map.keys_for(Mode::List, Command::Quit),
        vec![Key::Char('Q'), Key::Ctrl('c')]
    );
    // The detail pane keeps its own `c`.
    assert_eq!(
        map.keys_for(Mode::Detail, Command::ToggleGrid),
        vec![Key::Char('c')]
    );
}

#[test]
fn an_empty_or_missing_file_is_the_defaults() {
    assert_eq!(parse("", "config.toml"), LoadedConfig::default());
    let dir = tempfile::tempdir().expect("a temp dir");
    assert_eq!(
        read(&dir.path().join("config.toml")),
        LoadedConfig::default()
    );
}

#[test]
fn swapping_two_keys_is_no_clash() {
    let loaded = parse(
        "[keys.list]\ntoggle-grid = \"s\"\nsort-list = \"c\"\n",
        "config.toml",
    );
    assert_eq!(loaded.problems, Vec::new());
    assert_eq!(
        loaded.config.keymap.action(Mode::List, Key::Char('s')),
        Some(Command::ToggleGrid.into())
    );
}

#[test]
fn an_unknown_command_names_its_line_and_column_and_the_likely_one() {
    assert_eq!(
        problems("theme = \"dark\"\n[keys.list]\n  compare = \"x\"\n"),
        vec![
            "config.toml:3:3: [keys.list] compare: unknown command; did you mean `toggle-grid`? \
             (`affex config --print-default` lists every command)"
        ]
    );
    let got = problems("[keys.grid]\nsort-by-rwo = \"x\"\n");
    assert!(
        got[0].starts_with(
            "config.toml:2:1: [keys.grid] sort-by-rwo: unknown command; did you mean `sort-by-row`?"
        ),
        "{got:?}"
    );
}

#[test]
fn an_unknown_key_name_points_at_the_key() {
    let got = problems("[keys.list]\ndown = [\"j\", \"Hyper-j\"]\n");
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("config.toml:2:14: [keys.list] down: unknown key \"Hyper-j\"; expected a single character"),
        "{got:?}"
    );
}

#[test]
fn a_key_bound_twice_in_one_mode_names_both_commands() {
    // Against a default binding: `j` moves down in the list.
    let got = problems("[keys.list]\ntoggle-grid = \"j\"\n");
    assert_eq!(
        got,
        vec![
            "config.toml:2:15: [keys.list]: \"j\" is bound twice, to down and to toggle-grid; \
             give one of them another key"
        ]
    );
    // Twice in the file: the later line is named.
    let got = problems("[keys.grid]\nsort-by-row = \"x\"\ntoggle-same-rows = \"x\"\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("config.toml:3:20: [keys.grid]: \"x\" is bound twice"),
        "{got:?}"
    );
    // The same key in two modes is fine.
    assert_eq!(
        problems("[keys.list]\ntoggle-grid = \"x\"\n[keys.grid]\nsort-by-row = \"x\"\n"),
        Vec::<String>::new()
    );
}

#[test]
fn other_mistakes_are_named_too() {
    let cases: [(&str, &str); 7] = [
        (
            "theme = \"blue\"\n",
            "config.toml:1:9: theme: expected one of \"auto\", \"dark\", \"light\", \"no-colour\"; found \"blue\"",
        ),
        (
            "them = \"dark\"\n",
            "config.toml:1:1: unknown key `them`; did you mean `theme`?",
        ),
        (
            "[keys.lst]\nquit = \"q\"\n",
            "config.toml:1:7: [keys.lst]: unknown mode; did you mean `list`?",
        ),
        (
            "[keys.list]\nquit = 3\n",
            "config.toml:2:8: [keys.list] quit: expected a key name or a list of key names; found 3",
        ),
        (
            "[keys.list]\nquit = []\n",
            "config.toml:2:8: [keys.list] quit: expected a key name or a list of key names; found an empty list",
        ),
        (
            "[keys.search]\ntoggle-grid = \"x\"\n",
            "config.toml:2:1: [keys.search] toggle-grid: does nothing here (the commands of search: quit,",
        ),
        ("theme = \n", "config.toml:1:9: not valid TOML"),
    ];
    for (text, start) in cases {
        let got = problems(text);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert!(got[0].starts_with(start), "{text:?}:\n{}\n{start}", got[0]);
    }
}

#[test]
fn the_me_table_is_left_to_about_me_and_still_read() {
    let text = "theme = \"dark\"\n[me]\nclicks = 100\n";
    assert_eq!(parse(text, "config.toml").problems, Vec::new());
    assert_eq!(about_me::parse(text, "config.toml").me.clicks, Some(100));
}

#[test]
fn the_printed_default_reads_back_as_the_defaults() {
    let text = crate::settings::default_config::text();
    let loaded = parse(&text, "default");
    assert_eq!(loaded.problems, Vec::new());
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.config.keymap, Keymap::standard());
    let me = about_me::parse(&text, "default");
    assert_eq!(me, about_me::Loaded::default());
    for command in Command::ALL {
        assert!(text.contains(command.description()), "{command:?}");
        assert!(
            text.contains(&format!("\n{} = ", command_name(command))),
            "{command:?}"
        );
    }
    for field in crate::decide::me::MeField::ALL {
        assert!(text.contains(&format!("# {} = ", field.key())), "{field:?}");
    }
    // Uncommenting the about-me lines gives valid values.
    let uncommented: String = text
        .lines()
        .map(|l| {
            let bare = l.trim_start_matches("# ");
            if crate::decide::me::MeField::ALL
                .iter()
                .any(|f| bare.starts_with(&format!("{} = ", f.key())))
            {
                bare
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let me = about_me::parse(&uncommented, "default");
    assert_eq!(me.problems, Vec::new());
    assert_eq!(me.me.clicks, Some(2000));
}

#[test]
fn a_changed_default_file_rebinds_only_what_changed() {
    let text = crate::settings::default_config::text().replacen(
        "toggle-grid = \"c\"",
        "toggle-grid = \"x\"",
        1,
    );
    let loaded = parse(&text, "default");
    assert_eq!(loaded.problems, Vec::new());
    assert_eq!(
        loaded
            .config
            .keymap
            .keys_for(Mode::List, Command::ToggleGrid),
        vec![Key::Char('x')]
    );
    assert_eq!(
        loaded
            .config
            .keymap
            .keys_for(Mode::Detail, Command::ToggleGrid),
        vec![Key::Char('c')]
    );
}
