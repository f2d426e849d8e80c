//! The layers keep to their rules: the domain is pure, SQL lives only in the store.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
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
