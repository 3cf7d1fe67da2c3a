//! A deterministic generator of realistic catalogs, shared by the `gen_catalog` example, the
//! benchmarks and the tests: the same seed and count always give the same programs.

#![allow(dead_code)]

use affex::model::{Audience, AudienceKind, Countries, Line, Note, Profile, ProgramId, Source};

/// SplitMix64: small, fast and good enough to pick words.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// One item of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TOPICS: &[&str] = &[
    "3D printing",
    "fishing",
    "fishing lures",
    "fly fishing",
    "camping",
    "hiking",
    "climbing",
    "cycling",
    "mountain biking",
    "running",
    "yoga",
    "pilates",
    "fitness",
    "bodybuilding",
    "supplements",
    "keto",
    "vegan cooking",
    "baking",
    "coffee",
    "tea",
    "wine",
    "craft beer",
    "cocktails",
    "grilling",
    "barbecue",
    "meal prep",
    "kitchen gadgets",
    "knives",
    "cookware",
    "home decor",
    "interior design",
    "gardening",
    "indoor plants",
    "hydroponics",
    "beekeeping",
    "woodworking",
    "metalworking",
    "welding",
    "power tools",
    "hand tools",
    "DIY",
    "home repair",
    "smart home",
    "home security",
    "solar power",
    "off-grid living",
    "van life",
    "RV travel",
    "budget travel",
    "luxury travel",
    "travel hacking",
    "backpacking",
    "photography",
    "drone photography",
    "videography",
    "film making",
    "music production",
    "guitar",
    "piano",
    "DJ gear",
    "podcasting",
    "streaming setups",
    "gaming",
    "PC building",
    "mechanical keyboards",
    "retro gaming",
    "board games",
    "tabletop RPG",
    "miniatures painting",
    "model trains",
    "RC cars",
    "drones",
    "robotics",
    "electronics",
    "Arduino",
    "Raspberry Pi",
    "tech gadgets",
    "smartphones",
    "phone accessories",
    "laptops",
    "tablets",
    "wearables",
    "smartwatches",
    "headphones",
    "audiophile",
    "home theater",
    "TV",
    "cameras",
    "lenses",
    "lighting",
    "fashion",
    "fast fashion",
    "streetwear",
    "sneakers",
    "luxury fashion",
    "vintage clothing",
    "jewelry",
    "watches",
    "handbags",
    "beauty",
    "skincare",
    "makeup",
    "hair care",
    "nail art",
    "fragrance",
    "men's grooming",
    "wedding",
    "baby products",
    "parenting",
    "toys",
    "educational toys",
    "kids fashion",
    "pets",
    "dog training",
    "cat care",
    "aquariums",
    "reptiles",
    "horse riding",
    "equestrian",
    "golf",
    "tennis",
    "pickleball",
    "skiing",
    "snowboarding",
    "surfing",
    "skateboarding",
    "scuba diving",
    "sailing",
    "kayaking",
    "hunting",
    "archery",
    "outdoor gear",
    "survival",
    "prepping",
    "self defense",
    "martial arts",
    "boxing",
    "personal finance",
    "investing",
    "crypto",
    "stock trading",
    "real estate",
    "side hustles",
    "make money online",
    "dropshipping",
    "Amazon FBA",
    "print on demand",
    "Etsy selling",
    "ecommerce",
    "wholesale sourcing",
    "product sourcing",
    "small business",
    "entrepreneurship",
    "freelancing",
    "remote work",
    "productivity",
    "note taking",
    "stationery",
    "planners",
    "bullet journaling",
    "calligraphy",
    "art supplies",
    "painting",
    "drawing",
    "sewing",
    "knitting",
    "crochet",
    "quilting",
    "embroidery",
    "scrapbooking",
    "candle making",
    "soap making",
    "resin art",
    "pottery",
    "jewelry making",
    "leathercraft",
    "bookbinding",
    "books",
    "audiobooks",
    "language learning",
    "online courses",
    "coding",
    "web hosting",
    "VPN",
    "cybersecurity",
    "SaaS tools",
    "web design",
    "SEO",
    "email marketing",
    "social media marketing",
    "affiliate marketing",
    "blogging",
    "YouTube growth",
    "TikTok growth",
    "influencer marketing",
    "software",
    "AI tools",
    "cloud storage",
    "password managers",
    "mental health",
    "meditation",
    "sleep",
    "mattresses",
    "bedding",
    "furniture",
    "office chairs",
    "standing desks",
    "home office",
    "minimalism",
    "sustainability",
    "zero waste",
    "eco products",
    "thrifting",
    "bargain hunting",
    "coupons",
    "cashback",
    "deals",
    "auto parts",
    "car care",
    "car detailing",
    "motorcycles",
    "e-bikes",
    "scooters",
    "EV charging",
    "boating",
    "marine electronics",
    "astronomy",
    "telescopes",
    "science kits",
    "chemistry sets",
    "microscopes",
    "weather stations",
    "collectibles",
    "trading cards",
    "coins",
    "stamps",
    "comics",
    "anime",
    "manga",
    "cosplay",
    "costumes",
    "party supplies",
    "holiday decor",
    "Halloween",
    "Christmas",
    "gift ideas",
    "subscription boxes",
    "flowers",
    "chocolate",
    "snacks",
    "healthy snacks",
    "protein",
    "nutrition",
    "weight loss",
    "senior care",
    "mobility aids",
    "medical supplies",
    "dental care",
    "eyewear",
    "contact lenses",
    "hearing aids",
    "plus size fashion",
    "modest fashion",
    "lingerie",
    "swimwear",
    "activewear",
    "hiking boots",
    "tents",
    "sleeping bags",
    "knives and multitools",
    "flashlights",
    "emergency kits",
    "water filters",
    "generators",
    "batteries",
    "chargers",
    "cables",
    "phone cases",
    "screen protectors",
    "LED strips",
    "gaming chairs",
    "VR",
    "3D scanners",
    "laser engravers",
    "CNC",
    "vinyl cutters",
    "heat presses",
    "sublimation",
    "embroidery machines",
];

