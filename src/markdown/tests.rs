//! Tests of the Markdown renderer: headings, links, images and figures, charts, footnotes, tables, plain text, and what the sanitizer reports and removes.

use super::*;
use proptest::prelude::*;

const DIRECTIVE_URL: &str = "../../van-ban/33-ct-tu-2020/";

fn resolve(path: &str) -> Option<String> {
    match path {
        "/" | "/van-ban/33-ct-tu-2020/" | "/img/a.jpg" | "/tai-lieu/bao cao.pdf" => {
            Some(format!("../..{path}"))
        }
        _ => None,
    }
}

fn autolinks(text: &str) -> Vec<(Range<usize>, String, String)> {
    text.match_indices("33-CT/TU")
        .map(|(i, m)| {
            (
                i..i + m.len(),
                DIRECTIVE_URL.to_string(),
                "Chỉ thị \"33\" & <TU>".to_string(),
            )
        })
        .collect()
}

fn chart(body: &str, line: u32) -> Result<String, MdProblem> {
    if body.contains("type: yearly") {
        Ok(format!(
            "<div class=\"chart\" data-line=\"{line}\">{}</div>",
            body.len()
        ))
    } else {
        Err(MdProblem {
            line,
            col: 1,
            message: "unknown chart type".to_string(),
            hint: None,
            is_warning: false,
        })
    }
}

fn render_at(source: &str, first_line: u32) -> MarkdownOutput {
    let env = MarkdownEnv {
        first_line,
        column_offset: 0,
        footnote_prefix: "fn-bai-viet-",
        resolve_root_path: &resolve,
        find_autolinks: &autolinks,
        render_chart: &chart,
        resolve_photo: None,
    };
    render_markdown(source, &env)
}

fn render(source: &str) -> MarkdownOutput {
    render_at(source, 1)
}

fn html(source: &str) -> String {
    let out = render(source);
    assert_eq!(out.problems, vec![], "unexpected problems for {source:?}");
    out.html
}

fn problem(line: u32, col: u32, message: &str, hint: Option<&str>, is_warning: bool) -> MdProblem {
    MdProblem {
        line,
        col,
        message: message.to_string(),
        hint: hint.map(str::to_string),
        is_warning,
    }
}

#[test]
fn commonmark_with_strikethrough_lists_and_quotes() {
    assert_eq!(
        html("a  \nb ~~c~~ `d` **e**\n\n- x\n- y\n\n> q"),
        "<p>a<br />\nb <del>c</del> <code>d</code> <strong>e</strong></p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n\
         <blockquote>\n<p>q</p>\n</blockquote>\n"
    );
}

#[test]
fn headings_shift_down_one_level_and_get_ids() {
    assert_eq!(
        html("# Kết quả thi hành án\n\n## Đại Từ: 2023!\n\n##### Năm\n\n###### Sáu"),
        "<h2 id=\"ket-qua-thi-hanh-an\">Kết quả thi hành án</h2>\n<h3 id=\"dai-tu-2023\">Đại Từ: 2023!</h3>\n\
         <h6 id=\"nam\">Năm</h6>\n<h6 id=\"sau\">Sáu</h6>\n"
    );
}

#[test]
fn heading_ids_are_deduplicated() {
    assert_eq!(
        html("# Kết quả\n\n## Kết quả\n\n# Kết quả-2\n\n# *Kết* `quả`\n\n# !!!\n\n# ???"),
        "<h2 id=\"ket-qua\">Kết quả</h2>\n<h3 id=\"ket-qua-2\">Kết quả</h3>\n\
         <h2 id=\"ket-qua-2-2\">Kết quả-2</h2>\n<h2 id=\"ket-qua-3\"><em>Kết</em> <code>quả</code></h2>\n\
         <h2 id=\"muc\">!!!</h2>\n<h2 id=\"muc-2\">???</h2>\n"
    );
}

#[test]
fn heading_ids_are_the_sites_slugs() {
    // One slugifier for addresses and heading ids: `text::slugify`.
    assert_eq!(
        html("# Thi hành án dân sự\n\n## ĐẠI TỪ – Ưu tiên; Ơn\n\n### Chỉ thị số 34-CT/TU"),
        "<h2 id=\"thi-hanh-an-dan-su\">Thi hành án dân sự</h2>\n\
         <h3 id=\"dai-tu-uu-tien-on\">ĐẠI TỪ – Ưu tiên; Ơn</h3>\n\
         <h4 id=\"chi-thi-so-34-ct-tu\">Chỉ thị số 34-CT/TU</h4>\n"
    );
}

