//! The modules depend on each other one way: api → service → {events, outbox} → db,
//! with domain a leaf everyone may use, wire (the contract's types) on domain only, memory (returning freed memory) watching the
//! streams of events, and lib.rs wiring them together. This test reads
//! the `crate::…` paths of each module's source and fails on any other dependency.
//!
//! Inside `service`, use cases meet only in its core: the core names no use case and no
//! use case names another. Across every file of `src/`, the paths a file names
//! (`crate::…`, `super::…`, `self::…`) draw a graph with no circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module and the modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("wire", &["domain"]),
    ("config", &[]),
    ("workers", &[]),
    ("telemetry", &["config"]),
    ("db", &["domain"]),
    ("events", &["db", "domain", "workers"]),
    ("outbox", &["db", "domain", "config"]),
    ("files", &["config"]),
    ("service", &["db", "domain", "events", "outbox", "files", "config", "wire", "workers"]),
    ("api", &["service", "domain", "wire", "workers", "config"]),
    ("memory", &["events"]),
];

/// The top-level modules a source file names as `crate::module` or `crate::{module, …}`.
fn crate_modules(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.insert(name);
            }
        } else {
            found.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    found.retain(|name| !name.is_empty() && name.chars().next().is_some_and(char::is_lowercase));
    found
}

fn sources(path: &Path, into: &mut Vec<(String, String)>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), into);
        }
    } else if path.is_file() && path.extension().is_some_and(|extension| extension == "rs") {
        into.push((path.display().to_string(), std::fs::read_to_string(path).unwrap()));
    }
}

#[test]
fn modules_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut seen_modules = BTreeSet::new();
    for (module, allowed) in ALLOWED {
        let mut files = Vec::new();
        sources(&src.join(module), &mut files);
        sources(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for module {module}");
        seen_modules.insert(*module);
        for (file, source) in files {
            assert!(!source.contains("super::super"), "{file} reaches two modules up; name the module instead");
            for used in crate_modules(&source) {
                assert!(
                    used == *module || allowed.contains(&used.as_str()),
                    "{file} uses crate::{used}, which {module} may not depend on"
                );
            }
        }
    }
    let mut top_level = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_owned();
        if !["lib", "main"].contains(&name.as_str()) {
            top_level.insert(name);
        }
    }
    let listed: BTreeSet<String> = seen_modules.iter().map(|module| (*module).to_owned()).collect();
    assert_eq!(top_level, listed, "every module of src/ has its place in ALLOWED");
}

#[test]
fn the_dependency_reader_sees_every_form() {
    let source = "use crate::db::Store;\nuse crate::{domain::EventType, events};\nlet x = crate::outbox::ALL_EVENTS;";
    let found: Vec<String> = crate_modules(source).into_iter().collect();
    assert_eq!(found, vec!["db", "domain", "events", "outbox"]);
}

/// A file's module path under `src/`: `service/core/chats.rs` is `service::core::chats`,
/// a `mod.rs` is its folder's module, `lib.rs` the crate.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The top-level items of a `{a, b::c, d::{e, f}}` group: `a`, `b`, `d`.
fn group_heads(group: &str) -> Vec<String> {
    let (mut heads, mut depth, mut at_item) = (Vec::new(), 0, true);
    for (index, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item = true,
            c if at_item && depth == 0 && !c.is_whitespace() => {
                heads.push(identifier(&group[index..]).to_owned());
                at_item = false;
            }
            _ => {}
        }
    }
    heads.retain(|head| !head.is_empty());
    heads
}

