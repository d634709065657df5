//! Tests of the raw-HTML scanner: its split into tags against html5ever's, and what it finds where.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use proptest::prelude::*;

use super::{Finding, Lexeme, Scanner};
use crate::diag::Severity::{Error, Warning};

/// The scanner's lexemes in html5ever's terms: `<name`, `</name`, `comment`, `doctype`.
fn ours(text: &str) -> Vec<String> {
    Scanner::default()
        .lexemes(text)
        .into_iter()
        .map(|l| match l {
            Lexeme::Start { name, .. } => format!("<{name}"),
            Lexeme::End { name, .. } => format!("</{name}"),
            Lexeme::Comment { .. } => "comment".into(),
            Lexeme::Doctype { .. } => "doctype".into(),
        })
        .collect()
}

/// html5ever's tokens, its sink switching to raw text as the tree builder does in HTML.
struct Collect(RefCell<Vec<String>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == TagKind::EndTag {
                    out.push(format!("</{name}"));
                    return TokenSinkResult::Continue;
                }
                out.push(format!("<{name}"));
                match name.as_str() {
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => return TokenSinkResult::Plaintext,
                    _ => {}
                }
            }
            Token::CommentToken(_) => out.push("comment".into()),
            Token::DoctypeToken(_) => out.push("doctype".into()),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn theirs(text: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(text));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[test]
fn lexemes_split_as_html5ever_splits_them() {
    for text in [
        "a <b>c</b> <img src=x onerror=\"alert(1)\"> d",
        "<!-- x --> <!----> <!--> <!---> <!-- a --!> b --> <!-- <!-- -->",
        "<!DOCTYPE html><!doctype x \">\"> <![CDATA[ x ]]> <?xml x?> </ x> </> <3 < a",
        "<a title='<b>' href=\"a>b\" x=y>z</a> <a/b/c d=e/>",
        "<script>if (a<b) x = '</scr' + 'ipt>'</script><p>",
        "<script><!-- <script> </script> x --> </script><i>",
        "<script><!-- </script><b>",
        "<scr<script></script>ipt src=\"https://evil.example/x.js\"></script>",
        "<style>a{}</style ><title><b></title><textarea></textarea x></textarea>",
        "<iframe src=x><p>not a tag</iframe><noscript><img src=//x></noscript>",
        "<img\nsrc=x\nonerror=alert(1)>",
        "<a href=x",
        "<a =x =\"y\" b c=>",
        "<plaintext><b>",
        "<xmp></xmp><noembed></noembed><noframes></noframes>",
    ] {
        assert_eq!(ours(text), theirs(text), "{text:?}");
    }
}

fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("</".to_string()),
        Just("/>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("--!>".to_string()),
        Just("-".to_string()),
        Just("<!".to_string()),
        Just("<?".to_string()),
        Just("<!DOCTYPE".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("/".to_string()),
        prop::sample::select(vec![
            "a",
            "b",
            "img",
            "p",
            "script",
            "SCRIPT",
            "style",
            "title",
            "textarea",
            "iframe",
            "noscript",
            "xmp",
            "plaintext",
            "div",
            "svg"
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec!["src", "onerror", "href", "x"]).prop_map(str::to_string),
        "[a-z&#;:đ ]{0,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn lexemes_agree_with_html5ever(text in htmlish()) {
        prop_assert_eq!(ours(&text), theirs(&text));
    }
}

fn scan(text: &str) -> Vec<Finding> {
    Scanner::default().scan(text)
}

fn brief(findings: &[Finding]) -> Vec<(usize, crate::diag::Severity, String)> {
    findings
        .iter()
        .map(|f| (f.at, f.severity, f.message.clone()))
        .collect()
}

#[test]
fn findings_are_where_the_constructs_are() {
    let text = "<p onclick=x style=\"color:red\">a</p><img src=x onerror=\"alert(1)\">\
                <a href=\"&#106;avascript:alert(2)\" target=_blank>k</a><o:p></o:p><!-- n -->";
    assert_eq!(
        brief(&scan(text)),
        [
            (
                3,
                Error,
                "event handler `onclick` would run code in readers' browsers (removed from `<p>`)"
                    .to_string()
            ),
            (
                47,
                Error,
                "event handler `onerror` would run code in readers' browsers (removed from `<img>`)"
                    .to_string()
            ),
            (
                69,
                Error,
                "`href` points at a `javascript:` URL, which runs or embeds code instead of \
                 opening a page (removed from `<a>`)"
                    .to_string()
            ),
            (
                101,
                Warning,
                "`target` is not kept on `<a>` (removed from `<a>`)".to_string()
            ),
            (
                120,
                Warning,
                "`<o:p>` is removed (its content is kept): it is not an HTML tag bantin knows"
                    .to_string()
            ),
            (
                131,
                Warning,
                "HTML comment is removed: readers could see it in the page source".to_string()
            ),
        ]
    );
}

#[test]
fn removed_elements_take_their_content_and_report_once() {
    let mut s = Scanner::default();
    let f = s.scan("<svg onload=\"alert(4)\"><use href=\"data:x\"/><p onclick=y>");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].at, 0);
    assert!(s.dropping());
    // The removed element goes on in the next fragment, until its end tag.
    assert!(s.scan("<b onclick=z>").is_empty());
    assert!(s.scan("</svg>").is_empty());
    assert!(!s.dropping());
    assert_eq!(s.scan("<i onclick=z>").len(), 1);
    // Void and self-closing ones take nothing.
    let mut s = Scanner::default();
    assert_eq!(
        s.scan("<embed src=x><svg/><link rel=stylesheet href=//x>")
            .len(),
        3
    );
    assert!(!s.dropping());
}

#[test]
fn the_split_script_is_an_unknown_tag_and_text() {
    // As a browser reads it: a tag named `scr<script`, then text; no script at all.
    let f = scan("<scr<script></script>ipt src=\"https://evil.example/x.js\"></script>");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].at, f[0].severity), (0, Warning));
    assert!(f[0].message.contains("`<scr<script>`"), "{}", f[0].message);
    // Written so that a script remains once the inner one is cut out, it is a script.
    let f = scan("<script>x</script><script src=\"https://evil.example/x.js\"></script>");
    assert_eq!(f.iter().map(|f| f.at).collect::<Vec<_>>(), [0, 18]);
}

#[test]
fn unwrapped_tags_report_their_active_attributes_only() {
    let f = brief(&scan(
        "<font face=Arial onmouseover=x>a</font><form action=//x>",
    ));
    assert_eq!(
        f.iter().map(|(at, s, _)| (*at, *s)).collect::<Vec<_>>(),
        [(0, Warning), (17, Error), (39, Error), (45, Error)]
    );
}