const ADJECTIVES: &[&str] = &[
    "Blue", "Bright", "Swift", "Prime", "Urban", "Wild", "Golden", "Happy", "Smart", "Green",
    "Nordic", "Pacific", "Atlas", "Summit", "Echo", "Nova", "Pixel", "Crafty", "Bold", "True",
    "Lucky", "Silver", "Maple", "Coastal", "Alpine", "Metro", "Royal", "Simple", "Solid", "Vivid",
];
const NOUNS: &[&str] = &[
    "Market",
    "Outfitters",
    "Supply",
    "Depot",
    "Works",
    "Gear",
    "Lab",
    "Hub",
    "Store",
    "Bazaar",
    "Goods",
    "Co",
    "Direct",
    "Warehouse",
    "Studio",
    "Emporium",
    "Traders",
    "Source",
    "Box",
    "Club",
];
const CJK_NAMES: &[&str] = &[
    "速卖通精选",
    "京东好物",
    "淘宝联盟",
    "拼多多优选",
    "小米有品",
    "楽天市場",
    "ヨドバシ",
    "쿠팡",
    "网易严选",
    "天猫国际",
];
const FOCUS: &[&str] = &[
    "B2C",
    "B2B",
    "wholesale",
    "dropshipping",
    "marketplace",
    "DTC brand",
    "SaaS",
];
const INDUSTRIES: &[&str] = &[
    "Retail",
    "E-commerce",
    "Wholesale trade",
    "Consumer electronics",
    "Fashion retail",
    "Outdoor retail",
    "Software",
    "Financial services",
    "Travel",
    "Health and wellness",
];
const PRODUCTS: &[&str] = &[
    "Physical products",
    "Digital products",
    "Subscriptions",
    "Software licences",
    "Courses",
    "Services",
    "Bulk goods",
    "Gift cards",
];
const TYPES: &[&str] = &["CPS", "CPA", "CPI", "CPL", "KOL", "Recurring"];
const NETWORKS: &[&str] = &[
    "Awin",
    "CJ Affiliate",
    "Impact",
    "Rakuten",
    "ShareASale",
    "Admitad",
    "FlexOffers",
    "PartnerStack",
];
const METHODS: &[&str] = &[
    "Wire transfer",
    "PayPal",
    "Direct deposit",
    "Gift card",
    "Payoneer",
    "Check",
];
const MATERIALS: &[&str] = &[
    "Banners",
    "Text links",
    "Deep links",
    "Product feeds",
    "Coupons",
    "API",
    "Social creatives",
];
const TRAFFIC: &[&str] = &[
    "Blogs",
    "YouTube",
    "TikTok",
    "Instagram",
    "Email",
    "Coupon sites",
    "Cashback sites",
    "Price comparison",
];

