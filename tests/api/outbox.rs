//! The module's promises: reply emails, delivery that survives outages, webhooks,
//! timeouts, and customers' data.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{World, eventually};
use crate::receivers::{SmtpServer, WebhookReceiver, free_addr, verify};

fn mail_via(smtp: SocketAddr) -> impl FnOnce(&mut livechat::Settings) {
    move |settings| {
        settings.smtp_host = Some("127.0.0.1".into());
        settings.smtp_port = smtp.port();
        settings.smtp_tls = livechat::config::SmtpTls::None;
        settings.mail_from = "Support <support@example.com>".into();
        settings.mail_reply_to = Some("help@example.com".into());
        settings.chat_url_template = "https://shop.example.com/chat/{conversation_id}".into();
        settings.reply_notification_window_secs = 1;
        settings.outbox_first_retry_ms = 200;
    }
}

/// A conversation whose customer has an email and no stream open.
async fn away_customer(world: &World) -> (String, String) {
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let token = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    (id, token)
}

#[tokio::test]
async fn replies_to_an_away_customer_arrive_in_one_email_once() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, _) = away_customer(&world).await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "We found your parcel."})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "It ships tomorrow."})).await.expect(201);
    let article = json!({"title": "Tracking", "url": "https://help.example.com/track"});
    world.app.post(&format!("/v1/conversations/{id}/articles"), &world.agent, article).await.expect(201);

    let mail = smtp.wait_for(1).await.remove(0);
    for expected in [
        "To: grace@example.com",
        "From: Support <support@example.com>",
        "Reply-To: help@example.com",
        "Subject: Ada replied to your message",
        "Message-ID: <",
        "Date: ",
        "We found your parcel.",
        "It ships tomorrow.",
        "Tracking: https://help.example.com/track",
        &format!("https://shop.example.com/chat/{id}"),
        "text/html",
    ] {
        assert!(mail.contains(expected), "missing {expected:?} in:\n{mail}");
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.received().len(), 1, "never two emails for the same replies");

    world.app.post(&path, &world.agent, json!({"text": "Anything else?"})).await.expect(201);
    let mails = smtp.wait_for(2).await;
    assert!(mails[1].contains("Anything else?"));
    assert!(!mails[1].contains("We found your parcel."), "a reply is told once");
}

#[tokio::test]
async fn no_email_when_the_customer_saw_the_replies_in_time_was_blocked_or_only_got_an_animation() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, customer) = away_customer(&world).await;
    let sent = world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hi"}))
        .await
        .expect(201);
    let seen = json!({"seq": sent["seq"]});
    world.app.call(Method::PUT, &format!("/v1/conversations/{id}/seen"), Some(&customer), Some(seen)).await.expect(200);

    let body = json!({"customer": {"external_id": "c-2", "display_name": "Eve", "email": "eve@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-2", body).await.expect(201);
    let blocked = entered["conversation"]["id"].as_str().unwrap();
    world.app.post(&format!("/v1/conversations/{blocked}/claim"), &world.agent, json!({})).await.expect(200);
    world
        .app
        .post(&format!("/v1/conversations/{blocked}/messages"), &world.agent, json!({"text": "last words"}))
        .await
        .expect(201);
    world.app.post(&format!("/v1/conversations/{blocked}/block"), &world.agent, json!({})).await.expect(200);

    let body = json!({"customer": {"external_id": "c-3", "display_name": "Max", "email": "max@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-3", body).await.expect(201);
    let animated = entered["conversation"]["id"].as_str().unwrap();
    world.app.post(&format!("/v1/conversations/{animated}/claim"), &world.agent, json!({})).await.expect(200);
    let confetti = json!({"name": "confetti"});
    world.app.post(&format!("/v1/conversations/{animated}/animations"), &world.agent, confetti).await.expect(201);

    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(smtp.received().is_empty(), "{:?}", smtp.received());

    // The same world does send the email a text reply calls for, and only that one.
    let body = json!({"customer": {"external_id": "c-4", "display_name": "Ida", "email": "ida@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-4", body).await.expect(201);
    let answered = entered["conversation"]["id"].as_str().unwrap();
    world.app.post(&format!("/v1/conversations/{answered}/claim"), &world.agent, json!({})).await.expect(200);
    let reply = json!({"text": "Your parcel left today."});
    world.app.post(&format!("/v1/conversations/{answered}/messages"), &world.agent, reply).await.expect(201);
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("To: ida@example.com") && mails[0].contains("Your parcel left today."), "{}", mails[0]);
}

#[tokio::test]
async fn an_email_waits_out_an_smtp_outage_and_is_then_delivered() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, _) = away_customer(&world).await;
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hello"}))
        .await
        .expect(201);
    let pending = eventually("two failed attempts", || async {
        let row = world.outbox_row("pending").await;
        (row["attempts"].as_i64().unwrap_or(0) >= 2).then_some(row)
    })
    .await;
    assert!(pending["last_error"].as_str().is_some_and(|e| !e.is_empty()));

    let smtp = SmtpServer::start(smtp_addr).await;
    let mail = smtp.wait_for(1).await.remove(0);
    assert!(mail.contains("hello"));
    // The row is marked after the server said 250: wait for the mark, not just the mail.
    let delivered = world.outbox_row("delivered").await;
    assert_eq!(delivered["id"], pending["id"]);
}

#[tokio::test]
async fn an_email_that_cannot_be_delivered_in_time_is_marked_failed_for_admins() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), |settings| {
        mail_via(smtp_addr)(settings);
        settings.outbox_give_up_secs = 1;
    })
    .await;
    let (id, _) = away_customer(&world).await;
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hello"}))
        .await
        .expect(201);
    let failed = world.outbox_row("failed").await;
    assert_eq!(failed["kind"], "email");
    assert!(failed["last_error"].as_str().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn without_smtp_emails_are_written_to_the_data_directory() {
    let world = World::new_with(json!({}), |settings| settings.reply_notification_window_secs = 1).await;
    let (id, _) = away_customer(&world).await;
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "on file"}))
        .await
        .expect(201);
    let delivered = world.outbox_row("delivered").await;
    let file = world.app.data_dir.join("mail").join(format!("{}.eml", delivered["id"].as_str().unwrap()));
    let mail = std::fs::read_to_string(&file).unwrap();
    assert!(mail.contains("on file") && mail.contains("To: grace@example.com"));
}

