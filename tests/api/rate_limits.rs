//! Rate limits: per credential, per client address for login and token issue, and a
//! growing wait after failed logins that slows an attacker without locking the agent out.

use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use crate::helpers::{TestApp, World};

/// A login from `address` (the server trusts one proxy hop, which names it).
async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> (u16, HeaderMap, Value) {
    let response = app
        .client
        .post(format!("{}/v1/auth/login", app.address))
        .header("x-forwarded-for", address)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.json().await.unwrap_or(Value::Null))
}

#[track_caller]
fn assert_rate_limited(status: u16, headers: &HeaderMap, body: &Value) {
    assert_eq!((status, body["code"].as_str()), (429, Some("rate_limited")), "{body}");
    let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().expect("seconds");
    assert!(retry_after >= 1, "Retry-After {retry_after}");
    assert!(headers["ratelimit"].to_str().unwrap().contains(";r=0;t="), "{headers:?}");
    assert!(headers["ratelimit-policy"].to_str().unwrap().contains(";q="), "{headers:?}");
}

#[tokio::test]
async fn failed_logins_slow_the_attacker_down_without_locking_the_agent_out() {
    let app = TestApp::spawn_with(|settings| {
        settings.http.trusted_proxy_hops = 1;
        settings.limits.login_per_min = Some(1000);
    })
    .await;
    let admin = app.admin_token().await;
    app.agent(&admin, "Bob").await;
    let attacker = "203.0.113.9";
    for _ in 0..5 {
        let (status, _, body) = login_from(&app, attacker, "bob@example.com", "guess").await;
        assert_eq!(status, 401, "{body}");
    }
    let (status, headers, body) = login_from(&app, attacker, "bob@example.com", "guess").await;
    assert_rate_limited(status, &headers, &body);
    // Even the right password waits from the attacker's address...
    let (status, _, _) = login_from(&app, attacker, "bob@example.com", "agent-password-1").await;
    assert_eq!(status, 429);
    // ...while Bob, elsewhere, logs in as always.
    let (status, _, body) = login_from(&app, "198.51.100.7", "bob@example.com", "agent-password-1").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn logins_from_one_address_are_limited_and_other_addresses_are_not() {
    let app = TestApp::spawn_with(|settings| {
        settings.http.trusted_proxy_hops = 1;
        settings.limits.login_per_min = Some(30);
    })
    .await;
    let mut refused = None;
    for n in 0..50 {
        let (status, headers, body) = login_from(&app, "203.0.113.9", &format!("user{n}@example.com"), "x").await;
        if status == 429 {
            refused = Some((n, status, headers, body));
            break;
        }
        assert_eq!(status, 401, "{body}");
        let standing = headers["ratelimit"].to_str().unwrap().to_owned();
        assert!(standing.starts_with("\"login_per_address\";r="), "{standing}");
    }
    let (n, status, headers, body) = refused.expect("50 logins in a row from one address are not all let through");
    assert_rate_limited(status, &headers, &body);
    assert!((10..=13).contains(&n), "refused after {n} logins");
    let (status, _, body) = login_from(&app, "198.51.100.7", "admin@example.com", "admin-password-1").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn each_credential_has_its_own_bucket() {
    let world = World::new_with(json!({}), |settings| settings.limits.customer_per_min = Some(20)).await;
    let (id, first) = world.customer("c-1").await;
    let (second_id, second) = world.customer("c-2").await;
    let path = format!("/v1/conversations/{id}/messages");
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let reply = world.app.get(&path, &first).await;
        if reply.status == 429 {
            assert_rate_limited(reply.status.as_u16(), &reply.headers, &reply.body);
        } else {
            assert!(reply.headers["ratelimit"].to_str().unwrap().starts_with("\"customer_token\""));
        }
        statuses.push(reply.status.as_u16());
    }
    assert_eq!(statuses, [[200; 10].as_slice(), &[429, 429]].concat());
    // Another customer, and the agent, are not held up by the first customer's pace.
    world.app.get(&format!("/v1/conversations/{second_id}/messages"), &second).await.expect(200);
    assert_eq!(world.app.get(&path, &world.agent).await.status, 200);
}

#[tokio::test]
async fn a_widgets_availability_calls_are_limited_per_address() {
    let world = World::new_with(json!({}), |settings| {
        settings.http.trusted_proxy_hops = 1;
        settings.limits.public_per_min = Some(30);
    })
    .await;
    let path = format!("{}/v1/modules/{}/availability", world.app.address, world.module_id);
    let call = |address: &'static str| {
        let request = world.app.client.get(&path).header("x-forwarded-for", address);
        async move {
            let response = request.send().await.unwrap();
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            (status, headers, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let mut refused = None;
    for n in 0..50 {
        let (status, headers, body) = call("203.0.113.9").await;
        if status == 429 {
            refused = Some((n, status, headers, body));
            break;
        }
        assert_eq!(status, 200, "{body}");
        assert!(headers["ratelimit"].to_str().unwrap().starts_with("\"public_per_address\";r="), "{headers:?}");
    }
    let (n, status, headers, body) = refused.expect("50 calls in a row from one address are not all let through");
    assert_rate_limited(status, &headers, &body);
    assert!((10..=13).contains(&n), "refused after {n} calls");
    assert_eq!(call("198.51.100.7").await.0, 200, "another address has its own bucket");
}
