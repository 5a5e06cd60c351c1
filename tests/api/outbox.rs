//! The module's promises: reply emails, delivery that survives outages, webhooks,
//! timeouts, and customers' data. The servers run with their periodic workers off; each
//! test runs housekeeping and the outbox when it chooses, at the time it chooses.

use std::net::SocketAddr;

use reqwest::Method;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;

use crate::helpers::{World, in_secs};
use crate::receivers::{SmtpServer, WebhookReceiver, free_addr, verify};

/// A day: long past every reply window, retry and timeout the tests configure.
const LATER: i64 = 24 * 3600;

fn mail_via(smtp: SocketAddr) -> impl FnOnce(&mut livechat::Settings) {
    move |settings| {
        settings.smtp.host = Some("127.0.0.1".into());
        settings.smtp.port = smtp.port();
        settings.smtp.tls = livechat::config::SmtpTls::None;
        settings.smtp.mail_from = "Support <support@example.com>".into();
        settings.smtp.mail_reply_to = Some("help@example.com".into());
        settings.smtp.chat_url_template = "https://shop.example.com/chat/{conversation_id}".into();
        settings.smtp.reply_notification_window = std::time::Duration::from_secs(60);
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

/// Runs housekeeping once the reply windows have passed, then the outbox.
async fn send_due_mail(world: &World) -> usize {
    world.app.run_housekeeping_at(in_secs(LATER)).await;
    world.app.deliver_outbox().await
}

#[tokio::test]
async fn replies_to_an_away_customer_arrive_in_one_email_once() {
    let smtp_addr = free_addr();
    let smtp = SmtpServer::start(smtp_addr).await;
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, _) = away_customer(&world).await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "We found your parcel."})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "It ships tomorrow.\nTracking <below>"})).await.expect(201);
    let article = json!({"title": "Tracking & more", "url": "https://help.example.com/track?a=1&b=2"});
    world.app.post(&format!("/v1/conversations/{id}/articles"), &world.agent, article).await.expect(201);

    world.app.run_housekeeping_at(in_secs(30)).await;
    assert_eq!(world.app.deliver_outbox().await, 0, "nothing goes out within the reply window");
    assert_eq!(send_due_mail(&world).await, 1);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "one email for three replies");
    let mail = &mails[0];
    for expected in [
        "To: grace@example.com",
        "From: Support <support@example.com>",
        "Reply-To: help@example.com",
        "Subject: Ada replied to your message",
        "Message-ID: <",
        "Date: ",
        "We found your parcel.",
        "It ships tomorrow.",
        "Tracking & more: https://help.example.com/track?a=1&b=2",
        &format!("https://shop.example.com/chat/{id}"),
        "text/html",
        "It ships tomorrow.<br>Tracking &lt;below&gt;",
        "track?a=1&amp;b=2\">Tracking &amp; more</a>",
    ] {
        assert!(mail.contains(expected), "missing {expected:?} in:\n{mail}");
    }
    assert_eq!(send_due_mail(&world).await, 0);
    assert_eq!(smtp.received().len(), 1, "never two emails for the same replies");

    world.app.post(&path, &world.agent, json!({"text": "Anything else?"})).await.expect(201);
    assert_eq!(send_due_mail(&world).await, 1);
    let mails = smtp.received();
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

    assert_eq!(send_due_mail(&world).await, 0);
    assert!(smtp.received().is_empty(), "{:?}", smtp.received());

    // The same world does send the email a text reply calls for, and only that one.
    let body = json!({"customer": {"external_id": "c-4", "display_name": "Ida", "email": "ida@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-4", body).await.expect(201);
    let answered = entered["conversation"]["id"].as_str().unwrap();
    world.app.post(&format!("/v1/conversations/{answered}/claim"), &world.agent, json!({})).await.expect(200);
    let reply = json!({"text": "Your parcel left today."});
    world.app.post(&format!("/v1/conversations/{answered}/messages"), &world.agent, reply).await.expect(201);
    assert_eq!(send_due_mail(&world).await, 1);
    let mails = smtp.received();
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
    assert_eq!(send_due_mail(&world).await, 1);
    assert_eq!(world.app.deliver_outbox_at(in_secs(LATER)).await, 1, "a retry is due later");
    let pending = world.outbox_row("pending").await;
    assert_eq!(pending["attempts"], 2);
    assert!(pending["last_error"].as_str().is_some_and(|e| !e.is_empty()));

    let smtp = SmtpServer::start(smtp_addr).await;
    assert_eq!(world.app.deliver_outbox_at(in_secs(2 * LATER)).await, 1);
    assert!(smtp.received()[0].contains("hello"));
    let delivered = world.outbox_row("delivered").await;
    assert_eq!((&delivered["id"], &delivered["attempts"]), (&pending["id"], &json!(3)));
}

#[tokio::test]
async fn an_email_that_cannot_be_delivered_in_time_is_marked_failed_for_admins() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), |settings| {
        mail_via(smtp_addr)(settings);
        settings.outbox.give_up_after = std::time::Duration::from_secs(60);
    })
    .await;
    let (id, _) = away_customer(&world).await;
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hello"}))
        .await
        .expect(201);
    world.app.run_housekeeping_at(in_secs(LATER)).await;
    assert_eq!(world.app.deliver_outbox_at(in_secs(2 * LATER)).await, 1);
    let failed = world.outbox_row("failed").await;
    assert_eq!(failed["kind"], "email");
    assert!(failed["last_error"].as_str().is_some_and(|e| !e.is_empty()));
    assert_eq!(world.app.deliver_outbox_at(in_secs(3 * LATER)).await, 0, "a failed email is not tried again");
}

