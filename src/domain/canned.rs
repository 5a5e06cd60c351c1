//! Internal notes and canned responses: their limits, short codes, and the templates of
//! canned bodies with their placeholders.

use std::collections::BTreeMap;

use super::{Error, string_enum};

/// A note's text, in characters.
pub const MAX_NOTE_LEN: usize = 4000;
/// Agents one note may mention.
pub const MAX_MENTIONS: usize = 20;
/// A canned body, in characters (before rendering).
pub const MAX_CANNED_BODY_LEN: usize = 4000;
pub const MAX_CANNED_TITLE_LEN: usize = 100;
/// A short code, in characters, without its `/`.
pub const MAX_SHORT_CODE_LEN: usize = 32;

string_enum!(
    /// Whose a canned response is: one agent's (`personal`), a group's agents' (`group`),
    /// or every agent's (`global`).
    CannedScope { Personal => "personal", Group => "group", Global => "global" }
);

/// Checks a short code and returns it without a leading `/`: 1 to 32 lowercase letters,
/// digits, `-` and `_`, starting with a letter or digit.
pub fn short_code(code: &str) -> Result<&str, Error> {
    let code = code.strip_prefix('/').unwrap_or(code);
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
    let starts_well = code.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if code.is_empty() || code.len() > MAX_SHORT_CODE_LEN || !starts_well || !code.chars().all(allowed) {
        return Err(Error::invalid(format!(
            "short_code must be 1 to {MAX_SHORT_CODE_LEN} lowercase letters, digits, '-' or '_' \
             (starting with a letter or digit), with an optional leading '/'"
        )));
    }
    Ok(code)
}

/// What a canned body's placeholders stand for in one conversation.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub agent_name: Option<String>,
    /// The process variables: those given at entry and the module's own (`live_*`).
    pub variables: BTreeMap<String, String>,
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Placeholder(Placeholder),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Placeholder {
    CustomerName,
    CustomerEmail,
    AgentName,
    Variable(String),
}

impl Placeholder {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "customer.name" => Some(Self::CustomerName),
            "customer.email" => Some(Self::CustomerEmail),
            "agent.name" => Some(Self::AgentName),
            _ => {
                let variable = name.strip_prefix("variables.")?;
                let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
                (!variable.is_empty() && variable.chars().all(allowed)).then(|| Self::Variable(variable.to_owned()))
            }
        }
    }

    fn value<'a>(&self, facts: &'a Facts) -> Option<&'a str> {
        match self {
            Self::CustomerName => facts.customer_name.as_deref(),
            Self::CustomerEmail => facts.customer_email.as_deref(),
            Self::AgentName => facts.agent_name.as_deref(),
            Self::Variable(name) => facts.variables.get(name).map(String::as_str),
        }
        .filter(|value| !value.trim().is_empty())
    }
}

/// A canned body: text with `{{placeholder}}`s (spaces inside the braces are allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses a body; a placeholder the server does not know, or an unclosed `{{`, is
    /// refused with its name.
    pub fn parse(body: &str) -> Result<Self, Error> {
        let mut pieces = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find("{{") {
            if start > 0 {
                pieces.push(Piece::Literal(rest[..start].to_owned()));
            }
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                return Err(Error::invalid("a '{{' in the body is not closed with '}}'"));
            };
            let name = after[..end].trim();
            let placeholder = Placeholder::parse(name).ok_or_else(|| {
                Error::invalid(format!(
                    "unknown placeholder {{{{{name}}}}}: use customer.name, customer.email, agent.name or variables.<name>"
                ))
            })?;
            pieces.push(Piece::Placeholder(placeholder));
            rest = &after[end + 2..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_owned()));
        }
        Ok(Self { pieces })
    }

    /// The text for one conversation. A placeholder with no value there (no email known,
    /// a variable the process did not pass) is refused with its name: nothing half-filled
    /// reaches the customer.
    pub fn render(&self, facts: &Facts) -> Result<String, Error> {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(literal) => text.push_str(literal),
                Piece::Placeholder(placeholder) => {
                    let value = placeholder.value(facts).ok_or_else(|| {
                        Error::invalid(format!(
                            "placeholder {{{{{}}}}} has no value in this conversation",
                            name_of(placeholder)
                        ))
                    })?;
                    text.push_str(value);
                }
            }
        }
        Ok(text)
    }
}

fn name_of(placeholder: &Placeholder) -> String {
    match placeholder {
        Placeholder::CustomerName => "customer.name".into(),
        Placeholder::CustomerEmail => "customer.email".into(),
        Placeholder::AgentName => "agent.name".into(),
        Placeholder::Variable(name) => format!("variables.{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            customer_name: Some("Ada".into()),
            customer_email: None,
            agent_name: Some("Ben".into()),
            variables: [("order_id".to_owned(), "A-17".to_owned())].into(),
        }
    }

    /// The text of `body` rendered with `facts()`, or the reason it is refused.
    fn rendered(body: &str) -> Result<String, String> {
        Template::parse(body).and_then(|template| template.render(&facts())).map_err(|error| error.to_string())
    }

    #[test]
    fn placeholders_are_filled_from_the_conversation() {
        let text = rendered("Hi {{customer.name}}, {{ agent.name }} here about {{variables.order_id}}.");
        assert_eq!(text.as_deref(), Ok("Hi Ada, Ben here about A-17."));
        assert_eq!(rendered("no placeholders").as_deref(), Ok("no placeholders"));
    }

    #[test]
    fn unknown_unclosed_or_empty_placeholders_are_named() {
        for (body, named) in [
            ("Hi {{customer.phone}}", "customer.phone"),
            ("Mail: {{customer.email}}", "customer.email"),
            ("{{variables.plan}}", "variables.plan"),
            ("Hi {{customer.name", "not closed"),
            ("{{variables.}}", "variables."),
        ] {
            let refused = rendered(body).expect_err(body);
            assert!(refused.contains(named), "{body}: {refused}");
        }
    }

    #[test]
    fn short_codes_are_lowercase_words_with_an_optional_slash() {
        assert_eq!(short_code("/refund").ok(), Some("refund"));
        assert_eq!(short_code("late-order_2").ok(), Some("late-order_2"));
        for bad in ["", "/", "Refund", "-x", "a b", "a/b", &"x".repeat(33)] {
            assert!(short_code(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
