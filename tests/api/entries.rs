//! Entering the module: waiting, re-entry, immediate exit, blocked customers, history
//! and email.

use reqwest::Method;
use serde_json::json;

use crate::helpers::World;

#[tokio::test]
async fn entering_puts_the_customer_in_the_live_list() {
    let world = World::new(json!({})).await;
    let result = world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(201);
    assert_eq!(result["outcome"], "waiting");
    assert_eq!(result["reentered"], false);
    assert_eq!(result["conversation"]["status"], "waiting");
    assert_eq!(result["conversation"]["customer"]["external_id"], "c-1");
    let token = result["customer_token"]["token"].as_str().unwrap();
    let id = result["conversation"]["id"].as_str().unwrap();
    let live = world.app.get("/v1/conversations?status=waiting", &world.agent).await.expect(200);
    assert_eq!(live["items"][0]["id"], id);
    let messages = world.app.all_messages(token, id).await;
    assert_eq!(messages[0]["content"]["kind"], "system", "the customer sees the waiting text");
}

#[tokio::test]
async fn entering_again_returns_the_open_conversation() {
    let world = World::new(json!({})).await;
    let (first, first_token) = world.customer("c-1").await;
    let again = world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(200);
    assert_eq!(again["reentered"], true);
    assert_eq!(again["conversation"]["id"], first);
    let token = again["customer_token"]["token"].as_str().unwrap();
    assert_ne!(token, first_token, "a re-entry gets a fresh token, even within the same second");
    world.app.get(&format!("/v1/conversations/{first}"), token).await.expect(200);
    world.app.get(&format!("/v1/conversations/{first}"), &first_token).await.expect(200);
    let live = world.app.get("/v1/conversations", &world.agent).await.expect(200);
    assert_eq!(live["items"].as_array().unwrap().len(), 1, "never a second conversation");
}

#[tokio::test]
async fn the_bot_platform_reissues_a_customer_token() {
    let world = World::new(json!({})).await;
    let (conversation_id, _) = world.customer("c-1").await;
    let issued = world.app.post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-1"})).await.expect(200);
    assert_eq!(issued["open_conversation_id"], conversation_id.as_str());
    let token = issued["customer_token"]["token"].as_str().unwrap();
    let path = format!("/v1/conversations/{conversation_id}/messages");
    world.app.post(&path, token, json!({"text": "back again"})).await.expect(201);
}

#[tokio::test]
async fn with_async_off_and_nobody_online_the_module_exits_at_once() {
    let world =
        World::new(json!({"async_enabled": false, "fallback_target": {"kind": "subprocess", "id": "contact-form"}}))
            .await;
    world.app.set_presence(&world.agent, "away").await;
    let result = world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(201);
    assert_eq!(result["outcome"], "exited");
    assert!(result["customer_token"].is_null());
    let conversation = &result["conversation"];
    assert_eq!(conversation["status"], "ended");
    assert_eq!(conversation["exit"]["reason"], "no_agent_available");
    assert_eq!(conversation["exit"]["target"], json!({"kind": "subprocess", "id": "contact-form"}));
    assert_eq!(conversation["variables"]["live_exit_reason"], "no_agent_available");
    assert_eq!(conversation["variables"]["live_exit_target"], "contact-form");
    for status in ["waiting", "active", "ended"] {
        let live = world.app.get(&format!("/v1/conversations?status={status}"), &world.agent).await.expect(200);
        assert!(live["items"].as_array().unwrap().is_empty(), "nothing dangles in the Live list ({status})");
    }
    let id = conversation["id"].as_str().unwrap();
    let outcome = world.app.get(&format!("/v1/conversations/{id}/outcome"), &world.api_key).await.expect(200);
    assert_eq!(outcome["exit"]["reason"], "no_agent_available");
}

#[tokio::test]
async fn force_start_opens_the_chat_although_nobody_is_online() {
    let world = World::new(json!({"async_enabled": false})).await;
    world.app.set_presence(&world.agent, "offline").await;
    let extra = json!({"variables": {"live_in_force_start": true}});
    let result = world.app.enter(&world.api_key, &world.module_id, "c-1", extra).await.expect(201);
    assert_eq!(result["outcome"], "waiting");
}

#[tokio::test]
async fn with_async_on_a_customer_leaves_a_message_while_nobody_is_online() {
    let world = World::new(json!({"async_enabled": true})).await;
    world.app.set_presence(&world.agent, "offline").await;
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "Please call me back"})).await.expect(201);
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200);
    assert_eq!(conversation["status"], "waiting");
    assert_eq!(conversation["left_message"], true);
    assert_eq!(conversation["unanswered"], 1);
    assert_eq!(conversation["variables"]["live_async"], true);
    world.app.set_presence(&world.agent, "online").await;
    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    world.app.post(&path, &world.agent, json!({"text": "Calling you now"})).await.expect(201);
}

