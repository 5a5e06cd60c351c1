//! After the chat: the customer rates it when the module asks (CSAT), and gets its
//! transcript by email on request or by itself at the end — never with internal notes.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{World, in_secs};
use crate::receivers::{SmtpServer, free_addr};
use crate::sse::SseClient;

fn rate(world: &World, id: &str, token: &str, body: Value) -> impl std::future::Future<Output = crate::helpers::Reply> {
    let path = format!("/v1/conversations/{id}/rating");
    let (app, token) = (&world.app, token.to_owned());
    async move { app.call(reqwest::Method::PUT, &path, Some(&token), Some(body)).await }
}

#[tokio::test]
async fn a_served_chat_asks_for_a_rating_which_the_customer_may_change_for_a_while() {
    let world = World::new(json!({"csat": {"scale": "five_point", "change_window_secs": 600}})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    rate(&world, &id, &customer, json!({"score": 5})).await.expect_problem(409, "rating_not_asked");
    let mut theirs = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), None).await;
    theirs.expect("stream.ready").await;
    let mut agents = SseClient::open(&app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agents.expect("stream.ready").await;

    let ended = app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    assert_eq!(
        ended["rating"],
        json!({"scale": "five_point", "score": null, "comment": null, "rated_at": null, "changeable_until": null})
    );
    assert_eq!(theirs.expect("conversation.ended").await.data["rating"]["scale"], "five_point");
    let asked = theirs.next_within(Duration::from_secs(5)).await.expect("the request to rate");
    assert_eq!(asked.event, "conversation.rating_requested");

    for score in [0, 6, -1] {
        rate(&world, &id, &customer, json!({"score": score})).await.expect_problem(422, "invalid_input");
    }
    let long = "x".repeat(1001);
    rate(&world, &id, &customer, json!({"score": 4, "comment": long})).await.expect_problem(422, "invalid_input");
    rate(&world, &id, &world.agent, json!({"score": 4})).await.expect_problem(401, "unauthorized");
    let rated = rate(&world, &id, &customer, json!({"score": 2, "comment": "slow"})).await.expect(200);
    assert_eq!((rated["rating"]["score"].as_i64(), rated["rating"]["comment"].as_str()), (Some(2), Some("slow")));
    assert!(rated["rating"]["changeable_until"].is_string());
    let told = agents.expect("conversation.rated").await;
    assert_eq!(told.data["rating"]["score"], 2);
    // Changed within the window: the new score is the one reported.
    rate(&world, &id, &customer, json!({"score": 5})).await.expect(200);
    let outcome = app.get(&format!("/v1/conversations/{id}/outcome"), &world.api_key).await.expect(200);
    assert_eq!((outcome["rating"]["score"].as_i64(), outcome["variables"]["live_rating"].as_i64()), (Some(5), Some(5)));
    assert!(outcome["rating"]["comment"].is_null());
}

#[tokio::test]
async fn a_rating_closes_after_its_window_and_some_chats_are_never_asked() {
    let world = World::new(json!({"csat": {"scale": "good_bad", "change_window_secs": 0}})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    rate(&world, &id, &customer, json!({"score": 2})).await.expect_problem(422, "invalid_input");
    rate(&world, &id, &customer, json!({"score": 1})).await.expect(200);
    rate(&world, &id, &customer, json!({"score": 0})).await.expect_problem(409, "rating_closed");
    let kept = app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200);
    assert_eq!(kept["rating"]["score"], 1, "nothing changed after the window");

    // Never served (the customer left while waiting), or blocked: not asked.
    let (waiting, theirs) = world.customer("c-2").await;
    app.post(&format!("/v1/conversations/{waiting}/leave"), &theirs, json!({})).await.expect(200);
    rate(&world, &waiting, &theirs, json!({"score": 1})).await.expect_problem(409, "rating_not_asked");
    let (blocked, blocked_token) = world.active_conversation("c-3").await;
    let ended = app.post(&format!("/v1/conversations/{blocked}/block"), &world.agent, json!({})).await.expect(200);
    assert!(ended["rating"].is_null());
    rate(&world, &blocked, &blocked_token, json!({"score": 1})).await.expect_problem(409, "rating_not_asked");
}

