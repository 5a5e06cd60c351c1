//! Streams: what each side sees, resuming without loss or repetition, typing and seen.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::helpers::World;
use crate::sse::SseClient;

const QUIET: Duration = Duration::from_millis(700);

#[tokio::test]
async fn a_customer_stream_carries_its_own_conversation_and_nothing_else() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.customer("c-1").await;
    let (other, other_customer) = world.customer("c-2").await;
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    stream.expect("stream.ready").await;
    let claim = world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    let claimed = stream.expect("conversation.claimed").await;
    assert_eq!(claimed.data["id"], id.as_str());
    assert_eq!(claimed.data["agent"]["name"], "Ada");
    assert_eq!(claimed.data, claim, "a conversation event and the REST body of the change have one shape");
    world
        .app
        .post(&format!("/v1/conversations/{other}/messages"), &other_customer, json!({"text": "not yours"}))
        .await
        .expect(201);
    let sent = world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "Hi!"}))
        .await
        .expect(201);
    let mut message = stream.expect("message.created").await;
    let instant = |value: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap();
    assert_eq!(instant(&message.data["created_at"]), instant(&sent["created_at"]));
    message.data["created_at"] = sent["created_at"].clone();
    assert_eq!(message.data, sent, "stream data and REST body have one shape");
    assert!(message.id.is_some());
    world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    let ended = stream.expect("conversation.ended").await;
    assert_eq!(ended.data["exit"]["reason"], "agent_ended");
    assert_eq!(ended.data["variables"]["live_agent_name"], "Ada");
    while let Some(event) = stream.next_within(QUIET).await {
        let about = [&event.data["conversation_id"], &event.data["id"]];
        assert!(!about.iter().any(|id| **id == other.as_str()), "another customer's event leaked: {event:?}");
    }
}

#[tokio::test]
async fn an_agent_stream_follows_the_live_list() {
    let world = World::new(json!({})).await;
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    let ready = stream.expect("stream.ready").await;
    assert!(ready.id.is_some());
    let (id, customer) = world.customer("c-1").await;
    let waiting = stream.expect("conversation.waiting").await;
    assert_eq!(waiting.data["id"], id.as_str());
    world.app.post(&format!("/v1/conversations/{id}/messages"), &customer, json!({"text": "hello"})).await.expect(201);
    let message = stream.expect("message.created").await;
    assert_eq!(message.data["content"]["text"], "hello");
    let (_, bob) = world.app.agent(&world.admin, "Bob").await;
    world.app.set_presence(&bob, "online").await;
    let presence = stream.expect("agent.presence_changed").await;
    assert_eq!((presence.data["name"].as_str(), presence.data["presence"].as_str()), (Some("Bob"), Some("online")));
}

#[tokio::test]
async fn resuming_with_last_event_id_delivers_every_later_event_exactly_once() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    stream.expect("stream.ready").await;
    world.app.post(&path, &world.agent, json!({"text": "one"})).await.expect(201);
    let first = stream.expect("message.created").await;
    drop(stream);
    for text in ["two", "three", "four"] {
        world.app.post(&path, &world.agent, json!({"text": text})).await.expect(201);
    }
    let mut resumed = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), first.id).await;
    let mut texts = Vec::new();
    while let Some(event) = resumed.next_within(QUIET).await {
        if event.event == "message.created" {
            texts.push(event.data["content"]["text"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(texts, vec!["two", "three", "four"]);

    let query = format!("/v1/streams/customer?access_token={customer}&last_event_id={}", first.id.unwrap());
    let mut by_query = SseClient::open(&world.app.address, &query, None, None).await;
    assert_eq!(by_query.expect("message.created").await.data["content"]["text"], "two");
}

#[tokio::test]
async fn a_stream_past_its_lifetime_asks_the_client_back_and_nothing_is_lost() {
    let world =
        World::new_with(json!({}), |settings| settings.streams.max_lifetime = Some(std::time::Duration::from_secs(1)))
            .await;
    let (id, customer) = world.active_conversation("c-1").await;
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    let ready = stream.expect("stream.ready").await;
    let reconnect = stream.expect("stream.reconnect").await;
    assert!(reconnect.id.is_none());
    assert!(reconnect.data["reason"].as_str().unwrap().contains("maximum duration"));
    assert!(stream.ends_within(Duration::from_secs(2)).await, "the stream ended");

    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "while away"})).await.expect(201);
    let mut resumed = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), ready.id).await;
    assert_eq!(resumed.expect("message.created").await.data["content"]["text"], "while away");
}

