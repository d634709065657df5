//! Active HTML never reaches a published page (issue 15).
//!
//! Articles, directive summaries and case commendations are Markdown, which may hold raw HTML
//! pasted from Word, web pages and e-mails. Everything that could run code, load something from
//! another host, or change the page around the article is removed, and each removal is a
//! diagnostic with the place it was written:
//!
//! * [`policy`]: the one table of what is kept (tags, attributes, URL schemes, styles) and why
//!   the rest goes; the scanner and ammonia are both derived from it;
//! * [`url`]: what a URL points at, read as a browser reads it;
//! * [`scan`]: finds, with positions, what the policy removes from raw HTML;
//! * [`chars`]: control characters and noncharacters, which text may not hold;
//! * [`clean`]: ammonia with the policy, the final guarantee for bodies with raw HTML, and
//!   `rel="noopener noreferrer"` on links to other hosts;
//! * [`inspect`]: the promise checked on finished HTML, for tests and fuzzing.
//!
//! The Markdown renderer (`crate::markdown`) calls these while it walks pulldown-cmark's events:
//! Markdown links and images are judged there, raw HTML fragments are scanned, and a body that
//! had raw HTML is cleaned by ammonia at the end. Bodies without raw HTML (most of them) never
//! go through ammonia: their HTML is made only from events the renderer checked.

pub mod chars;
pub mod clean;
pub mod inspect;
pub mod policy;
pub mod scan;
pub mod url;
