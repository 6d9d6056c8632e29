//! Lines, rectangles, ellipses and polygons, clipped pixel by pixel.
//!
//! - `line` is Bresenham's, from the first point to the second: each step
//!   moves along x, y or both, whichever keeps the error (how far the
//!   pixel is from the true line) smallest; both ends are drawn. Where the
//!   true line passes exactly between two pixels, MicroPython sometimes
//!   picks the other one (docs/framebuf.md).
//! - `ellipse` is J. Kennedy's integer midpoint algorithm ("A Fast
//!   Bresenham Type Algorithm For Drawing Ellipses"): one pass where the
//!   curve is flatter than 45 degrees, one where it is steeper, each point
//!   mirrored into the quadrants the mask selects; filled, each point
//!   becomes a span from the centre column.
//! - `poly` fills by scanlines: each row crosses the edges that span it
//!   (an edge owns its upper end, not its lower, so a vertex where two
//!   edges meet is counted once) at the nearest pixel, halves rounded up;
//!   the crossings are sorted and filled in pairs (even-odd), ends
//!   included, and the row's vertices and horizontal edges are filled
//!   too, so a tip and a flat bottom are not lost. These are
//!   MicroPython's pixels (its `framebuf_polygon` test).

use crate::surface::Surface;

impl Surface<'_> {
    pub fn line(&mut self, x1: i64, y1: i64, x2: i64, y2: i64, color: u32) {
        let (dx, dy) = ((x2 - x1).abs(), -(y2 - y1).abs());
        let (step_x, step_y) = ((x2 - x1).signum(), (y2 - y1).signum());
        // error = dx * (distance below the line) - dy * (distance across),
        // doubled; each step takes the move that keeps it nearest zero.
        let (mut x, mut y, mut error) = (x1, y1, dx + dy);
        loop {
            self.set_pixel(x, y, color);
            if x == x2 && y == y2 {
                break;
            }
            let doubled = 2 * error;
            if doubled >= dy {
                error += dy;
                x += step_x;
            }
            if doubled <= dx {
                error += dx;
                y += step_y;
            }
        }
    }

    pub fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, color: u32, fill: bool) {
        if fill {
            return self.fill_rect(x, y, w, h, color);
        }
        if w < 1 || h < 1 {
            return;
        }
        self.hline(x, y, w, color);
        self.hline(x, y + h - 1, w, color);
        self.vline(x, y, h, color);
        self.vline(x + w - 1, y, h, color);
    }

    /// `mask` picks the quadrants: bit 0 top right (Q1), then counter-
    /// clockwise.
    #[allow(clippy::too_many_arguments)]
    pub fn ellipse(
        &mut self,
        cx: i64,
        cy: i64,
        xr: i64,
        yr: i64,
        color: u32,
        fill: bool,
        mask: u32,
    ) {
        if xr < 0 || yr < 0 {
            return;
        }
        let plot = |surface: &mut Self, x: i64, y: i64| {
            surface.ellipse_points(cx, cy, x, y, color, fill, mask);
        };
        if xr == 0 && yr == 0 {
            return plot(self, 0, 0);
        }
        let (two_a2, two_b2) = (2 * xr * xr, 2 * yr * yr);
        // Flatter part: from (xr, 0) while the slope is above -1.
        let (mut x, mut y) = (xr, 0);
        let (mut x_change, mut y_change) = (yr * yr * (1 - 2 * xr), xr * xr);
        let (mut error, mut stop_x, mut stop_y) = (0, two_b2 * xr, 0);
        while stop_x >= stop_y {
            plot(self, x, y);
            y += 1;
            stop_y += two_a2;
            error += y_change;
            y_change += two_a2;
            if 2 * error + x_change > 0 {
                x -= 1;
                stop_x -= two_b2;
                error += x_change;
                x_change += two_b2;
            }
        }
        // Steeper part: from (0, yr) the other way.
        let (mut x, mut y) = (0, yr);
        let (mut x_change, mut y_change) = (yr * yr, xr * xr * (1 - 2 * yr));
        let (mut error, mut stop_x, mut stop_y) = (0, 0, two_a2 * yr);
        while stop_x <= stop_y {
            plot(self, x, y);
            x += 1;
            stop_x += two_b2;
            error += x_change;
            x_change += two_b2;
            if 2 * error + y_change > 0 {
                y -= 1;
                stop_y -= two_a2;
                error += y_change;
                y_change += two_a2;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn ellipse_points(
        &mut self,
        cx: i64,
        cy: i64,
        x: i64,
        y: i64,
        color: u32,
        fill: bool,
        mask: u32,
    ) {
        // (sign of x, sign of y) for Q1..Q4: top right, top left, bottom
        // left, bottom right; y grows downwards.
        const QUADRANTS: [(i64, i64); 4] = [(1, -1), (-1, -1), (-1, 1), (1, 1)];
        for (bit, (sx, sy)) in QUADRANTS.iter().enumerate() {
            if mask & (1 << bit) == 0 {
                continue;
            }
            let (px, py) = (cx + sx * x, cy + sy * y);
            if fill {
                self.hline(px.min(cx), py, x + 1, color);
            } else {
                self.set_pixel(px, py, color);
            }
        }
    }

    /// A closed polygon through `points` (relative to (x, y)).
    pub fn poly(&mut self, x: i64, y: i64, points: &[(i64, i64)], color: u32, fill: bool) {
        let points: Vec<(i64, i64)> = points.iter().map(|&(px, py)| (px + x, py + y)).collect();
        let Some(&last) = points.last() else {
            return;
        };
        if fill {
            return self.fill_polygon(&points, color);
        }
        let mut from = last;
        for &to in &points {
            self.line(from.0, from.1, to.0, to.1, color);
            from = to;
        }
    }

    fn fill_polygon(&mut self, points: &[(i64, i64)], color: u32) {
        let top = points.iter().map(|p| p.1).min().unwrap_or(0).max(0);
        let bottom = points
            .iter()
            .map(|p| p.1)
            .max()
            .unwrap_or(-1)
            .min(self.height as i64 - 1);
        let mut crossings = Vec::new();
        for row in top..=bottom {
            crossings.clear();
            let mut from = points[points.len() - 1];
            for &to in points {
                let (upper, lower) = if from.1 <= to.1 {
                    (from, to)
                } else {
                    (to, from)
                };
                if upper.1 <= row && row < lower.1 {
                    // x where the edge meets the row, halves rounded up.
                    let (dy, dx) = (lower.1 - upper.1, lower.0 - upper.0);
                    let along = (row - upper.1) * dx;
                    crossings.push(upper.0 + (2 * along + dy).div_euclid(2 * dy));
                }
                if from.1 == row && to.1 == row {
                    self.hline(from.0.min(to.0), row, (to.0 - from.0).abs() + 1, color);
                }
                if to.1 == row {
                    self.set_pixel(to.0, row, color);
                }
                from = to;
            }
            crossings.sort_unstable();
            for pair in crossings.chunks_exact(2) {
                self.hline(pair[0], row, pair[1] - pair[0] + 1, color);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Surface};

    fn picture(width: usize, height: usize, draw: impl FnOnce(&mut Surface)) -> Vec<String> {
        let mut buf = vec![0u8; width * height];
        let mut surface = Surface::new(&mut buf, width, height, Format::Gs8, width).unwrap();
        draw(&mut surface);
        buf.chunks(width)
            .map(|row| {
                row.iter()
                    .map(|&p| if p != 0 { '#' } else { '.' })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_line_draws_both_ends() {
        let forward = picture(6, 4, |s| s.line(0, 0, 5, 3, 1));
        let backward = picture(6, 4, |s| s.line(5, 3, 0, 0, 1));
        assert_eq!(forward, ["#.....", ".##...", "...##.", ".....#"]);
        assert_eq!(backward, ["#.....", ".##...", "...##.", ".....#"]);
        let steep = picture(2, 4, |s| s.line(0, 0, 1, 3, 1));
        assert_eq!(steep, ["#.", "#.", ".#", ".#"]);
    }

    #[test]
    fn a_circle_is_symmetric_and_its_mask_keeps_quadrants() {
        let circle = picture(7, 7, |s| s.ellipse(3, 3, 3, 3, 1, false, 0xf));
        for row in &circle {
            assert_eq!(*row, row.chars().rev().collect::<String>());
        }
        assert_eq!(circle[0], "..###..");
        let top_right = picture(7, 7, |s| s.ellipse(3, 3, 3, 3, 1, true, 0b0001));
        assert_eq!(top_right[6], ".......");
        assert_eq!(top_right[3], "...####");
    }

    #[test]
    fn a_filled_square_polygon_covers_its_edges() {
        let square = picture(5, 5, |s| {
            s.poly(1, 1, &[(0, 0), (2, 0), (2, 2), (0, 2)], 1, true)
        });
        assert_eq!(square, [".....", ".###.", ".###.", ".###.", "....."]);
    }
}