#[test]
fn footnotes_are_prefixed_numbered_by_first_reference_and_moved_to_the_end() {
    let out = render("Một[^b] hai[^a] lại[^b].\n\n[^a]: Ghi chú *A*.\n[^b]: Ghi chú B.\n\nCuối.");
    assert_eq!(out.problems, vec![]);
    assert_eq!(
        out.html,
        "<p>Một<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-1\">1</a></sup> \
         hai<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-2\">2</a></sup> \
         lại<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-1\">1</a></sup>.</p>\n\
         <p>Cuối.</p>\n\
         <section class=\"footnotes\">\n\
         <div class=\"footnote-definition\" id=\"fn-bai-viet-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
         <p>Ghi chú B.</p>\n</div>\n\
         <div class=\"footnote-definition\" id=\"fn-bai-viet-2\"><sup class=\"footnote-definition-label\">2</sup>\n\
         <p>Ghi chú <em>A</em>.</p>\n</div>\n\
         </section>\n"
    );
    assert_eq!(out.plain_text, "Một hai lại. Cuối. Ghi chú B. Ghi chú A.");
}

#[test]
fn undefined_footnote_stays_text() {
    assert_eq!(html("Xem [^x]."), "<p>Xem [^x].</p>\n");
}

#[test]
fn root_links_are_resolved_keeping_the_fragment() {
    assert_eq!(
        html(
            "[CT](/van-ban/33-ct-tu-2020/#dieu-1) [q](/van-ban/33-ct-tu-2020/?a=1#b) [home](/) [pdf](</tai-lieu/bao cao.pdf>)"
        ),
        "<p><a href=\"../../van-ban/33-ct-tu-2020/#dieu-1\">CT</a> <a href=\"../../van-ban/33-ct-tu-2020/#b\">q</a> \
         <a href=\"../../\">home</a> <a href=\"../../tai-lieu/bao%20cao.pdf\">pdf</a></p>\n"
    );
}

#[test]
fn reference_style_root_links_are_resolved() {
    assert_eq!(
        html("[CT][ct]\n\n[ct]: /van-ban/33-ct-tu-2020/"),
        "<p><a href=\"../../van-ban/33-ct-tu-2020/\">CT</a></p>\n"
    );
}

#[test]
fn links_to_other_hosts_get_rel_and_other_links_are_left_alone() {
    assert_eq!(
        html(
            "[a](https://thads.moj.gov.vn/) [b](http://x.vn) [c](mailto:a@b.vn) <https://x.vn> [d](anh.jpg) [e](//cdn.vn/x) [f](#muc)"
        ),
        "<p><a href=\"https://thads.moj.gov.vn/\" rel=\"noopener noreferrer\">a</a> \
         <a href=\"http://x.vn\" rel=\"noopener noreferrer\">b</a> <a href=\"mailto:a@b.vn\">c</a> \
         <a href=\"https://x.vn\" rel=\"noopener noreferrer\">https://x.vn</a> <a href=\"anh.jpg\">d</a> \
         <a href=\"//cdn.vn/x\" rel=\"noopener noreferrer\">e</a> <a href=\"#muc\">f</a></p>\n"
    );
}

#[test]
fn broken_root_link_is_an_error_in_file_coordinates() {
    // Body line 3, file line 7 when the body starts on line 5; the column counts characters.
    let out = render_at(
        "Mở đầu.\n\nTheo Chỉ thị [số 33](/van-ban/khong-co/#x) đã ban hành.",
        5,
    );
    assert_eq!(
        out.problems,
        vec![problem(
            7,
            14,
            "link to /van-ban/khong-co/ which is not a page or file of the site",
            Some(BROKEN_LINK_HINT),
            false
        )]
    );
    assert!(
        out.html
            .contains("<a href=\"/van-ban/khong-co/#x\">số 33</a>"),
        "{}",
        out.html
    );
}

