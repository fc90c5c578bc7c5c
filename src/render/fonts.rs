//! The fonts papila typesets with: the faces in `fonts/`, embedded in the binary (see
//! `fonts/README.md` for their licence). The system's fonts are never used, so a letter looks the same
//! on every office PC.

use typst::foundations::Bytes;
use typst::text::Font;

const FACES: [&[u8]; 6] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
    include_bytes!("../../fonts/LiberationMono-Regular.ttf"),
    include_bytes!("../../fonts/LiberationMono-Bold.ttf"),
];

/// Every bundled face, parsed. Cheap: parsing reads only the tables' directory.
pub(crate) fn load() -> Vec<Font> {
    FACES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
}

#[cfg(test)]
mod tests {
    use typst::text::FontBook;

    #[test]
    fn every_face_loads_and_both_families_are_known() {
        let fonts = super::load();
        assert_eq!(fonts.len(), super::FACES.len());
        let book = FontBook::from_fonts(&fonts);
        let families: Vec<_> = book.families().map(|(name, _)| name.to_string()).collect();
        assert!(
            families.contains(&"Liberation Sans".to_string()),
            "{families:?}"
        );
        assert!(
            families.contains(&"Liberation Mono".to_string()),
            "{families:?}"
        );
    }
}
