use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, World};

#[tokio::test]
async fn admins_manage_agents() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (id, token) = app.agent(&admin, "Linus").await;
    let fetched = app.get(&format!("/v1/agents/{id}"), &admin).await.expect(200);
    assert_eq!(
        (fetched["name"].as_str(), fetched["role"].as_str(), fetched["presence"].as_str()),
        (Some("Linus"), Some("agent"), Some("offline"))
    );
    let body = json!({"name": "Linus T", "role": "admin"});
    let updated = app.call(Method::PATCH, &format!("/v1/agents/{id}"), Some(&admin), Some(body)).await.expect(200);
    assert_eq!(updated["role"], "admin");
    assert_eq!(app.get("/v1/me", &token).await.expect(200)["name"], "Linus T");
    let duplicate = json!({"email": "linus@example.com", "name": "Again", "password": "agent-password-1"});
    app.post("/v1/agents", &admin, duplicate).await.expect_problem(409, "email_taken");
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let me = app.get("/v1/me", &admin).await.expect(200);
    let path = format!("/v1/agents/{}", me["id"].as_str().unwrap());
    app.call(Method::PATCH, &path, Some(&admin), Some(json!({"active": false})))
        .await
        .expect_problem(409, "cannot_demote_self");
    app.get("/v1/me", &admin).await.expect(200);
}

#[tokio::test]
async fn agent_lists_are_paged() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for name in ["A1", "A2", "A3"] {
        app.agent(&admin, name).await;
    }
    let first = app.get("/v1/agents?limit=2", &admin).await.expect(200);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("/v1/agents?limit=2&cursor={cursor}"), &admin).await.expect(200);
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert!(second["next_cursor"].is_null());
    let mut emails: Vec<_> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|a| a["email"].as_str().unwrap().to_owned())
        .collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), 4);
}

#[tokio::test]
async fn a_module_update_is_a_new_version_and_open_conversations_keep_theirs() {
    let world = World::new(json!({"quick_replies": [{"id": "faq", "label": "FAQ", "experience_id": "exp-faq"}]})).await;
    let app = &world.app;
    let (conversation_id, customer) = world.customer("c-1").await;
    let body = json!({
        "name": "Support v2", "async_enabled": false, "request_email": true,
        "fallback_target": {"kind": "experience", "id": "contact"},
        "quick_replies": [{"id": "shop", "label": "Shop", "experience_id": "exp-shop"}],
        "texts": {"waiting": "One moment please."}
    });
    let module = app
        .call(Method::PUT, &format!("/v1/modules/{}", world.module_id), Some(&world.admin), Some(body))
        .await
        .expect(200);
    assert_eq!(module["version"], 2);
    assert_eq!(module["texts"]["waiting"], "One moment please.");
    assert!(module["texts"]["offline"].as_str().is_some_and(|t| !t.is_empty()), "absent texts take defaults");
    let conversation = app.get(&format!("/v1/conversations/{conversation_id}"), &customer).await.expect(200);
    assert_eq!(conversation["module_version"], 1);
    assert_eq!(conversation["quick_replies"][0]["id"], "faq");
    let (newer, _) = world.customer("c-2").await;
    let conversation = app.get(&format!("/v1/conversations/{newer}"), &world.agent).await.expect(200);
    assert_eq!(conversation["module_version"], 2);
    assert_eq!(conversation["quick_replies"][0]["id"], "shop");
}

#[tokio::test]
async fn module_configurations_are_checked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let twice = json!({"name": "M", "async_enabled": true, "request_email": false, "quick_replies": [
        {"id": "a", "label": "A", "experience_id": "x"}, {"id": "a", "label": "B", "experience_id": "y"}]});
    app.post("/v1/modules", &admin, twice).await.expect_problem(422, "invalid_input");
    let module_fallback = json!({"name": "M", "async_enabled": false, "request_email": false, "fallback_target": {"kind": "process_module", "id": "p"}});
    // The spec lists the kinds a fallback can have, so the request is malformed.
    let refused = app.post("/v1/modules", &admin, module_fallback).await.expect_problem(400, "invalid_request");
    assert!(refused["detail"].as_str().unwrap().contains("process_module"), "{refused}");
    assert_eq!(app.get("/v1/modules", &admin).await.expect(200)["items"].as_array().unwrap().len(), 0);
}
