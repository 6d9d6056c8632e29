//! The encoding of state carried across a soft reset: numbers
//! little-endian, byte strings as a u32 length then the bytes.

/// Appends `bytes` with its length.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads what [`put_bytes`] wrote, advancing `input`; None when it is cut
/// short.
pub fn get_bytes<'a>(input: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (length, rest) = input.split_first_chunk::<4>()?;
    let length = u32::from_le_bytes(*length) as usize;
    if rest.len() < length {
        return None;
    }
    let (bytes, rest) = rest.split_at(length);
    *input = rest;
    Some(bytes)
}

/// Reads a u32, advancing `input`.
pub fn get_u32(input: &mut &[u8]) -> Option<u32> {
    let (value, rest) = input.split_first_chunk::<4>()?;
    *input = rest;
    Some(u32::from_le_bytes(*value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_short_input_is_refused() {
        let mut out = Vec::new();
        put_bytes(&mut out, b"abc");
        put_bytes(&mut out, b"");
        let mut input = out.as_slice();
        assert_eq!(get_bytes(&mut input), Some(&b"abc"[..]));
        assert_eq!(get_bytes(&mut input), Some(&b""[..]));
        assert_eq!(get_bytes(&mut input), None);
        let mut cut = &out[..5];
        assert_eq!(get_bytes(&mut cut), None);
    }
}
