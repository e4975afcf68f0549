//! A CSV record's fields as bytes, in one reusable buffer.
//!
//! Unlike `csv::ByteRecord`, the buffer may hold what separates the fields too: a line without
//! quotes is copied once, whole, and its fields are the ranges between delimiters, instead of
//! being copied one by one.

use std::ops::Range;

use super::scan;

/// A record's fields: byte ranges of one buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    bytes: Vec<u8>,
    /// Each field's `(start, end)` in `bytes`.
    bounds: Vec<(usize, usize)>,
}

impl Record {
    /// Empties the record, keeping its buffers.
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.bounds.clear();
    }

    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i`'s bytes.
    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        self.range(i).map(|r| &self.bytes[r])
    }

    /// Field `i`'s range in [`Record::as_slice`].
    pub(crate) fn range(&self, i: usize) -> Option<Range<usize>> {
        self.bounds.get(i).map(|&(start, end)| start..end)
    }

    /// The buffer: every field, and between them at most their delimiters (so the whole is
    /// UTF-8 exactly when every field is).
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// The fields in order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.get(i).expect("in range"))
    }

    /// Appends a field.
    pub(crate) fn push_field(&mut self, field: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(field);
        self.bounds.push((start, self.bytes.len()));
    }

    /// Replaces the record with the fields of `line`, a record without quotes: what the
    /// `delimiter`s separate.
    pub(crate) fn set_line(&mut self, line: &[u8], delimiter: u8) {
        self.clear();
        if !delimiter.is_ascii() {
            // The buffer must stay UTF-8 when the fields are: leave such a byte out.
            for field in line.split(|&b| b == delimiter) {
                self.push_field(field);
            }
            return;
        }
        self.bytes.extend_from_slice(line);
        let mut start = 0;
        delimiters(line, delimiter, |end| {
            self.bounds.push((start, end));
            start = end + 1;
        });
        self.bounds.push((start, line.len()));
    }

    /// Replaces the record with the fields of `record`.
    pub(crate) fn set_from(&mut self, record: &csv::ByteRecord) {
        self.clear();
        self.bytes.extend_from_slice(record.as_slice());
        self.bounds.extend((0..record.len()).map(|i| {
            let r = record.range(i).expect("in range");
            (r.start, r.end)
        }));
    }
}

/// Calls `cut` with the position of each `delimiter` in `line`, in order.
///
/// Fields are short, too short for a search call per field: the line is scanned 64 bytes at
/// a time ([`scan::masks`]).
#[inline]
fn delimiters(line: &[u8], delimiter: u8, mut cut: impl FnMut(usize)) {
    for at in (0..line.len()).step_by(64) {
        let [found] = scan::masks(line, at, [delimiter]);
        scan::each_bit(at, found, &mut cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: &Record) -> Vec<&[u8]> {
        r.iter().collect()
    }

    #[test]
    fn a_line_splits_as_the_csv_reader_splits_it() {
        let mut r = Record::default();
        for (line, delimiter) in [
            (&b"a,b,,c"[..], b','),
            (b"", b','),
            (b",", b','),
            (b"x;y", b';'),
            (b"only", b','),
            (b"caf\xc3\xa9\t\xc3\xb1\t", b'\t'),
            (
                b"c0000001,N,Colombia,America/Bogota,4,python:1.5;django,,,38000,USD",
                b',',
            ),
            (b",,,,,,,,,,,,,,,,,", b','),
            (b"\x2c\xac\x2c\xff\x00\x2c,\x2d\x2b", b','),
        ] {
            r.push_field(b"stale");
            r.set_line(line, delimiter);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(delimiter)
                .from_reader(line);
            let mut want = csv::ByteRecord::new();
            if !reader.read_byte_record(&mut want).unwrap() {
                want = csv::ByteRecord::from(vec![""]);
            }
            assert_eq!(fields(&r), want.iter().collect::<Vec<_>>(), "{line:?}");
            let mut copied = Record::default();
            copied.set_from(&want);
            assert_eq!(fields(&copied), fields(&r));
            assert_eq!(
                std::str::from_utf8(r.as_slice()).is_ok(),
                std::str::from_utf8(line).is_ok()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_splits_where_its_delimiters_are(
            line in proptest::collection::vec(
                proptest::sample::select(vec![b',', b';', b'a', 0x00, 0x7f, 0x80, 0xac, 0xff]),
                0..300,
            ),
            delimiter in proptest::sample::select(vec![b',', b';', 0x00, 0x7f]),
        ) {
            let mut r = Record::default();
            r.set_line(&line, delimiter);
            let want: Vec<&[u8]> = line.split(|&b| b == delimiter).collect();
            proptest::prop_assert_eq!(fields(&r), want);
            let expected: Vec<usize> = (0..line.len()).filter(|&i| line[i] == delimiter).collect();
            let mut found = Vec::new();
            delimiters(&line, delimiter, |at| found.push(at));
            proptest::prop_assert_eq!(&found, &expected);
        }
    }

    #[test]
    fn a_delimiter_outside_ascii_stays_out_of_the_buffer() {
        let mut r = Record::default();
        r.set_line(b"a\xa7b", 0xa7);
        assert_eq!(fields(&r), [&b"a"[..], b"b"]);
        assert_eq!(r.as_slice(), b"ab");
    }
}