fn words<'a>(rng: &mut Rng, from: &[&'a str], min: usize, max: usize) -> Vec<&'a str> {
    let n = min + rng.below(max - min + 1);
    let mut out: Vec<&str> = Vec::with_capacity(n);
    while out.len() < n {
        let w = rng.pick(from);
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

fn lines(items: Vec<&str>) -> affex::model::List<Line> {
    items.into_iter().map(Line::new).collect()
}

fn toml_value(src: &str) -> Profile {
    // Typed fields with checked constructors are simplest to build through their own parser.
    toml::from_str(src).unwrap_or_else(|e| panic!("generator wrote an invalid profile: {e}\n{src}"))
}

/// Program number `i` of the catalog for `seed`.
pub fn program(seed: u64, i: usize) -> Profile {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let name = if rng.below(25) == 0 {
        format!("{} {}", rng.pick(CJK_NAMES), i)
    } else {
        format!(
            "{} {} {}",
            rng.pick(ADJECTIVES),
            rng.pick(TOPICS),
            rng.pick(NOUNS)
        )
    };
    let lo = 1 + rng.below(10);
    let hi = lo + rng.below(30);
    let cookie = [1, 3, 7, 14, 15, 30, 45, 60, 90, 120][rng.below(10)];
    let minimum = [0, 10, 16, 20, 25, 50, 100][rng.below(7)];
    let delay = [0, 15, 30, 45, 60, 90][rng.below(6)];
    let level = ["low", "low-medium", "medium", "medium-high", "high"][rng.below(5)];
    let numbers = format!(
        "id = \"p{i}\"\nname = \"x\"\n[commission]\nrate = {{ min = {lo}, max = {hi} }}\n\
         [cookie]\ndays = {cookie}\n[payout]\nminimum = {{ min = {minimum}, currency = \"USD\" }}\n\
         delay_days = {delay}\nfrequency = [\"monthly\"]\n\
         [market]\nentry_fee = {{ min = 0, max = 0 }}\n\
         conversion = {{ min = {}, max = {}, level = \"{level}\" }}\n\
         average_order = {{ min = {}, currency = \"USD\", level = \"{level}\" }}\n",
        1 + rng.below(3),
        4 + rng.below(8),
        20 + rng.below(200),
    );
    let mut p = toml_value(&numbers);
    p.id = ProgramId::parse(&format!("p{i}")).unwrap_or_else(|e| panic!("{e}"));
    p.name = Line::new(&name);
    p.summary = Some(affex::model::Text::new(&format!(
        "An affiliate program for {} audiences, paying {lo}–{hi}% per sale with a {cookie}-day cookie.",
        rng.pick(TOPICS)
    )));
    p.focus = lines(words(&mut rng, FOCUS, 1, 2));
    p.industry = Some(Line::new(rng.pick(INDUSTRIES)));
    p.product_types = lines(words(&mut rng, PRODUCTS, 1, 3));
    p.niches = lines(words(&mut rng, TOPICS, 3, 8));
    p.program.types = lines(words(&mut rng, TYPES, 1, 2));
    p.program.networks = lines(words(&mut rng, NETWORKS, 0, 3));
    p.payout.methods = lines(words(&mut rng, METHODS, 1, 3));
    p.promotion.materials = lines(words(&mut rng, MATERIALS, 2, 4));
    p.promotion.traffic_sources = lines(words(&mut rng, TRAFFIC, 2, 4));
    p.promotion.countries = Countries {
        worldwide: true,
        ..Countries::default()
    };
    let kinds = AudienceKind::ALL;
    let n_aud = 2 + rng.below(3);
    let first = rng.below(kinds.len());
    p.audiences = (0..n_aud)
        .map(|k| Audience {
            kind: kinds[(first + k) % kinds.len()],
            suits: Some(Line::new(&format!(
                "Reviews and how-tos about {}",
                rng.pick(TOPICS)
            ))),
            niches: lines(words(&mut rng, TOPICS, 1, 3)),
        })
        .collect();
    if rng.below(4) == 0 {
        p.notes = vec![Note {
            field: Line::new("cookie.days"),
            kind: affex::model::NoteKind::Caveat,
            text: affex::model::Text::new("Some networks list a different cookie window."),
            other_value: None,
            sources: vec![Line::new("generated")].into(),
        }]
        .into();
    }
    p.sources = vec![Source {
        file: Line::new("generated"),
        title: None,
    }]
    .into();
    p
}

/// The first `count` programs of the catalog for `seed`.
pub fn catalog(seed: u64, count: usize) -> Vec<Profile> {
    (0..count).map(|i| program(seed, i)).collect()
}

/// The text the search sees for `p`, on one line: name, niches, audiences, focus, industry and
/// product types. `corpus.txt` holds one of these per program, for running other tools.
pub fn corpus_line(p: &Profile) -> String {
    let mut parts: Vec<&str> = vec![p.name.as_str()];
    parts.extend(p.niches.iter().map(Line::as_str));
    for a in &p.audiences {
        parts.push(a.kind.label());
        parts.extend(a.niches.iter().map(Line::as_str));
    }
    parts.extend(p.focus.iter().map(Line::as_str));
    if let Some(i) = &p.industry {
        parts.push(i.as_str());
    }
    parts.extend(p.product_types.iter().map(Line::as_str));
    parts.join(" ")
}

/// `p` as a profile file.
pub fn to_toml(p: &Profile) -> String {
    toml::to_string(p).unwrap_or_else(|e| panic!("profile serializes: {e}"))
}

/// Which generated catalog: today's (a few hundred niche phrases, names that repeat, one-line
/// summaries), or a diverse one closer to an imported network catalog (every name unique, over
/// 20,000 distinct niche phrases, summaries of several sentences).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corpus {
    /// [`program`] as it always was.
    Plain,
    /// [`diverse_program`].
    Diverse,
}

