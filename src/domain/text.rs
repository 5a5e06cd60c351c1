//! The rules for text the server accepts, and the same rules as patterns for the spec.
//!
//! Two kinds of text: multi-line text (messages, summaries, the texts a customer sees),
//! which may hold tab, CR and LF; and single lines (names, ids, titles), which hold no
//! control character at all. Neither may be blank. The patterns spell whitespace out
//! instead of using `\s`, which means different sets in ECMAScript and Rust.

use super::Error;

/// Multi-line text: no control characters but tab, CR and LF, and not blank.
pub const TEXT_PATTERN: &str = concat!(
    r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*",
    r"[^ \u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]",
    r"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$",
);

/// A single line: no control characters, no line or paragraph separators, not blank.
pub const LINE_PATTERN: &str = concat!(
    r"^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*",
    r"[^ \u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]",
    r"[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$",
);

/// Checks multi-line text: not blank, at most `max` characters, no control characters
/// but tab, CR and LF.
pub fn text(field: &str, value: &str, max: usize) -> Result<(), Error> {
    check(field, value, max, |c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Checks a single line: not blank, at most `max` characters, no control characters and
/// no line or paragraph separators.
pub fn line(field: &str, value: &str, max: usize) -> Result<(), Error> {
    check(field, value, max, |c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

fn check(field: &str, value: &str, max: usize, forbidden: impl Fn(char) -> bool) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(format!("{field} must be at most {max} characters")));
    }
    if value.chars().any(forbidden) {
        return Err(Error::invalid(format!("{field} must not contain control characters or line breaks here")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    const SAMPLES: &[&str] = &[
        "hello",
        "héllo wörld",
        "a\tb",
        "line\nline",
        "a\r\nb",
        "",
        " ",
        "\t\n",
        "\u{a0}\u{3000}",
        "\u{200b}",
        "\u{feff}",
        "\u{2028}",
        "a\u{2028}b",
        "bell\u{7}",
        "\u{0}",
        "x\u{7f}",
        "x\u{85}",
        "x\u{9f}",
        "\u{1b}[0m",
        " padded ",
        "Ada\r\nLovelace",
    ];

    fn agrees(pattern: &str, server: impl Fn(&str) -> bool) {
        let pattern = Regex::new(pattern).expect("the pattern compiles");
        for sample in SAMPLES {
            assert_eq!(pattern.is_match(sample), server(sample), "the pattern and the server disagree on {sample:?}");
        }
    }

    #[test]
    fn the_text_pattern_is_the_servers_rule() {
        agrees(TEXT_PATTERN, |value| text("text", value, 100).is_ok());
    }

    #[test]
    fn the_line_pattern_is_the_servers_rule() {
        agrees(LINE_PATTERN, |value| line("name", value, 100).is_ok());
    }

    #[test]
    fn lines_refuse_line_breaks_that_text_allows() {
        assert!(text("text", "Ada\r\nLovelace", 100).is_ok());
        assert!(line("display_name", "Ada\r\nLovelace", 100).is_err());
        assert!(line("display_name", "Ada\tLovelace", 100).is_err());
    }

    #[test]
    fn length_counts_characters() {
        assert!(line("name", &"é".repeat(5), 5).is_ok());
        assert!(line("name", &"é".repeat(6), 5).is_err());
    }
}
