//! Reading a candidate file on every thread at once: each thread reads and splits its own
//! byte range, so no single reader thread bounds the run.
//!
//! The file is cut into blocks of about [`BLOCK`] bytes; a block's rows are the records that
//! start in it. Where its first record starts is guessed from the first line break in it (as
//! polars and DuckDB do), and checked, in file order, against where the previous block's
//! last record really ended: a line break inside a quoted field makes a wrong guess, and the
//! block is split again from the right place. The same ordered step numbers the block's
//! lines and checks its ids for duplicates, so every row gets exactly what the sequential
//! [`RowSource`] gives it: the same fields, line, and rejection.

use std::borrow::Cow;
use std::fs::File;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::error::{Error, Result};

use super::columns::{Columns, Format};
use super::dialect::Dialect;
use super::ids::{duplicate, id_hash, IdSet};
use super::input::Input;
use super::record::Record;
use super::source::{json_id, record_error, Chunk, RawRow, RowSource};

/// Bytes per block: large enough that the ordered step is rare, small enough that threads
/// share the work evenly and a block's rows stay in cache.
pub(crate) const BLOCK: u64 = 1 << 18;

/// Bytes read past a block's end for the record that crosses it (more when one is longer).
const MARGIN: u64 = 1 << 12;

/// A candidate file on disk, read in blocks by any number of threads ([`BlockSource::fill`]).
pub(crate) struct BlockSource {
    file: File,
    name: String,
    format: Format,
    columns: Columns,
    delimiter: u8,
    /// Fields in the CSV header (every record must have as many).
    fields: usize,
    /// The file's length.
    len: u64,
    /// Where the first record may start (after the header).
    data_start: u64,
    /// Bytes per block.
    block: u64,
    /// How many blocks.
    blocks: usize,
    /// The next block to hand out.
    next: AtomicUsize,
    /// The ordered step's state, and the signal that it moved on.
    order: Mutex<Order>,
    turn: Condvar,
}

/// What the blocks already finished in file order know.
struct Order {
    /// The block whose turn it is.
    next: usize,
    /// Where the previous block's last record ended: this block's true start.
    end: u64,
    /// The 1-based line at `end`.
    line: u64,
    /// The ids seen so far.
    ids: IdSet,
    /// A thread failed: the others stop.
    failed: bool,
}

/// One thread's reusable buffers, for one source.
#[derive(Default)]
pub(crate) struct Scratch {
    bytes: Vec<u8>,
    /// The CSV state machine's field bytes and field ends.
    fields: (Vec<u8>, Vec<usize>),
    /// The CSV state machine, made when a record first needs it (quotes or `\r`).
    quoted: Option<csv_core::Reader>,
}

/// Where a block's records were found.
struct Split {
    /// The block's first byte (a record's start, if the block has one).
    start: u64,
    /// The byte after its last record and the line ends that follow it.
    end: u64,
    /// Line breaks from `start` to `end`.
    breaks: u64,
}

impl BlockSource {
    /// Opens `input` for reading in blocks; `None` when it cannot be (not a regular file, or
    /// text to transcode), and the sequential [`RowSource`] reads it instead.
    ///
    /// # Errors
    /// As [`RowSource::open`].
    pub(crate) fn open(input: &Input, dialect: &Dialect) -> Result<Option<BlockSource>> {
        BlockSource::with_block_size(input, dialect, BLOCK)
    }

    /// [`BlockSource::open`] with blocks of `block` bytes (tests use tiny ones).
    pub(crate) fn with_block_size(
        input: &Input,
        dialect: &Dialect,
        block: u64,
    ) -> Result<Option<BlockSource>> {
        let Input::File(path) = input else {
            return Ok(None);
        };
        if dialect.encoding.is_some_and(|e| e != encoding_rs::UTF_8) {
            return Ok(None);
        }
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        let mut head = [0u8; 2];
        let n = read_at(&file, &mut head, 0).map_err(|e| Error::io(path, e))?;
        let utf16 = n == 2 && (head == *b"\xFF\xFE" || head == *b"\xFE\xFF");
        if !meta.is_file() || utf16 {
            return Ok(None);
        }
        let header = RowSource::open(input, dialect)?;
        let len = meta.len();
        let mut source = BlockSource {
            file,
            name: header.file().to_string(),
            format: header.format(),
            columns: header.columns().clone(),
            delimiter: header.delimiter(),
            fields: header.fields(),
            len,
            data_start: header.header_end().min(len),
            block: block.max(1),
            blocks: 0,
            next: AtomicUsize::new(0),
            order: Mutex::new(Order {
                next: 0,
                end: 0,
                line: 1,
                ids: IdSet::default(),
                failed: false,
            }),
            turn: Condvar::new(),
        };
        // The first record starts after the header's line end; the lines before it count.
        let start = source.skip_breaks(source.data_start)?;
        let mut before = vec![0; start as usize];
        read_exact_at(&source.file, &mut before, 0).map_err(|e| source.io(e))?;
        let order = source.order.get_mut().expect("not shared yet");
        order.end = start;
        order.line = 1 + source.format.breaks(&before);
        // Room for the ids of rows of about 200 bytes, so the set rarely grows mid-stream.
        order
            .ids
            .reserve(((len - start) / 200).min(1 << 26) as usize);
        source.data_start = start;
        source.blocks = (len - start).div_ceil(source.block) as usize;
        Ok(Some(source))
    }