fn mail_via(smtp: SocketAddr) -> impl FnOnce(&mut livechat::Settings) {
    move |settings| {
        settings.smtp.host = Some("127.0.0.1".into());
        settings.smtp.port = smtp.port();
        settings.smtp.tls = livechat::config::SmtpTls::None;
    }
}

async fn deliver(world: &World) -> usize {
    world.app.run_housekeeping_at(in_secs(1)).await;
    world.app.deliver_outbox().await
}

#[tokio::test]
async fn a_transcript_goes_out_once_without_notes() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let app = &world.app;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    let messages = format!("/v1/conversations/{id}/messages");
    app.post(&messages, &customer, json!({"text": "Where is my <parcel>?"})).await.expect(201);
    app.post(&format!("/v1/conversations/{id}/notes"), &world.agent, json!({"text": "internal: courier lost it"}))
        .await
        .expect(201);
    app.post(&messages, &world.agent, json!({"text": "It ships tomorrow."})).await.expect(201);

    let path = format!("/v1/conversations/{id}/transcript");
    let queued = app.post(&path, &customer, json!({})).await.expect(202);
    assert_eq!(queued["to"], "grace@example.com");
    app.post(&path, &customer, json!({})).await.expect(202);
    assert_eq!(deliver(&world).await, 1, "two requests before it is queued: one email");
    assert_eq!(deliver(&world).await, 0);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    for expected in [
        "To: grace@example.com",
        "Subject: The transcript of your chat",
        "Grace:",
        "Where is my <parcel>?",
        "Ada:",
        "It ships tomorrow.",
        "text/html",
        "Where is my &lt;parcel&gt;?",
    ] {
        assert!(mails[0].contains(expected), "missing {expected:?} in:\n{}", mails[0]);
    }
    assert!(!mails[0].contains("courier lost it"), "no internal note in a transcript");
    // An agent sends one for the customer, elsewhere; a bad address is refused.
    let other = json!({"email": "grace@work.example.com"});
    assert_eq!(app.post(&path, &world.agent, other).await.expect(202)["to"], "grace@work.example.com");
    assert_eq!(deliver(&world).await, 1);
    assert!(smtp.received()[1].contains("To: grace@work.example.com"));
    app.post(&path, &customer, json!({"email": "not-an-email"})).await.expect_problem(422, "invalid_input");
    let (nameless, nameless_token) = world.active_conversation("c-2").await;
    let none = app.post(&format!("/v1/conversations/{nameless}/transcript"), &nameless_token, json!({})).await;
    assert!(none.expect_problem(422, "invalid_input")["detail"].as_str().unwrap().contains("email"));
}

#[tokio::test]
async fn a_module_sends_the_transcript_when_a_served_chat_ends() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({"send_transcript": true}), mail_via(smtp_addr)).await;
    let app = &world.app;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    app.post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "All sorted."}))
        .await
        .expect(201);
    assert_eq!(deliver(&world).await, 0, "nothing while the chat goes on");
    app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    assert_eq!(deliver(&world).await, 1);
    assert!(smtp.received()[0].contains("All sorted."));
    // A chat nobody served sends none, and neither does one without an email.
    let (unserved, theirs) = world.customer("c-2").await;
    app.post(&format!("/v1/conversations/{unserved}/leave"), &theirs, json!({})).await.expect(200);
    let (no_email, _) = world.active_conversation("c-3").await;
    app.post(&format!("/v1/conversations/{no_email}/end"), &world.agent, json!({})).await.expect(200);
    assert_eq!(deliver(&world).await, 0);
    assert_eq!(smtp.received().len(), 1);
}
