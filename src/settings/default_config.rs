//! The text `affex config --print-default` prints: the whole default `config.toml` with a
//! comment on every setting, built from the key table, the commands' descriptions and the
//! themes, so it cannot drift from what affex does. It reads back as the defaults (tested).

use std::fmt::Write as _;

use crate::decide::me::MeField;
use crate::keymap::{Keymap, Mode};
use crate::settings::about_me;
use crate::settings::config_file::{KEYS, THEME, command_name};
use crate::settings::key_names::KEY_NAMES_HELP;
use crate::theme::ThemeChoice;

/// An example value and a comment for each "about me" field (shown commented out).
fn me_example(field: MeField) -> (&'static str, &'static str) {
    match field {
        MeField::Channels => (
            "[\"youtube\", \"blog\"]",
            "where you promote: blog, website, youtube, tiktok, instagram, pinterest, facebook, \
livestream, email, coupon, cashback, price-comparison",
        ),
        MeField::Countries => (
            "[\"IN\", \"US\"]",
            "your audience's countries, ISO 3166 two-letter codes",
        ),
        MeField::Niches => ("[\"fishing\"]", "the niches you write or film about"),
        MeField::Clicks => ("2000", "clicks you can send a program in a month"),
        MeField::Conversion => (
            "1.5",
            "your own conversion rate in percent, instead of each profile's",
        ),
        MeField::Order => (
            "40",
            "your own average order, in each program's currency, instead of each profile's",
        ),
    }
}

/// Writes `text` as `#` comment lines of at most 92 columns, broken between words.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > 92 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// The default config file, with comments.
pub fn text() -> String {
    let keymap = Keymap::standard();
    let mut out = String::new();
    out.push_str(
        "# affex configuration (`affex config --path` prints where it lives).\n\
         # Every setting below is the default; change the ones you want and delete the rest.\n\
         # A mistake (unknown command or key, a key bound twice in one mode) is reported with\n\
         # its line, and affex then starts with the defaults and says so.\n\n",
    );
    let choices = ThemeChoice::ALL
        .map(|c| format!("\"{}\"", c.name()))
        .join(", ");
    let _ = writeln!(
        out,
        "# The colours: {choices}.\n\
         # auto asks the terminal for its background and picks light or dark (dark when it does\n\
         # not answer within 100 ms). NO_COLOR and --color never always mean no colour;\n\
         # --theme overrides this line for one run.\n\
         {THEME} = \"{}\"\n",
        ThemeChoice::default().name()
    );
    comment(
        &mut out,
        &format!(
            "Key bindings, one table per mode. Each line binds a command to a key or a list of \
             keys; the keys you give become the command's only keys in that mode. Key names: \
             {KEY_NAMES_HELP}."
        ),
    );
    for mode in Mode::ALL {
        let _ = writeln!(out, "\n# {}", mode.title());
        let _ = writeln!(out, "[{KEYS}.{}]", mode.config_name());
        for command in keymap.commands_in(mode) {
            let keys: Vec<String> = keymap
                .keys_for(mode, command)
                .into_iter()
                .map(|k| toml_edit::Value::from(k.config_name()).to_string())
                .collect();
            let value = match keys.as_slice() {
                [one] => one.clone(),
                _ => format!("[{}]", keys.join(", ")),
            };
            let _ = writeln!(out, "# {}", command.description());
            let _ = writeln!(out, "{} = {value}", command_name(command));
        }
    }
    let _ = writeln!(
        out,
        "\n# About me: what `affex estimate`, `list --for-me` and the comparison's earnings rows\n\
         # use. Nothing is set by default; uncomment a line to set it.\n\
         [{}]",
        about_me::TABLE
    );
    for field in MeField::ALL {
        let (example, comment_text) = me_example(field);
        comment(&mut out, comment_text);
        let _ = writeln!(out, "# {} = {example}", field.key());
    }
    out
}
