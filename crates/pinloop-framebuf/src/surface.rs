//! A byte buffer seen as pixels: its size, format and stride, checked
//! once, then every drawing operation clips to the surface, so no
//! coordinate a script passes reaches outside the buffer.

use crate::format::Format;

/// The buffer is smaller than the size and format need.
#[derive(Debug, PartialEq, Eq)]
pub struct SizeError;

pub struct Surface<'a> {
    pub(crate) buf: &'a mut [u8],
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) stride: usize,
    pub(crate) format: Format,
}

impl<'a> Surface<'a> {
    /// `stride` is in pixels (the row length given to `FrameBuffer`); the
    /// format's packing rounds it up.
    pub fn new(
        buf: &'a mut [u8],
        width: usize,
        height: usize,
        format: Format,
        stride: usize,
    ) -> Result<Surface<'a>, SizeError> {
        let stride = format.check(buf.len(), width, height, stride)?;
        Ok(Surface {
            buf,
            width,
            height,
            stride,
            format,
        })
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn format(&self) -> Format {
        self.format
    }

    fn inside(&self, x: i64, y: i64) -> Option<(usize, usize)> {
        let (x, y) = (usize::try_from(x).ok()?, usize::try_from(y).ok()?);
        (x < self.width && y < self.height).then_some((x, y))
    }

    /// The colour at (x, y), None outside the surface.
    pub fn pixel(&self, x: i64, y: i64) -> Option<u32> {
        let (x, y) = self.inside(x, y)?;
        Some(self.format.get(self.buf, x, y, self.stride))
    }

    /// Sets (x, y) if it is inside the surface.
    pub fn set_pixel(&mut self, x: i64, y: i64, color: u32) {
        if let Some((x, y)) = self.inside(x, y) {
            self.format.set(self.buf, x, y, self.stride, color);
        }
    }

    /// Fills the part of the rectangle inside the surface.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, color: u32) {
        if w < 1 || h < 1 {
            return;
        }
        let clip = |start: i64, len: i64, size: usize| {
            let from = start.clamp(0, size as i64) as usize;
            let to = start.saturating_add(len).clamp(0, size as i64) as usize;
            from..to
        };
        let columns = clip(x, w, self.width);
        for row in clip(y, h, self.height) {
            for column in columns.clone() {
                self.format.set(self.buf, column, row, self.stride, color);
            }
        }
    }

    pub fn fill(&mut self, color: u32) {
        self.fill_rect(0, 0, self.width as i64, self.height as i64, color);
    }

    pub fn hline(&mut self, x: i64, y: i64, w: i64, color: u32) {
        self.fill_rect(x, y, w, 1, color);
    }

    pub fn vline(&mut self, x: i64, y: i64, h: i64, color: u32) {
        self.fill_rect(x, y, 1, h, color);
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, SizeError, Surface};

    #[test]
    fn a_buffer_too_small_for_the_format_is_refused() {
        let mut buf = [0u8; 7];
        let refused = Surface::new(&mut buf, 8, 8, Format::MonoVlsb, 8).err();
        assert_eq!(refused, Some(SizeError));
        let mut buf = [0u8; 8];
        assert!(Surface::new(&mut buf, 8, 8, Format::MonoVlsb, 8).is_ok());
    }

    #[test]
    fn fills_clip_to_the_surface() {
        let mut buf = [0u8; 16];
        let mut surface = Surface::new(&mut buf, 4, 4, Format::Gs8, 4).unwrap();
        surface.fill_rect(-2, 3, 10, 10, 9);
        surface.set_pixel(4, 0, 1);
        surface.set_pixel(-1, 0, 1);
        assert_eq!(surface.pixel(0, 3), Some(9));
        assert_eq!(surface.pixel(4, 0), None);
        assert_eq!(buf[..12], [0; 12]);
        assert_eq!(buf[12..], [9; 4]);
    }
}
