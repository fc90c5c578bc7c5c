//! QR codes for letters: one pixel per module in a 1-bit PNG, which Typst places with pixelated
//! scaling. A PNG is a few hundred bytes and costs microseconds; the same code as SVG costs ~1 ms a
//! letter in Typst's SVG parser (../shared/notes/typst-at-scale.md).
//!
//! The `qrcode` crate encodes; only its choice of mask is done here. ISO 18004 asks the encoder to
//! try all eight masks and keep the one with the lowest penalty; the crate scores each candidate
//! through wrapping coordinate lookups and a boxed closure per module, which made mask choice ~13%
//! of render's time. Here each mask's result is a per-version reference (made by the crate once per
//! thread) XORed with the code's dark data modules, and `penalty` scores the same rules, with the
//! same tie-break, over each row and column as a bit set, so the codes are the crate's own, module
//! for module (a property test checks it).

use std::cell::RefCell;
use std::collections::HashMap;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel};

/// White modules around the code, as the QR standard asks, so a scanner finds it on any background.
const QUIET_ZONE: usize = 4;

/// A QR code of `text` as a PNG, and its width in pixels (modules plus the quiet zone).
pub(crate) fn png(text: &str) -> (Vec<u8>, u32) {
    // Level M survives a fold or a smudge on a letter carried in a pocket (15% of the code).
    let (colors, modules) = encode(text.as_bytes(), EcLevel::M);
    let size = modules + 2 * QUIET_ZONE;
    let row_bytes = size.div_ceil(8);
    let mut pixels = vec![0xFFu8; row_bytes * size];
    for y in 0..modules {
        for x in 0..modules {
            if colors[y * modules + x] {
                let (px, py) = (x + QUIET_ZONE, y + QUIET_ZONE);
                pixels[py * row_bytes + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    let mut out = Vec::with_capacity(64 + pixels.len());
    {
        let mut encoder = png::Encoder::new(&mut out, size as u32, size as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        // The PNG only carries the pixels into Typst, which decodes it at once; deflating ~400
        // bytes cost a compressor set up and torn down per letter (~2% of render).
        encoder.set_compression(png::Compression::NoCompression);
        let mut writer = encoder.write_header().expect("writing to a Vec");
        writer.write_image_data(&pixels).expect("writing to a Vec");
    }
    (out, size as u32)
}

/// The masks of a (non-micro) QR code in the order of their 3-bit numbers, which is also the
/// crate's order of trying them: on a tie, the first wins.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The widest code `penalty` scores: a line and four light modules either side fit in a `u128`.
/// papila's tokens make codes of about 45 modules; anything wider is left to the crate.
const MAX_WIDTH: usize = 124;

/// `data` as a QR code at `ec_level`: the modules row by row (`true` is dark) and the width.
fn encode(data: &[u8], ec_level: EcLevel) -> (Vec<bool>, usize) {
    let bits = qrcode::bits::encode_auto(data, ec_level)
        .expect("a token of under 200 characters fits a QR code");
    let version = bits.version();
    let width = version.width() as usize;
    if width > MAX_WIDTH {
        let code = qrcode::QrCode::with_bits(bits, ec_level).expect("encode_auto chose a version");
        let modules = code.into_colors().into_iter();
        return (modules.map(|c| c == Color::Dark).collect(), width);
    }
    let (codewords, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level)
        .expect("encode_auto chose a version that holds the data");
    REFERENCES.with_borrow_mut(|references| {
        let key = (width, ec_level as u8);
        let reference = references
            .entry(key)
            .or_insert_with(|| Reference::new(version, ec_level));
        let mut canvas = reference.functional.clone();
        canvas.draw_data(&codewords, &ec);
        // Dark data modules before masking; masking flips data modules only, so a masked code
        // is the reference of its mask XOR these (rows and columns alike).
        let mut data_rows = vec![0u128; width];
        let mut data_columns = vec![0u128; width];
        for (y, row) in data_rows.iter_mut().enumerate() {
            for (x, column) in data_columns.iter_mut().enumerate() {
                if canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                    *row |= 1 << x;
                    *column |= 1 << y;
                }
            }
        }
        let mut rows = vec![0u128; width];
        let mut columns = vec![0u128; width];
        let mut best: Option<(u32, usize)> = None;
        for mask in 0..MASKS.len() {
            for y in 0..width {
                rows[y] = reference.rows[mask][y] ^ data_rows[y];
                columns[y] = reference.columns[mask][y] ^ data_columns[y];
            }
            let score = penalty(&rows, &columns, width);
            if best.is_none_or(|(lowest, _)| score < lowest) {
                best = Some((score, mask));
            }
        }
        let mask = best.expect("eight masks tried").1;
        let modules = (0..width * width)
            .map(|i| {
                let (x, y) = (i % width, i / width);
                (reference.rows[mask][y] ^ data_rows[y]) >> x & 1 == 1
            })
            .collect();
        (modules, width)
    })
}

thread_local! {
    /// The references of each version and error correction level met so far (a district's
    /// tokens all have one length, so one entry).
    static REFERENCES: RefCell<HashMap<(usize, u8), Reference>> = RefCell::new(HashMap::new());
}

/// What a code of one version and error correction level looks like under each mask with every
/// data module light: the function patterns, the format information of that mask, and the mask's
/// own pattern over the data area. The crate makes these (so they are its own, bit for bit); a
/// code's masked modules are then its dark data modules XORed onto the reference, a few shifts a
/// line instead of the crate's closure call per module for each of the eight masks.
struct Reference {
    /// Function patterns drawn, data area empty: where `draw_data` puts a code's modules.
    functional: Canvas,
    rows: [Vec<u128>; 8],
    columns: [Vec<u128>; 8],
}

impl Reference {
    fn new(version: qrcode::Version, ec_level: EcLevel) -> Reference {
        let width = version.width() as usize;
        let mut functional = Canvas::new(version, ec_level);
        functional.draw_all_functional_patterns();
        let masked = MASKS.map(|pattern| {
            let mut canvas = functional.clone();
            // An empty module masks as a light one.
            canvas.apply_mask(pattern);
            let mut rows = vec![0u128; width];
            let mut columns = vec![0u128; width];
            for (y, row) in rows.iter_mut().enumerate() {
                for (x, column) in columns.iter_mut().enumerate() {
                    if canvas.get(x as i16, y as i16).is_dark() {
                        *row |= 1 << x;
                        *column |= 1 << y;
                    }
                }
            }
            (rows, columns)
        });
        let [m0, m1, m2, m3, m4, m5, m6, m7] = masked;
        let (rows, columns) = (
            [m0.0, m1.0, m2.0, m3.0, m4.0, m5.0, m6.0, m7.0],
            [m0.1, m1.1, m2.1, m3.1, m4.1, m5.1, m6.1, m7.1],
        );
        Reference {
            functional,
            rows,
            columns,
        }
    }
}

/// ISO 18004's mask penalty (rules N1–N4), scored as the `qrcode` crate scores it, so that both
/// choose the same mask. Each row and column is a bit set (bit x is module x, dark is 1), so a
/// rule is a few shifts and masks per line.
fn penalty(rows: &[u128], columns: &[u128], width: usize) -> u32 {
    debug_assert!(width <= MAX_WIDTH);
    let all = (1u128 << width) - 1;
    let mut score = 0u32;
    for &line in rows.iter().chain(columns) {
        score += runs_penalty(line, width) + finder_penalty(line);
    }
    // The three finder patterns match N3 on three rows and three columns each: not a penalty.
    score -= 360;
    // N2: every 2×2 block of one colour costs 3 (bit x stands for the block at x, x + 1).
    let pairs = all >> 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let dark = a & (a >> 1) & b & (b >> 1);
        let light = !a & !(a >> 1) & !b & !(b >> 1);
        score += 3 * ((dark | light) & pairs).count_ones();
    }
    // N4: the distance of the dark share from half.
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = (dark * 200 / (width * width)) as u32;
    score + ratio.abs_diff(100)
}

/// N1 over one line: a run of 5 + n modules of one colour costs 3 + n.
fn runs_penalty(line: u128, width: usize) -> u32 {
    // Bit x of `same` is set where module x + 1 has module x's colour.
    let same = !(line ^ (line >> 1)) & ((1u128 << (width - 1)) - 1);
    // Bit x of `five` is set where modules x .. x + 4 share one colour: a run of 5 + n modules
    // sets n + 1 of these in a row, and a run of the other colour cannot touch them.
    let five = same & (same >> 1) & (same >> 2) & (same >> 3);
    let runs = five & !(five << 1);
    five.count_ones() + 2 * runs.count_ones()
}

/// N3 over one line: dark-light-dark-dark-dark-light-dark with four light modules before it or
/// after it (beyond the edge counts as light) costs 40.
fn finder_penalty(line: u128) -> u32 {
    let l = |k: u32| line >> k;
    let mut starts = l(0) & !l(1) & l(2) & l(3) & l(4) & !l(5) & l(6);
    // Shifted by four so the modules before the start are bits j .. j + 4.
    let padded = line << 4;
    let mut score = 0;
    while starts != 0 {
        let j = starts.trailing_zeros();
        let before = (padded >> j) & 0xF;
        let after = (padded >> (j + 11)) & 0xF;
        if before == 0 || after == 0 {
            score += 40;
        }
        starts &= starts - 1;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_back_to_its_modules() {
        let (bytes, size) = png("HELLO PAPILA 123");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (size, size));
        assert_eq!(info.bit_depth, png::BitDepth::One);
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let code =
            qrcode::QrCode::with_error_correction_level(b"HELLO PAPILA 123", EcLevel::M).unwrap();
        let row = (size as usize).div_ceil(8);
        let dark = |x: usize, y: usize| buf[y * row + x / 8] & (0x80 >> (x % 8)) == 0;
        // Quiet zone is white; every module matches the code.
        assert!((0..size as usize).all(|i| !dark(i, 0) && !dark(0, i)));
        for y in 0..code.width() {
            for x in 0..code.width() {
                assert_eq!(
                    dark(x + QUIET_ZONE, y + QUIET_ZONE),
                    code[(x, y)] == Color::Dark
                );
            }
        }
    }

    #[test]
    fn codes_wider_than_the_bit_sets_come_from_the_crate() {
        let text = "PAPILA".repeat(300);
        let (modules, width) = encode(text.as_bytes(), EcLevel::M);
        assert!(width > MAX_WIDTH);
        let code =
            qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let theirs: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        assert_eq!((modules, width), (theirs, code.width()));
    }

    proptest::proptest! {
        /// The same modules as the crate's own encoder, mask choice included, for tokens of any
        /// length and alphabet (a token is base32 and dots; names and ids are tried too).
        #[test]
        fn same_code_as_the_qrcode_crate(text in "[A-Za-z0-9._~ -]{1,160}") {
            let ours = encode(text.as_bytes(), EcLevel::M);
            let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
                .unwrap();
            let theirs: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            proptest::prop_assert_eq!(ours.1, code.width());
            proptest::prop_assert!(ours.0 == theirs, "different modules for {:?}", text);
        }
    }
}
