//! Decide: what a program would earn the user, when the first money would arrive, and whether
//! they may join, each with how it was reached; and the fit ranking built on the three.
//!
//! The engine reads a profile through the field table and the user's [`Me`]; it knows nothing
//! of terminals. `affex estimate`, `affex list --for-me`, the comparison's derived rows and
//! the app all call [`Estimate::of`] and [`fit::rank`].

pub mod band;
pub mod cash;
pub mod derived;
pub mod earnings;
pub mod eligibility;
pub mod explain;
pub mod fit;
pub mod inputs;
pub mod me;

use serde::Serialize;

pub use band::Band;
pub use cash::TimeToCash;
pub use earnings::Earnings;
pub use eligibility::{Eligibility, Verdict};
pub use me::{Channel, Me};

use crate::model::Profile;

/// The three answers for one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// What it earns: EPC, per 1,000 clicks, per month.
    pub earnings: Earnings,
    /// When the first payout arrives.
    pub cash: TimeToCash,
    /// Whether the user may join and promote it their way.
    pub eligibility: Eligibility,
}

impl Estimate {
    /// The estimate of `p` for `me`.
    pub fn of(p: &Profile, me: &Me) -> Estimate {
        let earnings = Earnings::of(p, me);
        let cash = TimeToCash::of(p, &earnings);
        Estimate {
            earnings,
            cash,
            eligibility: Eligibility::of(p, me),
        }
    }
}

/// Profiles for the engine's tests.
#[cfg(test)]
pub(crate) mod test_profiles {
    use crate::model::Profile;

    /// Every bundled profile.
    pub fn all_bundled() -> Vec<Profile> {
        crate::bundled::BUNDLED
            .iter()
            .map(|(name, src)| toml::from_str(src).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect()
    }

    /// The bundled profile `id`.
    pub fn bundled(id: &str) -> Profile {
        all_bundled()
            .into_iter()
            .find(|p| p.id.as_str() == id)
            .unwrap_or_else(|| panic!("no bundled {id}"))
    }

    /// A profile with id `x` and the TOML `rest` after its name.
    pub fn made_up(rest: &str) -> Profile {
        toml::from_str(&format!("id = \"x\"\nname = \"X\"\n{rest}"))
            .unwrap_or_else(|e| panic!("{e}"))
    }
}