#[tokio::test]
async fn a_resume_point_the_server_does_not_have_is_reported() {
    let world = World::new(json!({})).await;
    let mut stream =
        SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), Some(1_000_000)).await;
    let reset = stream.expect("stream.reset").await;
    assert!(reset.data["reason"].as_str().unwrap().contains("unknown"));
    stream.expect("stream.ready").await;
}

#[tokio::test]
async fn a_resume_point_older_than_the_retention_window_is_reported() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "old"})).await.expect(201);
    // A month and a day later, the default window of 30 days has passed for these events.
    let later = chrono::Utc::now() + chrono::Duration::days(31);
    let purged = world.app.handle().purge_events(later).await.unwrap();
    assert!(purged > 0);
    world.app.post(&path, &world.agent, json!({"text": "new"})).await.expect(201);
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), Some(1)).await;
    let reset = stream.expect("stream.reset").await;
    assert!(reset.data["reason"].as_str().unwrap().contains("retention"));
}

#[tokio::test]
async fn streams_refuse_wrong_credentials() {
    let world = World::new(json!({})).await;
    let (_, customer) = world.customer("c-1").await;
    let reply = world.app.call(Method::GET, "/v1/streams/agent", Some(&customer), None).await;
    reply.expect_problem(401, "unauthorized");
    let reply = world.app.call(Method::GET, "/v1/streams/customer", Some(&world.agent), None).await;
    reply.expect_problem(401, "unauthorized");
    let reply = world.app.call(Method::GET, "/v1/streams/customer?access_token=forged", None, None).await;
    reply.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn typing_reaches_the_other_side_only_and_is_rate_limited() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let mut agent_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    let mut customer_stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    agent_stream.expect("stream.ready").await;
    customer_stream.expect("stream.ready").await;
    let path = format!("/v1/conversations/{id}/typing");
    assert_eq!(world.app.post(&path, &customer, json!({})).await.expect(202)["forwarded"], true);
    assert_eq!(world.app.post(&path, &customer, json!({})).await.expect(202)["forwarded"], false);
    let typing = agent_stream.expect("typing").await;
    assert_eq!(typing.id, None, "typing is not stored");
    assert_eq!(
        (typing.data["side"].as_str(), typing.data["conversation_id"].as_str()),
        (Some("customer"), Some(id.as_str()))
    );
    world.app.post(&path, &world.agent, json!({})).await.expect(202);
    let typing = customer_stream.expect("typing").await;
    assert_eq!(typing.data["agent"]["name"], "Ada");
    while let Some(event) = customer_stream.next_within(QUIET).await {
        assert_ne!(event.event, "typing", "the customer's own typing came back");
    }
}

#[tokio::test]
async fn seen_marks_are_stored_per_side_and_announced() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let sent = world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hi"}))
        .await
        .expect(201);
    let mut agent_stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agent_stream.expect("stream.ready").await;
    let path = format!("/v1/conversations/{id}/seen");
    let seq = sent["seq"].as_i64().unwrap();
    let seen = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"seq": seq}))).await.expect(200);
    assert_eq!((seen["customer_seen_seq"].as_i64(), seen["agent_seen_seq"].as_i64()), (Some(seq), Some(0)));
    let event = agent_stream.expect("conversation.seen").await;
    assert_eq!(event.data["customer_seen_seq"].as_i64(), Some(seq));
    let back = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"seq": 1}))).await.expect(200);
    assert_eq!(back["customer_seen_seq"].as_i64(), Some(seq), "marks only move forward");
    let beyond = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"seq": seq + 1}))).await;
    beyond.expect_problem(422, "invalid_input");
}

