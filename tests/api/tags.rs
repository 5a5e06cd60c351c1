//! Tags: admins keep them, the bot platform names them at entry, agents tag and untag
//! conversations and filter by them; customers never see them, on REST or their stream.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::World;
use crate::sse::SseClient;

fn names(conversation: &Value) -> Vec<String> {
    conversation["tags"].as_array().unwrap().iter().map(|tag| tag["name"].as_str().unwrap().to_owned()).collect()
}

async fn tag(world: &World, name: &str) -> String {
    world.app.post("/v1/tags", &world.admin, json!({"name": name})).await.expect(201)["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn admins_keep_tags_and_bad_names_are_refused() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    tag(&world, "Refund").await;
    tag(&world, "vip").await;
    app.post("/v1/tags", &world.admin, json!({"name": "refund"})).await.expect_problem(409, "tag_name_taken");
    app.post("/v1/tags", &world.admin, json!({"name": "bad\u{1b}[31m"})).await.expect_problem(422, "invalid_input");
    app.post("/v1/tags", &world.admin, json!({"name": "two\nlines"})).await.expect_problem(422, "invalid_input");
    app.post("/v1/tags", &world.admin, json!({"name": "x".repeat(51)})).await.expect_problem(422, "invalid_input");
    app.post("/v1/tags", &world.agent, json!({"name": "mine"})).await.expect_problem(403, "admin_required");
    let listed = app.get("/v1/tags", &world.agent).await.expect(200);
    let listed: Vec<&str> =
        listed["items"].as_array().unwrap().iter().map(|tag| tag["name"].as_str().unwrap()).collect();
    assert_eq!(listed, ["Refund", "vip"]);
}

#[tokio::test]
async fn agents_tag_conversations_and_customers_never_see_the_tags() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let vip = tag(&world, "VIP").await;
    let refund = tag(&world, "refund").await;

    // The bot platform names tags at entry, in any case; an unknown one stores nothing.
    let refused = app.enter(&world.api_key, &world.module_id, "c-0", json!({"tags": ["vip", "nope"]})).await;
    assert!(refused.expect_problem(422, "invalid_input")["detail"].as_str().unwrap().contains("nope"));
    let live = app.get("/v1/conversations", &world.agent).await.expect(200);
    assert_eq!(live["items"], json!([]), "nothing was stored");
    let entered = app.enter(&world.api_key, &world.module_id, "c-1", json!({"tags": ["vip"]})).await.expect(201);
    assert_eq!(names(&entered["conversation"]), ["VIP"], "the bot platform sees the tags it gave");
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    app.enter(&world.api_key, &world.module_id, "c-2", json!({})).await.expect(201);

    let mut agent_stream = SseClient::open(&app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agent_stream.expect("stream.ready").await;
    let mut customer_stream = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), None).await;
    customer_stream.expect("stream.ready").await;

    let tagged =
        app.call(Method::PUT, &format!("/v1/conversations/{id}/tags/{refund}"), Some(&world.agent), None).await;
    assert_eq!(names(&tagged.expect(200)), ["refund", "VIP"]);
    let event = agent_stream.expect("conversation.tagged").await;
    assert_eq!(names(&event.data), ["refund", "VIP"]);
    // Tagging again changes nothing and tells nobody.
    app.call(Method::PUT, &format!("/v1/conversations/{id}/tags/{refund}"), Some(&world.agent), None).await.expect(200);
    app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    let claimed = agent_stream.next_within(Duration::from_secs(5)).await.expect("the claim");
    assert_eq!(claimed.event, "conversation.claimed", "no second conversation.tagged");
    assert_eq!(names(&claimed.data), ["refund", "VIP"]);

    // Filters: the Live list by tag.
    let by_tag = app.get(&format!("/v1/conversations?tag_id={refund}"), &world.agent).await.expect(200);
    let ids: Vec<&str> = by_tag["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [id.as_str()]);

    // The customer: no tag event, and the conversation without tags, live and replayed, on REST.
    let claimed_for_customer = customer_stream.expect("conversation.claimed").await;
    assert_eq!(claimed_for_customer.data["tags"], json!([]));
    let mut replay = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), Some(0)).await;
    while let Some(event) = replay.next_within(Duration::from_millis(500)).await {
        assert_ne!(event.event, "conversation.tagged");
        assert!(!event.data.to_string().contains("VIP"), "{}: {}", event.event, event.data);
    }
    assert_eq!(app.get(&format!("/v1/conversations/{id}"), &customer).await.expect(200)["tags"], json!([]));
    let theirs = app.get("/v1/conversations", &customer).await.expect(200);
    assert_eq!(theirs["items"][0]["tags"], json!([]));
    assert_eq!(
        app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200)["tags"].as_array().unwrap().len(),
        2
    );

    // Untagging: once, then nothing; a deleted tag leaves every conversation.
    let path = format!("/v1/conversations/{id}/tags/{refund}");
    assert_eq!(names(&app.call(Method::DELETE, &path, Some(&world.agent), None).await.expect(200)), ["VIP"]);
    assert_eq!(names(&agent_stream.expect("conversation.untagged").await.data), ["VIP"]);
    app.call(Method::DELETE, &path, Some(&world.agent), None).await.expect(200);
    app.call(Method::DELETE, &format!("/v1/tags/{vip}"), Some(&world.agent), None)
        .await
        .expect_problem(403, "admin_required");
    app.call(Method::DELETE, &format!("/v1/tags/{vip}"), Some(&world.admin), None).await.expect(204);
    assert_eq!(app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200)["tags"], json!([]));
    let unknown = format!("/v1/conversations/{id}/tags/{vip}");
    app.call(Method::PUT, &unknown, Some(&world.agent), None).await.expect_problem(404, "not_found");
    assert_eq!(app.call(Method::PUT, &unknown, Some(&customer), None).await.status, 401, "customers do not tag");
    assert!(
        agent_stream
            .next_within(Duration::from_millis(500))
            .await
            .is_none_or(|event| event.event != "conversation.untagged")
    );
}
