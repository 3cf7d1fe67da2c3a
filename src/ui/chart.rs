//! The chart: the grid's programs side by side as range bars, one block per measure (monthly
//! earnings, commission, cookie, days to the first payout). Readable without colour: the bar
//! is drawn with characters (`█` the range, `·` the track, `▶` an open top), the value is
//! printed at the bar's end, and an unknown value is written as such. Amounts in different
//! currencies never share an axis: each currency gets its own.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::app::App;
use crate::compare::ROWS;
use crate::decide::Estimate;
use crate::model::fields;
use crate::text_width as text;
use crate::value_text::NOT_STATED;

/// The widest the chart gets.
pub const WIDTH: u16 = 120;

/// The chart's title.
pub const TITLE: &str = "Chart: range bars";

/// The range drawn.
const FULL: &str = "█";
/// The track where the range is not.
const TRACK: &str = "·";
/// The end of a range with an open top.
const OPEN: &str = "▶";

/// One program's bar on one measure.
struct Bar {
    name: String,
    /// Low end, and high end (`None`: open top); `None` altogether: nothing to draw.
    range: Option<(f64, Option<f64>)>,
    /// The value as words, printed after the bar.
    words: String,
    /// The axis it belongs to (a currency, a kind); bars on different axes are never drawn
    /// against each other.
    axis: String,
}

/// The comparison's text for the row of field `key` and the `k`-th compared program.
fn cell_words(app: &App, key: &str, k: usize) -> Option<String> {
    let grid = app.grid()?;
    let row = ROWS.iter().position(|r| r.key == key)?;
    grid.comparison.cells.get(row)?.get(k)?.text.clone()
}

/// The bars of one measure, read from the field table.
fn field_bars(app: &App, key: &str, columns: &[usize]) -> Vec<Bar> {
    let Some(field) = fields::by_key(key) else {
        return Vec::new();
    };
    columns
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| app.profiles().get(i).map(|p| (k, p)))
        .map(|(k, p)| {
            let bounds = (field.bounds)(p).filter(|b| !b.figures.is_empty());
            let range = bounds.as_ref().map(|b| {
                let f = &b.figures;
                let low = f.low.or(f.high).unwrap_or(0.0);
                let high = if f.open_top { None } else { f.high.or(f.low) };
                (low, high)
            });
            Bar {
                name: p.name.as_str().to_string(),
                range,
                words: cell_words(app, key, k).unwrap_or_else(|| NOT_STATED.to_string()),
                axis: bounds.and_then(|b| b.scale).unwrap_or_default(),
            }
        })
        .collect()
}

/// The bars of an estimate's measure.
fn estimate_bars(
    app: &App,
    columns: &[usize],
    pick: impl Fn(&Estimate) -> (Option<(f64, Option<f64>)>, String, String),
) -> Vec<Bar> {
    columns
        .iter()
        .filter_map(|&i| app.profiles().get(i))
        .map(|p| {
            let (range, words, axis) = pick(&Estimate::of(p, app.me()));
            Bar {
                name: p.name.as_str().to_string(),
                range,
                words,
                axis,
            }
        })
        .collect()
}

