//! Reading candidate files as chunks of raw rows, with buffers reused across chunks.
//!
//! The source is the sequential half of reading: it splits the input into records, and checks
//! ids for duplicates (which needs every earlier row). Validating a row into a
//! [`Candidate`](crate::Candidate) is the parallel half ([`RowParser`](super::RowParser)).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{Error, Result, RowError};

use super::columns::{Columns, Format};
use super::dialect::Dialect;
use super::ids::{check_id, IdSet};
use super::input::Input;
use super::lines::Lines;
use super::record::Record;

/// Read buffer size.
const BUFFER: usize = 1 << 20;

/// One raw row: its line, its text, and a rejection already known to the source.
#[derive(Clone, Debug, Default)]
pub struct RawRow {
    /// 1-based line the row starts on.
    pub line: u64,
    /// The fields of a CSV row, as bytes (checked for UTF-8 by the parser, in parallel).
    pub record: Record,
    /// The text of a JSONL row.
    pub json: String,
    /// Set when the source already rejected the row (duplicate id, malformed record).
    pub error: Option<RowError>,
    /// The id's key for the duplicate check, where the row has an id.
    pub(super) id_hash: Option<u64>,
}

/// A batch of raw rows. Its buffers are reused when it is refilled.
#[derive(Debug, Default)]
pub struct Chunk {
    rows: Vec<RawRow>,
    pub(super) len: usize,
}

impl Chunk {
    /// The rows filled in.
    pub fn rows(&self) -> &[RawRow] {
        &self.rows[..self.len]
    }

    /// The rows filled in, to finish.
    pub(super) fn rows_mut(&mut self) -> &mut [RawRow] {
        &mut self.rows[..self.len]
    }

    pub(super) fn next_slot(&mut self) -> &mut RawRow {
        if self.len == self.rows.len() {
            self.rows.push(RawRow::default());
        }
        let slot = &mut self.rows[self.len];
        slot.error = None;
        slot.id_hash = None;
        slot
    }
}

enum Records<'a> {
    Csv(csv::Reader<Lines<Box<dyn Read + Send + 'a>>>),
    Jsonl {
        lines: Box<dyn BufRead + Send + 'a>,
        line: u64,
    },
}

/// A candidate file read as chunks of raw rows.
pub struct RowSource<'a> {
    file: String,
    input: Records<'a>,
    columns: Columns,
    ids: IdSet,
    done: bool,
    /// The field delimiter (CSV).
    delimiter: u8,
    /// Bytes of the input before its first record: a byte-order mark and the CSV header.
    header_end: u64,
    /// Fields in the CSV header (every record must have as many).
    fields: usize,
    /// The CSV reader's last record, copied into each row.
    record: csv::ByteRecord,
}

/// The byte-order mark some tools (Excel, Notepad) put at the start of UTF-8 files.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The field delimiter of a CSV file, from its header line: whichever of `,` `;` tab and `|`
/// occurs most often outside quotes (`,` when none does). European spreadsheets export with
/// `;`, others with tabs.
fn detect_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    // The first of the most frequent, so a tie (or no delimiter at all) keeps the comma.
    let best = (0..CANDIDATES.len())
        .rev()
        .max_by_key(|&i| counts[i])
        .unwrap_or(0);
    CANDIDATES[best]
}

/// The columns of a candidate file that are not candidate fields (its audit attributes),
/// from its header; `None` for JSONL, whose rows may each have other keys.
///
/// # Errors
/// The file cannot be opened, or a CSV file has no header with an `id` column.
pub fn attribute_columns(input: &Input, dialect: &Dialect) -> Result<Option<Vec<String>>> {
    let source = RowSource::open(input, dialect)?;
    Ok(match source.format() {
        Format::Csv => Some(source.columns().attributes().map(String::from).collect()),
        Format::Jsonl => None,
    })
}

