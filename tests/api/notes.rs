//! Internal notes: agents see them in order with the chat and resume them; a mention
//! reaches the agent named; the customer never gets a note by any road — their
//! stream (live or replayed), messages, the reply email, customer-facing webhooks.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{World, group, in_secs};
use crate::receivers::{SmtpServer, WebhookReceiver, free_addr};
use crate::sse::SseClient;

const SECRET: &str = "Refund approved by billing, do not promise a date";

fn notes_of(id: &str) -> String {
    format!("/v1/conversations/{id}/notes")
}

/// Every event of a stream until nothing comes for half a second.
async fn drain(stream: &mut SseClient) -> Vec<(String, Value)> {
    let mut seen = Vec::new();
    while let Some(event) = stream.next_within(Duration::from_millis(500)).await {
        seen.push((event.event, event.data));
    }
    seen
}

fn mentions_secret(events: &[(String, Value)]) -> bool {
    events.iter().any(|(_, data)| data.to_string().contains(SECRET))
}

#[tokio::test]
async fn a_note_reaches_agents_in_order_and_never_the_customer() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (bob_id, bob) = app.online_agent(&world.admin, "Bob").await;
    let everything = WebhookReceiver::start(vec![]).await;
    let notes_only = WebhookReceiver::start(vec![]).await;
    app.post("/v1/webhooks", &world.admin, json!({"url": everything.url, "event_types": ["*"]})).await.expect(201);
    let subscribed = json!({"url": notes_only.url, "event_types": ["conversation.note_added"]});
    app.post("/v1/webhooks", &world.admin, subscribed).await.expect(201);

    let (id, customer) = world.active_conversation("c-1").await;
    let mut ada = SseClient::open(&app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    let start = ada.expect("stream.ready").await.data["last_event_id"].as_i64().unwrap();
    let mut bob_mine = SseClient::open(&app.address, "/v1/streams/agent?scope=mine", Some(&bob), None).await;
    bob_mine.expect("stream.ready").await;
    let mut the_customer = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), None).await;
    the_customer.expect("stream.ready").await;

    let messages = format!("/v1/conversations/{id}/messages");
    app.post(&messages, &customer, json!({"text": "where is my refund?"})).await.expect(201);
    let note = json!({"text": SECRET, "mentions": [bob_id, bob_id]});
    let added = app.post(&notes_of(&id), &world.agent, note).await.expect(201);
    assert_eq!(added["author"]["name"], "Ada");
    assert_eq!(added["mentions"], json!([{"id": bob_id, "name": "Bob"}]), "each agent mentioned once");
    app.post(&messages, &world.agent, json!({"text": "It is on its way."})).await.expect(201);

    // Ada's stream: the note between the two messages, as it was written.
    let seen = drain(&mut ada).await;
    let chat: Vec<&str> = seen
        .iter()
        .filter(|(event, _)| event == "message.created" || event == "conversation.note_added")
        .map(|(event, _)| event.as_str())
        .collect();
    assert_eq!(chat, ["message.created", "conversation.note_added", "message.created"]);
    assert!(!seen.iter().any(|(event, _)| event == "agent.mentioned"), "Ada was not mentioned");
    // Bob's `mine` stream: not his conversation, so no note, but his mention.
    let bobs = drain(&mut bob_mine).await;
    let mention = bobs.iter().find(|(event, _)| event == "agent.mentioned").expect("Bob is told");
    assert_eq!(mention.1["agent_id"], bob_id.as_str());
    assert_eq!(mention.1["note"]["text"], SECRET);
    assert!(!bobs.iter().any(|(event, _)| event == "conversation.note_added"));
    // The customer: the messages, never the note (live, nor replayed from the start).
    let theirs = drain(&mut the_customer).await;
    assert_eq!(theirs.iter().filter(|(event, _)| event == "message.created").count(), 2);
    assert!(!mentions_secret(&theirs), "{theirs:?}");
    let mut replayed = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), Some(0)).await;
    let replay = drain(&mut replayed).await;
    assert!(replay.iter().any(|(event, _)| event == "stream.ready"));
    assert!(!mentions_secret(&replay), "{replay:?}");
    // Resuming an agent stream replays the note in its place.
    let mut resumed = SseClient::open(&app.address, "/v1/streams/agent", Some(&world.agent), Some(start)).await;
    let again = drain(&mut resumed).await;
    let order: Vec<&str> = again.iter().map(|(event, _)| event.as_str()).collect();
    let note_at = order.iter().position(|event| *event == "conversation.note_added").expect("the note replays");
    assert_eq!(order.iter().filter(|event| **event == "message.created").count(), 2);
    assert!(order[..note_at].contains(&"message.created") && order[note_at..].contains(&"message.created"));

    // REST: agents list notes; the customer's messages and a customer's token hold none.
    let listed = app.get(&notes_of(&id), &bob).await.expect(200);
    assert_eq!(listed["items"][0]["text"], SECRET);
    let history = app.all_messages(&customer, &id).await;
    assert!(!Value::from(history).to_string().contains(SECRET));
    let refused = app.call(Method::GET, &notes_of(&id), Some(&customer), None).await;
    assert_eq!(refused.status, 401, "notes take an agent token: {}", refused.body);
    let written = app.call(Method::POST, &notes_of(&id), Some(&customer), Some(json!({"text": "x"}))).await;
    assert_eq!(written.status, 401);

    // The admin export has the note beside the messages, not among them.
    let customer_id =
        world.app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200)["customer"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let export = app.get(&format!("/v1/customers/{customer_id}/export"), &world.admin).await.expect(200);
    let exported = &export["conversations"][0];
    assert_eq!(exported["notes"][0]["text"], SECRET);
    assert!(!exported["messages"].to_string().contains(SECRET));

    // Webhooks: only the endpoint that names the topic gets the note.
    app.deliver_outbox().await;
    let to_all: Vec<Value> = everything.received().iter().map(|hook| hook.json()).collect();
    assert!(to_all.iter().any(|hook| hook["type"] == "message.created"), "{to_all:?}");
    assert!(!Value::from(to_all).to_string().contains(SECRET), "`*` leaves notes out");
    let hooks = notes_only.wait_for(1).await;
    assert_eq!(hooks[0].json()["type"], "conversation.note_added");
    assert_eq!(hooks[0].json()["data"]["text"], SECRET);
}