    /// The file name used in messages.
    pub(crate) fn file(&self) -> &str {
        &self.name
    }

    /// The CSV columns (empty for JSONL).
    pub(crate) fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The input's format.
    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// Fills `chunk` with the rows of the next block no thread has taken; false once every
    /// block is taken. Safe to call from many threads at once: each row is in exactly one
    /// chunk, numbered and checked for duplicate ids in file order.
    ///
    /// # Errors
    /// Reading the file fails, or a JSONL line is not UTF-8 (as [`RowSource::fill`]); after
    /// an error every thread's next call returns false.
    pub(crate) fn fill(&self, chunk: &mut Chunk, scratch: &mut Scratch) -> Result<bool> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= self.blocks {
            return Ok(false);
        }
        let guess = self.block_start(i);
        let split = guess.and_then(|start| self.split(i, start, chunk, scratch));
        let mut order = self.order.lock().expect("no thread panics holding it");
        while order.next != i && !order.failed {
            order = self.turn.wait(order).expect("no thread panics holding it");
        }
        if order.failed {
            return Ok(false);
        }
        // A wrong guess (a line break inside quotes) splits the block again, from the end of
        // the previous block's last record.
        let split = split.and_then(|split| match split.start == order.end {
            true => Ok(split),
            false => self.split(i, order.end, chunk, scratch),
        });
        let split = match split {
            Ok(split) => split,
            Err(e) => {
                order.failed = true;
                self.turn.notify_all();
                return Err(e);
            }
        };
        let first_line = order.line;
        for row in chunk.rows_mut() {
            row.line += first_line;
            if let Some(error) = &mut row.error {
                error.line = row.line;
            }
            let Some(hash) = row.id_hash.filter(|_| row.error.is_none()) else {
                continue;
            };
            if !order.ids.insert_hash(hash) {
                let id = self.id_text(row).unwrap_or_default();
                row.error = Some(duplicate(&self.name, row.line, &id));
            }
        }
        order.end = split.end;
        order.line += split.breaks;
        order.next += 1;
        self.turn.notify_all();
        Ok(true)
    }

    /// Where block `i`'s first record starts, guessing that the first line break at or after
    /// its nominal start ends a record; the end of the file when there is none.
    fn block_start(&self, i: usize) -> Result<u64> {
        if i == 0 {
            return Ok(self.data_start);
        }
        if i >= self.blocks {
            return Ok(self.len);
        }
        let nominal = self.data_start + i as u64 * self.block;
        let mut at = nominal - 1;
        let mut buf = [0u8; 4096];
        while at < self.len {
            let n = read_at(&self.file, &mut buf, at).map_err(|e| self.io(e))?;
            if let Some(k) = buf[..n].iter().position(|&b| b == b'\n') {
                return self.skip_breaks(at + k as u64 + 1);
            }
            at += n as u64;
        }
        Ok(self.len)
    }

    /// The first byte at or after `at` that does not end a line (CSV: the reader skips line
    /// ends between records; a JSONL line is a record even when blank).
    fn skip_breaks(&self, mut at: u64) -> Result<u64> {
        if self.format == Format::Jsonl {
            return Ok(at);
        }
        let mut buf = [0u8; 256];
        while at < self.len {
            let n = read_at(&self.file, &mut buf, at).map_err(|e| self.io(e))?;
            match buf[..n].iter().position(|&b| b != b'\n' && b != b'\r') {
                Some(k) => return Ok(at + k as u64),
                None => at += n as u64,
            }
        }
        Ok(self.len)
    }

    /// Splits block `i` into rows from `start` (a record's start, or a guess at one) to the
    /// first record that starts in the next block. Lines are counted from `start` (0 there).
    fn split(
        &self,
        i: usize,
        start: u64,
        chunk: &mut Chunk,
        scratch: &mut Scratch,
    ) -> Result<Split> {
        chunk.len = 0;
        let stop = self.block_start(i + 1)?;
        if start >= stop {
            return Ok(Split {
                start,
                end: start,
                breaks: 0,
            });
        }
        match self.format {
            Format::Csv => self.split_csv(start, stop, chunk, scratch),
            Format::Jsonl => self.split_jsonl(start, stop, chunk, scratch),
        }
    }

    fn split_csv(
        &self,
        start: u64,
        stop: u64,
        chunk: &mut Chunk,
        scratch: &mut Scratch,
    ) -> Result<Split> {
        let mut margin = MARGIN;
        'read: loop {
            let until = (stop + margin).min(self.len);
            let bytes = &mut scratch.bytes;
            bytes.resize((until - start) as usize, 0);
            read_exact_at(&self.file, bytes, start).map_err(|e| self.io(e))?;
            let bytes = &scratch.bytes[..];
            let more = until < self.len;
            chunk.len = 0;
            // Line breaks are counted up to `counted`: `line` of them.
            let (mut pos, mut counted, mut line) = (0, 0, 0);
            loop {
                let at = first_record_byte(bytes, pos);
                line += self.format.breaks(&bytes[counted..at]);
                counted = at;
                if start + at as u64 >= stop || at == bytes.len() {
                    return Ok(Split {
                        start,
                        end: start + at as u64,
                        breaks: line,
                    });
                }
                let slot = chunk.next_slot();
                slot.line = line;
                let rest = &bytes[at..];
                let end = memchr::memchr(b'\n', rest);
                let text = &rest[..end.unwrap_or(rest.len())];
                if end.is_none() && more {
                    // The record may go on past the bytes read: read more.
                    margin *= 4;
                    continue 'read;
                }
                if memchr::memchr2(b'"', b'\r', text).is_none() {
                    // No quotes and no carriage return: the fields are what the delimiters
                    // separate, as the CSV reader would find them, without its state machine.
                    slot.record.set_line(text, self.delimiter);
                    pos = at + text.len() + usize::from(end.is_some());
                    if end.is_some() {
                        line += 1;
                        counted = pos;
                    }
                } else {
                    let quoted = scratch.quoted.get_or_insert_with(|| {
                        csv_core::ReaderBuilder::new()
                            .delimiter(self.delimiter)
                            .build()
                    });
                    match read_quoted(quoted, rest, !more, &mut slot.record, &mut scratch.fields) {
                        Some(n) => pos = at + n,
                        None => {
                            margin *= 4;
                            continue 'read;
                        }
                    }
                }
                self.check_record(slot);
                chunk.len += 1;
            }
        }
    }

    /// Rejects a record without the header's number of fields, and keys the others' ids.
    fn check_record(&self, slot: &mut RawRow) {
        let fields = self.fields;
        if slot.record.len() != fields {
            let reason = format!("expected {fields} fields, found {}", slot.record.len());
            slot.record.clear();
            slot.error = Some(record_error(&self.name, slot.line, reason));
        } else {
            slot.id_hash = self
                .columns
                .id()
                .and_then(|i| slot.record.get(i))
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(crate::skills::trim)
                .filter(|id| !id.is_empty())
                .map(id_hash);
        }
    }

    fn split_jsonl(
        &self,
        start: u64,
        stop: u64,
        chunk: &mut Chunk,
        scratch: &mut Scratch,
    ) -> Result<Split> {
        let bytes = &mut scratch.bytes;
        bytes.resize((stop - start) as usize, 0);
        read_exact_at(&self.file, bytes, start).map_err(|e| self.io(e))?;
        let mut line = 0;
        for text in scratch.bytes.split_inclusive(|&b| b == b'\n') {
            line += 1;
            let text = std::str::from_utf8(text).map_err(|_| {
                self.io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "stream did not contain valid UTF-8",
                ))
            })?;
            if text.trim().is_empty() {
                continue;
            }
            let slot = chunk.next_slot();
            slot.json.clear();
            slot.json.push_str(text);
            slot.line = line - 1;
            match json_id(text) {
                Ok(id) => slot.id_hash = id.filter(|id| !id.is_empty()).map(|id| id_hash(&id)),
                Err(reason) => slot.error = Some(record_error(&self.name, slot.line, reason)),
            }
            chunk.len += 1;
        }
        Ok(Split {
            start,
            end: stop,
            breaks: line,
        })
    }

    /// A row's id as its duplicate check read it.
    fn id_text<'r>(&self, row: &'r RawRow) -> Option<Cow<'r, str>> {
        match self.format {
            Format::Csv => {
                let bytes = row.record.get(self.columns.id()?)?;
                Some(Cow::Borrowed(std::str::from_utf8(bytes).ok()?.trim()))
            }
            Format::Jsonl => json_id(&row.json).ok().flatten().map(Cow::Owned),
        }
    }

    fn io(&self, e: std::io::Error) -> Error {
        Error::io(&self.name, e)
    }
}