#[tokio::test]
async fn without_smtp_emails_are_written_to_the_data_directory() {
    let world = World::new(json!({})).await;
    let (id, _) = away_customer(&world).await;
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "on file"}))
        .await
        .expect(201);
    assert_eq!(send_due_mail(&world).await, 1);
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

    assert_eq!(world.app.deliver_outbox().await, 1, "endpoints without subscriptions get exits only");
    let hooks = receiver.received();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert!(verify(&secret, hook), "the signature verifies: {hook:?}");
    assert!(hook.id.starts_with("msg_"));
    let body = hook.json();
    assert_eq!(body["type"], "conversation.ended");
    assert_eq!(body["data"]["id"], id.as_str());
    assert_eq!(body["data"]["exit"], json!({"reason": "jump", "target": {"kind": "experience", "id": "checkout"}}));
    assert_eq!(body["data"]["variables"]["live_agent_messages"], 2);
    assert_eq!(world.app.deliver_outbox_at(in_secs(LATER)).await, 0, "delivered once");
}

#[tokio::test]
async fn erasing_a_customer_right_after_the_chat_still_tells_the_bot_platform_how_it_ended() {
    let receiver = WebhookReceiver::start(vec![]).await;
    let world = World::new(json!({})).await;
    world.app.post("/v1/webhooks", &world.admin, json!({"url": receiver.url})).await.expect(201);
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer_id = entered["conversation"]["customer"]["id"].as_str().unwrap().to_owned();
    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    world.app.post(&format!("/v1/customers/{customer_id}/erase"), &world.admin, json!({})).await.expect(200);

    assert_eq!(world.app.deliver_outbox().await, 1, "the exit is still delivered");
    let hook = receiver.received().remove(0).json();
    assert_eq!((hook["type"].as_str(), hook["data"]["id"].as_str()), (Some("conversation.ended"), Some(id.as_str())));
    assert_eq!(hook["data"]["exit"]["reason"], "agent_ended");
    assert_eq!(hook["data"]["variables"]["live_agent_name"], "Ada");
    let text = hook.to_string();
    assert!(!text.contains("Grace") && !text.contains("grace@example.com"), "personal data left: {text}");
    assert_eq!(hook["data"]["customer"]["display_name"], "Erased customer");
}

