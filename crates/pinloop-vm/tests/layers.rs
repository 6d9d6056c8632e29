//! The README's layer table holds: every module of `src/` has a row, no
//! module uses one of a layer built on it (a later row), and only the
//! front ends end the process. Reads the sources; needs no VM.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The README's table: module name -> (layer number, layer name).
fn layers() -> BTreeMap<String, (usize, String)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("README.md is readable");
    let start = readme
        .find("<!-- layers -->")
        .expect("the README has the layer table");
    let end = readme
        .find("<!-- /layers -->")
        .expect("the layer table ends");
    let mut table = BTreeMap::new();
    for row in readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| layer"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let layer = cells[1].to_owned();
        let number: usize = layer
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a layer row starts with its number: {row}"));
        for module in cells[2].split(',') {
            let module = module.trim().trim_matches('`').to_owned();
            assert!(
                table
                    .insert(module.clone(), (number, layer.clone()))
                    .is_none(),
                "{module} has two rows"
            );
        }
    }
    table
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate modules `code` names: `crate::NAME` paths and the names in
/// `use crate::{a, b::c}` groups. Comments are left out.
fn uses(code: &str) -> Vec<String> {
    let code: String = code
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inside = &group[..group.find('}').unwrap_or(group.len())];
            for item in inside.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        } else {
            names.push(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

#[test]
fn modules_use_only_their_layer_and_the_ones_above() {
    let table = layers();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let front_ends = table.values().map(|(n, _)| *n).max().unwrap();
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let Some((own, own_name)) = table.get(&top) else {
            problems.push(format!("{top}: no row in the README's layer table"));
            continue;
        };
        let code = std::fs::read_to_string(&file).unwrap();
        for used in uses(&code) {
            if let Some((layer, name)) = table.get(&used)
                && layer > own
            {
                problems.push(format!(
                    "{} ({own_name}) uses {used} ({name}), a layer built on it",
                    relative.display()
                ));
            }
        }
        if *own != front_ends && code.contains("process::exit(") {
            problems.push(format!(
                "{} ({own_name}) ends the process: only the front ends may",
                relative.display()
            ));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_paths_and_groups_but_not_comments() {
    let code = "use crate::{hal, wait::Wait};\nlet x = crate::clock::now();\n// crate::run\n";
    assert_eq!(uses(code), ["hal", "wait", "clock"]);
}
