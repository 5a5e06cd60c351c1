//! Email addresses: a pragmatic syntax check, and finding one in free text.

use super::Error;

/// A syntactically plausible email address, trimmed and at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.len() > Self::MAX_LEN {
            return Err(Error::invalid("an email address is at most 254 characters"));
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(Error::invalid("an email address needs an @"));
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if !local_ok {
            return Err(Error::invalid("the part before the @ is not a valid mailbox name"));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !domain_ok {
            return Err(Error::invalid("the part after the @ is not a valid domain"));
        }
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
            EmailAddress::parse(" Ann.Lee+chat@Example.COM ").map(EmailAddress::into_string),
            Ok("Ann.Lee+chat@example.com".into())
        );
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
            "ann@-x.com",
            "ann@example.c0m",
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