#[tokio::test]
async fn deleting_an_endpoint_cancels_what_is_still_queued_for_it() {
    let receiver = WebhookReceiver::start(vec![500; 10]).await;
    let world = World::new(json!({})).await;
    let (id, customer) = world.customer("c-1").await;
    let hook = json!({"url": receiver.url, "event_types": ["message.created"]});
    let created = world.app.post("/v1/webhooks", &world.admin, hook.clone()).await.expect(201);
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();
    let kept = world.app.post("/v1/webhooks", &world.admin, hook).await.expect(201);
    let kept = kept["endpoint"]["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "hook me"})).await.expect(201);
    assert_eq!(world.app.deliver_outbox().await, 2, "both endpoints are tried, and fail");
    let page = world.app.get(&format!("/v1/webhooks/{endpoint}/deliveries"), &world.admin).await.expect(200);
    let pending = page["items"][0].clone();
    assert_eq!((pending["status"].as_str(), pending["attempts"].as_i64()), (Some("pending"), Some(1)));

    world.app.call(Method::DELETE, &format!("/v1/webhooks/{endpoint}"), Some(&world.admin), None).await.expect(204);
    let cancelled = world.outbox_row("cancelled").await;
    assert_eq!(cancelled["id"], pending["id"]);
    let others = world.app.get(&format!("/v1/webhooks/{kept}/deliveries"), &world.admin).await.expect(200);
    assert_eq!(others["items"][0]["status"], "pending", "another endpoint's deliveries stay queued: {others}");
}

#[tokio::test]
async fn subscribers_get_other_events_and_failed_deliveries_are_retried() {
    let receiver = WebhookReceiver::start(vec![500, 503]).await;
    let world = World::new(json!({})).await;
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
    assert_eq!(world.app.deliver_outbox().await, 1);
    assert_eq!(world.app.deliver_outbox().await, 0, "a failed delivery waits for its retry");
    // Ten minutes on, then twenty: past the first retries' waits, long before the
    // endpoint would be disabled for failing.
    assert_eq!(world.app.deliver_outbox_at(in_secs(600)).await, 1);
    assert_eq!(world.app.deliver_outbox_at(in_secs(1200)).await, 1);
    let mine = receiver.received();
    assert_eq!(mine.len(), 3, "two failures, then the delivery");
    assert!(mine.iter().all(|hook| hook.id == mine[0].id), "retries keep the webhook-id");
    assert_eq!(mine[0].json()["data"]["content"]["text"], "hook me");
    let page = world.app.get(&format!("/v1/webhooks/{endpoint}/deliveries"), &world.admin).await.expect(200);
    let delivery = &page["items"][0];
    assert_eq!(format!("msg_{}", delivery["id"].as_str().unwrap().replace('-', "")), mine[0].id);
    assert_eq!((delivery["status"].as_str(), delivery["attempts"].as_i64()), (Some("delivered"), Some(3)));

    let delivery_id = delivery["id"].as_str().unwrap();
    world
        .app
        .post(&format!("/v1/webhooks/{endpoint}/deliveries/{delivery_id}/replay"), &world.admin, json!({}))
        .await
        .expect(200);
    assert_eq!(world.app.deliver_outbox().await, 1);
    let copies = receiver.received().into_iter().filter(|hook| hook.id == mine[0].id).count();
    assert_eq!(copies, 4, "the replay arrives with the same webhook-id");
}

#[tokio::test]
async fn an_endpoint_failing_for_too_long_is_disabled_with_a_reason() {
    let receiver = WebhookReceiver::start(vec![500; 100]).await;
    let world = World::new_with(json!({}), |settings| {
        settings.outbox.disable_endpoint_after = std::time::Duration::from_secs(60)
    })
    .await;
    let created = world
        .app
        .post("/v1/webhooks", &world.admin, json!({"url": receiver.url, "event_types": ["*"]}))
        .await
        .expect(201);
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();
    world.customer("c-1").await;
    world.app.deliver_outbox().await;
    let failing = world.app.get(&format!("/v1/webhooks/{endpoint}"), &world.admin).await.expect(200);
    assert_eq!(failing["endpoint"]["enabled"], true, "failing for less than a minute");
    assert!(failing["endpoint"]["failing_since"].is_string());
    world.app.deliver_outbox_at(in_secs(LATER)).await;
    let disabled = world.app.get(&format!("/v1/webhooks/{endpoint}"), &world.admin).await.expect(200);
    assert_eq!(disabled["endpoint"]["enabled"], false);
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
        .expect_problem(400, "invalid_request");
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
        settings.routing.waiting_timeout = Some(std::time::Duration::from_secs(60));
        settings.routing.active_timeout = Some(std::time::Duration::from_secs(120));
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
    world.app.run_housekeeping_at(in_secs(30)).await;
    assert_eq!(world.conversation(&waiting).await["status"], "waiting", "30 s is within the waiting timeout");
    world.app.run_housekeeping_at(in_secs(61)).await;
    assert_eq!(world.conversation(&waiting).await["exit"]["reason"], "timeout");
    assert_eq!(world.conversation(&active).await["status"], "active", "61 s is within the active timeout");
    world.app.run_housekeeping_at(in_secs(121)).await;
    assert_eq!(world.conversation(&active).await["exit"]["reason"], "timeout");
    world.app.run_housekeeping_at(in_secs(LATER)).await;
    assert_eq!(world.conversation(&left).await["status"], "waiting", "a left message is not abandoned");
}

#[tokio::test]
async fn a_released_chat_waits_the_full_timeout_again() {
    let world = World::new_with(json!({}), |settings| {
        settings.routing.waiting_timeout = Some(std::time::Duration::from_secs(60))
    })
    .await;
    let (id, _) = world.active_conversation("c-1").await;
    // The customer entered an hour ago and has been served since.
    let db = Database::connect(&world.app.database_url).await.unwrap();
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "UPDATE conversations SET entered_at = entered_at - interval '1 hour', \
                                         waiting_since = waiting_since - interval '1 hour'"
        }
        _ => {
            "UPDATE conversations SET entered_at = datetime(entered_at, '-1 hour'), \
              waiting_since = datetime(waiting_since, '-1 hour')"
        }
    };
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    world.app.post(&format!("/v1/conversations/{id}/release"), &world.agent, json!({})).await.expect(200);
    world.app.run_housekeeping_at(in_secs(30)).await;
    let still = world.app.get(&format!("/v1/conversations/{id}"), &world.admin).await.expect(200);
    assert_eq!(still["status"], "waiting", "the wait counts from the release, not the entry");
    world.app.run_housekeeping_at(in_secs(61)).await;
    let ended = world.app.get(&format!("/v1/conversations/{id}"), &world.admin).await.expect(200);
    assert_eq!(ended["exit"]["reason"], "timeout");
}