impl<'a> RowSource<'a> {
    /// Opens a candidate file; its extension gives the format. Text in `encoding` (or UTF-16
    /// with a byte-order mark) is transcoded to UTF-8 as it is read.
    ///
    /// # Errors
    /// The file cannot be opened, or a CSV file has no header with an `id` column.
    pub fn open(input: &Input, dialect: &Dialect) -> Result<RowSource<'static>> {
        let name = input.name().into_owned();
        let (mut raw, size): (Box<dyn BufRead + Send>, u64) = match input {
            Input::File(path) => {
                let file = File::open(path).map_err(|e| Error::io(path, e))?;
                let size = file.metadata().map_or(0, |m| m.len());
                (Box::new(BufReader::with_capacity(BUFFER, file)), size)
            }
            Input::Bundled(b) => (Box::new(b.bytes()), b.bytes().len() as u64),
        };
        let head = raw.fill_buf().map_err(|e| Error::io(&name, e))?;
        let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
        let transcode = match dialect.encoding {
            Some(enc) if enc != encoding_rs::UTF_8 || utf16 => Some(Some(enc)),
            None if utf16 => Some(None),
            _ => None,
        };
        let reader: Box<dyn BufRead + Send> = match transcode {
            Some(enc) => Box::new(BufReader::with_capacity(
                BUFFER,
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(enc)
                    .build(raw),
            )),
            None => raw,
        };
        let format = Format::of(Path::new(&name));
        let mut source = RowSource::new(reader, &name, format, dialect)?;
        // Room for the ids of rows of about 200 bytes, so the set rarely grows mid-stream.
        source.ids.reserve((size / 200).min(1 << 26) as usize);
        Ok(source)
    }

    /// A source over any reader of UTF-8 text (`dialect.encoding` is for [`RowSource::open`]).
    ///
    /// # Errors
    /// A CSV input without a header with an `id` column, or with a header `dialect` does not
    /// fit.
    pub fn new(
        mut reader: Box<dyn BufRead + Send + 'a>,
        file: &str,
        format: Format,
        dialect: &Dialect,
    ) -> Result<RowSource<'a>> {
        let head = reader.fill_buf().map_err(|e| Error::io(file, e))?;
        let mut header_end = 0;
        if head.starts_with(UTF8_BOM) {
            reader.consume(UTF8_BOM.len());
            header_end = UTF8_BOM.len() as u64;
        }
        let mut delimiter = b',';
        let mut fields = 0;
        let (input, columns) = match format {
            Format::Csv => {
                let head = reader.fill_buf().map_err(|e| Error::io(file, e))?;
                delimiter = dialect.delimiter.unwrap_or_else(|| detect_delimiter(head));
                let reader: Box<dyn Read + Send + 'a> = reader;
                let mut csv = csv::ReaderBuilder::new()
                    .buffer_capacity(BUFFER)
                    .delimiter(delimiter)
                    .from_reader(Lines::new(reader));
                let headers = csv.headers().map_err(|e| Error::parse(file, e))?;
                fields = headers.len();
                let columns =
                    Columns::from_header(headers, &dialect.renames).map_err(|(name, reason)| {
                        Error::Row(RowError {
                            file: file.to_string(),
                            line: 1,
                            id: None,
                            field: name,
                            reason,
                        })
                    })?;
                if columns.id().is_none() {
                    return Err(Error::parse(file, "no \"id\" column in the header"));
                }
                header_end += csv.position().byte();
                (Records::Csv(csv), columns)
            }
            Format::Jsonl => (
                Records::Jsonl {
                    lines: reader,
                    line: 0,
                },
                Columns::default(),
            ),
        };
        Ok(RowSource {
            file: file.to_string(),
            input,
            columns,
            ids: IdSet::default(),
            done: false,
            delimiter,
            header_end,
            fields,
            record: csv::ByteRecord::new(),
        })
    }

    /// The field delimiter of a CSV input.
    pub(super) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Fields in the CSV header.
    pub(super) fn fields(&self) -> usize {
        self.fields
    }

    /// How many bytes of the input come before its first record (a byte-order mark, the
    /// header and its line end, as far as the header's reader consumed it).
    pub(super) fn header_end(&self) -> u64 {
        self.header_end
    }

    /// The file name used in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The CSV columns (empty for JSONL).
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The input's format.
    pub fn format(&self) -> Format {
        match self.input {
            Records::Csv(_) => Format::Csv,
            Records::Jsonl { .. } => Format::Jsonl,
        }
    }

    /// Refills `chunk` with up to `max` rows; false once the input is exhausted and nothing was
    /// read.
    ///
    /// # Errors
    /// Reading the underlying file fails.
    pub fn fill(&mut self, chunk: &mut Chunk, max: usize) -> Result<bool> {
        chunk.len = 0;
        while !self.done && chunk.len < max {
            match &mut self.input {
                Records::Csv(reader) => {
                    let at = reader.position().line();
                    let slot = chunk.next_slot();
                    match reader.read_byte_record(&mut self.record) {
                        Ok(false) => self.done = true,
                        Ok(true) => {
                            slot.record.set_from(&self.record);
                            let start = self.record.position().map(|p| p.byte());
                            slot.line = start.map_or(at, |b| reader.get_mut().line_at(b));
                            let id = self
                                .columns
                                .id()
                                .and_then(|i| slot.record.get(i))
                                .and_then(|b| std::str::from_utf8(b).ok())
                                .map(str::trim);
                            slot.error = check_id(&mut self.ids, &self.file, slot.line, id);
                            chunk.len += 1;
                        }
                        Err(e) => {
                            let start = e.position().map(|p| p.byte());
                            slot.line = start.map_or(at, |b| reader.get_mut().line_at(b));
                            let recoverable = matches!(
                                e.kind(),
                                csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                            );
                            if let csv::ErrorKind::Io(io) = e.kind() {
                                return Err(Error::io(
                                    &self.file,
                                    std::io::Error::new(io.kind(), io.to_string()),
                                ));
                            }
                            let reason = match e.kind() {
                                csv::ErrorKind::UnequalLengths {
                                    expected_len, len, ..
                                } => {
                                    format!("expected {expected_len} fields, found {len}")
                                }
                                _ => e.to_string(),
                            };
                            slot.record.clear();
                            slot.error = Some(record_error(&self.file, slot.line, reason));
                            chunk.len += 1;
                            self.done = !recoverable;
                        }
                    }
                }
                Records::Jsonl { lines, line } => {
                    let slot = chunk.next_slot();
                    slot.json.clear();
                    let n = lines
                        .read_line(&mut slot.json)
                        .map_err(|e| Error::io(&self.file, e))?;
                    if n == 0 {
                        self.done = true;
                        continue;
                    }
                    *line += 1;
                    if slot.json.trim().is_empty() {
                        continue;
                    }
                    slot.line = *line;
                    slot.error = match json_id(&slot.json) {
                        Ok(id) => check_id(&mut self.ids, &self.file, slot.line, id.as_deref()),
                        Err(reason) => Some(record_error(&self.file, slot.line, reason)),
                    };
                    chunk.len += 1;
                }
            }
        }
        Ok(chunk.len > 0)
    }
}

