//! The about-me form: each field of "about me" with its text, the selected one marked and
//! its accepted values under it, and the check's words when a save was refused.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::app::App;
use crate::decide::me::{Channel, MeField};
use crate::sanitize;
use crate::text_width as text;

/// The widest the form gets.
pub const WIDTH: u16 = 80;

/// The form's title.
pub const TITLE: &str = "About me";

/// The words a field is shown with.
pub fn label(field: MeField) -> &'static str {
    match field {
        MeField::Channels => "Channels",
        MeField::Countries => "Countries",
        MeField::Niches => "Niches",
        MeField::Clicks => "Monthly clicks",
        MeField::Conversion => "Conversion %",
        MeField::Order => "Average order",
    }
}

/// What a field takes, said under it while it is selected.
fn accepts(field: MeField) -> String {
    match field {
        MeField::Channels => format!(
            "Where you send traffic from, separated by commas: {}.",
            Channel::ALL.map(Channel::name).join(", ")
        ),
        MeField::Countries => {
            "Where your audience lives: ISO country codes separated by commas (IN, US, GB…)."
                .to_string()
        }
        MeField::Niches => {
            "What you make content about, in your words, separated by commas.".to_string()
        }
        MeField::Clicks => {
            "The clicks you can send a program in a month: a whole number.".to_string()
        }
        MeField::Conversion => {
            "Your own conversion rate in percent, from a dashboard; empty uses each profile's."
                .to_string()
        }
        MeField::Order => {
            "Your own average order, in each program's currency; empty uses each profile's."
                .to_string()
        }
    }
}

/// Every line of the form at `width` columns.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let Some(form) = app.form() else {
        return Vec::new();
    };
    let mut out = Styled::plain(
        "Tell affex about yourself; every field may stay empty. Saved in config.toml ([me]).",
        t.dim,
    )
    .wrap(width);
    out.push(Line::default());
    let label_cols = MeField::ALL
        .iter()
        .map(|f| text::width(label(*f)))
        .max()
        .unwrap_or(0)
        + 1;
    for (i, field) in MeField::ALL.iter().enumerate() {
        let chosen = i == form.selected;
        let mut line = Styled::new();
        line.push(if chosen { "▸ " } else { "  " }, t.key);
        line.push(&text::pad(label(*field), label_cols), t.label);
        let value = form.texts.get(i).map_or("", String::as_str);
        let value = sanitize::visible(value);
        if chosen {
            line.push(&value, t.selected);
            line.push("_", t.selected);
        } else if value.is_empty() {
            line.push("not set", t.dim);
        } else {
            line.push(&value, Style::new());
        }
        out.push(line.cut(width));
    }
    out.push(Line::default());
    if let Some(error) = &form.error {
        let mut refusal = Styled::plain("Not saved: ", t.warning);
        refusal.push(&sanitize::visible(error), t.warning);
        out.extend(refusal.wrap(width));
    }
    out.extend(Styled::plain(&accepts(form.field()), t.dim).wrap(width));
    out
}

/// Draws the form over `area`.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App) {
    super::draw_popup(buf, area, app, (TITLE, WIDTH), |w| lines(app, w), 0);
}