#[tokio::test]
async fn history_is_kept_for_the_agent_and_its_email_is_used() {
    let world = World::new(json!({"request_email": true})).await;
    let history = json!({"history": [
        {"author": "bot", "text": "What is your email?"},
        {"author": "customer", "text": "old@example.com"},
        {"author": "customer", "text": "sorry, it is new.me@example.org"}
    ]});
    let result = world.app.enter(&world.api_key, &world.module_id, "c-1", history).await.expect(201);
    assert_eq!(result["conversation"]["email"], "new.me@example.org");
    assert_eq!(result["conversation"]["email_requested"], false);
    let id = result["conversation"]["id"].as_str().unwrap();
    let messages = world.app.all_messages(&world.agent, id).await;
    let kinds: Vec<_> = messages.iter().map(|m| m["content"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["history", "history", "history", "system"]);
    assert_eq!(messages[1]["content"]["author"], "customer");
    let seqs: Vec<_> = messages.iter().map(|m| m["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn without_a_known_email_the_customer_is_asked_and_answers() {
    let world = World::new(json!({"request_email": true})).await;
    let (id, customer) = world.customer("c-1").await;
    let messages = world.app.all_messages(&customer, &id).await;
    assert!(messages.iter().any(|m| m["content"]["kind"] == "email_request"));
    let path = format!("/v1/conversations/{id}/email");
    let bad = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"email": "not-an-email"}))).await;
    bad.expect_problem(422, "invalid_input");
    let given = world
        .app
        .call(Method::PUT, &path, Some(&customer), Some(json!({"email": "grace@example.com"})))
        .await
        .expect(200);
    assert_eq!(given["email"], "grace@example.com");
    let seen_by_agent = world.app.get("/v1/conversations", &world.agent).await.expect(200);
    assert_eq!(seen_by_agent["items"][0]["email"], "grace@example.com");
    assert_eq!(seen_by_agent["items"][0]["customer"]["email"], "grace@example.com");

    world.app.post(&format!("/v1/conversations/{id}/leave"), &customer, json!({})).await.expect(200);
    let again = world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(201);
    assert_eq!(again["conversation"]["email"], "grace@example.com");
    assert_eq!(again["conversation"]["email_requested"], false, "a known email is not asked again");
}

#[tokio::test]
async fn entering_an_unknown_module_changes_nothing() {
    let world = World::new(json!({})).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    world.app.enter(&world.api_key, &unknown, "c-1", json!({})).await.expect_problem(404, "not_found");
    world
        .app
        .post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-1"}))
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn a_blocked_customer_cannot_enter_until_unblocked() {
    let world = World::new(json!({})).await;
    let (id, _) = world.active_conversation("c-1").await;
    let blocked = world.app.post(&format!("/v1/conversations/{id}/block"), &world.agent, json!({})).await.expect(200);
    assert_eq!(blocked["status"], "ended");
    assert_eq!(blocked["exit"]["reason"], "blocked");
    assert_eq!(blocked["customer"]["blocked"], true);
    world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect_problem(403, "customer_blocked");
    let customer_id = blocked["customer"]["id"].as_str().unwrap();
    let listed = world.app.get("/v1/customers?blocked=true", &world.admin).await.expect(200);
    assert_eq!(listed["items"][0]["id"], customer_id);
    let unblocked =
        world.app.post(&format!("/v1/customers/{customer_id}/unblock"), &world.admin, json!({})).await.expect(200);
    assert_eq!(unblocked["blocked"], false);
    world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(201);
}

#[tokio::test]
async fn an_email_brought_on_re_entry_reaches_the_open_conversation() {
    let world = World::new(json!({"request_email": true})).await;
    let (id, _) = world.customer("c-1").await;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "C", "email": "c1@example.com"}});
    let again = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(200);
    assert_eq!(again["conversation"]["id"], id.as_str());
    assert_eq!(again["conversation"]["email"], "c1@example.com");
    assert_eq!(again["conversation"]["variables"]["live_email"], "c1@example.com");
}

#[tokio::test]
async fn a_blocked_customer_gets_no_new_token() {
    let world = World::new(json!({})).await;
    let (id, _) = world.active_conversation("c-1").await;
    world.app.post(&format!("/v1/conversations/{id}/block"), &world.agent, json!({})).await.expect(200);
    let reply = world.app.post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-1"})).await;
    reply.expect_problem(403, "customer_blocked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_entries_of_one_customer_at_once_open_one_conversation() {
    // On PostgreSQL writers run side by side: the entries race on the new customer's row.
    let world = World::new(json!({})).await;
    let entries = (0..6).map(|_| world.app.enter(&world.api_key, &world.module_id, "c-new", json!({})));
    let answers = futures_util::future::join_all(entries).await;
    let mut conversations = std::collections::HashSet::new();
    for answer in answers {
        assert!(matches!(answer.status.as_u16(), 200 | 201), "{}: {}", answer.status, answer.body);
        conversations.insert(answer.body["conversation"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(conversations.len(), 1, "one customer, one conversation: {conversations:?}");
    let live = world.app.get("/v1/conversations", &world.agent).await.expect(200);
    assert_eq!(live["items"].as_array().unwrap().len(), 1);
}
