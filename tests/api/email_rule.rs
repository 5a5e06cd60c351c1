//! The email rule is one rule: every address the published pattern allows, the server
//! accepts, and every address the server accepts matches the pattern. A few hundred
//! generated addresses go through both: the spec's `GiveEmail` schema, validated as any
//! client would, and the server's `PUT …/email`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use serde_json::json;

use crate::contract::CONTRACT;
use crate::helpers::World;

const ATEXT: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";
const ODD: &[&str] =
    &[".", "..", "-", "@", " ", "\t", "é", "ü", "(", ")", ",", ";", ":", "\"", "\\", "[", "]", "\u{0}"];

fn pick<'a>(rng: &mut StdRng, from: &'a [&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

fn word(rng: &mut StdRng, alphabet: &str, longest: usize) -> String {
    let letters: Vec<char> = alphabet.chars().collect();
    (0..rng.random_range(1..=longest)).map(|_| letters[rng.random_range(0..letters.len())]).collect()
}

fn label(rng: &mut StdRng) -> String {
    let inner = word(rng, "abcdefghijklmnopqrstuvwxyz0123456789-", 12);
    format!("{}{inner}{}", word(rng, "abcdefghijklmnopqrstuvwxyz0123456789", 1), word(rng, "abcdefghij0123", 1))
}

/// An address that is valid by construction, in one of several shapes.
fn valid(rng: &mut StdRng) -> String {
    let local = (0..rng.random_range(1..=6)).map(|_| word(rng, ATEXT, 10)).collect::<Vec<_>>().join(".");
    let labels = (0..rng.random_range(1..=4)).map(|_| label(rng)).collect::<Vec<_>>().join(".");
    let tld = match rng.random_range(0..4) {
        0 => "xn--p1ai".to_owned(),
        1 => "travel".to_owned(),
        _ => word(rng, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 6) + "x",
    };
    format!("{local}@{labels}.{tld}")
}

/// A valid address with one mutation that may or may not break it.
fn mutated(rng: &mut StdRng) -> String {
    let mut address: Vec<char> = valid(rng).chars().collect();
    let at = rng.random_range(0..=address.len());
    match rng.random_range(0..3) {
        0 => {
            let odd: Vec<char> = pick(rng, ODD).chars().collect();
            address.splice(at..at, odd);
        }
        1 if !address.is_empty() => {
            address.remove(at.min(address.len() - 1));
        }
        _ => address.truncate(at),
    }
    address.into_iter().collect()
}

#[tokio::test]
async fn the_published_email_pattern_and_the_server_agree_both_ways() {
    // Thousands of addresses, one credential: past any rate limit meant for people.
    let world = World::new_with(json!({}), |settings| {
        settings.limits.api_key_per_min = None;
        settings.limits.customer_per_min = None;
        settings.limits.agent_per_min = None;
    })
    .await;
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/email");
    let mut rng = StdRng::seed_from_u64(20261129);
    let mut addresses: Vec<String> = vec![
        "max.mustermann@example.de".into(),
        "jean.dupont-durand@example.fr".into(),
        "first.middle.last.jr.sr@mail.sub.example.co.uk".into(),
        format!("{}@example.com", "a.b".repeat(40)),
        format!("{}@example.com", "x".repeat(243)),
        format!("{}@example.com", "x".repeat(242)),
        "user+tag@example.com".into(),
        "o'neil@example.ie".into(),
        "user@xn--bcher-kva.example".into(),
        "user@bücher.example".into(),
        "user@example.xn--p1ai".into(),
        "user@-example.com".into(),
        "user@example-.com".into(),
        "user@example.c0m".into(),
        "user@localhost".into(),
        ".user@example.com".into(),
        "us..er@example.com".into(),
        " user@example.com".into(),
    ];
    addresses.extend((0..150).map(|_| valid(&mut rng)));
    addresses.extend((0..150).map(|_| mutated(&mut rng)));
    let (mut accepted, mut refused) = (0, 0);
    for address in &addresses {
        let allowed = CONTRACT.allows("GiveEmail", &json!({ "email": address }));
        let reply = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({ "email": address }))).await;
        match reply.status.as_u16() {
            200 => {
                accepted += 1;
                assert!(allowed, "the server accepts {address:?}, which the spec's pattern refuses");
                let given = reply.body["email"].as_str().unwrap();
                assert!(CONTRACT.allows("GiveEmail", &json!({ "email": given })), "the server answers {given:?}");
            }
            422 => {
                refused += 1;
                assert!(!allowed, "the spec allows {address:?}, which the server refuses: {}", reply.body);
            }
            status => panic!("{address:?}: {status} {}", reply.body),
        }
    }
    assert!(accepted > 150 && refused > 50, "both sides are exercised: {accepted} accepted, {refused} refused");
}
