//! QR codes for letters: one pixel per module in a 1-bit PNG, which Typst places with pixelated
//! scaling. A PNG is a few hundred bytes and costs microseconds; the same code as SVG costs ~1 ms a
//! letter in Typst's SVG parser (../shared/notes/typst-at-scale.md).
//!
//! The `qrcode` crate encodes; only its choice of mask is done here. ISO 18004 asks the encoder to
//! try all eight masks and keep the one with the lowest penalty; the crate scores each candidate
//! through wrapping coordinate lookups and a boxed closure per module, which made mask choice ~13%
//! of render's time. `best_mask` scores the same rules, with the same tie-break, over a plain
//! array, so the codes are the crate's own, module for module (tested), at a tenth of the cost.

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

/// `data` as a QR code at `ec_level`: the modules row by row (`true` is dark) and the width.
fn encode(data: &[u8], ec_level: EcLevel) -> (Vec<bool>, usize) {
    let bits = qrcode::bits::encode_auto(data, ec_level)
        .expect("a token of under 200 characters fits a QR code");
    let version = bits.version();
    let (codewords, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level)
        .expect("encode_auto chose a version that holds the data");
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let width = version.width() as usize;
    let masked = |pattern: MaskPattern| -> Vec<bool> {
        let mut candidate = canvas.clone();
        candidate.apply_mask(pattern);
        candidate
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect()
    };
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in MASKS {
        let modules = masked(pattern);
        let score = penalty(&modules, width);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, modules));
        }
    }
    (best.expect("eight masks tried").1, width)
}

/// ISO 18004's mask penalty (rules N1–N4), scored as the `qrcode` crate scores it, so that both
/// choose the same mask.
fn penalty(modules: &[bool], width: usize) -> u32 {
    let at = |x: usize, y: usize| modules[y * width + x];
    let mut score = 0u32;
    for horizontal in [true, false] {
        let line = |i: usize, j: usize| if horizontal { at(j, i) } else { at(i, j) };
        for i in 0..width {
            // N1: a run of 5 + n modules of one colour costs 3 + n.
            let mut run = 1;
            for j in 1..=width {
                if j < width && line(i, j) == line(i, j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
            // N3: dark-light-dark-dark-dark-light-dark with four light modules on either side
            // (beyond the edge counts as light) costs 40.
            const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
            for j in 0..width.saturating_sub(6) {
                if (0..7).any(|k| line(i, j + k) != FINDER[k]) {
                    continue;
                }
                let dark = |k: usize| k < width && line(i, k);
                let before = (j.saturating_sub(4)..j).any(dark);
                let after = (j + 7..j + 11).any(dark);
                if !before || !after {
                    score += 40;
                }
            }
        }
    }
    // The three finder patterns match N3 on three rows and three columns each: not a penalty.
    score -= 360;
    // N2: every 2×2 block of one colour costs 3.
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    // N4: the distance of the dark share from half.
    let dark = modules.iter().filter(|&&m| m).count();
    let ratio = (dark * 200 / modules.len()) as u32;
    score + ratio.abs_diff(100)
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
