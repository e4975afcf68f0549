//! A CSV record's fields as bytes, in one reusable buffer.
//!
//! Unlike `csv::ByteRecord`, the buffer may hold what separates the fields too: a line without
//! quotes is copied once, whole, and its fields are the ranges between delimiters, instead of
//! being copied one by one.

use std::ops::Range;

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
/// Fields are short, too short for a search call per field: the line is compared sixteen
/// bytes at a time (SSE2, which every x86-64 processor has), or eight at a time in a `u64`
/// elsewhere.
#[inline]
fn delimiters(line: &[u8], delimiter: u8, cut: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    delimiters_sse2(line, delimiter, cut);
    #[cfg(not(target_arch = "x86_64"))]
    delimiters_swar(line, delimiter, cut);
}

/// [`delimiters`], sixteen bytes per compare, the positions gathered sixty-four at a time:
/// the loop that hands them out ends (a branch the processor cannot foresee) once per 64
/// bytes rather than once per compare.
#[cfg(target_arch = "x86_64")]
#[inline]
fn delimiters_sse2(line: &[u8], delimiter: u8, mut cut: impl FnMut(usize)) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY (every block below): SSE2 is part of x86-64 itself, so every processor this
    // code runs on has it.
    let wanted = unsafe { _mm_set1_epi8(delimiter as i8) };
    // One bit per byte of `line[at..at + 16]`, which must be in the line.
    let found_at = |at: usize| -> u64 {
        let block = &line[at..at + 16];
        // SAFETY: also, `block` is sixteen readable bytes, and the load needs no alignment.
        let bytes = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        u64::from(unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)) } as u16)
    };
    let mut hand_out = |at: usize, mut found: u64| {
        while found != 0 {
            cut(at + found.trailing_zeros() as usize);
            found &= found - 1;
        }
    };
    let len = line.len();
    if len < 16 {
        return one_by_one(line, 0, delimiter, cut);
    }
    let mut at = 0;
    while at + 64 <= len {
        let found = (0..4).fold(0, |found, i| found | found_at(at + 16 * i) << (16 * i));
        hand_out(at, found);
        at += 64;
    }
    if at < len {
        // Under 64 bytes left: whole blocks of sixteen, then one that ends at the line's end,
        // overlapping the last whole block, its bytes already seen shifted out.
        let (mut found, mut next) = (0, at);
        while next + 16 <= len {
            found |= found_at(next) << (next - at);
            next += 16;
        }
        if next < len {
            let last = len - 16;
            found |= (found_at(last) >> (next - last)) << (next - at);
        }
        hand_out(at, found);
    }
}

/// [`delimiters`], eight bytes per compare in a `u64`.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
fn delimiters_swar(line: &[u8], delimiter: u8, mut cut: impl FnMut(usize)) {
    let words = line.chunks_exact(8);
    let tail = words.remainder();
    for (k, word) in words.enumerate() {
        let mut found = matches(
            u64::from_le_bytes(word.try_into().expect("eight")),
            delimiter,
        );
        while found != 0 {
            cut(8 * k + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
    }
    one_by_one(tail, line.len() - tail.len(), delimiter, cut);
}

/// The delimiters of `tail`, which starts at `at` in its line, one byte at a time.
#[inline]
fn one_by_one(tail: &[u8], at: usize, delimiter: u8, mut cut: impl FnMut(usize)) {
    for (i, &b) in tail.iter().enumerate() {
        if b == delimiter {
            cut(at + i);
        }
    }
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
fn matches(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte of `x` is zero exactly when its high bit and its low seven bits are all clear;
    // adding 0x7F to the low bits carries into the high bit unless they are clear.
    !(((x & LOW7) + LOW7) | x | LOW7)
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
            let mut swar = Vec::new();
            delimiters_swar(&line, delimiter, |at| swar.push(at));
            proptest::prop_assert_eq!(&swar, &expected);
            let mut dispatched = Vec::new();
            delimiters(&line, delimiter, |at| dispatched.push(at));
            proptest::prop_assert_eq!(&dispatched, &expected);
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
