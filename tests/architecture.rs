//! The house stays one-way: reads the `crate::` and `super::` paths of the library's modules
//! (`src/`, the binary's `main.rs` and `cli/` aside, unit-test modules aside) and fails on an
//! import cycle between modules (files, and top-level modules) and on an import that goes
//! against the layer order declared in ARCHITECTURE.md's "Layers" table.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path inside the crate, e.g. `["rank", "kernel"]`; the crate root is empty.
type ModPath = Vec<String>;

/// Every library module, by path, with its source (unit tests cut off).
fn modules() -> BTreeMap<ModPath, String> {
    let mut out = BTreeMap::new();
    collect(&util::root().join("src"), &mut Vec::new(), &mut out);
    out
}

fn collect(dir: &Path, prefix: &mut ModPath, out: &mut BTreeMap<ModPath, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if prefix.is_empty() && (name == "main" || name == "cli") {
            continue; // the binary: it reaches the library through `shiprank::` only
        }
        if path.is_dir() {
            prefix.push(name);
            collect(&path, prefix, out);
            prefix.pop();
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.clone();
            if name != "mod" && name != "lib" {
                module.push(name);
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(module, library_code(&text));
        }
    }
}

/// The code of a file without comments and without its unit tests (the `#[cfg(test)]` module
/// at the bottom of the file, by the house's convention).
fn library_code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let tests_start = (0..lines.len()).find(|&i| {
        lines[i].trim() == "#[cfg(test)]"
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim_start().starts_with("#["))
                .is_some_and(|l| l.starts_with("mod tests"))
    });
    lines[..tests_start.unwrap_or(lines.len())]
        .iter()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a module's code names, as written after `crate::` or `super::` (resolved to
/// absolute paths), including every leaf of grouped `use` trees.
fn named_paths(module: &ModPath, code: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let (base, skip) = if rest.starts_with(b"crate::") && !preceded_by_ident(code, i) {
            (Vec::new(), "crate::".len())
        } else if rest.starts_with(b"super::") && !preceded_by_ident(code, i) {
            // `super` of `a::b` (a file, or a folder's mod.rs) is `a`.
            let mut parent = module.clone();
            parent.pop();
            (parent, "super::".len())
        } else {
            i += 1;
            continue;
        };
        let (paths, used) = parse_tree(&code[i + skip..]);
        for p in paths {
            let mut full = base.clone();
            full.extend(p);
            out.push(full);
        }
        i += skip + used.max(1);
    }
    out
}

fn preceded_by_ident(code: &str, i: usize) -> bool {
    code[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
}

/// Parses `a::b::{c, d::e}` into its leaf paths; returns them and the bytes read.
fn parse_tree(text: &str) -> (Vec<ModPath>, usize) {
    let mut segments = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    loop {
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i > start {
            segments.push(text[start..i].to_string());
        }
        if text[i..].starts_with("::{") {
            i += 3;
            let mut out = Vec::new();
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    i += 1;
                    break;
                }
                let (inner, used) = parse_tree(&text[i..]);
                for p in inner {
                    let mut full = segments.clone();
                    full.extend(p);
                    out.push(full);
                }
                i += used.max(1);
            }
            return (out, i);
        }
        if text[i..].starts_with("::") && i > start {
            i += 2;
            continue;
        }
        return (vec![segments], i);
    }
}

/// The module a path names: its longest prefix that is a module.
fn resolve(path: &ModPath, known: &BTreeSet<ModPath>) -> Option<ModPath> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
}

/// Edges between modules (files), from importer to imported.
fn edges() -> BTreeSet<(ModPath, ModPath)> {
    let modules = modules();
    let known: BTreeSet<ModPath> = modules.keys().cloned().collect();
    let mut out = BTreeSet::new();
    for (module, code) in &modules {
        if module.is_empty() {
            continue; // lib.rs: declarations and re-exports
        }
        for path in named_paths(module, code) {
            if let Some(target) = resolve(&path, &known) {
                // A folder declaring its own children is not an import.
                let declares_child = target.len() > module.len() && target.starts_with(module);
                if target != *module && !declares_child && !target.is_empty() {
                    out.insert((module.clone(), target));
                }
            }
        }
    }
    out
}

