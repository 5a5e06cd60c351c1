//! Presence derived from open streams. The servers run their presence rounds only when
//! a test says so, at the time it says.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{TestApp, World, in_secs, noticed};
use crate::sse::SseClient;

/// A closed connection is noticed at once; a vanished client when the server next
/// writes to it, at the latest with the keep-alive, which the tests keep short.
fn short_keep_alive(settings: &mut livechat::Settings) {
    settings.streams.agent_presence_grace = std::time::Duration::from_secs(60);
    settings.streams.customer_presence_grace = std::time::Duration::from_secs(5);
    settings.streams.keep_alive = std::time::Duration::from_secs(1);
}

async fn customer_online(app: &TestApp, token: &str, id: &str) -> serde_json::Value {
    app.get(&format!("/v1/conversations/{id}"), token).await.expect(200)["customer"]["online"].clone()
}

#[tokio::test]
async fn a_customer_is_online_while_a_stream_is_open() {
    let world = World::new_with(json!({}), short_keep_alive).await;
    let (id, customer) = world.customer("c-1").await;
    assert_eq!(customer_online(&world.app, &world.agent, &id).await, false);
    let mut agent_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agent_stream.expect("stream.ready").await;
    let stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    assert_eq!(customer_online(&world.app, &world.agent, &id).await, true);
    let online = agent_stream.expect("customer.presence_changed").await;
    assert_eq!(
        (online.data["online"].as_bool(), online.data["conversation_id"].as_str()),
        (Some(true), Some(id.as_str()))
    );
    world.app.run_presence_at(in_secs(600)).await;
    assert_eq!(customer_online(&world.app, &world.agent, &id).await, true, "an open stream keeps the customer online");
    let closes = world.app.closed_streams();
    drop(stream);
    noticed(closes, 1).await;
    world.app.run_presence_at(in_secs(6)).await;
    assert_eq!(customer_online(&world.app, &world.agent, &id).await, false, "offline once the grace is over");
    let offline = agent_stream.expect("customer.presence_changed").await;
    assert_eq!(offline.data["online"], false);
}

#[tokio::test]
async fn a_reload_within_the_grace_does_not_flap() {
    let world = World::new_with(json!({}), short_keep_alive).await;
    let (id, customer) = world.customer("c-1").await;
    let stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    let mut agent_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agent_stream.expect("stream.ready").await;
    let closes = world.app.closed_streams();
    drop(stream);
    noticed(closes, 1).await;
    world.app.run_presence_at(in_secs(2)).await;
    let _reloaded = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    world.app.run_presence_at(in_secs(60)).await;
    while let Some(event) = agent_stream.next_within(Duration::from_millis(700)).await {
        assert_ne!(event.event, "customer.presence_changed", "presence flapped on a reload");
    }
    assert_eq!(customer_online(&world.app, &world.agent, &id).await, true);
}

async fn presence_of(app: &TestApp, token: &str) -> serde_json::Value {
    app.get("/v1/me", token).await.expect(200)["presence"].clone()
}

#[tokio::test]
async fn an_agent_whose_streams_are_gone_is_set_offline_and_others_hear_it() {
    let world = World::new_with(json!({}), short_keep_alive).await;
    let (_, bob) = world.app.online_agent(&world.admin, "Bob").await;
    let bobs_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&bob), None).await;
    let mut adas_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    adas_stream.expect("stream.ready").await;
    world.app.run_presence_at(in_secs(600)).await;
    assert_eq!(presence_of(&world.app, &bob).await, "online", "an open stream backs presence");
    let closes = world.app.closed_streams();
    drop(bobs_stream);
    noticed(closes, 1).await;
    world.app.run_presence_at(in_secs(61)).await;
    assert_eq!(presence_of(&world.app, &bob).await, "offline", "offline once the grace is over");
    let event = adas_stream.expect("agent.presence_changed").await;
    assert_eq!((event.data["name"].as_str(), event.data["presence"].as_str()), (Some("Bob"), Some("offline")));
    assert_eq!(event.data["reason"], "no_open_stream");
    assert_eq!(presence_of(&world.app, &world.agent).await, "online", "Ada's stream keeps her online");
}

#[tokio::test]
async fn an_agent_without_a_stream_goes_offline_when_the_grace_is_over_and_not_before() {
    let world = World::new_with(
        json!({"async_enabled": false, "fallback_target": {"kind": "experience", "id": "later"}}),
        short_keep_alive,
    )
    .await;
    world.app.run_presence_at(in_secs(58)).await;
    assert_eq!(presence_of(&world.app, &world.agent).await, "online", "within the 60 s grace");
    world.app.run_presence_at(in_secs(61)).await;
    assert_eq!(presence_of(&world.app, &world.agent).await, "offline");
    let result = world.app.enter(&world.api_key, &world.module_id, "c-1", json!({})).await.expect(201);
    assert_eq!(result["outcome"], "exited", "nobody online: async off exits at once");
    assert_eq!(result["conversation"]["exit"]["reason"], "no_agent_available");
}
