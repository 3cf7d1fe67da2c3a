//! Writers for output that other programs read: CSV for spreadsheets and Markdown for pages.
//! Each makes profile text inert for its reader, so a name can never become a formula or
//! markup, whichever command writes it.

pub mod comparison;
pub mod csv;
pub mod file;
pub mod markdown;
