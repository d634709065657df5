//! The fuzz targets without nightly: (a) every file of `fuzz/corpus/<target>/` through the
//! target's entry point, (b) a bounded number of proptest mutations of those seeds (bit flips,
//! truncation, splicing, inserted Vietnamese / YAML-ish text). The entry points are
//! `bantin::fuzzing`, the very functions the cargo-fuzz targets call. Nothing may panic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use bantin::fuzzing;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

use crate::support::repo_root;

/// The seed files of one target, sorted by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.is_file())
        .map(|p| (file_name(&p), std::fs::read(&p).expect("corpus file")))
        .collect();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Run `target` on `data`; the panic message if it panicked.
fn run_caught(target: &str, data: &[u8]) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| fuzzing::run(target, data)))
        .err()
        .map(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(non-text panic)".into())
        })
}

/// Run `f` on a thread with the stack of a program's main thread (8 MiB), where `bantin` and
/// libFuzzer run. Test threads get 2 MiB, which unoptimized code exhausts on YAML nested
/// 60 deep (the parser stops at 64).
fn on_main_sized_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .expect("spawn a test thread");
    if let Err(e) = handle.join() {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn every_corpus_file_runs_without_panic() {
    on_main_sized_stack(corpus_runs_without_panic);
}

fn corpus_runs_without_panic() {
    let mut failures = Vec::new();
    let mut count = 0;
    for target in fuzzing::TARGETS {
        let files = corpus(target);
        assert!(!files.is_empty(), "fuzz/corpus/{target}/ has no seed");
        for (name, data) in files {
            count += 1;
            if let Some(msg) = run_caught(target, &data) {
                failures.push(format!("fuzz/corpus/{target}/{name}: {msg}"));
            }
        }
    }
    assert!(count > 50, "only {count} corpus files");
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
}

/// One change to a seed. Positions are taken modulo the current length.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(usize, u8),
    SetByte(usize, u8),
    Truncate(usize),
    Delete(usize, usize),
    /// Insert a slice of another seed (index, start, length) at a position.
    Splice(usize, usize, usize, usize),
    Insert(usize, String),
    /// Repeat a slice many times (deep nesting, long lines).
    Repeat(usize, usize, u8),
}

/// Text that tends to matter to bantin: Vietnamese letters (NFC and combining marks), YAML
/// punctuation, document-number pieces, Markdown syntax, line endings, tabs, TCVN3 look-alikes.
fn vietnamese_yamlish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}\u{0306}\u{031b}]{0,24}",
        "[-:\\[\\]{}#&*!|>'\"%@,.?/\n\r\t ]{1,12}",
        prop::sample::select(vec![
            "---\n",
            "- id: ",
            "title: ",
            "date: ",
            "unit: dai-tu\n",
            "years:\n  - year: ",
            "number: \"33-CT/TU\"\n",
            "&a ",
            "*a",
            "<<: *a\n",
            "!!binary ",
            "~",
            "null",
            ".nan",
            "1.234,5",
            "85,71%",
            "31/02/2024",
            "2024-03-31T07:35:00+07:00",
            "18446744073709551616",
            "-1",
            "\u{feff}",
            "\r\n",
            "\t",
            "Uû ban nh©n d©n",
            "/NĐ-CP",
            "-CT/TU",
            "@2020",
            "```chart\n",
            "![",
            "](/",
            "[^1]",
            "<script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"&#106;avascript:x\">",
            "<svg onload=x>",
            "<iframe src=//e>",
            "[k](javascript:x)",
            "<!-- ",
            "&#1;",
            "| a |\n|---|\n",
            "# ",
            "> ",
            "*",
        ])
        .prop_map(str::to_string),
    ]
}