fn mail_via(smtp: SocketAddr) -> impl FnOnce(&mut livechat::Settings) {
    move |settings| {
        settings.smtp.host = Some("127.0.0.1".into());
        settings.smtp.port = smtp.port();
        settings.smtp.tls = livechat::config::SmtpTls::None;
        settings.smtp.reply_notification_window = Duration::from_secs(60);
    }
}

#[tokio::test]
async fn a_note_stays_out_of_the_reply_email() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    world.app.post(&notes_of(&id), &world.agent, json!({"text": SECRET})).await.expect(201);
    let reply = json!({"text": "We found your parcel."});
    world.app.post(&format!("/v1/conversations/{id}/messages"), &world.agent, reply).await.expect(201);
    world.app.post(&notes_of(&id), &world.agent, json!({"text": SECRET})).await.expect(201);
    world.app.run_housekeeping_at(in_secs(24 * 3600)).await;
    assert_eq!(world.app.deliver_outbox().await, 1);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("We found your parcel."));
    assert!(!mails[0].contains("Refund approved"), "the note is not in the email:\n{}", mails[0]);
}

#[tokio::test]
async fn notes_follow_the_conversation_after_it_ends_and_refuse_bad_input() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, _) = world.active_conversation("c-1").await;
    let path = notes_of(&id);

    let long = "x".repeat(4001);
    app.post(&path, &world.agent, json!({"text": long})).await.expect_problem(422, "invalid_input");
    app.post(&path, &world.agent, json!({"text": "  "})).await.expect_problem(422, "invalid_input");
    let stranger = uuid::Uuid::now_v7().to_string();
    let unknown = app.post(&path, &world.agent, json!({"text": "hi", "mentions": [stranger]})).await;
    let problem = unknown.expect_problem(422, "invalid_input");
    assert!(problem["detail"].as_str().unwrap().contains(&stranger), "{problem}");
    let crowd: Vec<String> = (0..21).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    // Past the spec's `maxItems` the body is not of the published shape.
    let crowded = app.post(&path, &world.agent, json!({"text": "hi", "mentions": crowd})).await;
    assert!(crowded.expect_problem(400, "invalid_request")["detail"].as_str().unwrap().contains("maxItems(20)"));
    // An agent of another department does not see the chat, so cannot be told of it.
    let billing = group(app, &world.admin, "Billing").await;
    let module = app.module(&world.admin, json!({"group_id": billing})).await;
    let entered = app.enter(&world.api_key, &module, "c-2", json!({})).await.expect(201);
    let billing_chat = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let (carl_id, carl) = app.online_agent(&world.admin, "Carl").await;
    let body =
        json!({"email": "dora@example.com", "name": "Dora", "password": "agent-password-1", "group_ids": [billing]});
    let dora = app.post("/v1/agents", &world.admin, body).await.expect(201)["id"].as_str().unwrap().to_owned();
    let hidden = json!({"text": "see billing", "mentions": [carl_id]});
    app.post(&notes_of(&billing_chat), &world.admin, hidden).await.expect_problem(422, "invalid_input");
    app.post(&notes_of(&billing_chat), &carl, json!({"text": "hi"})).await.expect_problem(404, "not_found");
    app.get(&notes_of(&billing_chat), &carl).await.expect_problem(404, "not_found");
    let told = json!({"text": "for billing", "mentions": [dora]});
    app.post(&notes_of(&billing_chat), &world.admin, told).await.expect(201);
    assert_eq!(app.get(&path, &world.agent).await.expect(200)["items"], json!([]), "nothing was stored");

    // Ended: notes go on, and any agent who sees it may add one.
    app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    app.post(&path, &carl, json!({"text": "followed up by phone"})).await.expect(201);
    app.post(&path, &world.agent, json!({"text": "thanks"})).await.expect(201);
    let first = app.get(&format!("{path}?limit=1"), &world.agent).await.expect(200);
    assert_eq!(first["items"][0]["text"], "followed up by phone");
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = app.get(&format!("{path}?limit=1&cursor={cursor}"), &world.agent).await.expect(200);
    assert_eq!(second["items"][0]["text"], "thanks");
    assert!(second["next_cursor"].is_null());
}
