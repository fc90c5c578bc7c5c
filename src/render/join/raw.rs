//! Reading a part as Typst's PDF export writes it, for the joiner: each object's bytes and where
//! its references stand, without parsing the rest (lopdf parsed and wrote every object again).

use std::collections::HashMap;

/// A part as Typst's PDF export writes it — a cross-reference table, every object in the file
/// itself (no object streams), one flat page tree — read without parsing what it need not: each
/// object's bytes, and where in them its references stand (a stream's data holds none). `None`
/// for anything else; lopdf then reads the part.
pub(super) struct RawPart<'a> {
    pub(super) bytes: &'a [u8],
    /// By object number.
    pub(super) objects: HashMap<u32, RawObject>,
    pub(super) pages: Vec<u32>,
}

/// An object's bytes between `n 0 obj` and `endobj`, and its references.
pub(super) struct RawObject {
    pub(super) body: std::ops::Range<usize>,
    pub(super) references: Vec<RawReference>,
}

pub(super) struct RawReference {
    /// `n g R` in the object's bytes.
    pub(super) span: std::ops::Range<usize>,
    pub(super) number: u32,
    /// The value of a `/Parent` key: a page's way up its part's page tree.
    pub(super) parent: bool,
}

impl<'a> RawPart<'a> {
    pub(super) fn read(bytes: &'a [u8]) -> Option<RawPart<'a>> {
        let tail = &bytes[bytes.len().saturating_sub(64)..];
        let at = find(tail, b"startxref")? + 9;
        let xref: usize = std::str::from_utf8(&tail[at..])
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        let (offsets, trailer) = xref_table(bytes, xref)?;
        let mut starts: Vec<(usize, u32)> = offsets.iter().map(|(&n, &at)| (at, n)).collect();
        starts.sort_unstable();
        let mut objects = HashMap::with_capacity(starts.len());
        for (i, &(start, n)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(xref, |next| next.0);
            objects.insert(n, RawObject::read(bytes, start..end.min(bytes.len()), n)?);
        }
        let root = single_reference(bytes, trailer, b"/Root")?;
        let tree = single_reference(bytes, objects.get(&root)?.body.clone(), b"/Pages")?;
        // A flat tree: its kids are the pages.
        let kids = objects.get(&tree)?;
        let text = &bytes[kids.body.clone()];
        find(text, b"/Kids")?;
        let pages: Vec<u32> = kids
            .references
            .iter()
            .filter(|r| !r.parent)
            .map(|r| r.number)
            .collect();
        // A kid with kids of its own would be a subtree, not a page.
        for page in &pages {
            if find(&bytes[objects.get(page)?.body.clone()], b"/Kids").is_some() {
                return None;
            }
        }
        Some(RawPart {
            bytes,
            objects,
            pages,
        })
    }
}

impl RawObject {
    /// Object `n` in `region` (from its `n 0 obj` to the next object or the table).
    fn read(bytes: &[u8], region: std::ops::Range<usize>, n: u32) -> Option<RawObject> {
        let text = &bytes[region.clone()];
        let header = format!("{n} 0 obj");
        if !text.starts_with(header.as_bytes()) {
            return None;
        }
        let start = region.start + header.len();
        let end = region.start + rfind(text, b"endobj")?;
        let references = scan(bytes, start..end)?;
        // Trailing white space before `endobj` is written again by `add_raw`.
        let body_end = start + bytes[start..end].trim_ascii_end().len();
        Some(RawObject {
            body: start..body_end,
            references,
        })
    }
}

/// The references in `bytes[range]` up to a `stream` keyword (the data after it is copied as it
/// is). `None` on what this reader does not expect.
fn scan(bytes: &[u8], range: std::ops::Range<usize>) -> Option<Vec<RawReference>> {
    let mut references = Vec::new();
    // The last three tokens: (kind, span), to see `n g R` and the name before it.
    let mut last: [(u8, std::ops::Range<usize>); 3] = [(0, 0..0), (0, 0..0), (0, 0..0)];
    let mut i = range.start;
    let end = range.end;
    while i < end {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0 => {
                i += 1;
                continue;
            }
            b'%' => {
                while i < end && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                let mut depth = 0usize;
                while i < end {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                b's'
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                i += 2;
                b'<'
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                i += 2;
                b'>'
            }
            b'<' => {
                i += find(&bytes[i..end], b">")? + 1;
                b'h'
            }
            b'[' | b']' | b'{' | b'}' => {
                i += 1;
                c
            }
            b'/' => {
                i += 1;
                while i < end && !is_delimiter(bytes[i]) {
                    i += 1;
                }
                b'/'
            }
            _ => {
                while i < end && !is_delimiter(bytes[i]) {
                    i += 1;
                }
                let word = &bytes[start..i];
                if word.is_empty() {
                    return None;
                }
                if word == b"stream" {
                    return Some(references);
                }
                if word == b"R" && last[1].0 == b'0' && last[2].0 == b'0' {
                    let number = std::str::from_utf8(&bytes[last[1].1.clone()])
                        .ok()?
                        .parse()
                        .ok()?;
                    let parent = last[0].0 == b'/' && &bytes[last[0].1.clone()] == b"/Parent";
                    references.push(RawReference {
                        span: last[1].1.start..i,
                        number,
                        parent,
                    });
                    b'R'
                } else if word.iter().all(u8::is_ascii_digit) {
                    b'0'
                } else {
                    b'w'
                }
            }
        };
        last = [last[1].clone(), last[2].clone(), (kind, start..i)];
    }
    Some(references)
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\n'
            | b'\r'
            | b'\t'
            | b'\x0c'
            | 0
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// The in-use objects' offsets of the cross-reference table at `at`, and where its trailer's
/// dictionary stands.
fn xref_table(bytes: &[u8], at: usize) -> Option<(HashMap<u32, usize>, std::ops::Range<usize>)> {
    let text = bytes.get(at..)?;
    if !text.starts_with(b"xref") {
        return None;
    }
    let trailer = find(text, b"trailer")?;
    let table = std::str::from_utf8(&text[4..trailer]).ok()?;
    let mut words = table.split_ascii_whitespace();
    let mut offsets = HashMap::new();
    while let Some(first) = words.next() {
        let first: u32 = first.parse().ok()?;
        let count: u32 = words.next()?.parse().ok()?;
        for n in first..first + count {
            let offset: usize = words.next()?.parse().ok()?;
            let _generation = words.next()?;
            if words.next()? == "n" {
                offsets.insert(n, offset);
            }
        }
    }
    let start = at + trailer + 7;
    let end = at + find(text, b"startxref")?;
    Some((offsets, start..end))
}

/// The one object `key` refers to in `bytes[range]`.
fn single_reference(bytes: &[u8], range: std::ops::Range<usize>, key: &[u8]) -> Option<u32> {
    let at = range.start + find(&bytes[range.clone()], key)? + key.len();
    let references = scan(bytes, at..range.end)?;
    let first = references.first()?;
    // The reference must be the key's value, right after it.
    if !bytes[at..first.span.start]
        .iter()
        .all(u8::is_ascii_whitespace)
    {
        return None;
    }
    Some(first.number)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_outside_strings_and_stop_at_the_stream() {
        let object = b"<</A 12 0 R/B(3 0 R \\) 4 0 R)/Parent 7 0 R/C[5 0 R]/D<0A>/Length 3>>stream\n1 0 R\nendstream";
        let found = scan(object, 0..object.len()).unwrap();
        let numbers: Vec<(u32, bool)> = found.iter().map(|r| (r.number, r.parent)).collect();
        assert_eq!(numbers, [(12, false), (7, true), (5, false)]);
        assert_eq!(&object[found[0].span.clone()], b"12 0 R");
    }
}
