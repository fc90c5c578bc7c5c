//! QR codes for letters: one pixel per module in a 1-bit PNG, which Typst places with pixelated
//! scaling. A PNG is a few hundred bytes and costs microseconds; the same code as SVG costs ~1 ms a
//! letter in Typst's SVG parser (../shared/notes/typst-at-scale.md).

use qrcode::{Color, EcLevel, QrCode};

/// White modules around the code, as the QR standard asks, so a scanner finds it on any background.
const QUIET_ZONE: usize = 4;

/// A QR code of `text` as a PNG, and its width in pixels (modules plus the quiet zone).
pub fn png(text: &str) -> (Vec<u8>, u32) {
    // Level M survives a fold or a smudge on a letter carried in a pocket (15% of the code).
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .expect("a token of under 200 characters fits a QR code");
    let modules = code.width();
    let size = modules + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let row_bytes = size.div_ceil(8);
    let mut pixels = vec![0xFFu8; row_bytes * size];
    for y in 0..modules {
        for x in 0..modules {
            if colors[y * modules + x] == Color::Dark {
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
        let code = QrCode::with_error_correction_level(b"HELLO PAPILA 123", EcLevel::M).unwrap();
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
}
