//! pinloop's module finder and loader. It sits on `sys.meta_path` after the
//! builtin (native) importer and before the frozen importer that serves
//! CPython's library from `rustpython-pylib`, and searches `sys.path`: the
//! script's folder, then `MICROPYPATH`, then `.frozen` (our `lib/`). Every
//! module it loads is compiled by [`crate::compile::compile`].

use std::path::PathBuf;

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyModule, PyUtf8StrRef},
    function::OptionalArg,
    scope::Scope,
};

use crate::{compile, device_root, frozen_lib};

pub(crate) use _pinloop_import::module_def;

/// Where a found module's source lives.
enum Found {
    /// A file on disk: `path` is the file, `package_dir` is set for a package.
    File {
        path: String,
        package_dir: Option<String>,
    },
    /// A directory without `__init__.py`, imported as a package (MicroPython
    /// and CPython both allow it).
    Namespace { dir: String },
    /// A module of the frozen `lib/`.
    Frozen(&'static frozen_lib::FrozenSource),
}

/// What a module path names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Missing,
    File,
    Folder,
}

/// Where a module path lives on a board (project and device modes).
enum Location {
    /// A file or folder of the host, inside the board's folder.
    Host(PathBuf),
    /// Below a mount point: the filesystem (a Python object, as mpremote's
    /// `mount` sends) and the path inside it.
    Mounted { fs: PyObjectRef, inner: String },
}

/// The location of `path`: the path itself in script mode; on a board,
/// resolved against its current folder and mount table (by
/// `_pinloop_device_fs`, which owns both); None when it leaves the folder.
fn locate(vm: &VirtualMachine, path: &str) -> PyResult<Option<Location>> {
    if !device_root::is_set() {
        return Ok(Some(Location::Host(PathBuf::from(path))));
    }
    // Taken from sys.modules, not imported: importing it comes here.
    let modules = vm.sys_module.get_attr("modules", vm)?;
    let locate = match modules.get_item("_pinloop_device_fs", vm) {
        Ok(device_fs) => vm.get_attribute_opt(device_fs, "locate")?,
        Err(_) => None,
    };
    let Some(locate) = locate else {
        // While the board's filesystem is being put in place (its module
        // imports others): the folder alone.
        return Ok(device_root::host_path(path, device_root::Last::Follow)
            .ok()
            .map(Location::Host));
    };
    let found = locate.call((path.to_owned(),), vm)?;
    if vm.is_none(&found) {
        return Ok(None);
    }
    if let Some(host) = found.downcast_ref::<rustpython_vm::builtins::PyStr>() {
        return Ok(Some(Location::Host(PathBuf::from(
            host.to_string_lossy().into_owned(),
        ))));
    }
    let pair: Vec<PyObjectRef> = found.try_to_value(vm)?;
    let [fs, inner] = <[PyObjectRef; 2]>::try_from(pair)
        .map_err(|_| vm.new_type_error("locate() gives a path or (filesystem, path)"))?;
    let inner: String = inner.try_into_value(vm)?;
    Ok(Some(Location::Mounted { fs, inner }))
}

/// What `path` is on the host.
fn host_kind(path: &std::path::Path) -> Kind {
    if path.is_file() {
        Kind::File
    } else if path.is_dir() {
        Kind::Folder
    } else {
        Kind::Missing
    }
}

/// What `path` names, where the board would find it. A mounted
/// filesystem's OSError means missing; other errors (Ctrl-C) propagate.
fn kind_of(vm: &VirtualMachine, path: &str) -> PyResult<Kind> {
    match locate(vm, path)? {
        None => Ok(Kind::Missing),
        Some(Location::Host(host)) => Ok(host_kind(&host)),
        Some(Location::Mounted { fs, inner }) => match vm.call_method(&fs, "stat", (inner,)) {
            Ok(stat) => {
                let mode: u32 = stat.get_item(&0, vm)?.try_into_value(vm)?;
                Ok(match mode & 0o170000 {
                    0o040000 => Kind::Folder,
                    0o100000 => Kind::File,
                    _ => Kind::Missing,
                })
            }
            Err(exc) if exc.fast_isinstance(vm.ctx.exceptions.os_error) => Ok(Kind::Missing),
            Err(exc) => Err(exc),
        },
    }
}

