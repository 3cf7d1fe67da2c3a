//! The closed vocabularies of a profile: commission bases, payout frequencies, platforms,
//! content permissions and audience kinds.

use serde::{Deserialize, Serialize};

use super::text::Line;

/// How commission is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommissionBasis {
    /// A fixed percentage of each sale.
    FixedPercent,
    /// The rate depends on the product category.
    CategoryBased,
    /// New buyers earn a different rate from returning ones.
    NewVsReturning,
    /// The rate rises with the affiliate's volume.
    Tiered,
    /// A flat amount per action.
    FlatFee,
}

impl CommissionBasis {
    /// Every variant, in declaration order (the schema's words).
    pub const ALL: [CommissionBasis; 5] = [
        CommissionBasis::FixedPercent,
        CommissionBasis::CategoryBased,
        CommissionBasis::NewVsReturning,
        CommissionBasis::Tiered,
        CommissionBasis::FlatFee,
    ];

    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            CommissionBasis::FixedPercent => "fixed % per sale",
            CommissionBasis::CategoryBased => "by category",
            CommissionBasis::NewVsReturning => "new vs returning buyers",
            CommissionBasis::Tiered => "tiered by volume",
            CommissionBasis::FlatFee => "flat fee per action",
        }
    }
}

/// How often payouts are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Every week.
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// Every month.
    Monthly,
    /// Whenever the affiliate asks.
    OnRequest,
}

impl Frequency {
    /// Every variant, in declaration order (the schema's words).
    pub const ALL: [Frequency; 4] = [
        Frequency::Weekly,
        Frequency::Biweekly,
        Frequency::Monthly,
        Frequency::OnRequest,
    ];

    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Biweekly => "every two weeks",
            Frequency::Monthly => "monthly",
            Frequency::OnRequest => "on request",
        }
    }
}

/// Where a program's affiliates are tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformModel {
    /// The program runs its own platform.
    InHouse,
    /// Through third-party networks only.
    Network,
    /// Its own platform and networks.
    Hybrid,
}

impl PlatformModel {
    /// Every variant, in declaration order (the schema's words).
    pub const ALL: [PlatformModel; 3] = [
        PlatformModel::InHouse,
        PlatformModel::Network,
        PlatformModel::Hybrid,
    ];

    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            PlatformModel::InHouse => "in-house",
            PlatformModel::Network => "networks",
            PlatformModel::Hybrid => "hybrid (in-house and networks)",
        }
    }
}

/// Whether a kind of content may be used to promote the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Allowed.
    Allowed,
    /// Allowed within limits.
    Restricted,
    /// Not allowed.
    Prohibited,
}

impl Permission {
    /// Every variant, in declaration order (the schema's words).
    pub const ALL: [Permission; 3] = [
        Permission::Allowed,
        Permission::Restricted,
        Permission::Prohibited,
    ];

    /// The word shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Permission::Allowed => "allowed",
            Permission::Restricted => "restricted",
            Permission::Prohibited => "prohibited",
        }
    }
}

/// The kinds of creator a program can suit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AudienceKind {
    /// Bloggers and site owners.
    Bloggers,
    /// YouTube creators.
    Youtubers,
    /// TikTok creators.
    Tiktokers,
    /// Instagram, Pinterest and LinkedIn influencers.
    Influencers,
    /// Key opinion leaders: industry experts.
    Kol,
    /// Key opinion consumers: everyday buyers who review.
    Koc,
    /// Live-stream hosts.
    Livestreamers,
    /// Video editors and compilation channels.
    VideoEditors,
}

impl AudienceKind {
    /// Every kind, in the order the detail pane lists them.
    pub const ALL: [AudienceKind; 8] = [
        AudienceKind::Bloggers,
        AudienceKind::Youtubers,
        AudienceKind::Tiktokers,
        AudienceKind::Influencers,
        AudienceKind::Kol,
        AudienceKind::Koc,
        AudienceKind::Livestreamers,
        AudienceKind::VideoEditors,
    ];

    /// The name shown to a person (and searched).
    pub fn label(self) -> &'static str {
        match self {
            AudienceKind::Bloggers => "bloggers",
            AudienceKind::Youtubers => "youtubers",
            AudienceKind::Tiktokers => "tiktokers",
            AudienceKind::Influencers => "influencers",
            AudienceKind::Kol => "KOL",
            AudienceKind::Koc => "KOC",
            AudienceKind::Livestreamers => "livestreamers",
            AudienceKind::VideoEditors => "video editors",
        }
    }
}

/// A rule on one kind of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentRule {
    /// Allowed, restricted or prohibited.
    pub rule: Permission,
    /// What the source adds, in our words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}