impl Format {
    /// Line breaks in `bytes`, as the format counts lines: JSONL at `\n`; CSV also at a bare
    /// `\r` (`\r\n` is one break). A `\r` at the end counts: callers end `bytes` before a
    /// byte that is not `\n`.
    fn breaks(self, bytes: &[u8]) -> u64 {
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        if self == Format::Jsonl || !bytes.contains(&b'\r') {
            return lf as u64;
        }
        let bare_cr = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count();
        (lf + bare_cr) as u64
    }
}

/// Reads one record from the start of `bytes` with the CSV state machine (quotes, escaped
/// quotes, line breaks inside quotes, any line end), as the sequential reader does; the bytes
/// it took, or `None` when `bytes` ends first and more of the file follows (`!at_end`).
fn read_quoted(
    reader: &mut csv_core::Reader,
    bytes: &[u8],
    at_end: bool,
    record: &mut Record,
    buffers: &mut (Vec<u8>, Vec<usize>),
) -> Option<usize> {
    use csv_core::ReadRecordResult as R;
    let (out, ends) = buffers;
    out.resize(out.len().max(bytes.len().min(1 << 16) + 64), 0);
    ends.resize(ends.len().max(64), 0);
    reader.reset();
    let (mut nin, mut nout, mut nend) = (0, 0, 0);
    loop {
        let input = &bytes[nin..];
        let (result, i, o, e) = reader.read_record(input, &mut out[nout..], &mut ends[nend..]);
        (nin, nout, nend) = (nin + i, nout + o, nend + e);
        match result {
            // All of `bytes` taken: at the end of the file, an empty input says so next.
            R::InputEmpty if !at_end => return None,
            R::InputEmpty if input.is_empty() => break,
            R::InputEmpty => {}
            R::OutputFull => out.resize(2 * out.len(), 0),
            R::OutputEndsFull => ends.resize(2 * ends.len(), 0),
            R::Record | R::End => break,
        }
    }
    record.clear();
    let mut from = 0;
    for &to in &ends[..nend] {
        record.push_field(&out[from..to]);
        from = to;
    }
    Some(nin)
}

