//! Moving pixels: `scroll` within one surface, `blit` from another frame
//! buffer (any format, through an optional palette, with a transparent
//! key colour).

use crate::format::Format;
use crate::surface::{SizeError, Surface};

/// Read-only pixels: the source of a blit, or its palette.
pub struct Palette<'a> {
    buf: &'a [u8],
    width: usize,
    height: usize,
    stride: usize,
    format: Format,
}

impl<'a> Palette<'a> {
    pub fn new(
        buf: &'a [u8],
        width: usize,
        height: usize,
        format: Format,
        stride: usize,
    ) -> Result<Palette<'a>, SizeError> {
        let stride = format.check(buf.len(), width, height, stride)?;
        Ok(Palette {
            buf,
            width,
            height,
            stride,
            format,
        })
    }

    fn pixel(&self, x: usize, y: usize) -> Option<u32> {
        (x < self.width && y < self.height).then(|| self.format.get(self.buf, x, y, self.stride))
    }
}

impl Surface<'_> {
    /// Shifts the contents by (xstep, ystep); what nothing moves into
    /// keeps its old colours.
    pub fn scroll(&mut self, xstep: i64, ystep: i64) {
        let (width, height) = (self.width as i64, self.height as i64);
        if xstep.abs() >= width || ystep.abs() >= height {
            return;
        }
        // Each row and column is read before it is written over: walk
        // away from the direction of the move.
        let rows: Vec<i64> = if ystep > 0 {
            (ystep..height).rev().collect()
        } else {
            (0..height + ystep).collect()
        };
        let columns: Vec<i64> = if xstep > 0 {
            (xstep..width).rev().collect()
        } else {
            (0..width + xstep).collect()
        };
        for &y in &rows {
            for &x in &columns {
                let (x, y, from_x, from_y) = (
                    x as usize,
                    y as usize,
                    (x - xstep) as usize,
                    (y - ystep) as usize,
                );
                let color = self.format.get(self.buf, from_x, from_y, self.stride);
                self.format.set(self.buf, x, y, self.stride, color);
            }
        }
    }

    /// Draws `source` with its top left corner at (x, y): each source
    /// colour goes through `palette` (its pixel (colour, 0)) if there is
    /// one, and is skipped if it then equals `key`.
    pub fn blit(&mut self, source: &Palette, x: i64, y: i64, key: i64, palette: Option<&Palette>) {
        for sy in 0..source.height {
            let dy = y + sy as i64;
            if dy < 0 || dy >= self.height as i64 {
                continue;
            }
            for sx in 0..source.width {
                let dx = x + sx as i64;
                if dx < 0 || dx >= self.width as i64 {
                    continue;
                }
                let mut color = source.format.get(source.buf, sx, sy, source.stride);
                if let Some(palette) = palette {
                    color = palette.pixel(color as usize, 0).unwrap_or(0);
                }
                if i64::from(color) != key {
                    self.format
                        .set(self.buf, dx as usize, dy as usize, self.stride, color);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Palette;
    use crate::{Format, Surface};

    #[test]
    fn scroll_moves_and_leaves_a_footprint() {
        let mut buf = [1, 2, 3, 4];
        let mut surface = Surface::new(&mut buf, 4, 1, Format::Gs8, 4).unwrap();
        surface.scroll(1, 0);
        assert_eq!(buf, [1, 1, 2, 3]);
        let mut buf = [1, 2, 3, 4];
        Surface::new(&mut buf, 4, 1, Format::Gs8, 4)
            .unwrap()
            .scroll(-2, 0);
        assert_eq!(buf, [3, 4, 3, 4]);
    }

    #[test]
    fn blit_translates_through_the_palette_and_skips_the_key() {
        let glyph = [0b0000_0101u8]; // MONO_HMSB: pixels 0 and 2 set
        let source = Palette::new(&glyph, 3, 1, Format::MonoHmsb, 3).unwrap();
        let colours = [7u8, 9];
        let palette = Palette::new(&colours, 2, 1, Format::Gs8, 2).unwrap();
        let mut buf = [0u8; 4];
        let mut surface = Surface::new(&mut buf, 4, 1, Format::Gs8, 4).unwrap();
        surface.blit(&source, 1, 0, 7, Some(&palette));
        assert_eq!(buf, [0, 9, 0, 9]);
    }
}