#[test]
fn broken_root_image_is_an_error() {
    let out = render_at("x\n![Ảnh](/img/khong-co.jpg)", 10);
    assert_eq!(
        out.problems,
        vec![problem(
            11,
            1,
            "link to /img/khong-co.jpg which is not a page or file of the site",
            Some(BROKEN_LINK_HINT),
            false
        )]
    );
}

#[test]
fn image_without_alt_is_an_error_at_the_image() {
    let out = render_at("Ảnh: ![](a.jpg) và ![ ](b.jpg)", 3);
    assert_eq!(
        out.problems,
        vec![
            problem(3, 6, "image has no alt text", Some(ALT_HINT), false),
            problem(3, 20, "image has no alt text", Some(ALT_HINT), false),
        ]
    );
    assert_eq!(
        out.html,
        "<p>Ảnh: <img src=\"a.jpg\" alt=\"\" loading=\"lazy\"> và <img src=\"b.jpg\" alt=\"\" loading=\"lazy\"></p>\n"
    );
}

#[test]
fn inline_images_resolve_root_paths_and_escape_attributes() {
    let out = render("Xem ![Ảnh \"đẹp\" *x*](/img/a.jpg \"Tiêu đề <1>\") nhé");
    assert_eq!(out.problems, vec![]);
    assert_eq!(
        out.html,
        "<p>Xem <img src=\"../../img/a.jpg\" alt=\"Ảnh &quot;đẹp&quot; x\" title=\"Tiêu đề &lt;1&gt;\" loading=\"lazy\"> nhé</p>\n"
    );
    assert_eq!(out.first_image.as_deref(), Some("/img/a.jpg"));
    assert_eq!(out.plain_text, "Xem nhé");
}

#[test]
fn figure_with_caption_in_the_next_paragraph() {
    let out = render(
        "![Cưỡng chế tại xã Ký Phú](/img/a.jpg)\n\n*Đoàn cưỡng chế, [xem](/van-ban/33-ct-tu-2020/)*\n\nSau.",
    );
    assert_eq!(out.problems, vec![]);
    assert_eq!(
        out.html,
        "<figure><img src=\"../../img/a.jpg\" alt=\"Cưỡng chế tại xã Ký Phú\" loading=\"lazy\">\
         <figcaption>Đoàn cưỡng chế, <a href=\"../../van-ban/33-ct-tu-2020/\">xem</a></figcaption></figure>\n<p>Sau.</p>\n"
    );
    assert_eq!(out.plain_text, "Đoàn cưỡng chế, xem Sau.");
    assert_eq!(out.first_image.as_deref(), Some("/img/a.jpg"));
}

#[test]
fn figure_with_caption_on_the_next_line() {
    assert_eq!(
        html("![Ảnh](a.jpg)\n_Chú thích_\n\n![Hai](b.jpg)\n*Hai*"),
        "<figure><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"><figcaption>Chú thích</figcaption></figure>\n\
         <figure><img src=\"b.jpg\" alt=\"Hai\" loading=\"lazy\"><figcaption>Hai</figcaption></figure>\n"
    );
}

#[test]
fn figure_without_caption() {
    assert_eq!(
        html("![Ảnh](a.jpg)\n\nKhông nghiêng *một phần*."),
        "<figure><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"></figure>\n<p>Không nghiêng <em>một phần</em>.</p>\n"
    );
}

#[test]
fn not_a_figure_when_the_image_shares_its_paragraph() {
    assert_eq!(
        html("Chữ ![Ảnh](a.jpg)\n\n*nghiêng*"),
        "<p>Chữ <img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"></p>\n<p><em>nghiêng</em></p>\n"
    );
    assert_eq!(
        html("![Ảnh](a.jpg)\n*nghiêng* và thêm"),
        "<p><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\">\n<em>nghiêng</em> và thêm</p>\n"
    );
}

#[test]
fn chart_block_ok_is_inserted_raw_with_the_body_line() {
    let out = render_at(
        "Trước.\n\n```chart\ntype: yearly\nunit: dai-tu\n```\n\nSau.",
        4,
    );
    assert_eq!(out.problems, vec![]);
    // The body starts on body line 4, i.e. file line 7.
    assert_eq!(
        out.html,
        "<p>Trước.</p>\n<div class=\"chart\" data-line=\"7\">26</div>\n<p>Sau.</p>\n"
    );
    assert_eq!(out.plain_text, "Trước. Sau.");
}

