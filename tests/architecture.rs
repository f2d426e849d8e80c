//! The layers keep to their rules: the domain is pure, SQL lives only in the store, export
//! takes data and returns bytes; the core and the window have no import circles and their
//! arrows point one way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder readable") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn sources(sub: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub), &mut files);
    // Comments may say what the code must not do; only code lines are checked.
    let code = |text: String| -> String {
        text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
    };
    files.into_iter().map(|p| (p.display().to_string(), code(std::fs::read_to_string(&p).expect("readable")))).collect()
}

#[test]
fn domain_names_no_ui_sql_pdf_or_files() {
    let forbidden =
        ["egui", "eframe", "rusqlite", "printpdf", "std::fs", "std::time::SystemTime", "Utc::now", "Local::now"];
    let files = sources("domain");
    assert!(files.len() >= 10, "domain sources found: {}", files.len());
    for (path, text) in files {
        for word in forbidden {
            // `time.rs` holds the one function the edges call to read the clock.
            if word == "Utc::now" && path.ends_with("time.rs") {
                continue;
            }
            assert!(!text.contains(word), "{path} names `{word}`: the domain must stay pure");
        }
    }
}

#[test]
fn sql_lives_only_in_the_store() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    for p in files {
        let path = p.display().to_string();
        if path.contains("/store/") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("readable");
        for word in ["rusqlite", "SELECT ", "INSERT INTO", "UPDATE complaints"] {
            assert!(!text.contains(word), "{path} contains `{word}`: SQL belongs in src/store/");
        }
    }
}

#[test]
fn export_takes_data_and_returns_bytes() {
    let files = sources("export");
    assert!(files.len() >= 2, "export sources found: {}", files.len());
    for (path, text) in files {
        for word in ["egui", "eframe", "crate::ui", "crate::store", "rusqlite", "std::fs", "Utc::now", "Local::now"] {
            assert!(!text.contains(word), "{path} names `{word}`: export takes data and returns bytes");
        }
    }
}

// ---- import circles and the direction of the arrows ----------------------------------------
//
// The core reads top-down: no import circles inside `src/domain/` or `src/store/` (nor among
// the window's areas and shared widgets in `src/ui/`), and no function in `src/` runs past
// ~100 lines of code (clippy's `too_many_lines` with the threshold in `clippy.toml` enforces
// the second; this file checks the first, as a small script would).
//
// How the graph is made, per folder: every module (a file, or a folder's `mod.rs`) is a node.
// A path in code — `crate::store::sqlite::x`, `super::x`, `self::x`, a declared child
// `child::x`, and every path inside a `use` tree — is an edge to the module that defines the
// item. A name a module only re-exports (`pub use child::Name`) is followed to where it is
// defined, so a parent that merely re-exports its children is a facade and no circle runs
// through it. Test-only items (`#[cfg(test)]`, test modules in files of their own) and comments
// do not count.
// Circles are checked twice: between the files, and between the folder's direct children
// (a sub-folder counted as one node).

/// One module: its path below the area (`""` for the area's root, `"lifecycle::rules"` …).
struct Module {
    file: PathBuf,
    code: String,
    /// Names this module re-exports with `pub use`, and the full path each points to.
    reexports: BTreeMap<String, Vec<String>>,
}

/// Code without comments, string literals and test-only items.
fn code_of(text: &str) -> String {
    without_test_items(&plain_code(text))
}

/// Every `#[cfg(test)]` item taken out (a `mod tests { … }`, a helper function, `mod tests;`).
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        // The item ends at its first `;` outside braces, or at the brace closing its body.
        let mut depth = 0_usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Code without comments and string literals (each string becomes `""`).