/// The layers of ARCHITECTURE.md's "Layers" table, lowest first: each a set of top-level
/// modules.
fn layers() -> Vec<Vec<String>> {
    let text = String::from_utf8(util::read("ARCHITECTURE.md")).unwrap();
    let section = text
        .split("## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a Layers section");
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            cells.get(1)?.parse::<usize>().ok()?;
            let modules = cells[2]
                .split(',')
                .map(|m| m.trim().trim_matches('`').to_string())
                .filter(|m| !m.is_empty())
                .collect();
            Some(modules)
        })
        .collect()
}

/// A cycle in a directed graph, if there is one (depth-first search).
fn find_cycle<N: Ord + Clone>(edges: &BTreeSet<(N, N)>) -> Option<Vec<N>> {
    let mut next: BTreeMap<&N, Vec<&N>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a, N: Ord>(
        n: &'a N,
        next: &BTreeMap<&'a N, Vec<&'a N>>,
        marks: &mut BTreeMap<&'a N, Mark>,
        stack: &mut Vec<&'a N>,
    ) -> Option<Vec<&'a N>> {
        match marks.get(n) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let at = stack.iter().position(|m| *m == n).unwrap();
                let mut cycle = stack[at..].to_vec();
                cycle.push(n);
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(n, Mark::Open);
        stack.push(n);
        for &m in next.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, next, marks, stack) {
                return Some(c);
            }
        }
        stack.pop();
        marks.insert(n, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    let roots: Vec<&N> = next.keys().copied().collect();
    for n in roots {
        if let Some(c) = visit(n, &next, &mut marks, &mut Vec::new()) {
            return Some(c.into_iter().cloned().collect());
        }
    }
    None
}

fn show(m: &ModPath) -> String {
    m.join("::")
}

#[test]
fn no_import_cycle_between_files() {
    let edges = edges();
    assert!(
        edges.len() > 50,
        "the import graph was read: {}",
        edges.len()
    );
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<String> = cycle.iter().map(show).collect();
        panic!("import cycle: {}", names.join(" -> "));
    }
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let top: BTreeSet<(String, String)> = edges()
        .into_iter()
        .filter(|(a, b)| a[0] != b[0])
        .map(|(a, b)| (a[0].clone(), b[0].clone()))
        .collect();
    if let Some(cycle) = find_cycle(&top) {
        panic!("import cycle between folders: {}", cycle.join(" -> "));
    }
}

#[test]
fn imports_follow_the_declared_layers() {
    let layers = layers();
    assert!(layers.len() >= 5, "ARCHITECTURE.md declares the layers");
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, ms)| ms.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let modules = modules();
    let mut undeclared: BTreeSet<&str> = BTreeSet::new();
    for m in modules.keys().filter(|m| !m.is_empty()) {
        if !layer_of.contains_key(m[0].as_str()) {
            undeclared.insert(&m[0]);
        }
    }
    assert!(
        undeclared.is_empty(),
        "modules missing from ARCHITECTURE.md's Layers table: {undeclared:?}"
    );
    let against: Vec<String> = edges()
        .into_iter()
        .filter(|(a, b)| layer_of[a[0].as_str()] < layer_of[b[0].as_str()])
        .map(|(a, b)| format!("{} -> {}", show(&a), show(&b)))
        .collect();
    assert!(
        against.is_empty(),
        "imports against the layer order (a lower layer importing a higher one):\n{}",
        against.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_relative_imports() {
    let code = "use crate::a::{b::C, d};\nuse super::e::F;\nlet x = crate::g::h();";
    let paths = named_paths(&vec!["m".into(), "n".into()], code);
    let shown: Vec<String> = paths.iter().map(show).collect();
    assert_eq!(shown, ["a::b::C", "a::d", "m::e::F", "g::h"]);
    let cut = library_code("use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::z;\n}\n");
    assert!(
        cut.contains("crate::a") && !cut.contains("crate::z"),
        "{cut}"
    );
    let edges: BTreeSet<(u8, u8)> = [(1, 2), (2, 3), (3, 1)].into_iter().collect();
    assert!(find_cycle(&edges).is_some());
    let edges: BTreeSet<(u8, u8)> = [(1, 2), (2, 3), (1, 3)].into_iter().collect();
    assert!(find_cycle(&edges).is_none());
}

/// Files stay small enough to read: no source file over this many lines, tests included.
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_over_800_lines() {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > MAX_LINES {
                    out.push(format!("{}: {lines} lines", path.display()));
                }
            }
        }
    }
    let mut long = Vec::new();
    walk(&util::root().join("src"), &mut long);
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}
