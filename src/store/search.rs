//! Chinese substring search on FTS5: texts are indexed as overlapping character bigrams, so a
//! query of any length ≥ 2 becomes a phrase of consecutive bigrams (`收费站` → `"收费" "费站"`
//! adjacent). FTS5's trigram tokenizer alone cannot find 2-character words such as 态度.

/// Runs of letters and digits, lowercased; everything else separates runs.
fn runs(text: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The index form of a text: its bigrams separated by spaces (a lone character stays itself).
#[must_use]
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for run in runs(text) {
        if run.len() == 1 {
            out.push(run[0]);
            out.push(' ');
            continue;
        }
        for pair in run.windows(2) {
            out.push(pair[0]);
            out.push(pair[1]);
            out.push(' ');
        }
        out.push_str(". ");
    }
    out
}

/// How a typed query is searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlan {
    /// Nothing to search for.
    Empty,
    /// An FTS5 MATCH expression over the bigram index.
    Match(String),
    /// Single characters only: a bounded substring scan for each.
    Scan(Vec<String>),
}

/// Turn what the user typed into a search plan. Words separated by spaces must all occur.
#[must_use]
pub fn plan(query: &str) -> SearchPlan {
    let rs = runs(query);
    if rs.is_empty() {
        return SearchPlan::Empty;
    }
    if rs.iter().any(|r| r.len() == 1) {
        return SearchPlan::Scan(rs.iter().map(|r| r.iter().collect()).collect());
    }
    let phrases: Vec<String> = rs
        .iter()
        .map(|r| {
            let grams: Vec<String> = r.windows(2).map(|p| format!("\"{}{}\"", p[0], p[1])).collect();
            if grams.len() == 1 { grams[0].clone() } else { format!("({})", grams.join(" + ")) }
        })
        .collect();
    SearchPlan::Match(phrases.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_bigrams_per_run() {
        assert_eq!(index_text("态度差！鄂A1"), "态度 度差 . 鄂a a1 . ");
        assert_eq!(index_text("好"), "好 ");
    }

    #[test]
    fn queries_become_phrases_of_bigrams() {
        assert_eq!(plan("态度"), SearchPlan::Match("\"态度\"".into()));
        assert_eq!(plan("收费站"), SearchPlan::Match("(\"收费\" + \"费站\")".into()));
        assert_eq!(plan("收费 态度"), SearchPlan::Match("\"收费\" AND \"态度\"".into()));
        assert_eq!(plan("  ，"), SearchPlan::Empty);
        assert_eq!(plan("站"), SearchPlan::Scan(vec!["站".into()]));
    }
}
