//! A burst of waiting input applied at a bounded cost. A held key or a key-repeat storm queues
//! presses faster than a step (with 30,000 warnings loaded) handles them; the loop takes every
//! event that is waiting before it draws again, and this collapses what it takes: a run of the
//! same movement (500 queued ↓ presses) becomes one move by 500, clamped at the end, and of a
//! resize storm only the last size counts. The number of steps per frame then depends on how
//! many *different* things were pressed, not on how many presses are queued.

use crate::action::{Action, Command};
use crate::app::App;

use super::input::{Input, to_action};
use super::step;

/// Inputs taken since the last frame, with a run of one movement and a resize still pending.
#[derive(Debug, Default)]
pub struct Drain {
    /// The movement being repeated and how many presses it stands for so far.
    run: Option<(Command, usize)>,
    /// The newest size of a resize storm, not applied yet.
    resize: Option<(u16, u16)>,
    /// How many actions were stepped (each one an update and a measure).
    steps: usize,
    /// True once something was stepped that may have changed the screen.
    changed: bool,
}

impl Drain {
    /// Takes one input. A movement waits in the run; anything else ends the run first, so the
    /// order of what the user did is kept. [`Input::Suspend`] is the caller's and is ignored here
    /// (call [`Drain::finish`] before suspending).
    pub fn take(&mut self, app: &mut App, input: Input) {
        if let Input::Resize { width, height } = input {
            self.resize = Some((width, height));
            return;
        }
        if matches!(input, Input::Suspend) {
            return;
        }
        self.apply_resize(app);
        // Looked up only now: the input before may have changed the mode (a run never does).
        let Some(action) = to_action(app, input) else {
            return;
        };
        if let Action::Command(command) = action
            && command.is_movement()
        {
            match &mut self.run {
                Some((running, times)) if *running == command => *times += 1,
                _ => {
                    self.end_run(app);
                    self.run = Some((command, 1));
                }
            }
            return;
        }
        self.end_run(app);
        self.step(app, action);
    }

    /// Applies what is still pending (the run, then the last size) and says whether anything
    /// was stepped since the last call, so the screen needs drawing.
    pub fn finish(&mut self, app: &mut App) -> bool {
        self.end_run(app);
        if let Some((width, height)) = self.resize.take() {
            self.step(app, Action::Resize { width, height });
        }
        std::mem::take(&mut self.changed)
    }

    /// How many actions were stepped so far: what a burst cost.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// A size waiting behind a run applies after it, and before the next input.
    fn apply_resize(&mut self, app: &mut App) {
        if let Some((width, height)) = self.resize.take() {
            self.end_run(app);
            self.step(app, Action::Resize { width, height });
        }
    }

    fn end_run(&mut self, app: &mut App) {
        match self.run.take() {
            Some((command, 1)) => self.step(app, Action::Command(command)),
            Some((command, times)) => self.step(app, Action::Repeat { command, times }),
            None => {}
        }
    }

    fn step(&mut self, app: &mut App, action: Action) {
        step(app, action);
        self.steps += 1;
        self.changed = true;
    }
}