#[tokio::test]
async fn every_exit_reaches_the_bot_platform_signed() {
    let receiver = WebhookReceiver::start(vec![]).await;
    let world = World::new(json!({})).await;
    let created = world.app.post("/v1/webhooks", &world.admin, json!({"url": receiver.url})).await.expect(201);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let (id, _) = world.active_conversation("c-1").await;
    world.app.post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "bye"})).await.expect(201);
    let jump = json!({"target": {"kind": "experience", "id": "checkout"}});
    world.app.post(&format!("/v1/conversations/{id}/jump"), &world.agent, jump).await.expect(200);

    let hook = receiver.wait_for(1).await.remove(0);
    assert!(verify(&secret, &hook), "the signature verifies: {hook:?}");
    assert!(hook.id.starts_with("msg_"));
    let body = hook.json();
    assert_eq!(body["type"], "conversation.ended");
    assert_eq!(body["data"]["id"], id.as_str());
    assert_eq!(body["data"]["exit"], json!({"reason": "jump", "target": {"kind": "experience", "id": "checkout"}}));
    assert_eq!(body["data"]["variables"]["live_agent_messages"], 2);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(receiver.received().len(), 1, "endpoints without subscriptions get exits only");
}

#[tokio::test]
async fn deleting_an_endpoint_cancels_what_is_still_queued_for_it() {
    let receiver = WebhookReceiver::start(vec![500; 10]).await;
    let world = World::new_with(json!({}), |settings| settings.outbox_first_retry_ms = 60_000).await;
    let (id, customer) = world.customer("c-1").await;
    let hook = json!({"url": receiver.url, "event_types": ["message.created"]});
    let created = world.app.post("/v1/webhooks", &world.admin, hook.clone()).await.expect(201);
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();
    let kept = world.app.post("/v1/webhooks", &world.admin, hook).await.expect(201);
    let kept = kept["endpoint"]["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "hook me"})).await.expect(201);
    let pending = eventually("a failed attempt, retried later", || async {
        let page = world.app.get(&format!("/v1/webhooks/{endpoint}/deliveries"), &world.admin).await.expect(200);
        let first = page["items"].as_array()?.first()?.clone();
        (first["status"] == "pending" && first["attempts"].as_i64() >= Some(1)).then_some(first)
    })
    .await;

    world.app.call(Method::DELETE, &format!("/v1/webhooks/{endpoint}"), Some(&world.admin), None).await.expect(204);
    let cancelled = world.outbox_row("cancelled").await;
    assert_eq!(cancelled["id"], pending["id"]);
    let others = world.app.get(&format!("/v1/webhooks/{kept}/deliveries"), &world.admin).await.expect(200);
    assert_eq!(others["items"][0]["status"], "pending", "another endpoint's deliveries stay queued: {others}");
}

#[tokio::test]
async fn subscribers_get_other_events_and_failed_deliveries_are_retried() {
    let receiver = WebhookReceiver::start(vec![500, 503]).await;
    let world = World::new_with(json!({}), |settings| settings.outbox_first_retry_ms = 200).await;
    let (id, customer) = world.customer("c-1").await;
    let created = world
        .app
        .post("/v1/webhooks", &world.admin, json!({"url": receiver.url, "event_types": ["message.created"]}))
        .await
        .expect(201);
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &customer, json!({"text": "hook me"}))
        .await
        .expect(201);
    let mut mine = Vec::new();
    for _ in 0..100 {
        mine = receiver
            .received()
            .into_iter()
            .filter(|hook| hook.json()["data"]["content"]["text"] == "hook me")
            .collect();
        if mine.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(mine.len(), 3, "two failures, then the delivery");
    assert!(mine.iter().all(|hook| hook.id == mine[0].id), "retries keep the webhook-id");
    let delivery = eventually("the delivery marked delivered", || async {
        let page = world.app.get(&format!("/v1/webhooks/{endpoint}/deliveries"), &world.admin).await.expect(200);
        let found = page["items"]
            .as_array()?
            .iter()
            .find(|delivery| {
                format!("msg_{}", delivery["id"].as_str().unwrap_or_default().replace('-', "")) == mine[0].id
            })?
            .clone();
        (found["status"] == "delivered").then_some(found)
    })
    .await;
    assert_eq!((delivery["status"].as_str(), delivery["attempts"].as_i64()), (Some("delivered"), Some(3)));

    let delivery_id = delivery["id"].as_str().unwrap();
    world
        .app
        .post(&format!("/v1/webhooks/{endpoint}/deliveries/{delivery_id}/replay"), &world.admin, json!({}))
        .await
        .expect(200);
    for _ in 0..100 {
        let copies = receiver.received().into_iter().filter(|hook| hook.id == mine[0].id).count();
        if copies == 4 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the replay did not arrive with the same webhook-id");
}

#[tokio::test]
async fn an_endpoint_failing_for_too_long_is_disabled_with_a_reason() {
    let receiver = WebhookReceiver::start(vec![500; 100]).await;
    let world = World::new_with(json!({}), |settings| {
        settings.outbox_first_retry_ms = 200;
        settings.webhook_disable_after_secs = 1;
    })
    .await;
    let created = world
        .app
        .post("/v1/webhooks", &world.admin, json!({"url": receiver.url, "event_types": ["*"]}))
        .await
        .expect(201);
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();
    world.customer("c-1").await;
    let disabled = eventually("the endpoint disabled", || async {
        let found = world.app.get(&format!("/v1/webhooks/{endpoint}"), &world.admin).await.expect(200);
        (found["endpoint"]["enabled"] == false).then_some(found)
    })
    .await;
    assert!(disabled["endpoint"]["disabled_reason"].as_str().unwrap().contains("500"));
}

#[tokio::test]
async fn webhook_endpoints_are_validated() {
    let world = World::new(json!({})).await;
    world.app.post("/v1/webhooks", &world.admin, json!({"url": "ftp://x"})).await.expect_problem(422, "invalid_input");
    world
        .app
        .post("/v1/webhooks", &world.admin, json!({"url": "https://x.org", "event_types": ["nope"]}))
        .await
        .expect_problem(422, "invalid_input");
    world
        .app
        .post("/v1/webhooks", &world.agent, json!({"url": "https://x.org"}))
        .await
        .expect_problem(403, "admin_required");
    assert!(world.app.get("/v1/webhooks", &world.admin).await.expect(200)["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn unanswered_waiting_and_silent_active_chats_time_out_but_left_messages_wait() {
    let world = World::new_with(json!({}), |settings| {
        settings.waiting_timeout_secs = 1;
        settings.active_timeout_secs = 2;
    })
    .await;
    let (waiting, _) = world.customer("c-1").await;
    let (active, _) = world.active_conversation("c-2").await;
    world.app.set_presence(&world.agent, "offline").await;
    let (left, customer) = world.customer("c-3").await;
    world
        .app
        .post(&format!("/v1/conversations/{left}/messages"), &customer, json!({"text": "call me"}))
        .await
        .expect(201);

    for _ in 0..60 {
        let first = world.app.get(&format!("/v1/conversations/{waiting}"), &world.admin).await.expect(200);
        let second = world.app.get(&format!("/v1/conversations/{active}"), &world.admin).await.expect(200);
        if first["status"] == "ended" && second["status"] == "ended" {
            assert_eq!(first["exit"]["reason"], "timeout");
            assert_eq!(second["exit"]["reason"], "timeout");
            let kept = world.app.get(&format!("/v1/conversations/{left}"), &world.admin).await.expect(200);
            assert_eq!(kept["status"], "waiting", "a left message is not abandoned");
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the conversations did not time out");
}

#[tokio::test]
async fn admins_export_and_erase_a_customer() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, customer) = away_customer(&world).await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "my address is 1 Main St"})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "noted"})).await.expect(201);
    let pending = world.outbox_row("pending").await;
    assert_eq!(pending["kind"], "email", "an email waits for the SMTP server that is down");
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200);
    let customer_id = conversation["customer"]["id"].as_str().unwrap().to_owned();

    let export = world.app.get(&format!("/v1/customers/{customer_id}/export"), &world.admin).await.expect(200);
    assert_eq!(export["customer"]["email"], "grace@example.com");
    assert!(export.to_string().contains("my address is 1 Main St"));

    let erase = format!("/v1/customers/{customer_id}/erase");
    world.app.post(&erase, &world.admin, json!({})).await.expect_problem(409, "conversation_open");
    world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    let erased = world.app.post(&erase, &world.admin, json!({})).await.expect(200);
    world.app.get(&format!("/v1/conversations/{id}"), &customer).await.expect_problem(401, "unauthorized");
    assert!(erased["email"].is_null());
    assert_ne!(erased["display_name"], "Customer c-1");
    assert_eq!(erased["display_name"], "Erased customer");
    let export = world.app.get(&format!("/v1/customers/{customer_id}/export"), &world.admin).await.expect(200);
    let text = export.to_string();
    assert!(!text.contains("1 Main St") && !text.contains("grace@example.com") && !text.contains("noted"), "{text}");
    assert!(!text.contains("Grace"), "the name is gone: {text}");
    let conversation = &export["conversations"][0]["conversation"];
    assert_eq!(conversation["variables"]["live_customer_messages"], 1, "counts stay");
    let cancelled = world.app.get("/v1/outbox?status=cancelled", &world.admin).await.expect(200);
    assert_eq!(cancelled["items"][0]["id"], pending["id"], "the erase dropped the pending email");
    let still_pending = world.app.get("/v1/outbox?status=pending", &world.admin).await.expect(200);
    assert!(still_pending["items"].as_array().unwrap().is_empty(), "no email left to send: {still_pending}");
}

