//! The Python modules of the workspace's `lib/`, frozen into the binary as
//! source by `build.rs`. They appear on `sys.path` as the entry `.frozen`,
//! as MicroPython names its frozen modules.

/// The `sys.path` entry that stands for the frozen modules.
pub const FROZEN_PATH_ENTRY: &str = ".frozen";

/// One module of `lib/`.
#[derive(Debug, Clone, Copy)]
pub struct FrozenSource {
    /// Dotted module name (`pkg.mod`).
    pub name: &'static str,
    /// True for a package (`pkg/__init__.py`).
    pub is_package: bool,
    /// The module's source text.
    pub source: &'static str,
}

impl FrozenSource {
    /// The file name shown in tracebacks: the path below `lib/`, as
    /// MicroPython shows frozen modules (`asyncio/core.py`).
    pub fn file_name(&self) -> String {
        let path = self.name.replace('.', "/");
        if self.is_package {
            format!("{path}/__init__.py")
        } else {
            format!("{path}.py")
        }
    }
}

/// Every module of `lib/`, sorted by name.
pub static FROZEN_LIB: &[FrozenSource] = include!(concat!(env!("OUT_DIR"), "/frozen_lib.rs"));

/// Looks a frozen module up by its dotted name.
pub fn find(name: &str) -> Option<&'static FrozenSource> {
    FROZEN_LIB
        .binary_search_by(|m| m.name.cmp(name))
        .ok()
        .map(|i| &FROZEN_LIB[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_so_lookups_find_every_module() {
        assert!(FROZEN_LIB.windows(2).all(|w| w[0].name < w[1].name));
        for module in FROZEN_LIB {
            assert_eq!(find(module.name).map(|m| m.name), Some(module.name));
        }
    }

    #[test]
    fn file_names_are_paths_below_lib() {
        let module = FrozenSource {
            name: "asyncio.core",
            is_package: false,
            source: "",
        };
        assert_eq!(module.file_name(), "asyncio/core.py");
        let package = FrozenSource {
            name: "asyncio",
            is_package: true,
            source: "",
        };
        assert_eq!(package.file_name(), "asyncio/__init__.py");
    }
}
