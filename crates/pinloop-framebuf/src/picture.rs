//! A screen as a PNG file: 8-bit grey, one byte per pixel, row by row,
//! unfiltered.

/// The PNG file's bytes for `width` x `height` grey levels (0 black, 255
/// white), `pixels` row by row.
pub fn gray_png(width: u32, height: u32, pixels: &[u8]) -> Result<Vec<u8>, String> {
    let mut file = Vec::new();
    let mut encoder = png::Encoder::new(&mut file, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    // Rows stored as they are: a reader of the file sees the pixels
    // without undoing a filter (screens of two levels compress well
    // anyway).
    encoder.set_filter(png::FilterType::NoFilter);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_starts_as_a_png_and_decodes_to_the_pixels() {
        let pixels = [0u8, 255, 255, 0];
        let file = super::gray_png(2, 2, &pixels).unwrap();
        assert_eq!(&file[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&file));
        let mut reader = decoder.read_info().unwrap();
        let mut out = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut out).unwrap();
        assert_eq!(out, pixels);
    }
}