/// Joins a `sys.path` entry and a name the way the entry was written, so an
/// entry of `""` (the current folder) gives `name`, not `/name`.
fn join(entry: &str, name: &str) -> String {
    if entry.is_empty() {
        name.to_owned()
    } else if entry.ends_with('/') {
        format!("{entry}{name}")
    } else {
        format!("{entry}/{name}")
    }
}

/// Searches `entries` for module `fullname`. Regular modules and packages in
/// any entry win over a bare directory in an earlier one.
/// `kind` says what a path names (the host in tests, [`kind_of`] in use).
fn search(
    fullname: &str,
    entries: &[String],
    kind: &dyn Fn(&str) -> PyResult<Kind>,
) -> PyResult<Option<Found>> {
    let tail = fullname.rsplit('.').next().unwrap_or(fullname);
    let mut namespace = None;
    for entry in entries {
        if entry == frozen_lib::FROZEN_PATH_ENTRY {
            if let Some(module) = frozen_lib::find(fullname) {
                return Ok(Some(Found::Frozen(module)));
            }
            continue;
        }
        let base = join(entry, tail);
        let init = join(&base, "__init__.py");
        if kind(&init)? == Kind::File {
            return Ok(Some(Found::File {
                path: init,
                package_dir: Some(base),
            }));
        }
        let file = format!("{base}.py");
        if kind(&file)? == Kind::File {
            return Ok(Some(Found::File {
                path: file,
                package_dir: None,
            }));
        }
        if namespace.is_none() && kind(&base)? == Kind::Folder {
            namespace = Some(base);
        }
    }
    Ok(namespace.map(|dir| Found::Namespace { dir }))
}

/// A `.mpy` file for module `fullname` in `entries`, as written there.
fn compiled_on_path(
    vm: &VirtualMachine,
    fullname: &str,
    entries: &[String],
) -> PyResult<Option<String>> {
    let tail = fullname.rsplit('.').next().unwrap_or(fullname);
    for entry in entries {
        if entry == frozen_lib::FROZEN_PATH_ENTRY {
            continue;
        }
        let file = format!("{}.mpy", join(entry, tail));
        if kind_of(vm, &file)? == Kind::File {
            return Ok(Some(file));
        }
    }
    Ok(None)
}

/// Reads the entries of a list of path strings; non-strings are skipped, as
/// CPython's path finder skips them.
fn path_entries(vm: &VirtualMachine, list: &PyObjectRef) -> PyResult<Vec<String>> {
    let items: Vec<PyObjectRef> = list.try_to_value(vm)?;
    Ok(items
        .into_iter()
        .filter_map(|item| {
            item.downcast::<rustpython_vm::builtins::PyStr>()
                .ok()
                .and_then(|s| s.to_str().map(str::to_owned))
        })
        .collect())
}

/// The file name a module's code carries (tracebacks, `__file__`).
fn origin_of(found: &Found) -> Option<String> {
    match found {
        Found::File { path, .. } => Some(path.clone()),
        Found::Namespace { .. } => None,
        Found::Frozen(module) => Some(module.file_name()),
    }
}

#[rustpython_vm::pymodule]
mod _pinloop_import {
    use super::*;

