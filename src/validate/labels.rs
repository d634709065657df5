//! The site's labels (the words it shows that its templates do not hold): the built-in
//! `templates/labels.toml` with the site's own `templates/labels.toml` over it, which names only
//! the labels it changes. A broken file is an error at its line and column.

use std::path::Path;

use super::fields::Diags;
use crate::diag::Pos;
use crate::text::labels::Labels;

/// The name of the labels file among the site's templates.
const FILE: &str = "labels.toml";

/// The labels of a site whose own templates are `templates` (name, text).
pub(super) fn site_labels(templates: &[(String, String)], d: &mut Diags) -> Labels {
    let Some((_, text)) = templates.iter().find(|(name, _)| name == FILE) else {
        return Labels::builtin().clone();
    };
    Labels::with_overrides(text).unwrap_or_else(|e| {
        d.error(
            Path::new("templates/labels.toml"),
            Pos::new(e.line, e.col),
            e.message,
            Some(
                "write only the labels you change, as in the built-in file: `key = \"text\"` under \
                 its `[section]` (see docs/templates.md, \"Labels\")"
                    .into(),
            ),
        );
        Labels::builtin().clone()
    })
}