impl Corpus {
    /// The corpora `AFFEX_BENCH_CORPUS` names (`plain`, `diverse`); both when it is unset.
    pub fn chosen() -> Vec<Corpus> {
        match std::env::var("AFFEX_BENCH_CORPUS").as_deref() {
            Ok("plain") => vec![Corpus::Plain],
            Ok("diverse") => vec![Corpus::Diverse],
            _ => vec![Corpus::Plain, Corpus::Diverse],
        }
    }

    /// Program number `i` of this corpus for `seed`.
    pub fn program(self, seed: u64, i: usize) -> Profile {
        match self {
            Corpus::Plain => program(seed, i),
            Corpus::Diverse => diverse_program(seed, i),
        }
    }

    /// The first `count` programs of this corpus for `seed`.
    pub fn catalog(self, seed: u64, count: usize) -> Vec<Profile> {
        (0..count).map(|i| self.program(seed, i)).collect()
    }
}

/// Words put before a topic to make a niche phrase: 80 of them with the 289 topics give 23,120
/// distinct phrases.
const MODIFIERS: &[&str] = &[
    "budget",
    "premium",
    "eco-friendly",
    "vintage",
    "beginner",
    "advanced",
    "kids'",
    "women's",
    "men's",
    "senior",
    "urban",
    "rural",
    "DIY",
    "professional",
    "portable",
    "smart",
    "organic",
    "handmade",
    "luxury",
    "minimalist",
    "travel",
    "outdoor",
    "indoor",
    "seasonal",
    "holiday",
    "wireless",
    "compact",
    "heavy-duty",
    "sustainable",
    "local",
    "artisan",
    "custom",
    "refurbished",
    "rental",
    "subscription",
    "wholesale",
    "online",
    "mobile",
    "family",
    "student",
    "pet-friendly",
    "vegan",
    "gluten-free",
    "low-carb",
    "high-end",
    "affordable",
    "boutique",
    "collectible",
    "competitive",
    "casual",
    "extreme",
    "Japanese",
    "Korean",
    "Nordic",
    "Italian",
    "French",
    "German",
    "Mexican",
    "Indian",
    "Brazilian",
    "Australian",
    "Canadian",
    "British",
    "American",
    "Chinese",
    "Thai",
    "Spanish",
    "Dutch",
    "Swiss",
    "Greek",
    "Turkish",
    "African",
    "Caribbean",
    "Scandinavian",
    "Mediterranean",
    "coastal",
    "mountain",
    "desert",
    "tropical",
    "arctic",
];