#[tokio::test]
async fn admins_export_and_erase_a_customer() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, customer) = away_customer(&world).await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "my address is 1 Main St"})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "noted"})).await.expect(201);
    assert_eq!(send_due_mail(&world).await, 1, "an email is tried while the SMTP server is down");
    let pending = world.outbox_row("pending").await;
    assert_eq!(pending["kind"], "email");
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
async fn blocking_a_customer_cancels_an_email_still_waiting_to_go_out() {
    let smtp_addr = free_addr();
    let world = World::new_with(json!({}), mail_via(smtp_addr)).await;
    let (id, _) = away_customer(&world).await;
    world.app.post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hi"})).await.expect(201);
    world.app.run_housekeeping_at(in_secs(LATER)).await;
    let pending = world.outbox_row("pending").await;
    world.app.post(&format!("/v1/conversations/{id}/block"), &world.agent, json!({})).await.expect(200);
    let cancelled = world.outbox_row("cancelled").await;
    assert_eq!(cancelled["id"], pending["id"]);
    let smtp = SmtpServer::start(smtp_addr).await;
    assert_eq!(world.app.deliver_outbox_at(in_secs(LATER)).await, 0);
    assert!(smtp.received().is_empty(), "the cancelled email went out");
}

/// A webhook receiver that takes requests and never answers them.
async fn hanging_receiver() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_receiver_that_hangs_holds_up_only_its_own_deliveries() {
    let healthy = WebhookReceiver::start(vec![]).await;
    let (hanging, hanging_requests) = hanging_receiver().await;
    let world =
        World::new_with(json!({}), |settings| settings.outbox.webhook_timeout = std::time::Duration::from_secs(30))
            .await;
    let only_messages = |url: &str| json!({"url": url, "event_types": ["message.created"]});
    // The hanging endpoint first: its deliveries fall due before the healthy one's.
    world.app.post("/v1/webhooks", &world.admin, only_messages(&hanging)).await.expect(201);
    world.app.post("/v1/webhooks", &world.admin, only_messages(&healthy.url)).await.expect(201);
    let (id, customer) = world.customer("c-1").await;
    for text in ["one", "two", "three"] {
        world
            .app
            .post(&format!("/v1/conversations/{id}/messages"), &customer, json!({ "text": text }))
            .await
            .expect(201);
    }
    let app = world.app.handle().clone();
    let round = tokio::spawn(async move { app.deliver_outbox(chrono::Utc::now()).await });
    // The module's greeting to the waiting customer, then the customer's three messages.
    let received = healthy.wait_for(4).await;
    assert!(!round.is_finished(), "the hanging endpoint's delivery is still under way");
    let hanging_seen = || hanging_requests.load(std::sync::atomic::Ordering::SeqCst);
    crate::helpers::eventually("the hanging endpoint's first request", || async {
        (hanging_seen() >= 1).then_some(())
    })
    .await;
    assert_eq!(hanging_seen(), 1, "one delivery at a time per endpoint");
    let texts: Vec<_> = received.iter().map(|hook| hook.json()["data"]["content"]["text"].clone()).collect();
    assert_eq!(texts[1..], ["one", "two", "three"], "an endpoint's deliveries keep their order");
    round.abort();
}