    /// `find_spec(fullname, path=None, target=None)`, the meta-path finder
    /// protocol: a `ModuleSpec` whose loader is this module, or None.
    #[pyfunction]
    fn find_spec(
        fullname: PyUtf8StrRef,
        path: OptionalArg<PyObjectRef>,
        _target: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<PyObjectRef> {
        let fullname = fullname.as_str();
        let entries = match path.into_option().filter(|p| !vm.is_none(p)) {
            Some(parent_path) => path_entries(vm, &parent_path)?,
            None => path_entries(vm, &vm.sys_module.get_attr("path", vm)?)?,
        };
        let Some(found) = search(fullname, &entries, &|path| kind_of(vm, path))? else {
            if let Some(mpy) = compiled_on_path(vm, fullname, &entries)? {
                let source = format!("{}.py", mpy.trim_end_matches(".mpy"));
                return Err(vm.new_import_error(
                    format!(
                        "{mpy} is compiled MicroPython bytecode, which pinloop does not run: \
                         put the module's source, {source}, there instead (mip installs .py files)"
                    ),
                    vm.ctx.new_str(fullname),
                ));
            }
            return match u_alias_target(fullname) {
                Some(target) => alias_spec(fullname, target, vm),
                None => Ok(vm.ctx.none()),
            };
        };
        // A bare directory must not hide a module of CPython's library.
        if matches!(found, Found::Namespace { .. }) && vm.state.frozen.contains_key(fullname) {
            return Ok(vm.ctx.none());
        }
        let bootstrap = vm.import("_frozen_importlib", 0)?;
        let module_spec = bootstrap.get_attr("ModuleSpec", vm)?;
        let loader = vm.import("_pinloop_import", 0)?;
        let origin = origin_of(&found);
        let is_package = !matches!(
            found,
            Found::File {
                package_dir: None,
                ..
            }
        ) && !matches!(found, Found::Frozen(m) if !m.is_package);
        let kwargs = vec![
            (
                "origin".to_owned(),
                match &origin {
                    Some(o) => vm.ctx.new_str(o.as_str()).into(),
                    None => vm.ctx.none(),
                },
            ),
            ("is_package".to_owned(), vm.ctx.new_bool(is_package).into()),
        ];
        let spec = module_spec.call(
            rustpython_vm::function::FuncArgs::new(
                vec![vm.ctx.new_str(fullname).into(), loader],
                rustpython_vm::function::KwArgs::new(kwargs.into_iter().collect()),
            ),
            vm,
        )?;
        let search_dir = match &found {
            Found::File {
                package_dir: Some(dir),
                ..
            }
            | Found::Namespace { dir } => Some(dir.clone()),
            Found::Frozen(m) if m.is_package => Some(frozen_lib::FROZEN_PATH_ENTRY.to_owned()),
            _ => None,
        };
        if let Some(dir) = search_dir {
            let locations = vm.ctx.new_list(vec![vm.ctx.new_str(dir).into()]);
            spec.set_attr("submodule_search_locations", locations, vm)?;
        }
        let state: PyObjectRef = match found {
            Found::Frozen(_) => vm.ctx.new_str("frozen").into(),
            _ => vm.ctx.none(),
        };
        spec.set_attr("loader_state", state, vm)?;
        Ok(spec)
    }

    /// Loader protocol: the default module object will do, except for a
    /// `u`-name, which is the module it names.
    #[pyfunction]
    fn create_module(spec: PyObjectRef, vm: &VirtualMachine) -> PyResult {
        let state = spec.get_attr("loader_state", vm)?;
        if let Some(target) = state
            .downcast_ref::<rustpython_vm::builtins::PyStr>()
            .and_then(|s| s.to_str().and_then(|s| s.strip_prefix(ALIAS_PREFIX)))
        {
            return vm.import(&vm.ctx.new_str(target), 0);
        }
        Ok(vm.ctx.none())
    }

    /// Loader protocol: compile the module's source and run it in the
    /// module's namespace.
    #[pyfunction]
    fn exec_module(module: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let spec = module.get_attr("__spec__", vm)?;
        let ours = vm.import("_pinloop_import", 0)?;
        if !spec.get_attr("loader", vm)?.is(&ours) {
            return Ok(()); // A `u`-name: the module it names is loaded.
        }
        let name: PyUtf8StrRef = spec.get_attr("name", vm)?.try_into_value(vm)?;
        let origin = spec.get_attr("origin", vm)?;
        if vm.is_none(&origin) {
            return Ok(()); // A namespace package has no code.
        }
        let origin: PyUtf8StrRef = origin.try_into_value(vm)?;
        let loader_state = spec.get_attr("loader_state", vm)?;
        let frozen = !vm.is_none(&loader_state);
        let source = if frozen {
            let module = frozen_lib::find(name.as_str()).ok_or_else(|| {
                vm.new_import_error(format!("no frozen module {name}"), name.clone())
            })?;
            module.source.to_owned()
        } else {
            read_source(vm, origin.as_str(), &name)?
        };
        let code = compile::compile(vm, &source, origin.as_str(), compile::Mode::Exec)?;
        let module = module
            .downcast::<PyModule>()
            .map_err(|_| vm.new_type_error("exec_module() needs a module"))?;
        let dict = module
            .as_object()
            .dict()
            .ok_or_else(|| vm.new_type_error(format!("module {name} has no __dict__")))?;
        // Set here, not through spec.has_location: that path asks for a
        // bytecode cache location, which pinloop does not have.
        dict.set_item("__file__", origin.clone().into(), vm)?;
        vm.run_code_obj(code, Scope::with_builtins(None, dict, vm))?;
        Ok(())
    }
}

/// MicroPython's `u`-prefixed module names, each the same module object as
/// the plain name. A file of the `u`-name on `sys.path` still wins, as in
/// MicroPython.
const U_ALIASES: [&str; 19] = [
    "array",
    "asyncio",
    "binascii",
    "collections",
    "errno",
    "hashlib",
    "heapq",
    "io",
    "json",
    "os",
    "platform",
    "random",
    "re",
    "select",
    "socket",
    "ssl",
    "struct",
    "sys",
    "time",
];

/// Marks a spec's `loader_state` as an alias of the module named after it.
const ALIAS_PREFIX: &str = "alias:";

fn u_alias_target(fullname: &str) -> Option<&'static str> {
    let plain = fullname.strip_prefix('u')?;
    U_ALIASES.iter().copied().find(|name| *name == plain)
}