fn plain_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                out.push_str("\"\"");
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
            }
            // A raw string r"…" / r#"…"# (SQL text): skip to its end.
            'r' if matches!(chars.peek(), Some('"' | '#'))
                && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') =>
            {
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    chars.next();
                    hashes += 1;
                }
                if chars.peek() != Some(&'"') {
                    out.push('r');
                    continue;
                }
                chars.next();
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let mut body = String::new();
                for c in chars.by_ref() {
                    body.push(c);
                    if body.ends_with(&close) {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            // A char literal ('"', '\'', '{'): kept out of the way; a lifetime ('a) stays.
            '\'' => {
                let rest: Vec<char> = chars.clone().take(3).collect();
                if rest.first() == Some(&'\\') {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                    }
                    out.push_str("' '");
                } else if rest.get(1) == Some(&'\'') {
                    chars.next();
                    chars.next();
                    out.push_str("' '");
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `a::{b, c::{d, self}}` → `a::b`, `a::c::d`, `a::c`.
fn expand_use(tree: &str) -> Vec<String> {
    // `Name as Other` names `Name`.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "as" && i + 1 < words.len() {
            kept.extend(words[i + 1].chars().filter(|c| !(c.is_alphanumeric() || *c == '_')));
            i += 2;
        } else {
            kept.push_str(words[i]);
            i += 1;
        }
    }
    let tree = kept;
    let mut out = Vec::new();
    expand_into("", &tree, &mut out);
    out
}

fn expand_into(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| if p.is_empty() { s.to_owned() } else { format!("{p}::{s}") };
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_into(&base, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_into(&base, &inner[start..], out);
    } else if !tree.is_empty() {
        if tree == "self" {
            out.push(prefix.to_owned());
        } else {
            out.push(join(prefix, tree));
        }
    }
}

/// Every `use …;` statement's tree (with `pub`, `pub(crate)` … in front or not).
fn use_trees(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        out.push((public, after[..end].trim().to_owned()));
        rest = &after[end..];
    }
    out
}

fn find_word(hay: &str, word: &str) -> Option<usize> {
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(word) {
        let at = from + i;
        let ok_before = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let end = at + word.len();
        let ok_after = end < bytes.len() && bytes[end].is_ascii_whitespace();
        if ok_before && ok_after {
            return Some(at);
        }
        from = end;
    }
    None
}

/// The code with its `use …;` statements taken out.
fn without_uses(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = &after[after.find(';').map_or(after.len(), |e| e + 1)..];
    }
    out.push_str(rest);
    out
}

/// Whether `name` stands in `code` as a whole identifier.
fn find_ident(code: &str, name: &str) -> bool {
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    code.match_indices(name).any(|(at, _)| {
        let end = at + name.len();
        (at == 0 || !is_ident(bytes[at - 1])) && (end >= bytes.len() || !is_ident(bytes[end]))
    })
}

/// Every path in code made of `::`-joined identifiers (outside `use`, which is expanded apart).
fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = (chars[i].is_alphabetic() || chars[i] == '_')
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut path = String::new();
        loop {
            let s = j;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            path.extend(&chars[s..j]);
            if j + 2 < chars.len()
                && chars[j] == ':'
                && chars[j + 1] == ':'
                && (chars[j + 2].is_alphabetic() || chars[j + 2] == '_')
            {
                path.push_str("::");
                j += 2;
            } else {
                break;
            }
        }
        if path.contains("::") {
            out.push(path);
        }
        i = j.max(i + 1);
    }
    out
}

struct Area {
    /// `crate::domain` …
    root: String,
    modules: BTreeMap<String, Module>,
}

