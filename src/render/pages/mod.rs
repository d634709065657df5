//! One module per family of pages: what each page shows and which template renders it.

mod articles;
mod briefing;
mod cases;
mod directives;
mod home;
mod not_found;
mod search;
mod stats;
mod tags;
mod units;
