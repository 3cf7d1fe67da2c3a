//! Measuring, the one step between state and screen that the app needs: the terminal size and
//! the content in, a [`Viewport`] out. Pure; nothing here changes state. The detail pane is
//! wrapped again only when what it shows or its width changed since the last measure.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{cell_notes, chart, detail_pane, fit_view, grid, help, layout, sort_picker, warnings};
use crate::app::{App, Overlay};
use crate::model::Profile;
use crate::sections;
use crate::viewport::{DetailKey, DetailMeasure, ScrollMeasure, Viewport};

/// Measures `app`'s screen at the size it was last told about. `previous` is the last
/// measure, whose detail line count is reused when the detail pane shows the same thing at the
/// same width.
pub fn viewport(app: &App, previous: &Viewport) -> Viewport {
    let area = app.screen();
    let screen = layout::screen(area, app.focus(), app.grid().is_some());
    Viewport {
        area,
        search: screen.search,
        list: screen.list,
        list_rows: screen.list.map(layout::list_rows),
        detail: screen.detail.map(|pane| detail(app, pane, previous)),
        overlay: overlay(app, area),
        grid: screen
            .grid
            .zip(app.grid())
            .map(|(area, g)| grid::geometry(g, app.profiles(), area)),
    }
}

fn detail(app: &App, pane: Rect, previous: &Viewport) -> DetailMeasure {
    let body = layout::detail_body(pane);
    let profile = shown_profile(app);
    let query = app.results_query();
    // The program's sections are worked out at most once a measure: for the key when the
    // query can light an item (the empty query lights none), and else only for a miss's text.
    let mut program_sections = None;
    let lit = match profile {
        Some(p) if !query.is_empty() => {
            detail_pane::highlighted_in(program_sections.insert(sections::for_detail(p)), query)
        }
        _ => Vec::new(),
    };
    let key = detail_key(app, body.width, lit);
    let page = usize::from(body.height);
    let (lines, sections) = match &previous.detail {
        Some(before) if before.key == key => (Arc::clone(&before.lines), before.sections.clone()),
        _ => {
            let program_sections = program_sections
                .unwrap_or_else(|| profile.map(sections::for_detail).unwrap_or_default());
            let text = detail_pane::text_of(
                &detail_pane::view(app),
                usize::from(body.width),
                &program_sections,
                &key.highlighted,
            );
            (Arc::from(text.lines), text.sections)
        }
    };
    DetailMeasure {
        pane,
        key,
        scroll: ScrollMeasure::new(lines.len(), page),
        sections,
        lines,
    }
}

/// The program the detail pane shows.
fn shown_profile(app: &App) -> Option<&Profile> {
    app.selected_profile().and_then(|i| app.profiles().get(i))
}

/// What the detail pane shows at `width` columns, as far as its text depends on it, with
/// `highlighted` the items the query lights ([`detail_pane::highlighted`]).
fn detail_key(app: &App, width: u16, highlighted: Vec<bool>) -> DetailKey {
    DetailKey {
        program: shown_profile(app).map(|p| p.id.clone()),
        width,
        marked: app.selected_profile().is_some_and(|i| app.is_marked(i)),
        highlighted,
        me_generation: app.me_generation(),
    }
}

/// The detail pane's lines as the last measure wrapped them, when that measure is of `pane`
/// and of what the pane shows now (the loop measures after every step, so it is, unless a
/// caller draws a state it has not measured).
pub fn measured_detail(app: &App, pane: Rect) -> Option<Arc<[Line<'static>]>> {
    let measured = app.viewport().detail.as_ref()?;
    let body = layout::detail_body(pane);
    let highlighted = shown_profile(app)
        .map(|p| detail_pane::highlighted(p, app.results_query()))
        .unwrap_or_default();
    (measured.pane == pane && measured.key == detail_key(app, body.width, highlighted))
        .then(|| Arc::clone(&measured.lines))
}

