//! MicroPython's `framebuf`: `FrameBuffer` over a script's buffer (a
//! bytearray, an array), every format and drawing method, and the legacy
//! `FrameBuffer1`. The pixels are `pinloop-framebuf`'s; this file parses
//! the arguments and lends the buffer to it for one call at a time.
//!
//! The buffer is held as an exported buffer, as a memoryview holds it, so
//! a bytearray behind a FrameBuffer cannot be resized under it (on a board
//! that would leave the FrameBuffer pointing at freed memory).
//!
//! `FrameBuffer` can be subclassed (MicroPython's `ssd1306` driver is a
//! subclass that calls `super().__init__(buffer, width, height, format)`):
//! the object is made empty and `__init__` gives it its buffer.

pub(crate) use _framebuf::module_def;

#[rustpython_vm::pymodule(name = "framebuf")]
mod _framebuf {
    use pinloop_framebuf::{Format, Palette, Surface};
    use rustpython_vm::{
        Py, PyObjectRef, PyPayload, PyRef, PyResult, TryFromBorrowedObject, VirtualMachine,
        builtins::{PyStrRef, PyType},
        common::lock::PyRwLock,
        function::{ArgMemoryBuffer, FuncArgs, OptionalArg},
        protocol::PyBuffer,
        pyclass,
        types::{AsBuffer, Constructor, Initializer},
    };

    #[pyattr]
    const MONO_VLSB: i64 = 0;
    #[pyattr]
    const MVLSB: i64 = 0;
    #[pyattr]
    const RGB565: i64 = 1;
    #[pyattr]
    const GS4_HMSB: i64 = 2;
    #[pyattr]
    const MONO_HLSB: i64 = 3;
    #[pyattr]
    const MONO_HMSB: i64 = 4;
    #[pyattr]
    const GS2_HMSB: i64 = 5;
    #[pyattr]
    const GS8: i64 = 6;

    /// What `__init__` was given: the buffer and how to read it.
    #[derive(Debug)]
    struct Layout {
        buffer: PyBuffer,
        width: usize,
        height: usize,
        stride: usize,
        format: Format,
    }

    #[pyattr]
    #[pyclass(module = "framebuf", name = "FrameBuffer")]
    #[derive(Debug, PyPayload)]
    pub struct FrameBuffer {
        layout: PyRwLock<Option<Layout>>,
    }

    #[derive(rustpython_vm::FromArgs)]
    pub struct LayoutArgs {
        #[pyarg(positional)]
        buffer: ArgMemoryBuffer,
        #[pyarg(positional)]
        width: i64,
        #[pyarg(positional)]
        height: i64,
        #[pyarg(positional)]
        format: i64,
        #[pyarg(positional, optional)]
        stride: OptionalArg<i64>,
    }

    fn dimension(value: i64, vm: &VirtualMachine) -> PyResult<usize> {
        usize::try_from(value).map_err(|_| {
            vm.new_value_error("invalid dimension: width, height and stride must be 0 or more")
        })
    }

    fn format_of(code: i64, vm: &VirtualMachine) -> PyResult<Format> {
        Format::from_code(code).ok_or_else(|| vm.new_value_error("invalid format"))
    }

    /// Checks the buffer is big enough for the size and format.
    fn check_size(
        len: usize,
        width: usize,
        height: usize,
        format: Format,
        stride: usize,
        vm: &VirtualMachine,
    ) -> PyResult<()> {
        format
            .check(len, width, height, stride)
            .map(drop)
            .map_err(|_| vm.new_value_error("buffer too small, or stride less than width"))
    }

    impl Layout {
        fn new(args: LayoutArgs, vm: &VirtualMachine) -> PyResult<Layout> {
            let width = dimension(args.width, vm)?;
            let height = dimension(args.height, vm)?;
            let stride = match args.stride {
                OptionalArg::Present(stride) => dimension(stride, vm)?,
                OptionalArg::Missing => width,
            };
            let format = format_of(args.format, vm)?;
            let buffer: PyBuffer = args.buffer.into();
            check_size(buffer.desc.len, width, height, format, stride, vm)?;
            Ok(Layout {
                buffer,
                width,
                height,
                stride,
                format,
            })
        }
    }

    impl Constructor for FrameBuffer {
        type Args = FuncArgs;

        fn py_new(_cls: &Py<PyType>, _args: FuncArgs, _vm: &VirtualMachine) -> PyResult<Self> {
            Ok(FrameBuffer {
                layout: PyRwLock::new(None),
            })
        }
    }

