//! Frame buffers as MicroPython's `framebuf` module defines them, without
//! the VM: a [`Surface`] is a borrowed byte buffer read through one of the
//! seven pixel [`Format`]s, and the drawing methods work on it. The VM
//! layer (`pinloop-vm`'s `framebuf` module) borrows the Python buffer for
//! the length of one call and hands it here.
//!
//! | file         | mechanism                                        |
//! |--------------|--------------------------------------------------|
//! | `format.rs`  | where a pixel's bits sit in each format          |
//! | `surface.rs` | a buffer seen through a format; clipping; fills  |
//! | `shapes.rs`  | lines, rectangles, ellipses, polygons            |
//! | `moves.rs`   | scroll and blit                                  |
//! | `text.rs`    | 8x8 text (the `font8x8` crate's glyphs)          |
//! | `picture.rs` | a screen's pixels as a PNG file's bytes          |

mod format;
mod moves;
mod picture;
mod shapes;
mod surface;
mod text;

pub use format::Format;
pub use moves::Palette;
pub use picture::gray_png;
pub use surface::{SizeError, Surface};
