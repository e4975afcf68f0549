//! Line numbers of CSV records, counted from the bytes read.
//!
//! The csv crate's record positions count a line only at a `\n` it has consumed, so with `\r\n`
//! line ends (Excel on Windows) every record is reported on the line before its own, after a
//! blank line on the blank line, and with bare `\r` line ends on line 1. [`Lines`] sits between
//! the input and the csv reader, notes where the line breaks are, and turns a record's byte
//! offset into the line it starts on.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that notes the offsets of `\r` and `\n` bytes, and the lines they end.
pub(crate) struct Lines<R> {
    inner: R,
    /// Bytes read so far.
    read: u64,
    /// Line breaks read but not yet passed by a record: offset, byte.
    breaks: VecDeque<(u64, u8)>,
    /// The 1-based line just after the breaks passed.
    line: u64,
    /// Whether the last break passed was a `\r` at the byte before the next one (so a `\n`
    /// right after it ends the same line).
    after_cr: Option<u64>,
}

impl<R> Lines<R> {
    pub(crate) fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            read: 0,
            breaks: VecDeque::new(),
            line: 1,
            after_cr: None,
        }
    }

    /// The line of a record whose bytes start at `offset` (as the csv reader reports it: on a
    /// line break or blank line before the record, which are skipped). Offsets must not
    /// decrease from call to call.
    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = offset;
        while let Some(&(at, byte)) = self.breaks.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1; // a break at the record's start belongs before it
            }
            self.breaks.pop_front();
            let crlf = byte == b'\n' && self.after_cr == Some(at);
            if !crlf {
                self.line += 1;
            }
            self.after_cr = (byte == b'\r').then_some(at + 1);
        }
        self.line
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.breaks.push_back((self.read + i as u64, b));
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines the csv reader's records start on, through [`Lines`].
    fn record_lines(text: &str) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Lines::new(text.as_bytes()));
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let offset = record.position().unwrap().byte();
            out.push(reader.get_mut().line_at(offset));
        }
        out
    }

    #[test]
    fn records_are_on_their_own_lines_whatever_the_line_ends() {
        assert_eq!(record_lines("a\nb\nc\n"), [1, 2, 3]);
        assert_eq!(record_lines("a\r\nb\r\nc\r\n"), [1, 2, 3]);
        assert_eq!(record_lines("a\rb\rc"), [1, 2, 3]);
        assert_eq!(record_lines("a\n\nb\r\n\r\n\r\nc\n"), [1, 3, 6]);
        assert_eq!(record_lines("\n\r\na\n"), [3]);
        assert_eq!(
            record_lines("a,\"x\r\ny\"\r\nb,\"\n\n\"\nc\r\n"),
            [1, 3, 6],
            "breaks inside quotes count as lines"
        );
    }
}
