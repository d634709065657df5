//! `bantin snapshot` (SPEC §7): the site as it stood on a day, in `archive/<DATE>/`, with
//! `SHA256SUMS`, a deterministic zip and, on request, a WARC 1.1 file. Same content and date →
//! byte-identical files: every timestamp comes from the date, never from the clock.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use crate::model::OutputFile;
use crate::output::{self, WriteStats};
use crate::pipeline::{self, EnvError, Input, Options, Output, Report};

#[derive(Clone, Debug)]
pub struct SnapshotOptions {
    /// The project folder, which holds `content/`.
    pub root: PathBuf,
    /// `as_of` and `archive` are set to the snapshot's date.
    pub options: Options,
    pub date: Date,
    /// Folder that receives `<DATE>/`, `<DATE>.zip`, `<DATE>.warc.gz` (default `archive/` in the root).
    pub archive_dir: PathBuf,
    pub warc: bool,
    /// Replace a snapshot of the same day (its folder, zip and WARC); without it, one that exists
    /// is refused.
    pub force: bool,
}

/// What a snapshot wrote.
#[derive(Clone, Debug)]
pub struct SnapshotFiles {
    pub dir: PathBuf,
    pub zip: PathBuf,
    pub warc: Option<PathBuf>,
    pub written: WriteStats,
    /// Total bytes of the site files.
    pub site_bytes: u64,
    pub zip_bytes: u64,
    pub warc_bytes: Option<u64>,
}

pub fn snapshot(opts: &SnapshotOptions) -> Result<(Report, Option<SnapshotFiles>), EnvError> {
    let name = opts.date.to_string();
    let dir = opts.archive_dir.join(&name);
    output::check_place(Some(&opts.root), &opts.archive_dir, "write snapshots into")?;
    let zip_path = opts.archive_dir.join(format!("{name}.zip"));
    let warc_file = opts.archive_dir.join(format!("{name}.warc.gz"));
    let existing: Vec<&Path> = [dir.as_path(), &zip_path, &warc_file]
        .into_iter()
        .filter(|p| fs::symlink_metadata(p).is_ok())
        .collect();
    if !opts.force && !existing.is_empty() {
        let names: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
        return Err(EnvError::Unsafe(format!(
            "a snapshot of {name} already exists ({}); an archive is never overwritten: use --force to replace it",
            names.join(", ")
        )));
    }
    output::check_out_dir(Some(&opts.root), &dir)?;
    let options = Options {
        as_of: Some(opts.date),
        archive: Some(opts.date),
        ..opts.options
    };
    let input = Input::Folder(opts.root.clone());
    let (report, outcome) = pipeline::run(input, Output::Memory, &options, &mut |_| {})?;
    let Some((site, mut files)) = outcome.built() else {
        return Ok((report, None));
    };
    files.push(OutputFile {
        path: "SHA256SUMS".into(),
        bytes: sha256sums(&files).into_bytes(),
    });
    let written = output::write_site(&dir, &files)?;
    let zip = zip_bytes(&name, opts.date, &files)
        .map_err(|e| EnvError::Archive(format!("cannot make the zip: {e}")))?;
    write_atomically(&zip_path, &zip)?;
    let mut warc_path = None;
    let mut warc_len = None;
    if opts.warc {
        let base = site.config().base_url.clone().ok_or_else(|| {
            EnvError::Project(
                "--warc needs `base_url` in content/site.yaml: each record is stored at its URL"
                    .into(),
            )
        })?;
        let path = warc_file;
        let bytes = warc_bytes(&base, opts.date, &format!("{name}.warc.gz"), &files)
            .map_err(|e| EnvError::Archive(format!("cannot make the WARC file: {e}")))?;
        write_atomically(&path, &bytes)?;
        warc_len = Some(bytes.len() as u64);
        warc_path = Some(path);
    }
    Ok((
        report,
        Some(SnapshotFiles {
            dir,
            site_bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
            zip_bytes: zip.len() as u64,
            zip: zip_path,
            warc: warc_path,
            warc_bytes: warc_len,
            written,
        }),
    ))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), EnvError> {
    let err = |e: std::io::Error| EnvError::io("cannot write", path, e);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err)?;
    }
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(()); // unchanged: keep the file (and its time) as it is
    }
    crate::atomic::replace(path, bytes).map_err(err)
}

