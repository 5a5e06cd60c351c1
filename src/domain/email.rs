//! Email addresses: one rule, written once as a pattern that the server checks and the
//! spec publishes, and finding an address in free text.
//!
//! The rule: an ASCII dot-atom mailbox (letters, digits and ``!#$%&'*+/=?^_`{|}~-``,
//! single dots between them), `@`, and a domain of at least two labels of letters, digits
//! and inner hyphens (at most 63 characters each) whose last label is 2 to 63 letters or
//! an IDNA `xn--` label. Internationalised domains are accepted in that ASCII form only.
//! At most 254 characters in all. The 64-character limit SMTP sets on the mailbox name is
//! not checked: a pattern cannot express it next to dots without look-ahead, which not
//! every client's regex engine has.

use std::sync::LazyLock;

use regex::Regex;

use super::Error;

/// The pattern every accepted address matches, and only those (with [`MAX_LEN`]).
pub const PATTERN: &str = concat!(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*",
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+",
    r"([A-Za-z]{2,63}|xn--[A-Za-z0-9]([A-Za-z0-9-]{0,57}[A-Za-z0-9])?)$",
);

pub const MAX_LEN: usize = 254;

static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(PATTERN).expect("the email pattern compiles"));

/// An address that matches [`PATTERN`], its domain lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_LEN {
            return Err(Error::invalid(format!("an email address is at most {MAX_LEN} characters")));
        }
        if !RULE.is_match(text) {
            return Err(Error::invalid("not a valid email address, e.g. name@example.com"));
        }
        let (local, domain) = text.rsplit_once('@').ok_or_else(|| Error::invalid("an email address needs an @"))?;
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The last valid address written in `text`, if any.
    pub fn find_last_in(text: &str) -> Option<Self> {
        text.split(|c: char| c.is_whitespace() || "<>()[],;:\"".contains(c))
            .rev()
            .map(|word| word.trim_matches(|c: char| c == '.' || c == '\'' || c == '!' || c == '?'))
            .filter(|word| word.contains('@'))
            .find_map(|word| Self::parse(word).ok())
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
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_the_domain_lowercased() {
        assert_eq!(
            EmailAddress::parse("Ann.Lee+chat@Example.COM").map(EmailAddress::into_string),
            Ok("Ann.Lee+chat@example.com".into())
        );
        for good in [
            "max.mustermann@example.de",
            "jean.dupont-durand@example.fr",
            "a.b.c.d.e.f@mail.sub.example.co.uk",
            "o'neil@example.ie",
            "user@xn--bcher-kva.example",
            "user@example.xn--p1ai",
        ] {
            assert!(EmailAddress::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "ann@exa mple.com",
            "ann..lee@example.com",
            ".ann@example.com",
            "ann.@example.com",
            "ann@-x.com",
            "ann@x-.com",
            "ann@example.c0m",
            " ann@example.com",
            "ann@example.com ",
            "ü@example.com",
            "ann@bücher.example",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_last_address_in_a_text_wins() {
        let text = "old one was a@old.org, now write to <b.new@example.com>.";
        assert_eq!(EmailAddress::find_last_in(text).map(EmailAddress::into_string), Some("b.new@example.com".into()));
        assert_eq!(EmailAddress::find_last_in("no address @ here"), None);
    }
}