impl Area {
    fn load(sub: &str) -> Self {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub);
        let mut files = Vec::new();
        rust_files(&base, &mut files);
        // A test module in a file of its own (`#[cfg(test)] mod tests;`) is test code.
        files.retain(|f| !f.ends_with("tests.rs"));
        let mut modules = BTreeMap::new();
        for file in files {
            let rel = file.strip_prefix(&base).expect("below the area").with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let name = parts.join("::");
            let code = code_of(&std::fs::read_to_string(&file).expect("readable"));
            modules.insert(name, Module { file, code, reexports: BTreeMap::new() });
        }
        let mut area = Area { root: format!("crate::{}", sub.replace('/', "::")), modules };
        let names: Vec<String> = area.modules.keys().cloned().collect();
        for name in names {
            let trees = use_trees(&area.modules[&name].code);
            let mut reexports = BTreeMap::new();
            for (public, tree) in trees.into_iter().filter(|(p, _)| *p) {
                let _ = public;
                for path in expand_use(&tree) {
                    if let Some(full) = area.absolute(&name, &path) {
                        let last = full.rsplit("::").next().unwrap_or_default().to_owned();
                        reexports.insert(last, full.split("::").map(str::to_owned).collect());
                    }
                }
            }
            area.modules.get_mut(&name).expect("known").reexports = reexports;
        }
        area
    }

    fn children(&self, module: &str) -> impl Iterator<Item = &str> {
        self.modules.keys().filter_map(move |k| {
            let rest = if module.is_empty() { Some(k.as_str()) } else { k.strip_prefix(&format!("{module}::")) };
            rest.filter(|r| !r.is_empty() && !r.contains("::"))
        })
    }

    /// `path` as seen from `module`, as a path below the area root (`None`: outside the area).
    fn absolute(&self, module: &str, path: &str) -> Option<String> {
        let parent = |m: &str| m.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_owned());
        let join = |a: &str, b: &str| {
            if a.is_empty() {
                b.to_owned()
            } else if b.is_empty() {
                a.to_owned()
            } else {
                format!("{a}::{b}")
            }
        };
        if let Some(rest) = path.strip_prefix(&format!("{}::", self.root)) {
            return Some(rest.to_owned());
        }
        if path == self.root {
            return Some(String::new());
        }
        if path.starts_with("crate::") {
            return None;
        }
        let mut base = module.to_owned();
        let mut rest = path;
        let mut relative = false;
        loop {
            if let Some(r) = rest.strip_prefix("super::") {
                if base.is_empty() {
                    return None;
                }
                base = parent(&base);
                rest = r;
                relative = true;
            } else if let Some(r) = rest.strip_prefix("self::") {
                rest = r;
                relative = true;
            } else {
                break;
            }
        }
        if relative {
            return Some(join(&base, rest));
        }
        // A declared child module named without `self::`.
        let first = rest.split("::").next().unwrap_or_default();
        if self.children(module).any(|c| c == first) {
            return Some(join(module, rest));
        }
        None
    }

    /// The module that defines what `path` (below the area root) names.
    fn defining(&self, path: &str, depth: usize) -> Option<String> {
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        for n in (0..=parts.len()).rev() {
            let m = parts[..n].join("::");
            if let Some(module) = self.modules.get(&m) {
                if n < parts.len()
                    && depth < 8
                    && let Some(target) = module.reexports.get(parts[n])
                {
                    let mut next = target.clone();
                    next.extend(parts[n + 1..].iter().map(|s| (*s).to_owned()));
                    return self.defining(&next.join("::"), depth + 1);
                }
                return Some(m);
            }
        }
        None
    }

    /// Edges `from → to` with one place each, for the message.
    fn edges(&self) -> BTreeMap<(String, String), String> {
        let mut edges = BTreeMap::new();
        for (name, module) in &self.modules {
            // A re-exported name counts only where the module's own code uses it too.
            let body = without_uses(&module.code);
            let mut paths: Vec<String> = use_trees(&module.code)
                .into_iter()
                .flat_map(|(public, t)| expand_use(&t).into_iter().map(move |p| (public, p)))
                .filter(|(public, p)| !*public || p.rsplit("::").next().is_some_and(|n| find_ident(&body, n)))
                .map(|(_, p)| p)
                .collect();
            paths.extend(inline_paths(&body));
            for path in paths {
                let Some(abs) = self.absolute(name, &path) else { continue };
                let Some(target) = self.defining(&abs, 0) else { continue };
                if &target != name {
                    edges.entry((name.clone(), target)).or_insert_with(|| {
                        format!(
                            "{} names `{path}`",
                            module.file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&module.file).display()
                        )
                    });
                }
            }
        }
        edges
    }
}