fn mutation(seeds: usize) -> impl Strategy<Value = Mutation> {
    let pos = any::<usize>();
    prop_oneof![
        (pos, 0u8..8).prop_map(|(p, b)| Mutation::FlipBit(p, b)),
        (pos, any::<u8>()).prop_map(|(p, b)| Mutation::SetByte(p, b)),
        pos.prop_map(Mutation::Truncate),
        (pos, 1usize..64).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (0..seeds, pos, 1usize..512, pos).prop_map(|(s, a, n, p)| Mutation::Splice(s, a, n, p)),
        (pos, vietnamese_yamlish()).prop_map(|(p, t)| Mutation::Insert(p, t)),
        (pos, 1usize..16, 2u8..64).prop_map(|(p, n, k)| Mutation::Repeat(p, n, k)),
    ]
}

/// Move `p` back to a byte index in `0..=len`.
fn at(p: usize, len: usize) -> usize {
    p % (len + 1)
}

fn apply(mut data: Vec<u8>, muts: &[Mutation], seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    for m in muts {
        let len = data.len();
        match m {
            Mutation::FlipBit(p, b) if len > 0 => data[p % len] ^= 1 << b,
            Mutation::SetByte(p, v) if len > 0 => data[p % len] = *v,
            Mutation::Truncate(p) => data.truncate(at(*p, len)),
            Mutation::Delete(p, n) => {
                let s = at(*p, len);
                data.drain(s..(s + n).min(len));
            }
            Mutation::Splice(i, a, n, p) => {
                let other = &seeds[*i].1;
                let a = at(*a, other.len());
                let piece = other[a..(a + n).min(other.len())].to_vec();
                let p = at(*p, len);
                data.splice(p..p, piece);
            }
            Mutation::Insert(p, t) => {
                let p = at(*p, len);
                data.splice(p..p, t.bytes());
            }
            Mutation::Repeat(p, n, k) => {
                let s = at(*p, len);
                let piece = data[s..(s + n).min(len)].to_vec();
                let rep = piece.repeat(*k as usize);
                data.splice(s..s, rep);
            }
            _ => {}
        }
    }
    data
}

/// Mutated seeds of `target` through its entry point, `cases` of them.
fn mutate_and_run(target: &str, cases: u32) {
    let seeds = corpus(target);
    let n = seeds.len();
    let strategy = (0..n, prop::collection::vec(mutation(n), 1..6));
    // The same inputs on every run, so that a CI failure reproduces; `PROPTEST_RNG_SEED` and
    // `PROPTEST_CASES` explore further (e.g. `PROPTEST_CASES=5000 cargo test fuzz_fallback`).
    let env = |k: &str| std::env::var_os(k).is_some();
    let defaults = Config::default();
    let mut runner = TestRunner::new(Config {
        cases: if env("PROPTEST_CASES") {
            defaults.cases
        } else {
            cases
        },
        rng_seed: if env("PROPTEST_RNG_SEED") {
            defaults.rng_seed
        } else {
            RngSeed::Fixed(0x6261_6e74_696e)
        },
        failure_persistence: None,
        ..defaults
    });
    let t = Instant::now();
    let result = runner.run(&strategy, |(seed, muts)| {
        let data = apply(seeds[seed].1.clone(), &muts, &seeds);
        if let Some(msg) = run_caught(target, &data) {
            return Err(TestCaseError::fail(format!(
                "{target} panicked on a mutation of {}: {msg}\ninput: {:?}",
                seeds[seed].0,
                String::from_utf8_lossy(&data)
            )));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("fuzz fallback {target}: {cases} cases in {:?}", t.elapsed());
}

#[test]
fn mutated_articles() {
    on_main_sized_stack(|| mutate_and_run("article", 300));
}

#[test]
fn mutated_records() {
    on_main_sized_stack(|| mutate_and_run("records", 200));
}

#[test]
fn mutated_document_numbers() {
    on_main_sized_stack(|| mutate_and_run("docnum", 20_000));
}

#[test]
fn mutated_markdown() {
    on_main_sized_stack(|| mutate_and_run("markdown", 5000));
}