/// Every module path `source` (of module `module`) names through `crate::`, `super::` or
/// `self::`, as written: `super::queue::next_place` in `service::core::chats` is
/// `service::core::queue::next_place`.
fn named_paths(module: &[String], source: &str) -> Vec<Vec<String>> {
    let code: String = source.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut found = Vec::new();
    for head in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(head) {
            if code[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base: Vec<String> = match head {
                "crate::" => Vec::new(),
                "super::" => module[..module.len().saturating_sub(1)].to_vec(),
                _ => module.to_vec(),
            };
            let mut rest = &code[at + head.len()..];
            let mut items = Vec::new();
            loop {
                if let Some(group) = rest.strip_prefix('{') {
                    let end = group.find('}').map_or(group.len(), |_| {
                        let mut depth = 0;
                        group
                            .char_indices()
                            .find(|(_, c)| {
                                depth += match c {
                                    '{' => 1,
                                    '}' => -1,
                                    _ => 0,
                                };
                                depth < 0
                            })
                            .map_or(group.len(), |(index, _)| index)
                    });
                    items = group_heads(&group[..end]);
                    break;
                }
                let name = identifier(rest);
                if name.is_empty() {
                    break;
                }
                if name == "super" {
                    base.pop();
                } else {
                    base.push(name.to_owned());
                }
                match rest[name.len()..].strip_prefix("::") {
                    Some(next) => rest = next,
                    None => break,
                }
            }
            if items.is_empty() {
                found.push(base);
            } else {
                for item in items {
                    let mut path = base.clone();
                    if item != "self" {
                        path.push(item);
                    }
                    found.push(path);
                }
            }
        }
    }
    found
}

/// Each file's module and the file modules it names (the longest prefix of each named
/// path that is a file).
fn import_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeMap<Vec<String>, String> =
        files.into_iter().map(|(file, source)| (module_of(&src, Path::new(&file)), source)).collect();
    let mut graph = BTreeMap::new();
    for (module, source) in &modules {
        let mut uses = BTreeSet::new();
        for path in named_paths(module, source) {
            let file =
                (0..=path.len()).rev().map(|len| path[..len].to_vec()).find(|prefix| modules.contains_key(prefix));
            if let Some(file) = file.filter(|file| file != module) {
                uses.insert(file);
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

fn shown(module: &[String]) -> String {
    if module.is_empty() { "crate".to_owned() } else { module.join("::") }
}

/// A circle of `graph` as the modules along it, if it has one.
fn circle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit<'a>(
        graph: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        module: &'a Vec<String>,
        path: &mut Vec<&'a Vec<String>>,
        done: &mut BTreeSet<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|on_path| *on_path == module) {
            let mut found: Vec<String> = path[start..].iter().map(|module| shown(module)).collect();
            found.push(shown(module));
            return Some(found);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for used in graph.get(module).into_iter().flatten() {
            if let Some(found) = visit(graph, used, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(graph, module, &mut Vec::new(), &mut done))
}

#[test]
fn no_file_of_the_server_depends_on_itself_through_others() {
    let graph = import_graph();
    assert!(graph.len() > 50, "the graph reads every file of src/ ({} read)", graph.len());
    if let Some(found) = circle(&graph) {
        panic!("a circle of imports: {}", found.join(" → "));
    }
}

#[test]
fn use_cases_meet_only_in_the_service_core() {
    let graph = import_graph();
    let service = |name: &str| vec!["service".to_owned(), name.to_owned()];
    let use_cases: BTreeSet<Vec<String>> = graph
        .keys()
        .filter(|module| module.len() == 2 && module[0] == "service" && module[1] != "core")
        .cloned()
        .collect();
    assert!(use_cases.contains(&service("conversations")), "the use cases are found");
    for (module, uses) in &graph {
        let in_core = module.len() >= 2 && module[..2] == service("core")[..];
        for used in uses {
            let names_use_case = use_cases.iter().any(|use_case| used.starts_with(use_case));
            assert!(!(in_core && names_use_case), "{} (core) uses the use case {}", shown(module), shown(used));
            assert!(
                !(use_cases.contains(module) && names_use_case),
                "{} uses the use case {}; what they share belongs in service::core",
                shown(module),
                shown(used)
            );
        }
    }
    let root = graph.get(&vec!["service".to_owned()]).expect("service/mod.rs is read");
    assert!(root.iter().all(|used| used.starts_with(&service("core"))), "service/mod.rs re-exports only the core");
}

#[test]
fn the_import_reader_resolves_every_form() {
    let module: Vec<String> = ["service", "core", "chats"].map(str::to_owned).to_vec();
    let source = "use super::queue::next_place;\nuse super::{Error, record::{self, Change}};\nuse crate::db::Store;\n\
                  // use super::not_read;\nlet x = super::super::agents::list;";
    let found: Vec<String> = named_paths(&module, source).iter().map(|path| path.join("::")).collect();
    assert_eq!(
        found,
        [
            "db::Store",
            "service::core::queue::next_place",
            "service::core::Error",
            "service::core::record",
            "service::agents::list",
        ]
    );
}
