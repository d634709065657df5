//! What docx-rs 0.4.22 cannot write, added to the `word/document.xml` it wrote: each picture's
//! alt text (`descr`), name and a unique id (it writes `id="1" name="Figure"` for all, and no
//! `descr`), and `tblHeader` on the header row of each figures table (it has no API for it), so
//! Word and LibreOffice repeat the row on each page. Exact-text edits of the forms docx-rs
//! writes: if a new release writes them differently, the counts no longer match and the build
//! fails here instead of shipping a document without them.

/// One picture of the document, in order.
pub(super) struct Picture {
    /// Its name in Word's selection pane.
    pub name: String,
    /// Its alt text.
    pub descr: String,
}

const DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;
const C_NV_PR: &str = r#"<pic:cNvPr id="0" name="" />"#;
/// A table row kept whole, as docx-rs writes it; the first row of a table marked so is its
/// header (only figures tables set `cantSplit`).
const KEPT_ROW: &str = "<w:tr><w:trPr><w:cantSplit /></w:trPr>";
const HEADER_ROW: &str = "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

/// `document` with the pictures described and the figures tables' header rows marked;
/// `header_rows` is how many figures tables there are.
pub(super) fn fix_document(
    document: &[u8],
    pictures: &[Picture],
    header_rows: usize,
) -> Result<Vec<u8>, String> {
    let xml = std::str::from_utf8(document).map_err(|e| format!("document.xml: {e}"))?;
    let xml = describe_pictures(xml, pictures)?;
    let xml = mark_header_rows(&xml, header_rows)?;
    Ok(xml.into_bytes())
}

fn describe_pictures(xml: &str, pictures: &[Picture]) -> Result<String, String> {
    let found = (xml.matches(DOC_PR).count(), xml.matches(C_NV_PR).count());
    if found != (pictures.len(), pictures.len()) {
        return Err(format!(
            "document.xml: {} pictures expected, found {} docPr and {} cNvPr of docx-rs's form",
            pictures.len(),
            found.0,
            found.1
        ));
    }
    let mut out = String::with_capacity(xml.len() + pictures.len() * 512);
    let mut rest = xml;
    for (i, picture) in pictures.iter().enumerate() {
        let id = i + 1;
        let name = escape_attr(&picture.name);
        let descr = escape_attr(&picture.descr);
        for (form, tag) in [(DOC_PR, "wp:docPr"), (C_NV_PR, "pic:cNvPr")] {
            // Both forms were counted above, and each picture holds one of each in this order.
            let at = rest.find(form).unwrap_or(rest.len());
            out.push_str(&rest[..at]);
            out.push_str(&format!(
                r#"<{tag} id="{id}" name="{name}" descr="{descr}" />"#
            ));
            rest = rest.get(at + form.len()..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn mark_header_rows(xml: &str, header_rows: usize) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + header_rows * 16);
    let mut marked = 0;
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        // The first row of the table: tables here hold no tables.
        let Some(row) = table.find("<w:tr>") else {
            out.push_str(table);
            rest = "";
            break;
        };
        if table[row..].starts_with(KEPT_ROW) {
            out.push_str(&table[..row]);
            out.push_str(HEADER_ROW);
            rest = &table[row + KEPT_ROW.len()..];
            marked += 1;
        } else {
            out.push_str(&table[..row + "<w:tr>".len()]);
            rest = &table[row + "<w:tr>".len()..];
        }
    }
    out.push_str(rest);
    if marked != header_rows {
        return Err(format!(
            "document.xml: {header_rows} figures tables expected, found {marked} of docx-rs's form"
        ));
    }
    Ok(out)
}

/// `s` fit for an XML attribute value in double quotes (line breaks kept as characters).
fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(descr: &str) -> Picture {
        Picture {
            name: "a.png".into(),
            descr: descr.into(),
        }
    }

    #[test]
    fn pictures_get_their_own_id_and_alt_text() {
        let one = format!("<w:r>{DOC_PR}<x/>{C_NV_PR}</w:r>");
        let xml = format!("{one}{one}");
        let fixed = describe_pictures(&xml, &[picture("A & \"B\" <1>"), picture("C")]).unwrap();
        assert_eq!(
            fixed,
            "<w:r><wp:docPr id=\"1\" name=\"a.png\" descr=\"A &amp; &quot;B&quot; &lt;1&gt;\" />\
             <x/><pic:cNvPr id=\"1\" name=\"a.png\" descr=\"A &amp; &quot;B&quot; &lt;1&gt;\" /></w:r>\
             <w:r><wp:docPr id=\"2\" name=\"a.png\" descr=\"C\" /><x/>\
             <pic:cNvPr id=\"2\" name=\"a.png\" descr=\"C\" /></w:r>"
        );
        assert!(describe_pictures(&xml, &[picture("A")]).is_err());
    }

    #[test]
    fn only_tables_with_kept_rows_get_a_header_row() {
        let layout = "<w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc /></w:tr></w:tbl>";
        let figures =
            format!("<w:tbl><w:tblPr />{KEPT_ROW}<w:tc /></w:tr>{KEPT_ROW}</w:tr></w:tbl>");
        let xml = format!("{layout}<w:p />{figures}{layout}");
        let fixed = mark_header_rows(&xml, 1).unwrap();
        assert_eq!(fixed.matches("<w:tblHeader />").count(), 1);
        assert_eq!(fixed.replace("<w:tblHeader />", ""), xml);
        assert!(fixed.find("<w:tblHeader />") < fixed.rfind(KEPT_ROW));
        assert!(mark_header_rows(&xml, 2).is_err());
    }
}
