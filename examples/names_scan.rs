//! Time `NameFinder::find_all` over every article of a corpus with its cases' parties.
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("corpus root"));
    let mut names = Vec::new();
    for e in std::fs::read_dir(root.join("content/cases")).unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for l in t.lines() {
            if let Some(p) = l.trim().strip_prefix("party: ") {
                names.push(p.trim_matches('"').to_string());
            }
        }
    }
    let mut texts = Vec::new();
    let mut stack = vec![root.join("content/articles")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                texts.push(std::fs::read_to_string(p).unwrap())
            }
        }
    }
    let finder = bantin::text::NameFinder::new(&names);
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..7 {
        let t = Instant::now();
        n = texts
            .iter()
            .map(|t| finder.find_all(t).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} names, {} texts, {} MB: {n} matches, best {:.1} ms",
        names.len(),
        texts.len(),
        texts.iter().map(|t| t.len()).sum::<usize>() / 1_000_000,
        best * 1e3
    );
}