#[tokio::test]
async fn emails_go_out_over_starttls_with_auth_and_only_to_a_trusted_certificate() {
    use crate::receivers::{SMTP_PASSWORD, SMTP_USER, start_secure_smtp};
    let certificates = tempfile::tempdir().unwrap();
    let (mailbox, port, ca_file) = start_secure_smtp(certificates.path());
    let secure = |trusted: Option<std::path::PathBuf>| {
        move |settings: &mut livechat::Settings| {
            mail_via(free_addr())(settings);
            settings.smtp.host = Some("localhost".into());
            settings.smtp.port = port;
            settings.smtp.tls = livechat::config::SmtpTls::Starttls;
            settings.smtp.username = Some(SMTP_USER.into());
            settings.smtp.password = Some(SMTP_PASSWORD.into());
            settings.smtp.ca_file = trusted;
        }
    };

    // Without the relay's CA the certificate is refused, and nothing is sent.
    let untrusting = World::new_with(json!({}), secure(None)).await;
    let (id, _) = away_customer(&untrusting).await;
    let path = format!("/v1/conversations/{id}/messages");
    untrusting.app.post(&path, &untrusting.agent, json!({"text": "not over an untrusted line"})).await.expect(201);
    assert_eq!(send_due_mail(&untrusting).await, 1);
    let pending = untrusting.outbox_row("pending").await;
    assert!(pending["last_error"].as_str().is_some_and(|error| !error.is_empty()), "{pending}");
    assert!(mailbox.messages.lock().unwrap().is_empty());

    let world = World::new_with(json!({}), secure(Some(ca_file))).await;
    let (id, _) = away_customer(&world).await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "over TLS, logged in"})).await.expect(201);
    assert_eq!(send_due_mail(&world).await, 1);
    world.outbox_row("delivered").await;
    assert_eq!(*mailbox.logins.lock().unwrap(), [SMTP_USER], "the client logged in once");
    let messages = mailbox.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("To: grace@example.com") && messages[0].contains("over TLS, logged in"),
        "{}",
        messages[0]
    );
}