    impl Initializer for FrameBuffer {
        type Args = LayoutArgs;

        fn init(zelf: PyRef<Self>, args: LayoutArgs, vm: &VirtualMachine) -> PyResult<()> {
            *zelf.layout.write() = Some(Layout::new(args, vm)?);
            Ok(())
        }
    }

    impl FrameBuffer {
        /// Runs `draw` on the pixels.
        fn draw<R>(
            &self,
            vm: &VirtualMachine,
            draw: impl FnOnce(&mut Surface) -> R,
        ) -> PyResult<R> {
            let guard = self.layout.read();
            let layout = guard.as_ref().ok_or_else(|| not_initialised(vm))?;
            let mut bytes = layout
                .buffer
                .as_contiguous_mut()
                .ok_or_else(|| vm.new_type_error("the FrameBuffer's buffer is not writable"))?;
            let mut surface = Surface::new(
                &mut bytes,
                layout.width,
                layout.height,
                layout.format,
                layout.stride,
            )
            .map_err(|_| vm.new_value_error("buffer too small"))?;
            Ok(draw(&mut surface))
        }

        /// A copy of the pixels, for reading while this or another frame
        /// buffer is drawn on.
        fn snapshot(&self, vm: &VirtualMachine) -> PyResult<Pixels> {
            let guard = self.layout.read();
            let layout = guard.as_ref().ok_or_else(|| not_initialised(vm))?;
            Pixels::copy(
                &layout.buffer,
                layout.width,
                layout.height,
                layout.format,
                layout.stride,
                vm,
            )
        }
    }

    fn not_initialised(vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
        vm.new_value_error("FrameBuffer.__init__ was not called: a subclass's __init__ must call super().__init__(buffer, width, height, format)")
    }

    /// Pixels copied out of a buffer: a blit's source or palette.
    struct Pixels {
        bytes: Vec<u8>,
        width: usize,
        height: usize,
        stride: usize,
        format: Format,
    }

    impl Pixels {
        fn copy(
            buffer: &PyBuffer,
            width: usize,
            height: usize,
            format: Format,
            stride: usize,
            vm: &VirtualMachine,
        ) -> PyResult<Pixels> {
            check_size(buffer.desc.len, width, height, format, stride, vm)?;
            let bytes = buffer
                .as_contiguous()
                .ok_or_else(|| vm.new_type_error("the buffer is not contiguous"))?
                .to_vec();
            Ok(Pixels {
                bytes,
                width,
                height,
                stride,
                format,
            })
        }

        /// A FrameBuffer, or `(buffer, width, height, format[, stride])`.
        fn from_object(object: &PyObjectRef, vm: &VirtualMachine) -> PyResult<Pixels> {
            if let Some(fb) = object.downcast_ref::<FrameBuffer>() {
                return fb.snapshot(vm);
            }
            let items: Vec<PyObjectRef> = if let Some(tuple) =
                object.downcast_ref::<rustpython_vm::builtins::PyTuple>()
            {
                tuple.as_slice().to_vec()
            } else if let Some(list) = object.downcast_ref::<rustpython_vm::builtins::PyList>() {
                list.borrow_vec().to_vec()
            } else {
                return Err(vm.new_type_error("expected a FrameBuffer, or a tuple or list (buffer, width, height, format[, stride])"));
            };
            if !(4..=5).contains(&items.len()) {
                return Err(
                    vm.new_value_error("expected (buffer, width, height, format[, stride])")
                );
            }
            let number = |i: usize| -> PyResult<i64> { items[i].try_to_value(vm) };
            let width = dimension(number(1)?, vm)?;
            let height = dimension(number(2)?, vm)?;
            let format = format_of(number(3)?, vm)?;
            let stride = if items.len() == 5 {
                dimension(number(4)?, vm)?
            } else {
                width
            };
            let buffer = PyBuffer::try_from_borrowed_object(vm, &items[0])?;
            Pixels::copy(&buffer, width, height, format, stride, vm)
        }