#[test]
fn chart_info_string_is_the_first_word_trimmed() {
    let out = render("``` chart  extra\ntype: yearly\n```\n\n```chartx\ntype: yearly\n```");
    assert_eq!(
        out.html,
        "<div class=\"chart\" data-line=\"2\">13</div>\n<pre><code class=\"language-chartx\">type: yearly\n</code></pre>\n"
    );
}

#[test]
fn chart_block_err_is_reported_and_nothing_inserted() {
    let out = render_at("A\n\n```chart\ntype: pie\n```\n\n```chart\n```\n\nB", 2);
    assert_eq!(
        out.problems,
        vec![
            problem(5, 1, "unknown chart type", None, false),
            problem(9, 1, "unknown chart type", None, false)
        ]
    );
    assert_eq!(out.html, "<p>A</p>\n<p>B</p>\n");
}

#[test]
fn other_code_blocks_are_untouched_and_not_autolinked() {
    assert_eq!(
        html("```yaml\nso: 33-CT/TU\n```\n\n    33-CT/TU\n\nMã `33-CT/TU`."),
        "<pre><code class=\"language-yaml\">so: 33-CT/TU\n</code></pre>\n<pre><code>33-CT/TU\n</code></pre>\n\
         <p>Mã <code>33-CT/TU</code>.</p>\n"
    );
}

#[test]
fn mentions_are_autolinked_outside_links() {
    let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
    assert_eq!(
        html(
            "Theo Chỉ thị số 33-CT/TU & 33-CT/TU. [Đã có 33-CT/TU](https://x.vn) <a href=\"y\">33-CT/TU</a> *33-CT/TU*"
        ),
        format!(
            "<p>Theo Chỉ thị số {a} &amp; {a}. <a href=\"https://x.vn\" rel=\"noopener noreferrer\">Đã có 33-CT/TU</a> \
             <a href=\"y\">33-CT/TU</a> <em>{a}</em></p>\n"
        )
    );
}

#[test]
fn autolinks_in_headings() {
    let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
    assert_eq!(
        html("## Thực hiện 33-CT/TU"),
        format!("<h3 id=\"thuc-hien-33-ct-tu\">Thực hiện {a}</h3>\n")
    );
}

#[test]
fn autolinks_see_text_split_into_several_events() {
    // pulldown-cmark splits text at `[`, `]` and backslash escapes; the mention must still be found.
    let seen = std::cell::RefCell::new(Vec::new());
    let find = |t: &str| {
        seen.borrow_mut().push(t.to_string());
        autolinks(t)
    };
    let env = MarkdownEnv {
        first_line: 1,
        column_offset: 0,
        footnote_prefix: "fn-",
        resolve_root_path: &resolve,
        find_autolinks: &find,
        render_chart: &chart,
        resolve_photo: None,
    };
    let out = render_markdown("Xem [33-CT/TU] và 33\\-CT/TU", &env);
    assert_eq!(
        *seen.borrow(),
        vec!["Xem [33-CT/TU] và 33-CT/TU".to_string()]
    );
    let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
    assert_eq!(out.html, format!("<p>Xem [{a}] và {a}</p>\n"));
}

#[test]
fn bad_autolink_ranges_are_ignored() {
    let find = |t: &str| {
        vec![
            (0..2, "a".to_string(), String::new()), // "Đ" is 2 bytes: fine
            (1..3, "b".to_string(), String::new()), // overlaps, not a char boundary
            (3..3, "c".to_string(), String::new()), // empty
            (4..t.len() + 5, "d".to_string(), String::new()), // past the end
            (t.len() - 1..t.len(), "e&f".to_string(), String::new()),
        ]
    };
    let env = MarkdownEnv {
        first_line: 1,
        column_offset: 0,
        footnote_prefix: "fn-",
        resolve_root_path: &resolve,
        find_autolinks: &find,
        render_chart: &chart,
        resolve_photo: None,
    };
    let out = render_markdown("Đi xa", &env);
    assert_eq!(
        out.html,
        "<p><a href=\"a\">Đ</a>i x<a href=\"e&amp;f\">a</a></p>\n"
    );
    assert_eq!(out.plain_text, "Đi xa");
}

