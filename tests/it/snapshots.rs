//! Snapshots of the `<main>` of key pages of the small fixture site `tests/fixtures/snapshot/`
//! (2 units, 2 years of figures, 2 directives, 1 case, 2 articles). Review changes with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test` and read the diff.

use std::path::PathBuf;

use crate::support::{TempSite, fixture, main_of, read_text};

fn built() -> (TempSite, PathBuf) {
    let site = fixture("snapshot");
    let r = site.build(&[]);
    r.expect_code(0);
    assert!(
        r.stderr.lines().count() == 1,
        "the snapshot site builds without warnings:\n{}",
        r.stderr
    );
    let out = site.out();
    (site, out)
}

macro_rules! snapshot_main {
    ($name:ident, $page:expr) => {
        #[test]
        fn $name() {
            let (_site, out) = built();
            let html = read_text(&out, $page);
            insta::assert_snapshot!(main_of(&html));
        }
    };
}

snapshot_main!(home, "index.html");
snapshot_main!(
    article,
    "tin-tuc/cho-don-vuot-chi-tieu-thi-hanh-an-nam-2023/index.html"
);
snapshot_main!(timeline, "van-ban/index.html");
snapshot_main!(unit, "don-vi/cho-don/index.html");
snapshot_main!(stats_overview, "thong-ke/index.html");
snapshot_main!(case, "vu-viec/vu-bang-lung-2023/index.html");
