//! Web addresses: absolute http(s) URLs that the published pattern allows and the WHATWG
//! URL standard (the `url` crate) reads, written without whitespace or control characters.

use super::Error;

pub const MAX_LEN: usize = 2000;

/// What the spec publishes, and the server requires: URLs that any client can check with
/// a regular expression (a DNS name whose last label starts with a letter, or a dotted
/// IPv4 address; an optional port; then anything without whitespace or controls).
pub const PATTERN: &str = concat!(
    r"^https?://",
    r"(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?",
    r"|((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))",
    r"(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?",
    r"([/?#][^ \u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$",
);

static SPELLED_OUT: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(PATTERN).expect("the URL pattern compiles"));

/// An absolute http or https URL, kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(field: &str, text: &str) -> Result<Self, Error> {
        let refused = || Error::invalid(format!("{field} must be an absolute http(s) URL without spaces"));
        if text.chars().count() > MAX_LEN {
            return Err(Error::invalid(format!("{field} must be at most {MAX_LEN} characters")));
        }
        if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(refused());
        }
        // The spec's pattern is the rule: a host in letters beyond ASCII is written in its
        // punycode (`xn--…`) form.
        if !SPELLED_OUT.is_match(text) {
            return Err(Error::invalid(format!(
                "{field} must be an absolute http(s) URL with a DNS name (punycode for other letters) or an IPv4 address"
            )));
        }
        let url = url::Url::parse(text).map_err(|_| refused())?;
        let has_host = url.host_str().is_some_and(|host| !host.is_empty());
        if !matches!(url.scheme(), "http" | "https") || !has_host {
            return Err(refused());
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    #[test]
    fn web_urls_are_accepted_as_written() {
        for good in ["https://example.com", "http://x", "https://a.example/path?q=1#f", "https://xn--tda.example/ä"] {
            assert_eq!(HttpUrl::parse("url", good).map(HttpUrl::into_string), Ok(good.to_owned()));
        }
    }

    #[test]
    fn other_schemes_and_broken_urls_are_refused() {
        for bad in [
            "",
            "javascript:alert(1)",
            "ftp://x",
            "https://",
            "https://a b",
            " https://x",
            "https://a\u{7}",
            "https://exa\u{1}mple.com/x",
            "http://1.2.3.4.5",
            "http://a:99999",
            "mailto:a@b.co",
            "http://0.A*",
            "https://ü.example",
        ] {
            assert!(HttpUrl::parse("url", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_url_the_pattern_allows_is_accepted() {
        let pattern = Regex::new(PATTERN).expect("the pattern compiles");
        let samples = [
            "https://example.com",
            "http://x",
            "https://a.example/path?q=1#f",
            "http://127.0.0.1:8080/hook",
            "http://255.255.255.255",
            "http://1.2.3.4.5",
            "http://a.1",
            "http://a:65535/",
            "http://a:65536/",
            "https://a.example/%zz\\x",
            "https://a.example/é",
            "https://",
            "https://a b",
            "https://a\u{85}",
            "https://ü.example",
        ];
        for sample in samples {
            if pattern.is_match(sample) {
                assert!(HttpUrl::parse("url", sample).is_ok(), "the spec allows {sample:?}, the server refuses it");
            }
        }
    }
}