        fn view(&self) -> Palette<'_> {
            Palette::new(
                &self.bytes,
                self.width,
                self.height,
                self.format,
                self.stride,
            )
            .expect("size checked when copied")
        }
    }

    /// The integers of an array (any typecode), for `poly`.
    fn integers(buffer: &PyBuffer, vm: &VirtualMachine) -> PyResult<Vec<i64>> {
        let bytes = buffer
            .as_contiguous()
            .ok_or_else(|| vm.new_type_error("the coordinates are not contiguous"))?;
        let code = buffer.desc.format.trim_start_matches(['@', '=', '<']);
        macro_rules! read {
            ($t:ty) => {
                bytes
                    .chunks_exact(std::mem::size_of::<$t>())
                    .map(|c| {
                        <$t>::from_ne_bytes(c.try_into().expect("chunk of the item's size")) as i64
                    })
                    .collect()
            };
        }
        Ok(match code {
            "b" => read!(i8),
            "B" | "" => read!(u8),
            "h" => read!(i16),
            "H" => read!(u16),
            "i" | "l" if buffer.desc.itemsize == 4 => read!(i32),
            "I" | "L" if buffer.desc.itemsize == 4 => read!(u32),
            "l" | "q" => read!(i64),
            "L" | "Q" => read!(u64),
            other => {
                return Err(
                    vm.new_type_error(format!("poly needs an array of integers, not of '{other}'"))
                );
            }
        })
    }

    /// `memoryview(fbuf)`, `bytes(fbuf)`: the buffer it draws on.
    impl AsBuffer for FrameBuffer {
        fn as_buffer(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyBuffer> {
            let guard = zelf.layout.read();
            let layout = guard.as_ref().ok_or_else(|| not_initialised(vm))?;
            PyBuffer::try_from_borrowed_object(vm, &layout.buffer.obj)
        }
    }

    #[pyclass(flags(BASETYPE), with(Constructor, Initializer, AsBuffer))]
    impl FrameBuffer {
        #[pymethod]
        fn fill(&self, c: i64, vm: &VirtualMachine) -> PyResult<()> {
            self.draw(vm, |s| s.fill(c as u32))
        }

        #[pymethod]
        fn fill_rect(
            &self,
            x: i64,
            y: i64,
            w: i64,
            h: i64,
            c: i64,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            self.draw(vm, |s| s.fill_rect(x, y, w, h, c as u32))
        }

        /// Reads (x, y), or None outside; with `c`, sets it.
        #[pymethod]
        fn pixel(
            &self,
            x: i64,
            y: i64,
            c: OptionalArg<i64>,
            vm: &VirtualMachine,
        ) -> PyResult<Option<u32>> {
            match c {
                OptionalArg::Present(c) => self
                    .draw(vm, |s| s.set_pixel(x, y, c as u32))
                    .map(|()| None),
                OptionalArg::Missing => self.draw(vm, |s| s.pixel(x, y)),
            }
        }

        #[pymethod]
        fn hline(&self, x: i64, y: i64, w: i64, c: i64, vm: &VirtualMachine) -> PyResult<()> {
            self.draw(vm, |s| s.hline(x, y, w, c as u32))
        }

        #[pymethod]
        fn vline(&self, x: i64, y: i64, h: i64, c: i64, vm: &VirtualMachine) -> PyResult<()> {
            self.draw(vm, |s| s.vline(x, y, h, c as u32))
        }

        #[pymethod]
        fn line(
            &self,
            x1: i64,
            y1: i64,
            x2: i64,
            y2: i64,
            c: i64,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            self.draw(vm, |s| s.line(x1, y1, x2, y2, c as u32))
        }

        #[pymethod]
        #[allow(clippy::too_many_arguments)]
        fn rect(
            &self,
            x: i64,
            y: i64,
            w: i64,
            h: i64,
            c: i64,
            f: OptionalArg<bool>,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            self.draw(vm, |s| s.rect(x, y, w, h, c as u32, f.unwrap_or(false)))
        }

        #[pymethod]
        fn ellipse(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
            let numbers = positional(&args, 5, 7, "ellipse(x, y, xr, yr, c[, f, m])", vm)?;
            let fill = args
                .args
                .get(5)
                .map(|f| f.clone().try_to_bool(vm))
                .transpose()?
                .unwrap_or(false);
            let mask = numbers.get(6).copied().unwrap_or(0xf) as u32;
            let [x, y, xr, yr, c] = [numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]];
            self.draw(vm, |s| s.ellipse(x, y, xr, yr, c as u32, fill, mask))
        }

        #[pymethod]
        fn poly(
            &self,
            x: i64,
            y: i64,
            coords: PyObjectRef,
            c: i64,
            f: OptionalArg<bool>,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            let buffer = PyBuffer::try_from_borrowed_object(vm, &coords)
                .map_err(|_| vm.new_type_error("poly's coordinates must be an array of integers, e.g. array('h', [x0, y0, x1, y1, ...])"))?;
            let numbers = integers(&buffer, vm)?;
            drop(buffer);
            let points: Vec<(i64, i64)> = numbers.chunks_exact(2).map(|p| (p[0], p[1])).collect();
            self.draw(vm, |s| s.poly(x, y, &points, c as u32, f.unwrap_or(false)))
        }

        #[pymethod]
        fn text(
            &self,
            s: PyStrRef,
            x: i64,
            y: i64,
            c: OptionalArg<i64>,
            vm: &VirtualMachine,
        ) -> PyResult<()> {
            let text = s.as_wtf8().to_string_lossy().into_owned();
            let color = c.unwrap_or(1) as u32;
            self.draw(vm, |surface| surface.text(&text, x, y, color))
        }

        #[pymethod]
        fn scroll(&self, xstep: i64, ystep: i64, vm: &VirtualMachine) -> PyResult<()> {
            self.draw(vm, |s| s.scroll(xstep, ystep))
        }

        #[pymethod]
        fn blit(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
            let usage = "blit(fbuf, x, y, key=-1, palette=None)";
            let mut args = args;
            let key = args.kwargs.swap_remove("key");
            let palette = args.kwargs.swap_remove("palette");
            if !args.kwargs.is_empty() || !(3..=5).contains(&args.args.len()) {
                return Err(vm.new_type_error(format!("expected {usage}")));
            }
            let source = Pixels::from_object(&args.args[0], vm)?;
            let x: i64 = args.args[1].clone().try_to_value(vm)?;
            let y: i64 = args.args[2].clone().try_to_value(vm)?;
            let key: i64 = match key.or_else(|| args.args.get(3).cloned()) {
                Some(key) => key.try_to_value(vm)?,
                None => -1,
            };
            let palette = match palette.or_else(|| args.args.get(4).cloned()) {
                Some(p) if !vm.is_none(&p) => Some(Pixels::from_object(&p, vm)?),
                _ => None,
            };
            let palette_view = palette.as_ref().map(Pixels::view);
            self.draw(vm, |s| {
                s.blit(&source.view(), x, y, key, palette_view.as_ref())
            })
        }
    }

    /// Between `least` and `most` positional integers (bools count).
    fn positional(
        args: &FuncArgs,
        least: usize,
        most: usize,
        usage: &str,
        vm: &VirtualMachine,
    ) -> PyResult<Vec<i64>> {
        if !args.kwargs.is_empty() || !(least..=most).contains(&args.args.len()) {
            return Err(vm.new_type_error(format!("expected {usage}")));
        }
        args.args
            .iter()
            .map(|a| {
                a.clone()
                    .try_to_value::<i64>(vm)
                    .or_else(|_| a.clone().try_to_bool(vm).map(i64::from))
            })
            .collect()
    }

    /// `FrameBuffer1(buffer, width, height[, stride])`: MicroPython's
    /// legacy constructor, a MONO_VLSB frame buffer.
    #[pyfunction(name = "FrameBuffer1")]
    fn frame_buffer1(
        buffer: ArgMemoryBuffer,
        width: i64,
        height: i64,
        stride: OptionalArg<i64>,
        vm: &VirtualMachine,
    ) -> PyResult<FrameBuffer> {
        let args = LayoutArgs {
            buffer,
            width,
            height,
            format: MONO_VLSB,
            stride,
        };
        Ok(FrameBuffer {
            layout: PyRwLock::new(Some(Layout::new(args, vm)?)),
        })
    }

    /// The module's format numbers are the ones the pixel crate reads.
    #[cfg(test)]
    #[test]
    fn the_format_constants_are_the_pixel_crates() {
        let constants = [
            ("MONO_VLSB", MONO_VLSB),
            ("RGB565", RGB565),
            ("GS4_HMSB", GS4_HMSB),
            ("MONO_HLSB", MONO_HLSB),
            ("MONO_HMSB", MONO_HMSB),
            ("GS2_HMSB", GS2_HMSB),
            ("GS8", GS8),
        ];
        for ((_, name, code), (constant, value)) in Format::ALL.iter().zip(constants) {
            assert_eq!((*name, *code), (constant, value));
        }
        assert_eq!(MVLSB, MONO_VLSB);
    }
}
