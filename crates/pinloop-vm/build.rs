//! Freezes the Python modules under the workspace's `lib/` into the binary:
//! writes a table of (module name, is package, source) that `frozen_lib.rs`
//! includes. Sources stay text so they go through the same compile function
//! (and dialect) as every other module when first imported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let lib = manifest.join("../../lib");
    println!("cargo:rerun-if-changed={}", lib.display());
    let mut entries = Vec::new();
    if lib.is_dir() {
        collect(&lib, "", &mut entries);
    }
    entries.sort();
    let mut out = String::from("&[\n");
    for (name, is_package, path) in &entries {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    FrozenSource {{ name: {name:?}, is_package: {is_package}, source: include_str!({path:?}) }},",
            path = path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("frozen_lib.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(dir: &Path, prefix: &str, entries: &mut Vec<(String, bool, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut children: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    children.sort();
    for path in children {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if file_name.starts_with('.') || file_name == "__pycache__" {
                continue;
            }
            let package = format!("{prefix}{file_name}");
            let init = path.join("__init__.py");
            if init.is_file() {
                entries.push((package.clone(), true, init.canonicalize().unwrap()));
            }
            collect(&path, &format!("{package}."), entries);
        } else if let Some(stem) = file_name.strip_suffix(".py") {
            if stem == "__init__" {
                continue;
            }
            entries.push((
                format!("{prefix}{stem}"),
                false,
                path.canonicalize().unwrap(),
            ));
        }
    }
}