/// Every line of the chart at `width` columns.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let Some(grid) = app.grid() else {
        return Vec::new();
    };
    let columns = grid.active();
    let mut out = Styled::plain(
        &format!("{FULL} range  {OPEN} open top (at least)  {TRACK} track; values at the ends"),
        t.dim,
    )
    .wrap(width);
    let months = estimate_bars(app, &columns, |e| {
        let earn = &e.earnings;
        match earn.per_month {
            Some(b) => (
                Some((b.low, b.high)),
                earn.text(Some(b)),
                earn.currency.clone(),
            ),
            None => {
                let (words, _) = crate::decide::derived::cell(fields::Derived::PerMonth, e);
                (None, words.unwrap_or_default(), earn.currency.clone())
            }
        }
    });
    let days = estimate_bars(app, &columns, |e| {
        let d = e.cash.days;
        let known = d.high.is_some() || d.low > 0.0;
        (
            known.then_some((d.low, d.high)),
            e.cash.short(),
            String::new(),
        )
    });
    // Each measure with the unit its axis is in when the bars carry none (a currency does).
    let measures = [
        ("Monthly earnings", months, ""),
        ("Commission", field_bars(app, "commission", &columns), "%"),
        ("Cookie", field_bars(app, "cookie_days", &columns), "days"),
        ("Days to the first payout", days, "days"),
    ];
    let name_cols = columns
        .iter()
        .filter_map(|&i| app.profiles().get(i))
        .map(|p| text::width(p.name.as_str()))
        .max()
        .unwrap_or(0)
        .clamp(4, 18);
    for (title, bars, unit) in measures {
        out.push(Line::default());
        out.push(Styled::plain(title, t.heading).cut(width));
        let mut axes: Vec<String> = Vec::new();
        for b in &bars {
            if !axes.contains(&b.axis) {
                axes.push(b.axis.clone());
            }
        }
        if axes.len() > 1 {
            let named: Vec<&str> = axes
                .iter()
                .filter(|a| !a.is_empty())
                .map(String::as_str)
                .collect();
            out.extend(
                Styled::plain(
                    &format!(
                        "In {}: one axis each, never drawn against each other.",
                        named.join(", ")
                    ),
                    t.dim,
                )
                .wrap(width),
            );
        }
        for axis in &axes {
            let group: Vec<&Bar> = bars.iter().filter(|b| &b.axis == axis).collect();
            let unit = if axis.is_empty() { unit } else { axis.as_str() };
            out.extend(axis_lines(&group, unit, name_cols, width, app));
        }
    }
    out
}

/// The bars of one axis, and the axis's scale (in `unit`) under them.
fn axis_lines(
    group: &[&Bar],
    unit: &str,
    name_cols: usize,
    width: usize,
    app: &App,
) -> Vec<Line<'static>> {
    let t = app.theme();
    let words_cols = group
        .iter()
        .map(|b| text::width(&b.words))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let track = width
        .saturating_sub(name_cols + words_cols + 3)
        .clamp(4, 60);
    let top = group
        .iter()
        .filter_map(|b| b.range)
        .map(|(lo, hi)| hi.unwrap_or(lo).max(lo))
        .fold(0.0_f64, f64::max);
    let at = |v: f64| -> usize {
        if top <= 0.0 {
            0
        } else {
            ((v / top) * (track - 1) as f64)
                .round()
                .clamp(0.0, (track - 1) as f64) as usize
        }
    };
    let mut out = Vec::new();
    for b in group {
        let mut line = Styled::plain(
            &text::pad(&text::truncate(&b.name, name_cols), name_cols),
            t.label,
        );
        line.push(" ", Style::new());
        match b.range {
            Some((lo, hi)) => {
                let (from, to) = (at(lo), hi.map_or(track - 1, at).max(at(lo)));
                let mut bar = String::new();
                for c in 0..track {
                    bar.push_str(if c < from || c > to {
                        TRACK
                    } else if hi.is_none() && c == to {
                        OPEN
                    } else {
                        FULL
                    });
                }
                line.push(&bar, t.best);
            }
            None => {
                line.push(&text::pad("", track), Style::new());
            }
        }
        line.push(" ", Style::new());
        let style = if b.range.is_some() {
            Style::new()
        } else {
            t.dim
        };
        line.push(&b.words, style);
        out.push(line.cut(width));
    }
    if top > 0.0 {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" ({unit})")
        };
        let scale = format!("0 … {}{unit}", crate::decide::band::amount(top));
        let mut line = Styled::plain(&" ".repeat(name_cols + 1), Style::new());
        line.push(&scale, t.dim);
        out.push(line.cut(width));
    }
    out
}

/// Draws the chart over `area`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    super::draw_popup(buf, area, app, (TITLE, WIDTH), |w| lines(app, w), scroll);
}
