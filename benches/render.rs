//! Drawing speed: one full frame at 200x60 with 100,000 programs in the list (and the detail
//! pane of the selected one), and the comparison grid with 50 columns. Frames are drawn into
//! ratatui's in-memory buffer, so what is timed is affex's own layout and drawing.
//!
//! `cargo bench --bench render`

use std::hint::black_box;

use affex::action::{Action, Command};
use affex::app::App;
use affex::catalog::Catalog;
use affex::tui::step;
use affex::ui::theme::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

#[path = "gen/mod.rs"]
mod generator;

fn app_with(count: usize) -> App {
    let profiles = generator::catalog(42, count);
    let catalog = Catalog {
        origins: vec![affex::catalog::Origin::Bundled("generated"); profiles.len()],
        profiles: profiles.into(),
        problems: Vec::new(),
    };
    let mut app = App::new(catalog, Theme::colored());
    step(
        &mut app,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    app
}

fn frame(app: &App, area: Rect, buf: &mut Buffer) {
    buf.reset();
    app.render(area, buf);
}

fn bench_render(c: &mut Criterion) {
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    let mut group = c.benchmark_group("render");

    let mut app = app_with(100_000);
    group.bench_function("list+detail/100000", |b| {
        b.iter(|| {
            frame(&app, area, &mut buf);
            black_box(&buf);
        })
    });
    for key in "fish".chars() {
        step(&mut app, Action::Command(Command::FocusSearch));
        step(&mut app, Action::InsertChar(key));
    }
    step(&mut app, Action::Command(Command::LeaveSearch));
    group.bench_function("list+detail/100000/query-fish", |b| {
        b.iter(|| {
            frame(&app, area, &mut buf);
            black_box(&buf);
        })
    });

    let mut grid_app = app_with(50);
    step(&mut grid_app, Action::Command(Command::ToggleGrid));
    assert!(grid_app.grid().is_some(), "the grid opens");
    group.bench_function("grid/50-columns", |b| {
        b.iter(|| {
            frame(&grid_app, area, &mut buf);
            black_box(&buf);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