/// Where the record after offset `at` starts: the reader skips line ends between records.
fn first_record_byte(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .map_or(bytes.len(), |k| at + k)
}

/// Reads at an offset without moving a shared cursor (threads read the same file at once).
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        std::os::windows::fs::FileExt::seek_read(file, buf, offset)
    }
}

/// Fills `buf` from `offset` (the file is not shorter: its length was read at open).
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A row as a source gives it: line, fields, JSON text, rejection.
    type Row = (u64, Vec<Vec<u8>>, String, Option<String>);

    fn row(r: &RawRow) -> Row {
        let fields = r.record.iter().map(<[u8]>::to_vec).collect();
        let error = r.error.as_ref().map(ToString::to_string);
        (r.line, fields, r.json.clone(), error)
    }

    fn sequential(path: &Path) -> Vec<Row> {
        let input = Input::File(path.into());
        let mut source = RowSource::open(&input, &Dialect::default()).unwrap();
        let (mut chunk, mut rows) = (Chunk::default(), Vec::new());
        while source.fill(&mut chunk, 3).unwrap() {
            rows.extend(chunk.rows().iter().map(row));
        }
        rows
    }

    fn in_blocks(path: &Path, block: u64, threads: usize) -> Vec<Row> {
        let input = Input::File(path.into());
        let source = BlockSource::with_block_size(&input, &Dialect::default(), block)
            .unwrap()
            .unwrap();
        let mut rows: Vec<Row> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let (mut chunk, mut scratch) = (Chunk::default(), Scratch::default());
                        let mut rows = Vec::new();
                        while source.fill(&mut chunk, &mut scratch).unwrap() {
                            rows.extend(chunk.rows().iter().map(row));
                        }
                        rows
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        rows.sort_by_key(|r| r.0);
        rows
    }

    /// Files that break naive splitting: line breaks inside quotes (also where a block
    /// starts), `\r\n` and bare `\r`, blank lines, a byte-order mark, duplicate ids, rows with
    /// too few or too many fields, a long row, no final line end.
    const CSV: &[&str] = &[
        "id,name,skills\na,Ana,go\nb,\"Bo\nb\",rust\n\nc,\"x,\"\"y\"\"\n\n\nz\",py\na,dup,go\nd,short\ne,1,2,3\n",
        "\u{feff}id,name\r\na,x\r\n\r\nb,\"multi\r\nline\"\r\nc,\"\r\n\r\n\"\r\nb,again\r\n",
        "id,name\ra,x\r\rb,y\rc,\"q\rq\"\rd,z",
        "id,note\n1,\"\n2,not a row\n3,not a row either\n\"\n4,last",
        "id,name\n\n\n\"a\",\"\"\n\"b\nc\",x\n",
    ];

    const JSONL: &str = "{\"id\": \"a\"}\n\n{\"id\": \"b\", \"s\": \"x\\ny\"}\r\n[1]\n{oops\n{\"ID\": \"a\"}\n   \n{\"id\": 7}\n{\"id\": \"7\"}";

    #[test]
    fn blocks_give_every_row_what_the_sequential_reader_gives() {
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for (i, text) in CSV.iter().enumerate() {
            files.push(dir.path().join(format!("t{i}.csv")));
            std::fs::write(files.last().unwrap(), text).unwrap();
        }
        let mut long = String::from("id,text\n");
        for i in 0..40 {
            let text = "word ".repeat(if i == 17 { 30_000 } else { i });
            long.push_str(&format!("r{i},\"{text}\n{text}\"\n"));
        }
        files.push(dir.path().join("long.csv"));
        std::fs::write(files.last().unwrap(), long).unwrap();
        files.push(dir.path().join("t.jsonl"));
        std::fs::write(files.last().unwrap(), JSONL).unwrap();
        for path in &files {
            let expected = sequential(path);
            assert!(expected.len() >= 2, "{path:?}");
            let long = path.ends_with("long.csv");
            let sizes: Vec<u64> = match long {
                true => vec![5000, 70_000, BLOCK],
                false => (1..=24).chain([100, BLOCK]).collect(),
            };
            for block in sizes {
                for threads in [1, 3] {
                    let got = in_blocks(path, block, threads);
                    assert_eq!(
                        got, expected,
                        "{path:?}, blocks of {block}, {threads} threads"
                    );
                }
            }
        }
    }

    #[test]
    fn line_breaks_are_counted_as_the_sequential_reader_counts_them() {
        assert_eq!(Format::Csv.breaks(b"a\nb\r\nc\rd"), 3);
        assert_eq!(Format::Csv.breaks(b"\r\n\r\n\r"), 3);
        assert_eq!(Format::Jsonl.breaks(b"a\r\nb\rc\n"), 2);
    }

    #[test]
    fn inputs_that_cannot_be_read_in_blocks_are_left_to_the_sequential_reader() {
        let dir = tempfile::tempdir().unwrap();
        let utf16 = dir.path().join("u.csv");
        std::fs::write(&utf16, b"\xFF\xFEi\0d\0\n\0").unwrap();
        let native = Dialect::default();
        assert!(BlockSource::open(&Input::File(utf16), &native)
            .unwrap()
            .is_none());
        let bundled = Input::Bundled(super::super::input::Bundled::Candidates);
        assert!(BlockSource::open(&bundled, &native).unwrap().is_none());
        let latin = Dialect {
            encoding: Some(encoding_rs::WINDOWS_1252),
            ..Dialect::default()
        };
        let plain = dir.path().join("p.csv");
        std::fs::write(&plain, "id\na\n").unwrap();
        assert!(BlockSource::open(&Input::File(plain.clone()), &latin)
            .unwrap()
            .is_none());
        assert!(BlockSource::open(&Input::File(plain), &native)
            .unwrap()
            .is_some());
    }
}