/// Syllables that spell a made-up brand; 32 of them, so number `i` spells one name alone.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "re", "zu", "ta", "vo", "ne", "shi", "ba", "do", "ri", "pe", "gu", "fa",
    "ko", "ly", "ma", "nu", "so", "te", "vi", "wa", "xe", "yo", "za", "bri", "clo", "dra", "fle",
    "gro", "tri",
];

/// A brand name that no other `i` gives: `i` written in base 32 with syllables for digits.
fn brand(i: usize) -> String {
    let mut n = i;
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            break;
        }
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A niche phrase: a modifier and a topic.
fn phrase(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(MODIFIERS), rng.pick(TOPICS))
}

/// Program number `i` of the diverse catalog: [`program`]'s figures, with a name no other
/// program has, niches (its own and its audiences') drawn from 23,120 phrases, product types
/// from 640, and a summary of three to five sentences.
pub fn diverse_program(seed: u64, i: usize) -> Profile {
    let mut p = program(seed, i);
    let mut rng = Rng::new(seed.rotate_left(17) ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    p.name = Line::new(&format!("{} {}", brand(i), rng.pick(NOUNS)));
    let n = 3 + rng.below(6);
    let mut niches: Vec<String> = Vec::with_capacity(n);
    while niches.len() < n {
        let niche = phrase(&mut rng);
        if !niches.contains(&niche) {
            niches.push(niche);
        }
    }
    p.niches = niches.iter().map(|s| Line::new(s)).collect();
    p.product_types = (0..1 + rng.below(3))
        .map(|_| Line::new(&format!("{} {}", rng.pick(MODIFIERS), rng.pick(PRODUCTS))))
        .collect();
    for audience in &mut p.audiences {
        audience.niches = (0..1 + rng.below(3))
            .map(|_| Line::new(&phrase(&mut rng)))
            .collect();
    }
    let sentences = 3 + rng.below(3);
    let mut summary = format!(
        "{} runs an affiliate program for creators who cover {}.",
        brand(i),
        niches[0]
    );
    for _ in 1..sentences {
        summary.push_str(&format!(
            " Partners promote its {} {} to {} audiences, with links, codes and {}.",
            rng.pick(ADJECTIVES).to_lowercase(),
            rng.pick(PRODUCTS).to_lowercase(),
            phrase(&mut rng),
            rng.pick(MATERIALS).to_lowercase(),
        ));
    }
    p.summary = Some(affex::model::Text::new(&summary));
    p
}

/// The catalog sizes a bench runs: `AFFEX_BENCH_SIZES` (comma-separated), else `default`.
pub fn bench_sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("AFFEX_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Writes `count` generated programs (seed 42) into `dir`, one profile file each.
pub fn write_profile_dir(dir: &std::path::Path, count: usize) {
    for i in 0..count {
        let p = program(42, i);
        let path = dir.join(format!("{}.toml", p.id));
        std::fs::write(path, to_toml(&p)).unwrap_or_else(|e| panic!("write: {e}"));
    }
}
