//! The seven pixel formats of MicroPython's `framebuf`, with the numbers
//! scripts see as `framebuf.MONO_VLSB` and the rest, and where each puts a
//! pixel's bits (MicroPython's documentation of the constants):
//!
//! - `MONO_VLSB`: a byte is 8 pixels stacked vertically, bit 0 on top;
//!   bytes run across a band of 8 rows, `stride` bytes per band.
//! - `MONO_HLSB` / `MONO_HMSB`: a byte is 8 pixels side by side, bit 7
//!   (HLSB) or bit 0 (HMSB) leftmost; rows are `stride` pixels, rounded up
//!   to whole bytes.
//! - `GS2_HMSB`, `GS4_HMSB`, `GS8`: 2, 4 or 8 bits of grey per pixel, side
//!   by side; in a byte, GS2's first pixel is in the low bits, GS4's in the
//!   high nibble.
//! - `RGB565`: 16 bits per pixel, the low byte first.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    MonoVlsb,
    Rgb565,
    Gs4Hmsb,
    MonoHlsb,
    MonoHmsb,
    Gs2Hmsb,
    Gs8,
}

impl Format {
    /// Every format with its name in `framebuf` and its number there.
    pub const ALL: [(Format, &'static str, i64); 7] = [
        (Format::MonoVlsb, "MONO_VLSB", 0),
        (Format::Rgb565, "RGB565", 1),
        (Format::Gs4Hmsb, "GS4_HMSB", 2),
        (Format::MonoHlsb, "MONO_HLSB", 3),
        (Format::MonoHmsb, "MONO_HMSB", 4),
        (Format::Gs2Hmsb, "GS2_HMSB", 5),
        (Format::Gs8, "GS8", 6),
    ];

    pub fn from_code(code: i64) -> Option<Format> {
        Self::ALL
            .iter()
            .find(|(_, _, c)| *c == code)
            .map(|(f, _, _)| *f)
    }

    /// The number of pixels a row really takes: horizontal formats pack
    /// rows into whole bytes.
    pub fn packed_stride(self, stride: usize) -> usize {
        match self {
            Format::MonoHlsb | Format::MonoHmsb => stride.div_ceil(8) * 8,
            Format::Gs2Hmsb => stride.div_ceil(4) * 4,
            Format::Gs4Hmsb => stride.div_ceil(2) * 2,
            Format::MonoVlsb | Format::Rgb565 | Format::Gs8 => stride,
        }
    }

    /// Checks that `len` bytes hold a `width` x `height` surface with rows
    /// `stride` pixels apart; returns the packed stride. The stride may
    /// not be less than the width, and the buffer must reach the last
    /// pixel (the rest of the last row may be missing, as on MicroPython).
    pub fn check(
        self,
        len: usize,
        width: usize,
        height: usize,
        stride: usize,
    ) -> Result<usize, crate::SizeError> {
        if stride < width {
            return Err(crate::SizeError);
        }
        let packed = self.packed_stride(stride);
        let needed = self
            .bytes_needed(width, height, packed)
            .ok_or(crate::SizeError)?;
        if len < needed {
            return Err(crate::SizeError);
        }
        Ok(packed)
    }

    /// Bytes up to and including the one holding the last pixel.
    fn bytes_needed(self, width: usize, height: usize, packed: usize) -> Option<usize> {
        if width == 0 || height == 0 {
            return Some(0);
        }
        if self == Format::MonoVlsb {
            return (height.div_ceil(8) - 1)
                .checked_mul(packed)?
                .checked_add(width);
        }
        let pixels = (height - 1).checked_mul(packed)?.checked_add(width)?;
        Some(pixels.checked_mul(self.bits_per_pixel())?.div_ceil(8))
    }

    fn bits_per_pixel(self) -> usize {
        match self {
            Format::MonoVlsb | Format::MonoHlsb | Format::MonoHmsb => 1,
            Format::Gs2Hmsb => 2,
            Format::Gs4Hmsb => 4,
            Format::Gs8 => 8,
            Format::Rgb565 => 16,
        }
    }

    /// The byte holding pixel (x, y), the shift of its lowest bit there,
    /// and the mask of its bits (before shifting). RGB565 takes two bytes
    /// from the index: its mask is 0xffff.
    fn place(self, x: usize, y: usize, stride: usize) -> (usize, u32, u32) {
        match self {
            Format::MonoVlsb => ((y / 8) * stride + x, (y % 8) as u32, 1),
            Format::MonoHlsb => ((x + y * stride) / 8, 7 - (x % 8) as u32, 1),
            Format::MonoHmsb => ((x + y * stride) / 8, (x % 8) as u32, 1),
            Format::Gs2Hmsb => ((x + y * stride) / 4, 2 * (x % 4) as u32, 3),
            Format::Gs4Hmsb => (
                (x + y * stride) / 2,
                if x.is_multiple_of(2) { 4 } else { 0 },
                0xf,
            ),
            Format::Gs8 => (x + y * stride, 0, 0xff),
            Format::Rgb565 => (2 * (x + y * stride), 0, 0xffff),
        }
    }

    /// Pixel (x, y) of `buf`; the caller has checked it is inside.
    pub(crate) fn get(self, buf: &[u8], x: usize, y: usize, stride: usize) -> u32 {
        let (index, shift, mask) = self.place(x, y, stride);
        if self == Format::Rgb565 {
            return u32::from(u16::from_le_bytes([buf[index], buf[index + 1]]));
        }
        (u32::from(buf[index]) >> shift) & mask
    }

    /// Sets pixel (x, y) to `color`: monochrome formats take any non-zero
    /// colour as 1, the others keep the colour's low bits.
    pub(crate) fn set(self, buf: &mut [u8], x: usize, y: usize, stride: usize, color: u32) {
        let (index, shift, mask) = self.place(x, y, stride);
        match self {
            Format::Rgb565 => {
                buf[index..index + 2].copy_from_slice(&(color as u16).to_le_bytes());
            }
            Format::MonoVlsb | Format::MonoHlsb | Format::MonoHmsb => {
                let bit = 1u8 << shift;
                buf[index] = if color != 0 {
                    buf[index] | bit
                } else {
                    buf[index] & !bit
                };
            }
            _ => {
                let bits = ((color & mask) << shift) as u8;
                buf[index] = (buf[index] & !((mask << shift) as u8)) | bits;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn each_format_puts_pixel_one_zero_where_its_definition_says() {
        let cases = [
            (Format::MonoVlsb, 0, 0, 0, 0x01),
            (Format::MonoVlsb, 0, 1, 0, 0x02),
            (Format::MonoVlsb, 1, 0, 1, 0x01),
            (Format::MonoHlsb, 1, 0, 0, 0x40),
            (Format::MonoHmsb, 1, 0, 0, 0x02),
            (Format::Gs2Hmsb, 1, 0, 0, 0x0c),
            (Format::Gs4Hmsb, 0, 0, 0, 0xf0),
            (Format::Gs4Hmsb, 1, 0, 0, 0x0f),
        ];
        for (format, x, y, index, byte) in cases {
            let mut buf = [0u8; 16];
            format.set(&mut buf, x, y, 8, 0xffff);
            assert_eq!(buf[index], byte, "{format:?} ({x}, {y})");
            assert_ne!(format.get(&buf, x, y, 8), 0);
        }
    }

    #[test]
    fn rgb565_is_little_endian_and_grey_keeps_low_bits() {
        let mut buf = [0u8; 4];
        Format::Rgb565.set(&mut buf, 1, 0, 2, 0xf800);
        assert_eq!(buf, [0, 0, 0x00, 0xf8]);
        let mut grey = [0u8; 1];
        Format::Gs2Hmsb.set(&mut grey, 0, 0, 4, 7);
        assert_eq!(Format::Gs2Hmsb.get(&grey, 0, 0, 4), 3);
    }

    #[test]
    fn sizes_reach_the_last_pixel() {
        assert_eq!(Format::MonoVlsb.check(1024, 128, 64, 128), Ok(128));
        assert_eq!(Format::MonoVlsb.check(11, 1, 9, 10), Ok(10));
        assert!(Format::MonoVlsb.check(10, 1, 9, 10).is_err());
        assert_eq!(Format::MonoHlsb.check(19, 8, 10, 16), Ok(16));
        assert!(Format::MonoHlsb.check(18, 8, 10, 9).is_err());
        assert!(Format::MonoHlsb.check(20, 10, 10, 9).is_err());
        assert_eq!(Format::Rgb565.check(12, 3, 2, 3), Ok(3));
        assert_eq!(Format::Gs2Hmsb.packed_stride(5), 8);
    }
}
