//! Chinese substring search on FTS5: texts are indexed as overlapping character bigrams, so a
//! query of any length ≥ 2 becomes a phrase of consecutive bigrams (`收费站` → `"收费" "费站"`
//! adjacent). FTS5's trigram tokenizer alone cannot find 2-character words such as 态度.
//!
//! Each run of letters and digits also ends with its last character as a token of its own. That
//! makes a one-character query a prefix query (`站*`: every occurrence of 站 starts a bigram or
//! ends a run), and it keeps phrases from matching across punctuation (`收费，费站` never
//! matches 收费站: the lone `费` stands between the two bigrams).

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

/// The index form of a text: its bigrams, then the last character of each run, space-separated.
#[must_use]
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for run in runs(text) {
        for pair in run.windows(2) {
            out.push(pair[0]);
            out.push(pair[1]);
            out.push(' ');
        }
        if let Some(last) = run.last() {
            out.push(*last);
            out.push(' ');
        }
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
}

/// Turn what the user typed into a search plan. Words separated by spaces must all occur.
#[must_use]
pub fn plan(query: &str) -> SearchPlan {
    let rs = runs(query);
    if rs.is_empty() {
        return SearchPlan::Empty;
    }
    let terms: Vec<String> = rs
        .iter()
        .map(|r| {
            if r.len() == 1 {
                return format!("\"{}\"*", r[0]);
            }
            let grams: Vec<String> = r.windows(2).map(|p| format!("\"{}{}\"", p[0], p[1])).collect();
            if grams.len() == 1 { grams[0].clone() } else { format!("({})", grams.join(" + ")) }
        })
        .collect();
    SearchPlan::Match(terms.join(" AND "))
}

/// Every text of a complaint a person may look for, space-separated (both stores index this).
#[must_use]
pub fn searchable(c: &crate::domain::work::Complaint) -> String {
    let mut parts: Vec<&str> = vec![&c.number, &c.complainant, c.phone.as_str(), &c.content, &c.request];
    for s in [&c.provincial_number, &c.entry_station, &c.exit_station, &c.place, &c.kstake].into_iter().flatten() {
        parts.push(s);
    }
    if let Some(p) = &c.plate {
        parts.push(p.as_str());
    }
    if let Some(r) = &c.result {
        parts.push(&r.investigation);
        parts.push(&r.handling);
    }
    parts.join(" ")
}

/// The search text a server database keeps beside a complaint: its runs of letters and digits,
/// lowercased, each followed by one space. A term is found when it is a substring of this text
/// (terms hold no spaces, so a match never crosses from one run into the next).
#[must_use]
pub fn run_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for run in runs(text) {
        out.extend(run);
        out.push(' ');
    }
    out
}

/// The terms of a typed query for [`run_text`]: its runs of letters and digits, lowercased.
/// Each must occur; none means nothing to search for.
#[must_use]
pub fn terms(query: &str) -> Vec<String> {
    runs(query).into_iter().map(|r| r.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_bigrams_per_run() {
        assert_eq!(index_text("态度差！鄂A1"), "态度 度差 差 鄂a a1 1 ");
        assert_eq!(index_text("好"), "好 ");
    }

    #[test]
    fn queries_become_phrases_of_bigrams() {
        assert_eq!(plan("态度"), SearchPlan::Match("\"态度\"".into()));
        assert_eq!(plan("收费站"), SearchPlan::Match("(\"收费\" + \"费站\")".into()));
        assert_eq!(plan("收费 态度"), SearchPlan::Match("\"收费\" AND \"态度\"".into()));
        assert_eq!(plan("  ，"), SearchPlan::Empty);
        assert_eq!(plan("站"), SearchPlan::Match("\"站\"*".into()));
        assert_eq!(plan("站 态度"), SearchPlan::Match("\"站\"* AND \"态度\"".into()));
    }

    #[test]
    fn run_text_keeps_runs_apart_and_terms_are_runs() {
        assert_eq!(run_text("态度差！鄂A·12345"), "态度差 鄂a 12345 ");
        assert_eq!(run_text(" ，"), "");
        assert_eq!(terms("收费 态度"), ["收费", "态度"]);
        assert_eq!(terms("鄂A·123"), ["鄂a", "123"]);
        assert!(terms("  ，").is_empty());
        // A term never matches across punctuation: 收费，站 has no run holding 收费站.
        assert!(!run_text("收费，站").contains(terms("收费站")[0].as_str()));
        assert!(run_text("收费，站").contains(terms("站")[0].as_str()));
    }
}