#[test]
fn raw_html_passes_through() {
    assert_eq!(
        html("<div class=\"note\">\n<b>Lưu ý</b>\n</div>\n\nChữ <kbd>Ctrl</kbd>."),
        "<div class=\"note\">\n<b>Lưu ý</b>\n</div>\n<p>Chữ <kbd>Ctrl</kbd>.</p>\n"
    );
}

#[test]
fn raw_script_is_an_error_and_removed_with_its_content() {
    // Issue 15: a script is active content, an error (it was a warning that kept the page).
    let out = render_at(
        "<div>\n<script src=\"x.js\"></script>\n</div>\n\nA <SCRIPT>x()</script> b\n\n<script>\nalert(1)\n</script>\nSau.",
        3,
    );
    let at: Vec<(u32, u32, bool)> = out
        .problems
        .iter()
        .map(|p| (p.line, p.col, p.is_warning))
        .collect();
    assert_eq!(at, [(4, 1, false), (7, 3, false), (9, 1, false)]);
    assert!(
        out.problems[0]
            .message
            .starts_with("`<script>` is removed with its content"),
        "{:?}",
        out.problems[0]
    );
    assert_eq!(out.html, "<div>\n\n</div>\n<p>A  b</p>\n\n<p>Sau.</p>\n");
    assert_eq!(out.plain_text, "A b Sau.");
    // Not a script tag: an unknown one, unwrapped with a warning.
    let out = render("<scripts>x</scripts>");
    assert_eq!(out.html, "<p>x</p>\n");
    assert!(out.problems[0].is_warning);
}

#[test]
fn an_unclosed_inline_script_takes_the_rest_of_the_text_as_a_browser_would() {
    let out = render("A <script> b `c`\nd\n\nE");
    assert_eq!(out.problems.len(), 1);
    assert!(!out.problems[0].is_warning);
    assert_eq!(out.html, "<p>A </p>");
    assert_eq!(out.plain_text, "A");
}

#[test]
fn tables_are_wrapped_for_scrolling() {
    assert_eq!(
        html("| Đơn vị | Tỷ lệ |\n|---|--:|\n| Đại Từ | 90,07 |"),
        "<div class=\"table-wrap\"><table><thead><tr><th>Đơn vị</th><th style=\"text-align: right\">Tỷ lệ</th></tr></thead><tbody>\n\
         <tr><td>Đại Từ</td><td style=\"text-align: right\">90,07</td></tr>\n</tbody></table>\n</div>\n"
    );
}

#[test]
fn plain_text_is_visible_text_with_whitespace_collapsed() {
    let out = render(
        "# Tiêu đề\n\nĐoạn **một**\nhai [liên kết](x)   ba.\n\n- mục\n- mục `hai`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>ẩn</div>\n\n![Ảnh](a.jpg)",
    );
    assert_eq!(
        out.plain_text,
        "Tiêu đề Đoạn một hai liên kết ba. mục mục hai a b 1 2"
    );
}

#[test]
fn whitespace_is_found_from_bytes_as_char_is_whitespace_says() {
    for c in (0..0x11_0000).filter_map(char::from_u32) {
        let s = c.to_string();
        let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
        assert_eq!(super::whitespace_len(&s, 0), want, "{c:?}");
    }
}

proptest::proptest! {
    #[test]
    fn text_collapsed_piece_by_piece_is_the_start_of_the_whole_collapsed(
        pieces in proptest::collection::vec(
            "[ a\t\n\u{a0}\u{3000}\u{85}\u{1680}\u{2003}\u{202f}\u{205f}ươĐạ–\u{3001}]{0,12}",
            0..8,
        ),
        limit in 0usize..30,
    ) {
        let mut c = super::Collapsed::new(limit);
        for p in &pieces {
            if !c.push(p) {
                break;
            }
        }
        let whole = pieces.concat().split_whitespace().collect::<Vec<_>>().join(" ");
        let whole: String = whole.chars().take(limit).collect();
        proptest::prop_assert_eq!(c.out, whole);
    }
}

#[test]
fn first_image_is_as_written_and_none_without_images() {
    assert_eq!(
        render("![A](/img/a.jpg) ![B](b.png)")
            .first_image
            .as_deref(),
        Some("/img/a.jpg")
    );
    assert_eq!(render("Không có ảnh").first_image, None);
}

