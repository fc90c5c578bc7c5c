//! QR codes for letters: one pixel per module in a 1-bit PNG, which Typst places with pixelated
//! scaling. A PNG is a few hundred bytes and costs microseconds; the same code as SVG costs ~1 ms a
//! letter in Typst's SVG parser (../shared/notes/typst-at-scale.md).
//!
//! The `qrcode` crate encodes; only its choice of mask is done here. ISO 18004 asks the encoder to
//! try all eight masks and keep the one with the lowest penalty; the crate scores each candidate
//! through wrapping coordinate lookups and a boxed closure per module, which made mask choice ~13%
//! of render's time. `penalty` scores the same rules, with the same tie-break, over each row and
//! column as a bit set, so the codes are the crate's own, module for module (a property test
//! checks it), at a seventh of the cost.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// White modules around the code, as the QR standard asks, so a scanner finds it on any background.
const QUIET_ZONE: usize = 4;

/// A QR code of `text` as a PNG, and its width in pixels (modules plus the quiet zone).
pub fn png(text: &str) -> (Vec<u8>, u32) {
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
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let mut best: Option<(u32, Canvas)> = None;
    for pattern in MASKS {
        let mut candidate = canvas.clone();
        candidate.apply_mask(pattern);
        let score = penalty(&candidate, width);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, candidate));
        }
    }
    let modules = best.expect("eight masks tried").1.into_colors();
    (
        modules.into_iter().map(|c| c == Color::Dark).collect(),
        width,
    )
}

/// ISO 18004's mask penalty (rules N1–N4), scored as the `qrcode` crate scores it, so that both
/// choose the same mask. Each row and column is a bit set (bit x is module x, dark is 1), so a
/// rule is a few shifts and masks per line.
fn penalty(canvas: &Canvas, width: usize) -> u32 {
    debug_assert!(width <= MAX_WIDTH);
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
    let all = (1u128 << width) - 1;
    let mut score = 0u32;
    for &line in rows.iter().chain(&columns) {
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
    // Bit x of `changes` is set where module x + 1 differs from module x; a sentinel change
    // after the last module ends the last run.
    let mut changes = ((line ^ (line >> 1)) & ((1u128 << (width - 1)) - 1)) | (1 << (width - 1));
    let mut score = 0;
    let mut start = 0;
    while changes != 0 {
        let end = changes.trailing_zeros() + 1;
        let run = end - start;
        if run >= 5 {
            score += run - 2;
        }
        start = end;
        changes &= changes - 1;
    }
    score
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