fn alias_spec(fullname: &str, target: &str, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let bootstrap = vm.import("_frozen_importlib", 0)?;
    let module_spec = bootstrap.get_attr("ModuleSpec", vm)?;
    let loader = vm.import("_pinloop_import", 0)?;
    let spec = module_spec.call((fullname.to_owned(), loader), vm)?;
    spec.set_attr(
        "loader_state",
        vm.ctx.new_str(format!("{ALIAS_PREFIX}{target}")),
        vm,
    )?;
    Ok(spec)
}

/// Reads a module's source file as UTF-8 (Python source's encoding), from
/// the host or a mounted filesystem.
fn read_source(vm: &VirtualMachine, path: &str, name: &PyUtf8StrRef) -> PyResult<String> {
    let cannot = |why: String| {
        vm.new_import_error(
            format!("cannot read {path}: {why}"),
            name.clone().into_wtf8(),
        )
    };
    let bytes = match locate(vm, path)? {
        None => return Err(cannot("it leaves the device's folder".to_owned())),
        Some(Location::Host(host)) => std::fs::read(host).map_err(|err| cannot(err.to_string()))?,
        Some(Location::Mounted { fs, inner }) => {
            let file = vm.call_method(&fs, "open", (inner, "rb"))?;
            let data = vm.call_method(&file, "read", ())?;
            vm.call_method(&file, "close", ())?;
            <rustpython_vm::function::ArgBytesLike as rustpython_vm::TryFromObject>::try_from_object(vm, data)?
                .borrow_buf()
                .to_vec()
        }
    };
    String::from_utf8(bytes).map_err(|err| {
        vm.new_import_error(
            format!(
                "{path} is not UTF-8 text (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
            name.clone(),
        )
    })
}

/// Puts the finder on `sys.meta_path` just before the frozen importer, so
/// native modules still come first and files shadow CPython's library.
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let finder = vm.import("_pinloop_import", 0)?;
    let meta_path = vm.sys_module.get_attr("meta_path", vm)?;
    let entries: Vec<PyObjectRef> = meta_path.try_to_value(vm)?;
    let frozen_importer = vm
        .import("_frozen_importlib", 0)?
        .get_attr("FrozenImporter", vm)?;
    let position = entries
        .iter()
        .position(|e| e.is(&frozen_importer))
        .unwrap_or(entries.len());
    vm.call_method(&meta_path, "insert", (position, finder))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> String {
        let dir =
            std::env::temp_dir().join(format!("pinloop-importer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.to_string_lossy().into_owned()
    }

    /// [`search`] with what the host's files are.
    fn host_search(fullname: &str, entries: &[String]) -> Option<Found> {
        search(fullname, entries, &|path| {
            Ok(host_kind(std::path::Path::new(path)))
        })
        .unwrap_or_else(|_| panic!("the host probe does not fail"))
    }

    #[test]
    fn join_keeps_entries_as_written() {
        assert_eq!(join("", "mod"), "mod");
        assert_eq!(join("lib", "mod"), "lib/mod");
        assert_eq!(join("/", "mod"), "/mod");
    }

    #[test]
    fn search_order_package_then_module_then_bare_folder() {
        let first = scratch("first");
        let second = scratch("second");
        std::fs::create_dir_all(format!("{first}/drivers")).unwrap();
        std::fs::write(format!("{second}/drivers.py"), "").unwrap();
        let entries = vec![first.clone(), second.clone()];
        // A module in a later entry beats a bare folder in an earlier one.
        match host_search("drivers", &entries) {
            Some(Found::File {
                path,
                package_dir: None,
            }) => {
                assert_eq!(path, format!("{second}/drivers.py"))
            }
            _ => panic!("expected the module file"),
        }
        // A package in an earlier entry beats a module in a later one.
        std::fs::write(format!("{first}/drivers/__init__.py"), "").unwrap();
        match host_search("drivers", &entries) {
            Some(Found::File {
                path,
                package_dir: Some(dir),
            }) => {
                assert_eq!(path, format!("{first}/drivers/__init__.py"));
                assert_eq!(dir, format!("{first}/drivers"));
            }
            _ => panic!("expected the package"),
        }
        // Submodules are searched by their last name component.
        std::fs::write(format!("{first}/drivers/uart.py"), "").unwrap();
        let package_path = vec![format!("{first}/drivers")];
        assert!(matches!(
            host_search("drivers.uart", &package_path),
            Some(Found::File { .. })
        ));
        assert!(host_search("drivers.spi", &package_path).is_none());
    }

    #[test]
    fn a_bare_folder_is_found_only_when_nothing_else_is() {
        let dir = scratch("bare");
        std::fs::create_dir_all(format!("{dir}/ns")).unwrap();
        match host_search("ns", std::slice::from_ref(&dir)) {
            Some(Found::Namespace { dir: found }) => assert_eq!(found, format!("{dir}/ns")),
            _ => panic!("expected a namespace package"),
        }
    }

    #[test]
    fn the_frozen_entry_serves_lib_by_full_name() {
        let entries = vec![frozen_lib::FROZEN_PATH_ENTRY.to_owned()];
        match host_search("pinloop", &entries) {
            Some(Found::Frozen(module)) => {
                assert!(module.is_package);
                assert_eq!(
                    origin_of(&Found::Frozen(module)).unwrap(),
                    "pinloop/__init__.py"
                );
            }
            _ => panic!("lib/pinloop should be frozen in"),
        }
        assert!(host_search("no_such_frozen_module", &entries).is_none());
    }
}