#[test]
fn first_line_zero_is_treated_as_one() {
    let out = render_at("[x](/khong/)", 0);
    assert_eq!((out.problems[0].line, out.problems[0].col), (1, 1));
}

#[test]
fn output_is_deterministic() {
    let src =
        "# A\n\n# A\n\nx[^1] 33-CT/TU\n\n[^1]: n\n\n![a](/img/a.jpg)\n*c*\n\n| a |\n|---|\n| b |";
    let (a, b) = (render(src), render(src));
    assert_eq!(
        (a.html, a.problems, a.plain_text),
        (b.html, b.problems, b.plain_text)
    );
}

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("![".to_string()),
        Just("[".to_string()),
        Just("](/".to_string()),
        Just("](/img/a.jpg#x".to_string()),
        Just(")".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("```chart\n".to_string()),
        Just("```\n".to_string()),
        Just("type: yearly\n".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<a href=x>".to_string()),
        Just("</a>".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("33-CT/TU".to_string()),
        Just("Đại Từ ".to_string()),
        "[ -~đĐạ\u{301}\t\r]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Exercises the callbacks with awkward answers: ranges past the end or off char boundaries.
fn check_no_panic(source: &str, first_line: u32) -> Result<(), TestCaseError> {
    let resolve = |p: &str| p.len().is_multiple_of(2).then(|| format!(".{p}"));
    let find = |t: &str| {
        let n = t.len();
        vec![
            (n / 3..n / 2 + 1, "u".to_string(), "t".to_string()),
            (0..n, "v".to_string(), String::new()),
            (n / 2..n + 1, "w".to_string(), String::new()),
        ]
    };
    let chart = |body: &str, line: u32| {
        if body.len().is_multiple_of(2) {
            Ok("<svg></svg>".to_string())
        } else {
            Err(MdProblem {
                line,
                col: 1,
                message: "bad".to_string(),
                hint: None,
                is_warning: false,
            })
        }
    };
    let env = MarkdownEnv {
        first_line,
        column_offset: 0,
        footnote_prefix: "fn-",
        resolve_root_path: &resolve,
        find_autolinks: &find,
        render_chart: &chart,
        resolve_photo: None,
    };
    let out = render_markdown(source, &env);
    for p in &out.problems {
        prop_assert!(p.line >= first_line, "{p:?} before line {first_line}");
        prop_assert!(p.col >= 1);
    }
    prop_assert!(!out.plain_text.starts_with(' ') && !out.plain_text.ends_with(' '));
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_on_markdownish_input(source in markdownish(), first_line in 1u32..100_000) {
        check_no_panic(&source, first_line)?;
    }

    #[test]
    fn never_panics_on_any_string(source in any::<String>(), first_line in 1u32..100_000) {
        check_no_panic(&source, first_line)?;
    }
}

// ---- issue 15: active HTML never reaches a page ----

/// (line, column, is_warning) of each problem.
fn places(out: &MarkdownOutput) -> Vec<(u32, u32, bool)> {
    out.problems
        .iter()
        .map(|p| (p.line, p.col, p.is_warning))
        .collect()
}

#[test]
fn the_reviewers_payloads_are_errors_where_they_are_written_and_removed() {
    let src = "<img src=x onerror=\"alert(1)\">\n\n<a href=\"javascript:alert(2)\">a</a> [k](javascript:alert(3))\n\n\
               <iframe src=\"https://evil.example\"></iframe>\n\n<svg onload=\"alert(4)\">\n\nSau.";
    let out = render(src);
    assert_eq!(
        places(&out),
        [
            (1, 12, false),
            (3, 4, false),
            (3, 41, false),
            (5, 1, false),
            (7, 1, false)
        ],
        "{:#?}",
        out.problems
    );
    assert_eq!(
        crate::sanitize::inspect::active_content(&out.html),
        Vec::<String>::new()
    );
    assert!(!out.html.contains("alert"), "{}", out.html);
}

#[test]
fn markdown_links_with_active_schemes_are_errors_at_their_url() {
    let out = render(
        "[a](&#106;avascript:x) [b](JaVaScRiPt:x) <javascript:alert(1)> [c][r] [d](data:text/html,x) [e](vbscript:x)\n\n\
         [r]: javascript:alert(5)\n",
    );
    assert_eq!(
        places(&out),
        [
            (1, 5, false),
            (1, 28, false),
            (1, 43, false),
            // `[c][r]`: at the URL of its definition.
            (3, 6, false),
            (1, 75, false),
            (1, 97, false),
        ],
        "{:#?}",
        out.problems
    );
    assert!(out.problems[0].message.contains("`javascript:` URL"));
    assert_eq!(
        out.html, "<p>a b javascript:alert(1) c d e</p>\n",
        "the text of a refused link stays"
    );
}

#[test]
fn images_from_other_hosts_are_errors_and_removed() {
    let out = render(
        "![A](https://x.vn/a.jpg) ![B](//x.vn/b.jpg) ![C](data:image/png;base64,x)\n\n![D](a.jpg)",
    );
    assert_eq!(
        places(&out),
        [(1, 6, false), (1, 31, false), (1, 50, false)]
    );
    assert!(
        out.problems[0].message.contains("another host"),
        "{:?}",
        out.problems[0]
    );
    assert_eq!(
        out.html,
        "<p>  </p>\n<figure><img src=\"a.jpg\" alt=\"D\" loading=\"lazy\"></figure>\n"
    );
    assert_eq!(out.first_image.as_deref(), Some("a.jpg"));
}

#[test]
fn raw_html_split_over_lines_and_inside_quotes_is_found_where_written() {
    let out = render("> <img\n> src=x\n> onerror=alert(1)>\n\n<div\nonclick=\"x\">\nA\n</div>");
    assert_eq!(
        places(&out),
        [(3, 3, false), (6, 1, false)],
        "{:#?}",
        out.problems
    );
    assert_eq!(
        out.html,
        "<blockquote>\n<p><img src=\"x\"></p>\n</blockquote>\n<div>\nA\n</div>"
    );
}

#[test]
fn harmless_tags_and_comments_are_warnings_and_their_text_stays() {
    let out = render(
        "<p class=MsoNormal>Chữ<o:p></o:p> <font face=Arial>Cỡ</font> <center>giữa</center></p>\n\n\
         A <!-- ghi chú nội bộ --> B",
    );
    assert_eq!(
        places(&out),
        [(1, 23, true), (1, 35, true), (1, 62, true), (3, 3, true)],
        "{:#?}",
        out.problems
    );
    // `<center>` is a block: as in a browser, it ends the paragraph it was written in.
    assert_eq!(
        out.html,
        "<p class=\"MsoNormal\">Chữ Cỡ </p>giữa<p></p>\n<p>A  B</p>\n"
    );
    assert_eq!(out.plain_text, "A B");
}

#[test]
fn links_to_other_hosts_are_written_alike_with_or_without_raw_html() {
    let plain = render("[a](https://x.vn \"T 'q'\")").html;
    let raw = render("[a](https://x.vn \"T 'q'\") <b>b</b>").html;
    let link = "<a href=\"https://x.vn\" title=\"T 'q'\" rel=\"noopener noreferrer\">a</a>";
    assert!(plain.contains(link), "{plain}");
    assert!(raw.contains(link), "{raw}");
    let raw = render(
        "<a href=\"https://x.vn\" rel=\"opener\" target=\"_blank\">a</a> <a href=\"../x/\">b</a>",
    );
    assert_eq!(
        raw.html,
        "<p><a href=\"https://x.vn\" rel=\"noopener noreferrer\">a</a> <a href=\"../x/\">b</a></p>\n"
    );
    assert_eq!(places(&raw), [(1, 24, true), (1, 37, true)]);
}

#[test]
fn charts_survive_the_sanitizer_and_cannot_be_forged() {
    let src = "<b>x</b>\n\n```chart\ntype: yearly\n```\n\n<p>bantin-trusted-0-0.</p>";
    let out = render(src);
    assert_eq!(out.problems, vec![]);
    assert_eq!(
        out.html,
        "<p><b>x</b></p>\n<div class=\"chart\" data-line=\"4\">13</div>\n<p>bantin-trusted-0-0.</p>"
    );
}

#[test]
fn control_characters_from_references_are_errors_and_dropped() {
    let out = render(
        "a&#1;b [l](x \"t&#x7f;\") &#x85;\n\n`&#1;` &#xFDD0; <b title=\"&#xFFFE;\">c&#2;</b>",
    );
    assert_eq!(
        places(&out),
        [
            (1, 2, false),
            (1, 16, false),
            (1, 25, false),
            (3, 8, false),
            (3, 27, false),
            (3, 38, false)
        ],
        "{:#?}",
        out.problems
    );
    assert!(out.problems[0].message.contains("U+0001"));
    assert!(
        !out.html.chars().any(crate::sanitize::chars::is_forbidden),
        "{:?}",
        out.html
    );
    assert!(
        out.html.contains("<code>&amp;#1;</code>"),
        "code is not decoded: {}",
        out.html
    );
}

#[test]
fn text_inside_removed_elements_is_not_plain_text() {
    let out =
        render("A <textarea>**x**</textarea> B <style>p{}</style> C <template>t</template> D");
    assert_eq!(out.plain_text, "A B C D");
    assert_eq!(out.html, "<p>A  B  C  D</p>\n");
}

fn hostile_markdownish() -> impl Strategy<Value = String> {
    let hostile = prop::sample::select(vec![
        "<img src=x onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(2)\">",
        "[k](javascript:alert(3))",
        "<iframe src=\"https://evil.example\">",
        "<svg onload=\"alert(4)\">",
        "<scr<script></script>ipt src=\"https://evil.example/x.js\"></script>",
        "<a href=\"&#106;avascript:x\">",
        "<a href=\"java&#9;script:x\">",
        "<a href=\" data:text/html,x\">",
        "<img src=\"//evil.example/a.png\">",
        "<img src=\"\\\\evil.example\\a.png\">",
        "<img srcset=\"a.png 1x, https://e/b.png 2x\">",
        "<video poster=\"https://e/p.jpg\" src=\"v.mp4\">",
        "<audio src=\"https://e/a.mp3\">",
        "<source src=\"https://e/a\">",
        "<p style=\"background:url(//e/x)\">",
        "<p style=\"x:expr\\65ssion(alert(1))\">",
        "<object data=\"x.swf\">",
        "<embed src=\"x\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=//e\">",
        "<base href=\"//e/\">",
        "<link rel=stylesheet href=//e/x.css>",
        "<form action=//e><button formaction=//e>",
        "<iframe srcdoc=\"<script>alert(1)</script>\">",
        "<math href=\"javascript:x\">",
        "<svg><use href=\"data:x\"/></svg>",
        "<style>@import '//e/x.css'</style>",
        "<!-- ",
        " -->",
        "<div\nonclick=x>",
        "<img\nsrc=x\nonerror=y>",
        "<IMG SRC=JaVaScRiPt:alert(1)>",
        "<image src=//e/x>",
        "<textarea>",
        "<title>",
        "<noscript><img src=//e/x></noscript>",
        "<a href=\"https://ok.vn\">",
        "</a>",
        "&#1;",
        "&#xFDD0;",
        "<javascript:alert(1)>",
        "[r]\n\n[r]: data:x\n",
        "![a](https://e/a.png)",
    ])
    .prop_map(str::to_string);
    prop::collection::vec(prop_oneof![markdownish(), hostile], 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn no_active_content_survives(source in hostile_markdownish()) {
        let out = render(&source);
        let found = crate::sanitize::inspect::active_content(&out.html);
        prop_assert!(found.is_empty(), "{found:?}\n{}", out.html);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Every removal is reported: whenever the text, written out without the sanitizer, would
    /// carry active content, rendering it gives an error.
    #[test]
    fn active_input_is_always_an_error(source in hostile_markdownish()) {
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let mut unsanitized = String::new();
        pulldown_cmark::html::push_html(&mut unsanitized, Parser::new_ext(&source, options));
        let breaches = crate::sanitize::inspect::active_content(&unsanitized);
        let out = render(&source);
        if !breaches.is_empty() {
            prop_assert!(
                out.problems.iter().any(|p| !p.is_warning),
                "{breaches:?} without an error: {:?}",
                out.problems
            );
        }
    }
}

#[test]
fn a_forbidden_character_in_a_code_block_info_string_is_dropped() {
    // Found by the fuzz fallback: the info string becomes a class.
    let out = render("```x&#8;y\ncode &#8;\n```");
    assert_eq!(places(&out), [(1, 5, false)]);
    assert_eq!(
        out.html,
        "<pre><code class=\"language-xy\">code &amp;#8;\n</code></pre>\n"
    );
}
