//! Who may do what: every denial is a 401/403/404 problem, never data.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{EncodingKey, Header};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{JWT_SECRET, World, token_of};

fn token(secret: &str, subject: &str, audience: &str, expires_in: i64) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let claims = json!({"sub": subject, "aud": audience, "iss": "livechat", "iat": now, "exp": now + expires_in});
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

#[tokio::test]
async fn requests_without_credentials_get_a_401_problem() {
    let world = World::new(json!({})).await;
    let reply = world.app.call(Method::GET, "/v1/conversations", None, None).await;
    reply.expect_problem(401, "unauthorized");
    let reply = world.app.call(Method::GET, "/v1/agents", Some("not-a-token"), None).await;
    reply.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn wrong_passwords_are_refused() {
    let world = World::new(json!({})).await;
    world.app.login(crate::helpers::ADMIN_EMAIL, "wrong-password").await.expect_problem(401, "unauthorized");
    world.app.login("nobody@example.com", "whatever-password").await.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn expired_forged_and_wrong_kind_tokens_get_401() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let expired = token(JWT_SECRET, &world.agent_id, "livechat:agent", -3600);
    app.get("/v1/me", &expired).await.expect_problem(401, "unauthorized");
    let forged = token("some-other-secret-of-enough-length", &world.agent_id, "livechat:agent", 3600);
    app.get("/v1/me", &forged).await.expect_problem(401, "unauthorized");
    let valid = token(JWT_SECRET, &world.agent_id, "livechat:agent", 3600);
    app.get("/v1/me", &valid).await.expect(200);

    let (conversation_id, customer) = world.customer("c-1").await;
    app.get("/v1/me", &customer).await.expect_problem(401, "unauthorized");
    app.get("/v1/me", &world.api_key).await.expect_problem(401, "unauthorized");
    app.post("/v1/entries", &world.agent, json!({})).await.expect_problem(401, "unauthorized");
    let body = json!({"customer": {"external_id": "x", "display_name": "X"}, "module_id": world.module_id, "process_ref": "r"});
    app.post("/v1/entries", &customer, body).await.expect_problem(401, "unauthorized");
    app.post(&format!("/v1/conversations/{conversation_id}/claim"), &customer, json!({}))
        .await
        .expect_problem(401, "unauthorized");
    app.post(&format!("/v1/conversations/{conversation_id}/leave"), &world.agent, json!({}))
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn agents_cannot_use_admin_operations() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let body = json!({"email": "eve@example.com", "name": "Eve", "password": "agent-password-1"});
    app.post("/v1/agents", &world.agent, body).await.expect_problem(403, "admin_required");
    app.post("/v1/api-keys", &world.agent, json!({"name": "k"})).await.expect_problem(403, "admin_required");
    app.post("/v1/modules", &world.agent, json!({"name": "m", "async_enabled": true, "request_email": false}))
        .await
        .expect_problem(403, "admin_required");
    app.get("/v1/customers", &world.agent).await.expect_problem(403, "admin_required");
    let admins_agents = app.get("/v1/agents", &world.admin).await.expect(200);
    assert_eq!(admins_agents["items"].as_array().unwrap().len(), 2, "nothing was created by the refused calls");
}

#[tokio::test]
async fn a_customer_sees_only_their_own_conversations() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (mine, my_token) = world.customer("c-1").await;
    let (theirs, their_token) = world.customer("c-2").await;
    app.get(&format!("/v1/conversations/{mine}"), &my_token).await.expect(200);
    app.get(&format!("/v1/conversations/{theirs}"), &my_token).await.expect_problem(404, "not_found");
    app.get(&format!("/v1/conversations/{theirs}/messages"), &my_token).await.expect_problem(404, "not_found");
    let path = format!("/v1/conversations/{theirs}/messages");
    app.post(&path, &my_token, json!({"text": "hi"})).await.expect_problem(404, "not_found");
    app.post(&format!("/v1/conversations/{theirs}/leave"), &my_token, json!({})).await.expect_problem(404, "not_found");
    let listed = app.get("/v1/conversations", &my_token).await.expect(200);
    let ids: Vec<_> =
        listed["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, vec![mine]);
    let still_open = app.get(&format!("/v1/conversations/{theirs}"), &their_token).await.expect(200);
    assert_eq!(still_open["status"], "waiting");
    assert_eq!(
        app.all_messages(&their_token, &theirs).await.iter().filter(|m| m["author_kind"] == "customer").count(),
        0
    );
}

#[tokio::test]
async fn a_deactivated_agents_token_stops_working() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    app.get("/v1/me", &world.agent).await.expect(200);
    let path = format!("/v1/agents/{}", world.agent_id);
    app.call(Method::PATCH, &path, Some(&world.admin), Some(json!({"active": false}))).await.expect(200);
    app.get("/v1/me", &world.agent).await.expect_problem(401, "unauthorized");
    app.login("ada@example.com", "agent-password-1").await.expect_problem(401, "unauthorized");
    app.call(Method::PATCH, &path, Some(&world.admin), Some(json!({"active": true}))).await.expect(200);
    token_of(app.login("ada@example.com", "agent-password-1").await.expect(200));
}

#[tokio::test]
async fn a_revoked_api_key_is_refused() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let created = app.post("/v1/api-keys", &world.admin, json!({"name": "temporary"})).await.expect(201);
    let key = created["key"].as_str().unwrap();
    assert!(key.starts_with("lc_"));
    world.app.post("/v1/customer-tokens", key, json!({"external_id": "nobody"})).await.expect_problem(404, "not_found");
    let listed = app.get("/v1/api-keys", &world.admin).await.expect(200);
    assert!(!listed.to_string().contains(key), "the key is never shown again");
    let id = created["record"]["id"].as_str().unwrap();
    let revoked = app.call(Method::DELETE, &format!("/v1/api-keys/{id}"), Some(&world.admin), None).await.expect(200);
    assert!(revoked["revoked_at"].is_string());
    app.post("/v1/customer-tokens", key, json!({"external_id": "nobody"})).await.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn a_token_is_refused_from_its_expiry_on_unless_a_leeway_is_set() {
    let world = World::new(json!({})).await;
    let just_expired = token(JWT_SECRET, &world.agent_id, "livechat:agent", -2);
    world.app.get("/v1/me", &just_expired).await.expect_problem(401, "unauthorized");
    let almost_expired = token(JWT_SECRET, &world.agent_id, "livechat:agent", 5);
    world.app.get("/v1/me", &almost_expired).await.expect(200);

    let lenient =
        World::new_with(json!({}), |settings| settings.tokens.leeway = std::time::Duration::from_secs(30)).await;
    let just_expired = token(JWT_SECRET, &lenient.agent_id, "livechat:agent", -2);
    lenient.app.get("/v1/me", &just_expired).await.expect(200);
    let long_expired = token(JWT_SECRET, &lenient.agent_id, "livechat:agent", -60);
    lenient.app.get("/v1/me", &long_expired).await.expect_problem(401, "unauthorized");
}