pub(super) fn record_error(file: &str, line: u64, reason: String) -> RowError {
    RowError {
        file: file.into(),
        line,
        id: None,
        field: "(record)".into(),
        reason,
    }
}

/// The `id` of a JSONL row (its key matched case-insensitively, as every field's is), read
/// without building the rest of the object.
pub(super) fn json_id(text: &str) -> Result<Option<String>, String> {
    if !text.trim_start().starts_with('{') {
        return Err("expected a JSON object".into());
    }
    match serde_json::from_str::<IdOnly>(text) {
        Ok(IdOnly(id)) => Ok(id),
        // Valid JSON, refused (a repeated id): the message without serde's position.
        Err(e) if e.is_data() => {
            let message = e.to_string();
            let at = message.rfind(" at line ").unwrap_or(message.len());
            Err(message[..at].to_string())
        }
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// A JSON object's `id` (a trimmed string, or a number as written); other keys are skipped.
struct IdOnly(Option<String>);

impl<'de> serde::Deserialize<'de> for IdOnly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IdOnly, D::Error> {
        use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
        use serde_json::Value;

        /// A key: `Some(spelling)` when it is `id` in any case, else `None` (not copied).
        struct IdKey(Option<String>);
        impl<'de> serde::Deserialize<'de> for IdKey {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IdKey, D::Error> {
                struct KeyVisitor;
                impl Visitor<'_> for KeyVisitor {
                    type Value = IdKey;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a key")
                    }
                    fn visit_str<E>(self, key: &str) -> Result<IdKey, E> {
                        Ok(IdKey(
                            key.eq_ignore_ascii_case("id").then(|| key.to_string()),
                        ))
                    }
                }
                d.deserialize_str(KeyVisitor)
            }
        }

        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = IdOnly;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IdOnly, A::Error> {
                let mut id: Option<(String, Option<String>)> = None;
                while let Some(IdKey(key)) = map.next_key()? {
                    let Some(key) = key else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if let Some((first, _)) = &id {
                        return Err(A::Error::custom(format!(
                            "key \"{key}\" repeats key \"{first}\": a row has one id"
                        )));
                    }
                    let value = match map.next_value::<Value>()? {
                        Value::String(s) => Some(s.trim().to_string()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    };
                    id = Some((key, value));
                }
                Ok(IdOnly(id.and_then(|(_, value)| value)))
            }
        }
        d.deserialize_map(ObjectVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_comes_from_the_header() {
        assert_eq!(detect_delimiter(b"id,name,skills\nc1,Ana,x"), b',');
        assert_eq!(detect_delimiter(b"id;name;skills\r\nc1;Ana;x,y"), b';');
        assert_eq!(detect_delimiter(b"id\tname\tskills\n"), b'\t');
        assert_eq!(detect_delimiter(b"id|name|skills"), b'|');
        assert_eq!(
            detect_delimiter(b"id;\"Years, of; Experience\";name\n"),
            b';'
        );
        assert_eq!(detect_delimiter(b"id\nc1"), b',');
        assert_eq!(detect_delimiter(b""), b',');
    }

    fn source(text: &'static str, format: Format) -> RowSource<'static> {
        RowSource::new(Box::new(text.as_bytes()), "t", format, &Dialect::default()).unwrap()
    }

    #[test]
    fn chunks_reuse_buffers_and_cover_every_row() {
        let mut src = source("id,x\na,1\nb,2\nc,3\n", Format::Csv);
        let mut chunk = Chunk::default();
        let mut lines = Vec::new();
        while src.fill(&mut chunk, 2).unwrap() {
            lines.extend(chunk.rows().iter().map(|r| r.line));
        }
        assert_eq!(lines, vec![2, 3, 4]);
        assert_eq!(chunk.rows.len(), 2, "buffers were reused, not grown");
    }

    #[test]
    fn duplicate_ids_are_flagged_by_the_source() {
        let mut src = source("id\na\nb\na\n", Format::Csv);
        let mut chunk = Chunk::default();
        src.fill(&mut chunk, 10).unwrap();
        let errors: Vec<_> = chunk
            .rows()
            .iter()
            .map(|r| r.error.as_ref().map(|e| e.line))
            .collect();
        assert_eq!(errors, vec![None, None, Some(4)]);
    }

    #[test]
    fn jsonl_rows_skip_blanks_and_flag_bad_json() {
        let mut src = source(
            "{\"id\": \"a\"}\n\n[1]\n{oops\n{\"id\": \"a\"}\n",
            Format::Jsonl,
        );
        let mut chunk = Chunk::default();
        src.fill(&mut chunk, 10).unwrap();
        let rows: Vec<_> = chunk
            .rows()
            .iter()
            .map(|r| (r.line, r.error.as_ref().map(|e| e.reason.clone())))
            .collect();
        assert_eq!(rows[0], (1, None));
        assert_eq!(rows[1].0, 3);
        assert!(rows[1]
            .1
            .as_deref()
            .unwrap()
            .contains("expected a JSON object"));
        assert!(rows[2].1.as_deref().unwrap().starts_with("invalid JSON"));
        assert!(rows[3].1.as_deref().unwrap().starts_with("duplicate id"));
    }

    #[test]
    fn jsonl_ids_match_in_any_case_and_once() {
        assert_eq!(json_id(r#"{"ID": " a ", "x": [1]}"#), Ok(Some("a".into())));
        assert_eq!(
            json_id(r#"{"x": {"id": 1}, "id": 7}"#),
            Ok(Some("7".into()))
        );
        assert_eq!(json_id(r#"{"x": 1}"#), Ok(None));
        assert_eq!(
            json_id(r#"{"id": "a", "Id": "b"}"#),
            Err(r#"key "Id" repeats key "id": a row has one id"#.into())
        );
        assert!(json_id(r#"{"id": "a""#)
            .unwrap_err()
            .starts_with("invalid JSON"));
        let mut src = source("{\"id\": \"a\"}\n{\"ID\": \"a\"}\n", Format::Jsonl);
        let mut chunk = Chunk::default();
        src.fill(&mut chunk, 10).unwrap();
        let error = chunk.rows()[1].error.as_ref().unwrap();
        assert_eq!((error.line, error.field.as_str()), (2, "id"));
    }

    #[test]
    fn csv_lines_are_counted_with_any_line_end() {
        for text in ["id\na\n\nb\n", "id\r\na\r\n\r\nb\r\n", "id\ra\r\rb\r"] {
            let mut src = source(text, Format::Csv);
            let mut chunk = Chunk::default();
            src.fill(&mut chunk, 10).unwrap();
            let lines: Vec<u64> = chunk.rows().iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4], "{text:?}");
        }
    }

    #[test]
    fn a_csv_without_id_column_is_refused() {
        let err = RowSource::new(
            Box::new("name\nx\n".as_bytes()),
            "t.csv",
            Format::Csv,
            &Dialect::default(),
        )
        .err()
        .unwrap();
        assert!(err.to_string().contains("no \"id\" column"));
    }
}