#[tokio::test]
async fn open_streams_per_subject_are_bounded() {
    let world =
        World::new_with(json!({}), |settings| settings.streams.keep_alive = std::time::Duration::from_secs(1)).await;
    let (_, customer) = world.customer("c-1").await;
    let mut open = Vec::new();
    for _ in 0..livechat::service::core::presence::MAX_STREAMS_PER_SUBJECT {
        open.push(SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await);
    }
    let reply = world.app.call(Method::GET, "/v1/streams/customer", Some(&customer), None).await;
    reply.expect_problem(429, "too_many_streams");
    drop(open.pop());
    // The server frees the slot once it notices the closed stream.
    let _again = crate::helpers::eventually("a slot freed by the closed stream", || async {
        let url = format!("{}/v1/streams/customer", world.app.address);
        let response = world.app.client.get(url).bearer_auth(&customer).send().await.unwrap();
        (response.status() == 200).then_some(response)
    })
    .await;
}

#[tokio::test]
async fn an_agent_stream_scoped_to_mine_carries_the_live_list_and_only_its_own_chats() {
    let world = World::new(json!({})).await;
    let (_, bob) = world.app.online_agent(&world.admin, "Bob").await;
    let path = "/v1/streams/agent?scope=mine";
    let mut mine = SseClient::open(&world.app.address, path, Some(&bob), None).await;
    let ready = mine.expect("stream.ready").await;
    let (adas, ada_customer) = world.active_conversation("c-ada").await;
    let (bobs, bob_customer) = world.customer("c-bob").await;
    world.app.post(&format!("/v1/conversations/{bobs}/claim"), &bob, json!({})).await.expect(200);
    for (id, token, text) in [(&adas, &ada_customer, "for Ada"), (&bobs, &bob_customer, "for Bob")] {
        world.app.post(&format!("/v1/conversations/{id}/messages"), token, json!({"text": text})).await.expect(201);
    }
    world.app.post(&format!("/v1/conversations/{adas}/typing"), &ada_customer, json!({})).await.expect(202);
    world.app.post(&format!("/v1/conversations/{bobs}/typing"), &bob_customer, json!({})).await.expect(202);

    let chat_of = |events: &[crate::sse::SseEvent]| -> Vec<(String, String)> {
        events
            .iter()
            .filter(|event| ["message.created", "typing", "conversation.seen"].contains(&event.event.as_str()))
            .map(|event| {
                let conversation = event.data["conversation_id"].as_str().unwrap_or_default();
                let who = if conversation == adas { "Ada's" } else { "Bob's" };
                (event.event.clone(), who.to_owned())
            })
            .collect()
    };
    let mut live = Vec::new();
    while let Some(event) = mine.next_within(QUIET).await {
        live.push(event);
    }
    let count = |name: &str| live.iter().filter(|event| event.event == name).count();
    let live_list = (count("conversation.waiting"), count("conversation.claimed"));
    assert_eq!(live_list, (2, 2), "the Live list comes whole: {live:?}");
    let own = vec![("message.created".to_owned(), "Bob's".to_owned()), ("typing".to_owned(), "Bob's".to_owned())];
    assert_eq!(chat_of(&live), own);

    let mut resumed = SseClient::open(&world.app.address, path, Some(&bob), ready.id).await;
    let mut replayed = Vec::new();
    while let Some(event) = resumed.next_within(QUIET).await {
        replayed.push(event);
    }
    assert_eq!(chat_of(&replayed), own[..1], "a replay keeps the scope (typing is not stored)");

    let mut everything = SseClient::open(&world.app.address, "/v1/streams/agent?scope=all", Some(&bob), ready.id).await;
    let mut all = Vec::new();
    while let Some(event) = everything.next_within(QUIET).await {
        all.push(event);
    }
    let whose: std::collections::BTreeSet<String> = chat_of(&all).into_iter().map(|(_, whose)| whose).collect();
    assert_eq!(whose.len(), 2, "scope=all replays both conversations' messages: {all:?}");

    let wrong = world.app.get("/v1/streams/agent?scope=theirs", &bob).await;
    wrong.expect_problem(400, "invalid_request");
}
