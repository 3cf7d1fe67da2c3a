//! Measuring, the one step between state and screen that the app needs: the terminal size and
//! the content in, a [`Viewport`] out. Pure; nothing here changes state. The detail pane is
//! wrapped again only when what it shows or its width changed since the last measure.

use ratatui::layout::Rect;

use super::{cell_notes, chart, detail_pane, fit_view, grid, help, layout, sort_picker, warnings};
use crate::app::{App, Overlay};
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
    let selected = app.selected_profile();
    let key = DetailKey {
        program: selected
            .and_then(|i| app.profiles().get(i))
            .map(|p| p.id.clone()),
        width: body.width,
        marked: selected.is_some_and(|i| app.is_marked(i)),
        query: app.results_query().as_str().to_string(),
        me_generation: app.me_generation(),
    };
    let page = usize::from(body.height);
    let (lines, sections) = match &previous.detail {
        Some(before) if before.key == key => (before.scroll.lines, before.sections.clone()),
        _ => {
            let text = detail_pane::text(&detail_pane::view(app), usize::from(body.width));
            (text.lines.len(), text.sections)
        }
    };
    DetailMeasure {
        pane,
        key,
        scroll: ScrollMeasure::new(lines, page),
        sections,
    }
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
        // A stale count under the same key is kept: nothing was wrapped again.
        let mut planted = first.clone();
        if let Some(d) = planted.detail.as_mut() {
            d.scroll = ScrollMeasure::new(999, d.scroll.page);
        }
        assert_eq!(
            viewport(&app, &planted).detail.map(|d| d.scroll.lines),
            Some(999)
        );
        // Another program: measured afresh.
        step(&mut app, Command::Down.into());
        let after = viewport(&app, &planted).detail;
        assert_ne!(after.as_ref().map(|d| &d.key), Some(&before.key));
        assert_ne!(after.map(|d| d.scroll.lines), Some(999));
    }
}
