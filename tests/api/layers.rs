//! The modules depend on each other one way: api → service → {events, outbox} → db,
//! with domain a leaf everyone may use, memory (returning freed memory) watching the
//! streams of events, and lib.rs wiring them together. This test reads
//! the `crate::…` paths of each module's source and fails on any other dependency.

use std::collections::BTreeSet;
use std::path::Path;

/// Each module and the modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("config", &[]),
    ("workers", &[]),
    ("telemetry", &["config"]),
    ("db", &["domain"]),
    ("events", &["db", "domain", "workers"]),
    ("outbox", &["db", "domain", "config"]),
    ("service", &["db", "domain", "events", "outbox", "workers"]),
    ("api", &["service", "domain", "workers", "config"]),
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
