//! The fit view: the listed programs ranked for the user by [`crate::decide::fit::rank`],
//! each with its reasons (eligibility, earnings, time to cash), never a bare score.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::app::App;
use crate::decide::band::grouped;
use crate::decide::{Estimate, fit};

/// The widest the view gets.
pub const WIDTH: u16 = 110;

/// The view's title.
pub const TITLE: &str = "Fit: programs ranked for you";

/// Who the ranking is for, in one line: "tiktok · IN · fishing · 20,000 clicks a month".
pub fn me_line(app: &App) -> String {
    let me = app.me();
    let list = |items: Vec<String>| (!items.is_empty()).then(|| items.join(", "));
    let parts: Vec<String> = [
        list(me.channels.iter().map(|c| c.name().to_string()).collect()),
        list(
            me.countries
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
        ),
        list(me.niches.clone()),
        me.clicks.map(|c| format!("{} clicks a month", grouped(c))),
        me.conversion.map(|c| format!("your conversion {c}%")),
        me.order.map(|o| format!("your average order {o}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "nothing set".to_string()
    } else {
        crate::sanitize::visible(&parts.join(" · "))
    }
}

/// Every line of the view at `width` columns.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let mut out = Vec::new();
    let mut you = Styled::plain("For you: ", t.label);
    you.push(&me_line(app), Style::new());
    out.extend(you.wrap(width));
    for more in app.one_more_input() {
        out.extend(Styled::plain(&more, t.dim).wrap(width));
    }
    let mut order = Styled::plain("Order: ", t.label);
    order.push(fit::ORDER_RULE, t.dim);
    out.extend(order.wrap(width));
    let profiles = app.profiles();
    let listed: Vec<usize> = app.matches().iter().map(|m| m.index).collect();
    let estimates: Vec<Estimate> = listed
        .iter()
        .filter_map(|&i| profiles.get(i))
        .map(|p| Estimate::of(p, app.me()))
        .collect();
    if estimates.is_empty() {
        out.push(Line::default());
        out.extend(Styled::plain("No program is listed.", t.dim).wrap(width));
        return out;
    }
    let indent = "     ";
    let room = width.saturating_sub(indent.len()).max(10);
    for (n, f) in fit::rank(&estimates).iter().enumerate() {
        let Some(p) = listed.get(f.index).and_then(|&i| profiles.get(i)) else {
            continue;
        };
        out.push(Line::default());
        let mut head = Styled::plain(&format!("{:>3}. ", n + 1), t.key);
        head.push(p.name.as_str(), t.heading);
        head.push(&format!(" ({})", p.id), t.dim);
        if f.flagged {
            head.push("  ! check the conditions", t.warning);
        }
        out.push(head.cut(width));
        for reason in &f.reasons {
            for line in crate::text_width::wrap(reason, room) {
                out.push(Styled::plain(&format!("{indent}{line}"), Style::new()).cut(width));
            }
        }
    }
    out
}

/// Draws the view over `area`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    super::draw_popup(buf, area, app, (TITLE, WIDTH), |w| lines(app, w), scroll);
}