fn overlay(app: &App, area: Rect) -> Option<ScrollMeasure> {
    let overlay = app.overlay()?;
    let width = match overlay {
        Overlay::Help { .. } => help::WIDTH,
        Overlay::Warnings { .. } => warnings::WIDTH,
        Overlay::Cell { .. } => cell_notes::WIDTH,
        Overlay::Sort { .. } => sort_picker::WIDTH,
        // A picker's rows all show; it does not scroll.
        Overlay::Export { .. } | Overlay::Lists { .. } => return None,
        Overlay::Fit { .. } => fit_view::WIDTH,
        Overlay::Chart { .. } => chart::WIDTH,
    };
    let inner = layout::inner(layout::popup(area, width));
    let text_width = usize::from(inner.width);
    let lines = match overlay {
        Overlay::Help { .. } => help::lines(app, text_width).len(),
        Overlay::Warnings { .. } => warnings::lines(app, text_width).len(),
        Overlay::Cell { .. } => cell_notes::lines(app, text_width).len(),
        Overlay::Sort { .. } => sort_picker::lines(app, text_width).len(),
        Overlay::Export { .. } | Overlay::Lists { .. } => 0,
        Overlay::Fit { .. } => fit_view::lines(app, text_width).len(),
        Overlay::Chart { .. } => chart::lines(app, text_width).len(),
    };
    Some(ScrollMeasure::new(lines, usize::from(inner.height)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Command};
    use crate::catalog::{self, LoadOptions};
    use crate::theme::Theme;
    use crate::tui::step;

    fn app() -> App {
        let catalog = catalog::load(&LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![],
        });
        let mut app = App::new(catalog, Theme::plain());
        step(
            &mut app,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        app
    }

    #[test]
    fn the_detail_pane_is_measured_again_only_when_what_it_shows_changes() {
        let mut app = app();
        let first = app.viewport().clone();
        let Some(before) = first.detail.clone() else {
            panic!("the detail pane is shown at 120x40");
        };
        // Stale lines under the same key are kept, and counted: nothing was wrapped again.
        let stale: Arc<[Line<'static>]> = Arc::from(vec![Line::from("stale"); 999]);
        let mut planted = first.clone();
        if let Some(d) = planted.detail.as_mut() {
            d.lines = Arc::clone(&stale);
        }
        let again = viewport(&app, &planted).detail;
        assert_eq!(again.as_ref().map(|d| d.scroll.lines), Some(999));
        assert!(again.is_some_and(|d| Arc::ptr_eq(&d.lines, &stale)));
        // Another program: measured afresh.
        step(&mut app, Command::Down.into());
        let after = viewport(&app, &planted).detail;
        assert_ne!(after.as_ref().map(|d| &d.key), Some(&before.key));
        assert_ne!(after.map(|d| d.scroll.lines), Some(999));
    }

    /// Types `text` into the search line (the inline search answers at once).
    fn type_in(app: &mut App, text: &str) {
        step(app, Command::FocusSearch.into());
        for c in text.chars() {
            step(app, Action::InsertChar(c));
        }
    }

    #[test]
    fn typing_on_with_the_same_program_and_the_same_items_lit_wraps_nothing_again() {
        let mut app = app();
        type_in(&mut app, "dropshi");
        let Some(before) = app.viewport().detail.clone() else {
            panic!("the detail pane is shown at 120x40");
        };
        assert!(before.key.highlighted.contains(&true), "{:?}", before.key);
        let stale: Arc<[Line<'static>]> = Arc::from(vec![Line::from("stale"); 999]);
        let mut planted = app.viewport().clone();
        if let Some(d) = planted.detail.as_mut() {
            d.lines = Arc::clone(&stale);
        }
        app.update(Action::Measured(Box::new(planted)));
        // "dropship" selects the same program and lights the same niches: the lines are kept.
        step(&mut app, Action::InsertChar('p'));
        assert_eq!(app.results_query().as_str(), "dropship");
        let kept = app.viewport().detail.clone();
        assert_eq!(
            kept.as_ref().map(|d| &d.key.program),
            Some(&before.key.program)
        );
        assert!(kept.is_some_and(|d| Arc::ptr_eq(&d.lines, &stale)));
        // A query that lights other items of that program too is wrapped afresh.
        type_in(&mut app, " wholesale");
        assert_eq!(app.results_query().as_str(), "dropship wholesale");
        let lit = app.viewport().detail.clone();
        assert_eq!(
            lit.as_ref().map(|d| &d.key.program),
            Some(&before.key.program)
        );
        assert_ne!(
            lit.as_ref().map(|d| &d.key.highlighted),
            Some(&before.key.highlighted)
        );
        assert!(lit.is_some_and(|d| !Arc::ptr_eq(&d.lines, &stale)));
    }

    #[test]
    fn a_measure_wraps_the_text_the_pane_wraps_afresh() {
        let mut app = app();
        let check = |app: &App, said: &str| {
            let Some(d) = app.viewport().detail.clone() else {
                panic!("{said}: the detail pane is shown at 120x40");
            };
            let width = usize::from(layout::detail_body(d.pane).width);
            let afresh = detail_pane::text(&detail_pane::view(app), width);
            assert_eq!(d.lines.as_ref(), afresh.lines.as_slice(), "{said}");
            assert_eq!(d.sections, afresh.sections, "{said}");
            d.key.highlighted
        };
        check(&app, "no query");
        type_in(&mut app, "dropship wholesale");
        let lit = check(&app, "a query");
        assert!(lit.contains(&true), "{lit:?}");
        step(&mut app, Command::Down.into());
        check(&app, "the next program");
    }

    #[test]
    fn the_frame_draws_the_lines_the_measure_wrapped_and_wraps_afresh_what_it_did_not_measure() {
        let mut app = app();
        let mut planted = app.viewport().clone();
        let Some(d) = planted.detail.as_mut() else {
            panic!("the detail pane is shown at 120x40");
        };
        d.lines = Arc::from(vec![Line::from("a line only the measure wrapped")]);
        app.update(Action::Measured(Box::new(planted.clone())));
        let shown = crate::ui::tests::screen(&app);
        assert!(shown.contains("a line only the measure wrapped"), "{shown}");
        // Another program, the planted measure kept: its key no longer matches what the pane
        // shows, so the frame wraps the pane's own text.
        app.update(Command::Down.into());
        app.update(Action::Measured(Box::new(planted)));
        let shown = crate::ui::tests::screen(&app);
        assert!(
            !shown.contains("a line only the measure wrapped"),
            "{shown}"
        );
        assert!(shown.contains("id: "), "{shown}");
    }
}