#[tokio::test]
async fn a_released_chat_waits_the_full_timeout_again() {
    // A 4 s timeout, checked 1.2 s after the release: wide margins on a busy machine.
    let world = World::new_with(json!({}), |settings| settings.waiting_timeout_secs = 4).await;
    let (id, _) = world.active_conversation("c-1").await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    world.app.post(&format!("/v1/conversations/{id}/release"), &world.agent, json!({})).await.expect(200);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let still = world.app.get(&format!("/v1/conversations/{id}"), &world.admin).await.expect(200);
    assert_eq!(still["status"], "waiting", "the wait counts from the release, not the entry");
    let ended = eventually("the released chat timing out", || async {
        let conversation = world.app.get(&format!("/v1/conversations/{id}"), &world.admin).await.expect(200);
        (conversation["status"] == "ended").then_some(conversation)
    })
    .await;
    assert_eq!(ended["exit"]["reason"], "timeout");
}

#[tokio::test]
async fn blocking_a_customer_cancels_an_email_still_waiting_to_go_out() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, _) = away_customer(&world).await;
    world.app.post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hi"})).await.expect(201);
    let pending = world.outbox_row("pending").await;
    world.app.post(&format!("/v1/conversations/{id}/block"), &world.agent, json!({})).await.expect(200);
    let cancelled = world.outbox_row("cancelled").await;
    assert_eq!(cancelled["id"], pending["id"]);
    let smtp = SmtpServer::start(smtp_addr).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(smtp.received().is_empty(), "the cancelled email went out");
}