/// `sha256sum -c` format: `<hex>  <path>`, sorted by path.
pub fn sha256sums(files: &[OutputFile]) -> String {
    let mut lines: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.path.clone(), hex(&Sha256::digest(&f.bytes))))
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(p, h)| format!("{h}  {p}\n"))
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A zip of the snapshot folder: entries under `<name>/`, sorted, every timestamp the snapshot's
/// date at midnight, fixed permissions.
pub fn zip_bytes(name: &str, date: Date, files: &[OutputFile]) -> zip::result::ZipResult<Vec<u8>> {
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let time = zip::DateTime::from_date_and_time(
        date.year() as u16,
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for f in sorted {
        writer.start_file(format!("{name}/{}", f.path), options)?;
        writer.write_all(&f.bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// WARC 1.1 (ISO 28500:2017): a `warcinfo` record, then one `response` record per file at its URL
/// under `base_url`; each record is its own gzip member, as web archives expect. Record ids are
/// derived from the date and URL (no randomness), so two snapshots are byte-identical.
pub fn warc_bytes(
    base_url: &str,
    date: Date,
    file_name: &str,
    files: &[OutputFile],
) -> std::io::Result<Vec<u8>> {
    let when = format!("{date}T00:00:00Z");
    let mut out = Vec::new();
    let info_id = record_id(&format!("warcinfo {when}"));
    let info = format!(
        "software: bantin {}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\nisPartOf: {base_url}\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let header = format!(
        "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Date: {when}\r\nWARC-Record-ID: {info_id}\r\nWARC-Filename: {file_name}\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
        info.len()
    );
    gzip_record(&mut out, header.as_bytes(), info.as_bytes())?;
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        let url_path = f.path.strip_suffix("index.html").unwrap_or(&f.path);
        let url = format!("{base_url}{url_path}");
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            crate::content_type::content_type(&f.path),
            f.bytes.len()
        );
        let mut block = http.into_bytes();
        block.extend_from_slice(&f.bytes);
        let header = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {when}\r\nWARC-Record-ID: {}\r\nWARC-Warcinfo-ID: {info_id}\r\nWARC-Block-Digest: sha256:{}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            record_id(&format!("response {when} {url}")),
            hex(&Sha256::digest(&block)),
            block.len()
        );
        gzip_record(&mut out, header.as_bytes(), &block)?;
    }
    Ok(out)
}

fn gzip_record(out: &mut Vec<u8>, header: &[u8], block: &[u8]) -> std::io::Result<()> {
    // GzBuilder writes mtime 0 and no file name: the bytes depend only on the content.
    let mut gz = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::default());
    gz.write_all(header)?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    out.extend_from_slice(&gz.finish()?);
    Ok(())
}

/// `<urn:uuid:…>` from a SHA-256 of `seed`, shaped as a version-8 (custom) UUID.
fn record_id(seed: &str) -> String {
    let h = Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex(&b);
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &x[0..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<OutputFile> {
        vec![
            OutputFile {
                path: "index.html".into(),
                bytes: b"<p>a</p>".to_vec(),
            },
            OutputFile {
                path: "tin-tuc/a/index.html".into(),
                bytes: b"<p>b</p>".to_vec(),
            },
        ]
    }

    #[test]
    fn sums_are_in_sha256sum_format() {
        let s = sha256sums(&files());
        let first = s.lines().next().unwrap();
        assert_eq!(first.len(), 64 + 2 + "index.html".len());
        assert!(first.ends_with("  index.html"));
    }

    #[test]
    fn zip_and_warc_are_deterministic() {
        let d = jiff::civil::date(2022, 12, 31);
        assert_eq!(
            zip_bytes("2022-12-31", d, &files()).unwrap(),
            zip_bytes("2022-12-31", d, &files()).unwrap()
        );
        let a = warc_bytes("https://example.org/", d, "x.warc.gz", &files()).unwrap();
        assert_eq!(
            a,
            warc_bytes("https://example.org/", d, "x.warc.gz", &files()).unwrap()
        );
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(&a[..]), &mut text)
            .unwrap();
        assert!(text.starts_with("WARC/1.1\r\nWARC-Type: warcinfo"));
        assert!(text.contains("WARC-Target-URI: https://example.org/tin-tuc/a/\r\n"));
        assert_eq!(text.matches("WARC-Type: response").count(), 2);
    }
}
