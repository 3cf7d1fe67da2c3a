//! State tests: build an `App` over the bundled profiles, feed it actions, check the state.

use super::*;
use crate::compare::ROWS;
use crate::model::ProgramId;
use crate::test_support::{bundled_catalog, source_catalog};
use crate::tui::step;

fn app_at(width: u16, height: u16) -> App {
    let mut app = App::new(bundled_catalog(), Theme::plain());
    step(&mut app, Action::Resize { width, height });
    app
}

fn app() -> App {
    app_at(120, 40)
}

fn feed(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        step(app, action);
    }
}

fn type_query(app: &mut App, query: &str) {
    step(app, Action::Command(Command::FocusSearch));
    for c in query.chars() {
        step(app, Action::InsertChar(c));
    }
}

fn ids(app: &App, indices: &[usize]) -> Vec<String> {
    indices
        .iter()
        .map(|&i| app.profiles()[i].id.to_string())
        .collect()
}

fn names(ids: &[ProgramId]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn listed(app: &App) -> Vec<String> {
    let indices: Vec<usize> = app.matches().iter().map(|m| m.index).collect();
    ids(app, &indices)
}

fn row(key: &str) -> usize {
    ROWS.iter().position(|r| r.key == key).unwrap_or(usize::MAX)
}

#[test]
fn starts_with_every_program_by_name() {
    let app = app();
    assert_eq!(app.query(), "");
    assert_eq!(
        listed(&app),
        [
            "alibaba",
            "aliexpress",
            "amazon-associates",
            "banggood",
            "dhgate",
            "temu"
        ]
    );
    assert_eq!(app.selected(), 0);
    assert_eq!(app.mode(), Mode::List);
    assert!(!app.is_search_pending());
}

#[test]
fn typing_filters_on_every_keystroke() {
    let mut app = app();
    type_query(&mut app, "drop");
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(app.query(), "drop");
    let after_drop = listed(&app);
    assert!(after_drop.contains(&"aliexpress".to_string()));
    type_query(&mut app, "ship");
    assert_eq!(app.query(), "dropship");
    let found = listed(&app);
    assert!(found.contains(&"aliexpress".to_string()), "{found:?}");
    assert!(found.contains(&"alibaba".to_string()), "{found:?}");
    assert!(!found.contains(&"temu".to_string()), "{found:?}");
    assert!(found.len() <= after_drop.len());
    assert_eq!(app.results_query().as_str(), "dropship");
    assert!(!app.is_search_pending());
}

#[test]
fn backspace_and_ctrl_u_widen_the_list_again() {
    let mut app = app();
    type_query(&mut app, "dropshipx");
    assert!(app.matches().is_empty());
    step(&mut app, Action::Command(Command::DeleteChar));
    assert_eq!(app.query(), "dropship");
    assert!(!app.matches().is_empty());
    step(&mut app, Action::Command(Command::ClearQuery));
    assert_eq!(app.query(), "");
    assert_eq!(app.matches().len(), 6);
}

#[test]
fn leaving_the_search_line_keeps_the_filter_and_esc_then_clears_it() {
    let mut app = app();
    type_query(&mut app, "fish");
    let found = listed(&app);
    step(&mut app, Action::Command(Command::LeaveSearch));
    assert_eq!(app.mode(), Mode::List);
    assert_eq!(app.query(), "fish");
    assert_eq!(listed(&app), found);
    step(&mut app, Action::Command(Command::Back));
    assert_eq!(app.query(), "");
    assert_eq!(app.matches().len(), 6);
    // Esc on an empty query leaves it clear.
    type_query(&mut app, "");
    step(&mut app, Action::Command(Command::Back));
    assert_eq!(app.query(), "");
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn stale_results_are_dropped() {
    let mut app = app();
    type_query(&mut app, "temu");
    let before = listed(&app);
    step(
        &mut app,
        Action::SearchResults(SearchResult {
            generation: 0,
            query: String::new(),
            matches: Vec::new(),
            complete: true,
            partial: false,
            hidden: 0,
        }),
    );
    assert_eq!(listed(&app), before);
}

#[test]
fn selection_moves_and_stays_on_the_list() {
    let mut app = app();
    feed(&mut app, [Action::Command(Command::Up)]);
    assert_eq!(app.selected(), 0);
    feed(
        &mut app,
        [
            Action::Command(Command::Down),
            Action::Command(Command::Down),
        ],
    );
    assert_eq!(app.selected(), 2);
    feed(&mut app, [Action::Command(Command::Last)]);
    assert_eq!(app.selected(), 5);
    feed(
        &mut app,
        [
            Action::Command(Command::Down),
            Action::Command(Command::PageDown),
        ],
    );
    assert_eq!(app.selected(), 5);
    feed(&mut app, [Action::Command(Command::First)]);
    assert_eq!(app.selected(), 0);
    feed(&mut app, [Action::Command(Command::PageDown)]);
    assert_eq!(app.selected(), 5);
    feed(&mut app, [Action::Command(Command::PageUp)]);
    assert_eq!(app.selected(), 0);
}

#[test]
fn the_list_scrolls_to_keep_the_selection_visible() {
    // 40x10 in one pane: the list shows 10 - 2 (search, status) - 3 (border, header) rows.
    let mut app = app_at(40, 10);
    let page = app.viewport().list_page();
    assert_eq!(page, 5);
    feed(&mut app, [Action::Command(Command::Last)]);
    assert_eq!(app.list_offset(), 6 - page);
    feed(&mut app, [Action::Command(Command::First)]);
    assert_eq!(app.list_offset(), 0);
}

#[test]
fn open_focuses_the_detail_pane_which_scrolls() {
    let mut app = app();
    feed(
        &mut app,
        [
            Action::Command(Command::Down),
            Action::Command(Command::Open),
        ],
    );
    assert_eq!(app.mode(), Mode::Detail);
    assert_eq!(
        ids(&app, &[app.selected_profile().unwrap_or(0)]),
        ["aliexpress"]
    );
    feed(
        &mut app,
        [
            Action::Command(Command::Down),
            Action::Command(Command::Down),
        ],
    );
    assert_eq!(app.detail_scroll(), 2);
    feed(&mut app, [Action::Command(Command::Last)]);
    let max = app.viewport().detail_max_scroll();
    assert!(max > 0);
    assert_eq!(app.detail_scroll(), max);
    feed(&mut app, [Action::Command(Command::First)]);
    assert_eq!(app.detail_scroll(), 0);
    // The list keeps its selection while the detail pane scrolls; Esc goes back.
    assert_eq!(app.selected(), 1);
    feed(&mut app, [Action::Command(Command::Back)]);
    assert_eq!(app.mode(), Mode::List);
    feed(&mut app, [Action::Command(Command::FocusNext)]);
    assert_eq!(app.focus(), Focus::Detail);
    feed(&mut app, [Action::Command(Command::FocusPrev)]);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn marks_toggle_and_survive_searches() {
    let mut app = app();
    feed(
        &mut app,
        [
            Action::Command(Command::ToggleMark),
            Action::Command(Command::Down),
            Action::Command(Command::ToggleMark),
        ],
    );
    assert_eq!(names(app.marked()), ["alibaba", "aliexpress"]);
    type_query(&mut app, "temu");
    feed(
        &mut app,
        [
            Action::Command(Command::LeaveSearch),
            Action::Command(Command::ToggleMark),
        ],
    );
    assert_eq!(names(app.marked()), ["alibaba", "aliexpress", "temu"]);
    feed(&mut app, [Action::Command(Command::Back)]);
    feed(&mut app, [Action::Command(Command::ToggleMark)]);
    assert_eq!(names(app.marked()), ["aliexpress", "temu"]);
}

#[test]
fn the_grid_compares_marked_programs_and_keeps_marks_on_close() {
    let mut app = app();
    feed(
        &mut app,
        [
            Action::Command(Command::ToggleMark),
            Action::Command(Command::Down),
            Action::Command(Command::ToggleMark),
            Action::Command(Command::ToggleGrid),
        ],
    );
    assert_eq!(app.mode(), Mode::Grid);
    let grid = app.grid().expect("the grid is open");
    assert_eq!(names(&grid.columns), ["alibaba", "aliexpress"]);
    assert_eq!(grid.comparison.columns, grid.active());
    feed(&mut app, [Action::Command(Command::ToggleGrid)]);
    assert!(app.grid().is_none());
    assert_eq!(app.marked().len(), 2);
    feed(
        &mut app,
        [
            Action::Command(Command::ToggleGrid),
            Action::Command(Command::Back),
        ],
    );
    assert!(app.grid().is_none());
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn the_grid_takes_every_listed_program_when_none_is_marked() {
    let mut app = app();
    type_query(&mut app, "dropship");
    feed(
        &mut app,
        [
            Action::Command(Command::LeaveSearch),
            Action::Command(Command::ToggleGrid),
        ],
    );
    let listed_now = listed(&app);
    assert_eq!(app.grid().map(|g| names(&g.columns)), Some(listed_now));
}

#[test]
fn the_grid_sorts_by_the_selected_row_best_first() {
    let mut app = app();
    feed(&mut app, [Action::Command(Command::ToggleGrid)]);
    let cookie = row("cookie_days");
    for _ in 0..cookie {
        step(&mut app, Action::Command(Command::Down));
    }
    feed(&mut app, [Action::Command(Command::SortByRow)]);
    let grid = app.grid().expect("open");
    assert_eq!(grid.sorted_by, Some(cookie));
    let days: Vec<Option<u32>> = grid
        .active()
        .iter()
        .map(|&i| app.profiles()[i].cookie.days.map(|d| d.get()))
        .collect();
    let known: Vec<u32> = days.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    let first_unknown = days.iter().position(Option::is_none).unwrap_or(days.len());
    assert!(
        days[first_unknown..].iter().all(Option::is_none),
        "{days:?}"
    );
    assert_eq!(names(&grid.columns[..1]), ["alibaba"]);
}

#[test]
fn space_removes_and_restores_a_grid_column() {
    let mut app = app();
    feed(
        &mut app,
        [
            Action::Command(Command::ToggleGrid),
            Action::Command(Command::Right),
            Action::Command(Command::ToggleColumn),
        ],
    );
    let grid = app.grid().expect("open");
    // The selection moves on to the next column; the removed one is skipped.
    assert_eq!(grid.column, 2);
    assert!(grid.removed[1]);
    assert_eq!(grid.comparison.columns.len(), 5);
    assert!(grid.cell(0, 1).is_none());
    assert_eq!(grid.shown_columns(), [0, 2, 3, 4, 5]);
    // Sorting sends removed columns to the end. The grid scrolls back to the best column.
    feed(&mut app, [Action::Command(Command::SortByRow)]);
    let grid = app.grid().expect("open");
    assert_eq!(grid.removed.last(), Some(&true));
    assert!(
        !grid.removed[grid.column],
        "the selection is on a column shown"
    );
    assert!(!grid.removed[0]);
    // Moving right never lands on the removed column.
    for _ in 0..5 {
        step(&mut app, Action::Command(Command::Right));
    }
    assert_eq!(app.grid().map(|g| g.column), Some(4));
    feed(&mut app, [Action::Command(Command::RestoreColumns)]);
    assert_eq!(app.grid().map(|g| g.comparison.columns.len()), Some(6));
    assert_eq!(app.message(), Some("1 column back."));
}

#[test]
fn grid_columns_scroll_to_keep_the_selection_visible() {
    let mut app = app_at(80, 24);
    feed(&mut app, [Action::Command(Command::ToggleGrid)]);
    for _ in 0..5 {
        step(&mut app, Action::Command(Command::Right));
    }
    let grid = app.grid().expect("open");
    assert_eq!(grid.column, 5);
    assert!(grid.column_offset > 0, "scrolled right");
    feed(
        &mut app,
        [
            Action::Command(Command::First),
            Action::Command(Command::Last),
        ],
    );
    let grid = app.grid().expect("open");
    assert_eq!(grid.row, ROWS.len() - 1);
    assert!(grid.row_offset > 0, "scrolled down");
}

#[test]
fn overlays_take_the_keys_until_closed() {
    let mut app = app();
    feed(&mut app, [Action::Command(Command::ToggleHelp)]);
    assert_eq!(app.mode(), Mode::Help);
    feed(&mut app, [Action::Command(Command::Down)]);
    assert_eq!(app.selected(), 0, "the list did not move under the help");
    feed(&mut app, [Action::Command(Command::Back)]);
    assert_eq!(app.mode(), Mode::List);
    feed(&mut app, [Action::Command(Command::ToggleWarnings)]);
    assert_eq!(app.mode(), Mode::Warnings);
    feed(&mut app, [Action::Command(Command::ToggleWarnings)]);
    assert_eq!(app.overlay(), None);
    feed(&mut app, [Action::Command(Command::Quit)]);
    assert!(app.should_quit());
}

#[test]
fn clicks_select_rows_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = app();
    let viewport = app.viewport().clone();
    let rows = viewport.list_rows.expect("list shown");
    step(
        &mut app,
        Action::Click {
            column: rows.x + 2,
            row: rows.y + 3,
        },
    );
    assert_eq!(app.selected(), 3);
    let detail = viewport.detail.map(|d| d.pane).expect("detail shown");
    step(
        &mut app,
        Action::Wheel {
            column: detail.x + 3,
            row: detail.y + 3,
            down: true,
        },
    );
    assert_eq!(app.detail_scroll(), 3);
    assert_eq!(app.selected(), 3);
    step(
        &mut app,
        Action::Click {
            column: detail.x + 3,
            row: detail.y + 3,
        },
    );
    assert_eq!(app.focus(), Focus::Detail);
    step(&mut app, Action::Click { column: 3, row: 0 });
    assert_eq!(app.mode(), Mode::Search);
}

#[test]
fn worker_results_take_the_same_path_as_inline_ones() {
    let mut app = match App::with_worker(
        Arc::new(bundled_catalog()),
        None,
        Theme::plain(),
        crate::wake::Waker::default(),
    ) {
        Ok(app) => app,
        Err(e) => panic!("cannot start the search worker: {e}"),
    };
    step(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    type_query(&mut app, "dropship");
    crate::test_support::answered(&mut app);
    let mut inline = self::app();
    type_query(&mut inline, "dropship");
    assert_eq!(listed(&app), listed(&inline));
}

#[test]
fn marks_and_grid_columns_name_programs_not_rows() {
    // Mark two programs, then search so the list reorders: the marks and the grid still name
    // the same programs, whatever rows they sit on now.
    let mut app = app();
    feed(
        &mut app,
        [
            Action::Command(Command::Last),
            Action::Command(Command::ToggleMark),
            Action::Command(Command::First),
            Action::Command(Command::Down),
            Action::Command(Command::ToggleMark),
        ],
    );
    assert_eq!(names(app.marked()), ["temu", "aliexpress"]);
    type_query(&mut app, "temu");
    assert_eq!(listed(&app).first().map(String::as_str), Some("temu"));
    feed(
        &mut app,
        [
            Action::Command(Command::LeaveSearch),
            Action::Command(Command::ToggleGrid),
        ],
    );
    assert_eq!(names(app.marked()), ["temu", "aliexpress"]);
    let grid = app.grid().expect("the grid is open");
    assert_eq!(names(&grid.columns), ["temu", "aliexpress"]);
    let compared: Vec<String> = grid
        .comparison
        .columns
        .iter()
        .map(|&i| app.profiles()[i].id.to_string())
        .collect();
    assert_eq!(compared, ["temu", "aliexpress"]);
}

#[test]
fn the_grid_sort_keeps_the_selection_on_its_program() {
    let mut app = app();
    feed(&mut app, [Action::Command(Command::ToggleGrid)]);
    for _ in 0..row("cookie_days") {
        step(&mut app, Action::Command(Command::Down));
    }
    feed(
        &mut app,
        [
            Action::Command(Command::Right),
            Action::Command(Command::Right),
        ],
    );
    let chosen = app
        .grid()
        .and_then(|g| g.columns.get(g.column).cloned())
        .expect("a column is selected");
    feed(&mut app, [Action::Command(Command::SortByRow)]);
    let grid = app.grid().expect("open");
    assert_eq!(grid.columns.get(grid.column), Some(&chosen));
    assert_eq!(
        grid.catalog_index(grid.column),
        app.position_of(&chosen),
        "the column's catalog index follows its id"
    );
}

#[test]
fn fresh_results_for_the_same_query_keep_the_selection_on_its_program() {
    // The selection is a program, not a row: when the same query's results come back in
    // another order (a reload, a finished partial search), the same program stays selected.
    let mut app = app();
    step(&mut app, Action::Command(Command::Down));
    let chosen = app.selected_id().cloned().expect("a program is selected");
    let mut reordered: Vec<Match> = app.matches().to_vec();
    reordered.reverse();
    step(
        &mut app,
        Action::SearchResults(SearchResult {
            generation: 0,
            query: String::new(),
            matches: reordered,
            complete: true,
            partial: false,
            hidden: 0,
        }),
    );
    assert_eq!(app.selected_id(), Some(&chosen));
    assert_ne!(app.selected(), 1, "the row moved with its program");
}

// ----- issue 10: ranking through the grid's marks, sorting, the cell popup -----

use crate::catalog::Catalog;
use crate::compare::{DIFFERENT_CURRENCIES, LEVELS_AND_FIGURES, Mark, NO_ORDER};

/// An app over `catalog` at 120x40 with the programs `ids` marked, in that order, and the grid
/// open on them.
fn grid_over(catalog: Catalog, ids: &[&str]) -> App {
    let mut app = App::new(catalog, Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    for id in ids {
        step(&mut app, Action::Command(Command::First));
        while app.selected_id().map(ToString::to_string).as_deref() != Some(*id) {
            let before = app.selected();
            step(&mut app, Action::Command(Command::Down));
            assert_ne!(app.selected(), before, "{id} is not listed");
        }
        step(&mut app, Action::Command(Command::ToggleMark));
    }
    step(&mut app, Action::Command(Command::ToggleGrid));
    app
}

fn grid_of(ids: &[&str]) -> App {
    grid_over(bundled_catalog(), ids)
}

/// The marks of row `key` in the open grid, column by column.
fn grid_marks(app: &App, key: &str) -> Vec<Mark> {
    let grid = app.grid().expect("the grid is open");
    (0..grid.columns.len())
        .map(|c| grid.cell(row(key), c).map_or(Mark::Plain, |cell| cell.mark))
        .collect()
}

fn select_row(app: &mut App, key: &str) {
    step(app, Action::Command(Command::First));
    for _ in 0..row(key) {
        step(app, Action::Command(Command::Down));
    }
}

#[test]
fn banggood_beats_aliexpress_and_amazon_on_commission_in_the_grid() {
    let app = grid_of(&["aliexpress", "amazon-associates", "banggood"]);
    // 4–12%+ is at least as high at both ends as 3–9% and 1–10%; those two overlap, so
    // neither is worst.
    assert_eq!(
        grid_marks(&app, "commission"),
        [Mark::Plain, Mark::Plain, Mark::Best]
    );
}

#[test]
fn dhgate_and_temu_overlap_so_the_grid_marks_neither() {
    let app = grid_of(&["dhgate", "temu"]);
    assert_eq!(grid_marks(&app, "commission"), [Mark::Plain, Mark::Plain]);
}

const TWO_CURRENCIES: &str = r#"
[[program]]
id = "rupees"
name = "Rupees"
[program.payout]
minimum = { min = 1000, max = 1000, currency = "INR" }

[[program]]
id = "dollars"
name = "Dollars"
[program.payout]
minimum = { min = 16, max = 16, currency = "USD" }
[program.market]
average_order = { min = 40, max = 40, currency = "USD" }

[[program]]
id = "rated"
name = "Rated"
[program.market]
average_order = { level = "high" }
"#;

#[test]
fn mixed_currencies_are_not_ranked_and_s_says_why() {
    let mut app = grid_over(source_catalog(TWO_CURRENCIES), &["rupees", "dollars"]);
    assert_eq!(
        grid_marks(&app, "minimum_payout"),
        [Mark::Plain, Mark::Plain]
    );
    select_row(&mut app, "minimum_payout");
    let before = app.grid().map(|g| g.columns.clone());
    step(&mut app, Action::Command(Command::SortByRow));
    assert_eq!(app.grid().map(|g| g.columns.clone()), before);
    let message = app.message().unwrap_or_default();
    assert!(message.contains(DIFFERENT_CURRENCIES), "{message}");
}

#[test]
fn unknown_values_neither_win_nor_lose_in_the_grid() {
    // Banggood states no cookie: Alibaba's 15 days is best, AliExpress's 3 worst, Banggood
    // plain.
    let app = grid_of(&["alibaba", "aliexpress", "banggood"]);
    assert_eq!(
        grid_marks(&app, "cookie_days"),
        [Mark::Best, Mark::Worst, Mark::Plain]
    );
}

#[test]
fn levels_and_figures_on_one_row_are_not_ranked_in_the_grid() {
    let app = grid_over(source_catalog(TWO_CURRENCIES), &["dollars", "rated"]);
    assert_eq!(
        grid_marks(&app, "average_order"),
        [Mark::Plain, Mark::Plain]
    );
    let grid = app.grid().expect("open");
    assert_eq!(
        grid.comparison.unranked_reason[row("average_order")],
        Some(LEVELS_AND_FIGURES)
    );
    // Ratings alone do rank: high beats low.
    let app = grid_of(&["alibaba", "aliexpress"]);
    assert_eq!(grid_marks(&app, "average_order"), [Mark::Best, Mark::Worst]);
}

#[test]
fn s_on_a_row_of_words_says_why_and_changes_nothing() {
    let mut app = app();
    step(&mut app, Action::Command(Command::ToggleGrid));
    select_row(&mut app, "focus");
    let before = app
        .grid()
        .map(|g| (g.columns.clone(), g.column))
        .expect("open");
    step(&mut app, Action::Command(Command::SortByRow));
    let grid = app.grid().expect("open");
    assert_eq!((grid.columns.clone(), grid.column), before);
    assert_eq!(grid.sorted_by, None, "nothing claims to be sorted");
    let message = app.message().unwrap_or_default();
    assert!(message.starts_with("Focus is not sorted"), "{message}");
    assert!(message.contains(NO_ORDER), "{message}");
}

#[test]
fn s_twice_on_the_same_row_reverses_the_sort() {
    let mut app = grid_of(&["aliexpress", "amazon-associates", "banggood"]);
    select_row(&mut app, "commission");
    step(&mut app, Action::Command(Command::SortByRow));
    let grid = app.grid().expect("open");
    assert_eq!(
        names(&grid.columns),
        ["banggood", "aliexpress", "amazon-associates"]
    );
    assert!(!grid.reversed);
    step(&mut app, Action::Command(Command::SortByRow));
    let grid = app.grid().expect("open");
    assert_eq!(
        names(&grid.columns),
        ["amazon-associates", "aliexpress", "banggood"]
    );
    assert!(grid.reversed);
    // A third press is best first again; another row starts best first.
    step(&mut app, Action::Command(Command::SortByRow));
    assert_eq!(
        app.grid().map(|g| names(&g.columns[..1])),
        Some(vec!["banggood".to_string()])
    );
}

#[test]
fn after_a_sort_the_best_column_is_in_view() {
    // At 120x40 with all six programs, `l` five times scrolls right; sorting by commission
    // puts DHgate (3–60%, the highest midpoint) first, and the grid scrolls back to it.
    let mut app = app();
    step(&mut app, Action::Command(Command::ToggleGrid));
    for _ in 0..5 {
        step(&mut app, Action::Command(Command::Right));
    }
    let grid = app.grid().expect("open");
    assert!(grid.column_offset > 0, "scrolled right first");
    select_row(&mut app, "commission");
    step(&mut app, Action::Command(Command::SortByRow));
    let grid = app.grid().expect("open");
    assert_eq!(grid.column_offset, 0, "the best column is on screen");
    let visible = app.viewport().grid.as_ref().map_or(0, |g| g.visible);
    assert!(grid.column < visible, "the selection is on screen too");
    assert_eq!(names(&grid.columns[..1]), ["dhgate"]);
}

#[test]
fn enter_on_a_grid_cell_opens_its_notes_and_the_popup_key_closes_them() {
    let mut app = grid_of(&["alibaba"]);
    select_row(&mut app, "countries");
    let open = app.keymap().keys_for(Mode::Grid, Command::ShowCell);
    assert_eq!(open.first(), Some(&crate::keymap::Key::Enter));
    step(&mut app, Action::Command(Command::ShowCell));
    assert_eq!(app.overlay(), Some(Overlay::Cell { scroll: 0 }));
    assert_eq!(app.mode(), Mode::Cell);
    let close = app.keymap().popup_close_label();
    let key = app
        .keymap()
        .keys_for(Mode::Cell, Command::Back)
        .into_iter()
        .find(|k| k.label() == close)
        .expect("the popup-close key closes the cell's notes");
    let action = app.keymap().action(Mode::Cell, key).expect("bound");
    step(&mut app, action);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.mode(), Mode::Grid);
}

#[test]
fn the_search_line_edits_at_its_cursor_and_deletes_words() {
    let mut app = app();
    type_query(&mut app, "fish tiktok");
    let cmd = |c| Action::Command(c);
    feed(&mut app, [cmd(Command::DeleteWord)]);
    assert_eq!(app.query(), "fish ");
    feed(
        &mut app,
        [cmd(Command::CursorStart), Action::InsertChar('\'')],
    );
    assert_eq!((app.query(), app.query_cursor()), ("'fish ", 1));
    feed(
        &mut app,
        [
            cmd(Command::CursorEnd),
            cmd(Command::CursorLeft),
            cmd(Command::CursorLeft),
            cmd(Command::DeleteChar),
            cmd(Command::CursorRight),
            Action::InsertChar('!'),
        ],
    );
    assert_eq!(app.query(), "'fih! ");
    assert_eq!(app.results_query().as_str(), "'fih! ");
}

#[test]
fn leaving_the_search_line_keeps_the_query_in_the_history_for_recall() {
    let mut app = app();
    let cmd = |c| Action::Command(c);
    for q in ["fishing", "temu"] {
        type_query(&mut app, q);
        feed(
            &mut app,
            [cmd(Command::LeaveSearch), cmd(Command::FocusSearch)],
        );
        feed(&mut app, [cmd(Command::ClearQuery)]);
    }
    assert_eq!(app.history().entries(), ["fishing", "temu"]);
    type_query(&mut app, "dra");
    feed(&mut app, [cmd(Command::HistoryOlder)]);
    assert_eq!(app.query(), "temu");
    assert_eq!(listed(&app), ["temu"]);
    feed(&mut app, [cmd(Command::HistoryOlder)]);
    assert_eq!(app.query(), "fishing");
    feed(&mut app, [cmd(Command::HistoryOlder)]);
    assert_eq!(app.query(), "fishing", "the oldest stays");
    feed(
        &mut app,
        [cmd(Command::HistoryNewer), cmd(Command::HistoryNewer)],
    );
    assert_eq!(app.query(), "dra", "back to what was typed");
}

#[test]
fn a_bad_filter_is_reported_and_the_rest_of_the_query_still_works() {
    let mut app = app();
    type_query(&mut app, "fishing colour:red");
    assert_eq!(listed(&app), ["aliexpress"]);
    let problems = app.results_query().problems();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("known fields: name"));
}

#[test]
fn partial_matches_and_hidden_programs_are_said() {
    let mut app = app();
    type_query(&mut app, "fishing lures");
    assert!(app.results_partial());
    assert_eq!(listed(&app), ["aliexpress"]);
    step(&mut app, Action::Command(Command::ClearQuery));
    type_query(&mut app, "cookie>=7");
    assert!(!app.results_partial());
    assert!(app.results_hidden() > 0);
}

/// Programs with minimum payouts in US dollars and euros, one stating none.
const PAYOUTS: &str = r#"
[[program]]
id = "usd-high"
name = "Dollar High"
niches = ["fishing"]
[program.payout]
minimum = { min = 50, max = 50, currency = "USD" }

[[program]]
id = "eur-low"
name = "Euro Low"
niches = ["fishing"]
[program.payout]
minimum = { min = 5, max = 5, currency = "EUR" }

[[program]]
id = "usd-low"
name = "Dollar Low"
niches = ["gardening"]
[program.payout]
minimum = { min = 10, max = 10, currency = "USD" }

[[program]]
id = "silent"
name = "Silent"
niches = ["fishing"]

[[program]]
id = "usd-mid"
name = "Dollar Mid"
niches = ["fishing"]
[program.payout]
minimum = { min = 20, max = 20, currency = "USD" }
"#;

/// Opens the sort picker and chooses the field at `path` (relevance for `None`).
fn choose_sort(app: &mut App, path: Option<&str>) {
    step(app, Action::Command(Command::SortList));
    assert_eq!(app.mode(), Mode::Sort);
    step(app, Action::Command(Command::First));
    let at = path.map_or(0, |path| {
        sort_choices()
            .position(|f| f.path == path)
            .map_or_else(|| panic!("{path} sorts"), |i| i + 1)
    });
    for _ in 0..at {
        step(app, Action::Command(Command::Down));
    }
    step(app, Action::Command(Command::Open));
    assert_eq!(app.mode(), Mode::List, "choosing closes the picker");
}

fn selected_name(app: &App) -> String {
    app.selected_id()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn the_list_sorts_by_a_field_within_each_currency_and_keeps_the_selection() {
    let mut app = App::new(source_catalog(PAYOUTS), Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    step(&mut app, Action::Command(Command::Down));
    let chosen = selected_name(&app);

    choose_sort(&mut app, Some("payout.minimum"));
    assert_eq!(
        app.list_sort().map(|s| (s.path, s.reverse)),
        Some(("payout.minimum", false))
    );
    // Lowest minimum first among the dollars, the euros apart after them, the silent last:
    // 5 EUR never ranks above 10 USD.
    assert_eq!(
        listed(&app),
        ["usd-low", "usd-mid", "usd-high", "eur-low", "silent"]
    );
    assert_eq!(
        selected_name(&app),
        chosen,
        "the same program stays selected"
    );
    let message = app.message().unwrap_or_default();
    assert!(
        message.contains("1 program in EUR is ordered separately"),
        "{message}"
    );

    step(&mut app, Action::Command(Command::ReverseSort));
    assert_eq!(
        listed(&app),
        ["usd-high", "usd-mid", "usd-low", "eur-low", "silent"]
    );
    assert_eq!(selected_name(&app), chosen);

    // The sort applies to what the query matches.
    type_query(&mut app, "fishing");
    assert_eq!(listed(&app), ["usd-high", "usd-mid", "eur-low", "silent"]);
    step(&mut app, Action::Command(Command::LeaveSearch));

    choose_sort(&mut app, None);
    assert_eq!(app.list_sort(), None);
    let mut by_relevance = App::new(source_catalog(PAYOUTS), Theme::plain());
    type_query(&mut by_relevance, "fishing");
    assert_eq!(
        listed(&app),
        listed(&by_relevance),
        "back to the search's order"
    );
}

#[test]
fn reversing_an_unsorted_list_says_how_to_sort_and_the_picker_closes_unchanged() {
    let mut app = app();
    let before = listed(&app);
    step(&mut app, Action::Command(Command::ReverseSort));
    let message = app.message().unwrap_or_default();
    let key = app.keymap().key_label(Mode::List, Command::SortList);
    assert!(message.contains(&format!("press {key}")), "{message}");
    assert_eq!(listed(&app), before);

    step(&mut app, Action::Command(Command::SortList));
    step(&mut app, Action::Command(Command::Down));
    assert_eq!(app.overlay(), Some(Overlay::Sort { highlighted: 1 }));
    step(&mut app, Action::Command(Command::Back));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.list_sort(), None);
    assert_eq!(listed(&app), before);
}

/// Fresh results for the query on screen keep the selected program selected, found by the id
/// table: with a catalog opened from its cache, reading every listed program's profile to
/// compare ids decoded all the programs above the selected one (at 100,000, the whole list).
#[test]
fn fresh_results_find_the_selection_without_decoding_a_cached_catalog() {
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            let id = format!("shop-{i:03}");
            let text = format!("id = \"{id}\"\nname = \"Shop {i:03}\"\n");
            (id, text)
        })
        .collect();
    let cached = crate::test_support::cached_files(&files);
    let warm = cached.warm;
    let mut app = App::with_index(warm.catalog, warm.index, Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    step(&mut app, Action::Command(Command::Last));
    let selected = app.selected_id().cloned();
    assert_eq!(selected.as_ref().map(ProgramId::as_str), Some("shop-299"));
    let before = app.catalog.profiles.decoded_count();
    let again = SearchResult {
        generation: app.generation,
        query: app.query().to_string(),
        matches: app.results.matches.clone(),
        complete: true,
        partial: false,
        hidden: 0,
    };
    step(&mut app, Action::SearchResults(again));
    assert_eq!(app.selected_id(), selected.as_ref(), "the selection stays");
    let decoded = app.catalog.profiles.decoded_count() - before;
    assert!(
        decoded <= 2,
        "{decoded} programs decoded to find the selection"
    );
}

#[test]
fn a_key_that_leaves_the_query_reading_the_same_is_not_searched_again() {
    let mut app = app();
    type_query(&mut app, "drop");
    let searched = app.generation;
    let answer = listed(&app);
    assert_eq!(answer.len(), 2, "{answer:?}");
    step(&mut app, Command::Down.into());
    assert_eq!(app.selected, 1);
    // "drop " reads as "drop": the listed matches answer it, taken over without a search,
    // and listed from the first row as a new query's are.
    step(&mut app, Action::InsertChar(' '));
    assert_eq!(app.generation, searched, "no search for \"drop \"");
    assert_eq!(app.results_query().as_str(), "drop ");
    assert!(!app.is_search_pending());
    assert_eq!(listed(&app), answer);
    assert_eq!(app.selected, 0);
    // A key that changes what it reads searches; backspacing onto a query that reads as the
    // listed one does not.
    step(&mut app, Action::InsertChar('x'));
    assert_eq!(app.generation, searched + 1);
    step(&mut app, Command::DeleteChar.into());
    assert_eq!(
        app.generation,
        searched + 2,
        "\"drop \" is not what \"drop x\" listed"
    );
    step(&mut app, Command::DeleteChar.into());
    assert_eq!(app.generation, searched + 2);
    assert_eq!(app.results_query().as_str(), "drop");
    assert_eq!(listed(&app), answer);
    // While the listed matches are not the whole answer (a search still running), the query is
    // searched whatever it reads as.
    app.results.complete = false;
    step(&mut app, Action::InsertChar(' '));
    assert_eq!(app.generation, searched + 3);
}