/// The circles (strongly connected components of more than one node) of a graph.
fn circles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for ((a, b), _) in edges.range((n.clone(), String::new())..) {
                if *a != n {
                    break;
                }
                if seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> = nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut placed = BTreeSet::new();
    for n in &nodes {
        if placed.contains(*n) || !reachable[n].contains(*n) {
            continue;
        }
        let scc: Vec<String> = nodes
            .iter()
            .filter(|m| reachable[n].contains(**m) && reachable[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        placed.extend(scc.iter().cloned());
        out.push(scc);
    }
    out
}

/// A module as the message names it (the area's own `mod.rs` by its folder).
fn shown(area: &str, module: &str) -> String {
    if module.is_empty() { format!("{area} (mod.rs)") } else { module.to_owned() }
}

fn describe(area: &str, scc: &[String], edges: &BTreeMap<(String, String), String>) -> String {
    let inside: Vec<String> = edges
        .iter()
        .filter(|((a, b), _)| scc.contains(a) && scc.contains(b))
        .map(|((a, b), why)| format!("    {} → {}: {why}", shown(area, a), shown(area, b)))
        .collect();
    let names: Vec<String> = scc.iter().map(|s| shown(area, s)).collect();
    format!("  circle in src/{area}: {}\n{}", names.join(" ↔ "), inside.join("\n"))
}

fn check(sub: &str) -> Vec<String> {
    let area = Area::load(sub);
    let fine = area.edges();
    let mut problems: Vec<String> = circles(&fine).iter().map(|c| describe(sub, c, &fine)).collect();
    // The folder's direct children, a sub-folder as one node.
    let top = |m: &String| m.split("::").next().unwrap_or_default().to_owned();
    let mut coarse = BTreeMap::new();
    for ((a, b), why) in &fine {
        let (a, b) = (top(a), top(b));
        if a != b {
            coarse.entry((a, b)).or_insert_with(|| why.clone());
        }
    }
    for c in circles(&coarse) {
        let d = describe(sub, &c, &coarse);
        if !problems.contains(&d) {
            problems.push(d);
        }
    }
    problems
}

#[test]
fn the_domain_has_no_import_circles() {
    let problems = check("domain");
    assert!(problems.is_empty(), "import circles:\n{}", problems.join("\n"));
}

#[test]
fn the_store_has_no_import_circles() {
    let problems = check("store");
    assert!(problems.is_empty(), "import circles:\n{}", problems.join("\n"));
}

#[test]
fn the_window_has_no_import_circles() {
    let problems = check("ui");
    assert!(problems.is_empty(), "import circles:\n{}", problems.join("\n"));
}

/// The window's modules by layer: the shell routes to the areas, the areas use what lies below
/// them; nothing points back up.
fn ui_layer(module: &str) -> u8 {
    const AREAS: [&str; 9] =
        ["start", "connection", "dashboard", "complaints", "intake", "revisits", "stats", "settings", "export"];
    let top = module.split("::").next().unwrap_or_default();
    if top == "shell" {
        3
    } else if AREAS.contains(&top) {
        2
    } else {
        1
    }
}

#[test]
fn the_window_s_arrows_point_down_shell_areas_widgets() {
    let area = Area::load("ui");
    let mut upward = Vec::new();
    for ((from, to), why) in area.edges() {
        let (a, b) = (from.split("::").next().unwrap_or_default(), to.split("::").next().unwrap_or_default());
        // The facade (ui/mod.rs) re-exports and starts the shell; an area may use another's
        // public items only if it is not the shell.
        let up = !from.is_empty() && ui_layer(&to) > ui_layer(&from);
        let sideways = ui_layer(&from) == 2 && ui_layer(&to) == 2 && a != b;
        if up || sideways {
            upward.push(format!("  {from} → {to}: {why}"));
        }
    }
    assert!(upward.is_empty(), "the window's arrows must go shell → areas → what lies below:\n{}", upward.join("\n"));
}

#[test]
fn the_checker_sees_a_circle_and_follows_re_exports() {
    // lifecycle ↔ revisit as the domain had them before the relay: a real circle.
    let mut modules = BTreeMap::new();
    let module = |code: &str| Module { file: PathBuf::from("x.rs"), code: code_of(code), reexports: BTreeMap::new() };
    modules.insert(String::new(), module("pub mod lifecycle; pub mod revisit; pub mod rights;"));
    modules.insert("lifecycle".into(), module("use crate::domain::revisit::{RevisitInput, build_attempt};"));
    modules.insert("revisit".into(), module("use crate::domain::lifecycle::{ActionError, RevisitPolicy};\n// crate::domain::rights::X in a comment\nconst SQL: &str = \"crate::domain::rights::Y\";"));
    modules.insert("rights".into(), module("pub struct Refusal;"));
    let area = Area { root: "crate::domain".into(), modules };
    let edges = area.edges();
    assert!(edges.contains_key(&("lifecycle".into(), "revisit".into())));
    assert!(!edges.keys().any(|(_, b)| b == "rights"), "comments and strings are not code: {edges:?}");
    assert_eq!(circles(&edges), vec![vec!["lifecycle".to_owned(), "revisit".to_owned()]]);
    // A test-only item in the middle of a file hides nothing after it.
    let code = code_of(
        "#[cfg(test)]\nfn helper() { let x = { 1 }; }\nuse crate::domain::rights::Refusal;\n#[cfg(test)]\nmod tests;\nfn f() { crate::domain::time::now(); }",
    );
    assert!(code.contains("rights::Refusal") && code.contains("time::now"), "{code}");
    assert!(!code.contains("helper") && !code.contains("tests"), "{code}");

    // A facade root that re-exports its child: the child naming `super::Thing` is no circle.
    let mut modules = BTreeMap::new();
    let module = |code: &str| Module { file: PathBuf::from("x.rs"), code: code_of(code), reexports: BTreeMap::new() };
    modules.insert(
        String::new(),
        module("mod api; mod sqlite;\npub use api::{Store, ListFilter};\npub use sqlite::SqliteStore;"),
    );
    modules.insert("api".into(), module("pub trait Store {}"));
    modules.insert("sqlite".into(), module("use super::{ListFilter, Store};\nimpl super::Store for SqliteStore {}"));
    let mut area = Area { root: "crate::store".into(), modules };
    let trees = use_trees(&area.modules[""].code);
    let mut reexports = BTreeMap::new();
    for (_, tree) in trees.into_iter().filter(|(p, _)| *p) {
        for path in expand_use(&tree) {
            let full = area.absolute("", &path).expect("a child");
            reexports
                .insert(full.rsplit("::").next().unwrap().to_owned(), full.split("::").map(str::to_owned).collect());
        }
    }
    area.modules.get_mut("").unwrap().reexports = reexports;
    let edges = area.edges();
    assert!(edges.contains_key(&("sqlite".into(), "api".into())), "{edges:?}");
    assert!(!edges.contains_key(&("sqlite".into(), String::new())), "{edges:?}");
    assert!(circles(&edges).is_empty(), "{edges:?}");

    // The same root using what it re-exports (`SqliteStore::open`) depends on that child: a circle.
    let root = area.modules.get_mut("").unwrap();
    root.code.push_str("\npub fn open() -> SqliteStore { SqliteStore::open() }");
    let edges = area.edges();
    assert!(edges.contains_key(&(String::new(), "sqlite".into())), "{edges:?}");
    assert!(circles(&edges).is_empty(), "sqlite names only api: {edges:?}");
    area.modules.get_mut("sqlite").unwrap().code.push_str("\nfn f() { super::open(); }");
    assert_eq!(circles(&area.edges()), vec![vec![String::new(), "sqlite".to_owned()]]);
}
