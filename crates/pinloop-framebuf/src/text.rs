//! Text in 8x8 cells. The glyphs are the `font8x8` crate's (public-domain
//! glyphs, one byte per row, bit 0 leftmost); MicroPython's own font is
//! part of its code, so letters may differ from a board's by a pixel here
//! and there (docs/framebuf.md). Characters outside printable ASCII draw
//! as character 127, as on MicroPython: a checkerboard (font8x8 leaves
//! 127 blank).

use crate::surface::Surface;
use font8x8::legacy::BASIC_LEGACY;

/// Character 127, and what characters without a glyph draw as.
const UNKNOWN: [u8; 8] = [0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55];

impl Surface<'_> {
    /// Draws `text` with its top left corner at (x, y), only the glyphs'
    /// set pixels, in `color`.
    pub fn text(&mut self, text: &str, x: i64, y: i64, color: u32) {
        let mut left = x;
        for character in text.chars() {
            let code = character as usize;
            let glyph = if (32..127).contains(&code) {
                BASIC_LEGACY[code]
            } else {
                UNKNOWN
            };
            for (row, bits) in glyph.iter().enumerate() {
                for column in 0..8 {
                    if bits & (1 << column) != 0 {
                        self.set_pixel(left + column, y + row as i64, color);
                    }
                }
            }
            left += 8;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Surface};

    #[test]
    fn a_letter_sets_pixels_only_in_its_cell() {
        let mut buf = [0u8; 16 * 8];
        let mut surface = Surface::new(&mut buf, 16, 8, Format::Gs8, 16).unwrap();
        surface.text("I", 0, 0, 5);
        let set = buf.iter().enumerate().filter(|(_, p)| **p == 5);
        assert!(set.clone().count() > 8);
        assert!(set.clone().all(|(i, _)| i % 16 < 8));
    }
}
