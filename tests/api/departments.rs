//! Departments keep to themselves: an agent sees conversations of no group, of their
//! groups and their own; supervisors and admins see every group's. The rule holds on
//! every road — the Live list, reads and writes by id, each stream scope, replay.

use std::time::Duration;

use chrono::Datelike;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, group};
use crate::sse::{SseClient, SseEvent};

/// An online agent with `role` in `groups`: (id, token).
async fn member(app: &TestApp, admin: &str, name: &str, role: &str, groups: &[&str]) -> (String, String) {
    let email = format!("{}@example.com", name.to_lowercase());
    let body = json!({"email": email, "name": name, "password": "agent-password-1", "role": role, "group_ids": groups});
    let agent = app.post("/v1/agents", admin, body).await.expect(201);
    assert_eq!(agent["role"], role);
    let token = crate::helpers::token_of(app.login(&email, "agent-password-1").await.expect(200));
    app.set_presence(&token, "online").await;
    (agent["id"].as_str().unwrap().to_owned(), token)
}

fn listed(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

/// Whether `event` is about conversation `id`.
fn is_of(event: &SseEvent, id: &str) -> bool {
    event.data["id"].as_str() == Some(id) || event.data["conversation_id"].as_str() == Some(id)
}

/// The conversations a stream mentions until `marker` enters, and for half a second after.
async fn mentioned_until(stream: &mut SseClient, marker: &str) -> Vec<String> {
    fn note(event: &SseEvent, seen: &mut Vec<String>) {
        let id = event.data["conversation_id"].as_str().or(event.data["id"].as_str()).map(str::to_owned);
        if let Some(id) = id.filter(|id| !seen.contains(id)) {
            seen.push(id);
        }
    }
    let mut seen = Vec::new();
    loop {
        let event = stream.next_within(Duration::from_secs(10)).await.expect("an event before the marker");
        note(&event, &mut seen);
        if event.event == "conversation.waiting" && is_of(&event, marker) {
            break;
        }
    }
    while let Some(event) = stream.next_within(Duration::from_millis(500)).await {
        note(&event, &mut seen);
    }
    seen
}

#[tokio::test]
async fn another_departments_conversations_are_out_of_sight_on_every_road() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (_, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    let (_, bob) = member(&app, &admin, "Bob", "agent", &[&support]).await;
    let (_, sue) = member(&app, &admin, "Sue", "supervisor", &[]).await;
    let of_billing = app.module(&admin, json!({"group_id": billing})).await;
    let of_support = app.module(&admin, json!({"group_id": support})).await;
    let of_nobody = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;

    let mut ada_all = SseClient::open(&app.address, "/v1/streams/agent", Some(&ada), None).await;
    let from = ada_all.expect("stream.ready").await.data["last_event_id"].as_i64().unwrap();
    let mut ada_mine = SseClient::open(&app.address, "/v1/streams/agent?scope=mine", Some(&ada), None).await;
    ada_mine.expect("stream.ready").await;
    let mut sue_all = SseClient::open(&app.address, "/v1/streams/agent", Some(&sue), None).await;
    sue_all.expect("stream.ready").await;

    let enter = |module: String, who: &'static str| {
        let (app, key) = (&app, &key);
        async move {
            let entered = app.enter(key, &module, who, json!({})).await.expect(201);
            let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
            (id, entered["customer_token"]["token"].as_str().unwrap().to_owned())
        }
    };
    let (billing_chat, _) = enter(of_billing.clone(), "c-billing").await;
    let (support_chat, support_customer) = enter(of_support.clone(), "c-support").await;
    let (open_chat, _) = enter(of_nobody.clone(), "c-anyone").await;
    // Support's chat goes on: its customer writes, Bob takes it, answers and types.
    let support_messages = format!("/v1/conversations/{support_chat}/messages");
    app.post(&support_messages, &support_customer, json!({"text": "my invoice"})).await.expect(201);
    app.post(&format!("/v1/conversations/{support_chat}/claim"), &bob, json!({})).await.expect(200);
    app.post(&support_messages, &bob, json!({"text": "on it"})).await.expect(201);
    app.post(&format!("/v1/conversations/{support_chat}/typing"), &bob, json!({})).await.expect(202);
    let (marker, _) = enter(of_nobody.clone(), "c-marker").await;

    // The Live list.
    let for_ada = listed(&app.get("/v1/conversations", &ada).await.expect(200));
    assert!(for_ada.contains(&billing_chat) && for_ada.contains(&open_chat));
    assert!(!for_ada.contains(&support_chat), "Ada is not in Support");
    for status in ["waiting", "active", "ended"] {
        let page = app.get(&format!("/v1/conversations?status={status}"), &ada).await.expect(200);
        assert!(!listed(&page).contains(&support_chat), "{status}: Ada is not in Support");
    }
    let for_sue = listed(&app.get("/v1/conversations", &sue).await.expect(200));
    assert!([&billing_chat, &support_chat, &open_chat].iter().all(|id| for_sue.contains(id)), "a supervisor sees all");

    // Reads and writes by id: "not found", as for an id that does not exist.
    let by_id = format!("/v1/conversations/{support_chat}");
    for (method, path, body) in [
        (Method::GET, by_id.clone(), None),
        (Method::GET, format!("{by_id}/messages"), None),
        (Method::GET, format!("{by_id}/outcome"), None),
        (Method::POST, format!("{by_id}/messages"), Some(json!({"text": "hello?"}))),
        (Method::POST, format!("{by_id}/claim"), Some(json!({}))),
        (Method::POST, format!("{by_id}/typing"), Some(json!({}))),
        (Method::PUT, format!("{by_id}/seen"), Some(json!({"seq": 1}))),
        (Method::POST, format!("{by_id}/end"), Some(json!({}))),
    ] {
        let reply = app.call(method.clone(), &path, Some(&ada), body).await;
        reply.expect_problem(404, "not_found");
    }
    assert_eq!(app.get(&by_id, &sue).await.expect(200)["id"], support_chat.as_str());
    assert!(app.all_messages(&sue, &support_chat).await.len() >= 2, "a supervisor reads every department's chats");
    app.get(&by_id, &admin).await.expect(200);
    // A supervisor sees every group's, but serves only their own groups'.
    app.post(&format!("/v1/conversations/{billing_chat}/claim"), &sue, json!({}))
        .await
        .expect_problem(403, "not_in_group");
    app.post(&format!("/v1/conversations/{open_chat}/claim"), &sue, json!({})).await.expect(200);
    // Exports are an admin's.
    let customer_id = app.get(&format!("/v1/conversations/{billing_chat}"), &admin).await.expect(200)["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get(&format!("/v1/customers/{customer_id}/export"), &sue).await.expect_problem(403, "admin_required");

    // The streams, live and replayed.
    for (name, stream) in [("all", &mut ada_all), ("mine", &mut ada_mine)] {
        let seen = mentioned_until(stream, &marker).await;
        assert!(seen.contains(&billing_chat) && seen.contains(&open_chat), "{name}: {seen:?}");
        assert!(!seen.contains(&support_chat), "{name}: Ada's stream carried Support's chat");
    }
    let mut replayed = SseClient::open(&app.address, "/v1/streams/agent", Some(&ada), Some(from)).await;
    let seen = mentioned_until(&mut replayed, &marker).await;
    assert!(seen.contains(&billing_chat) && !seen.contains(&support_chat), "replayed: {seen:?}");
    let seen = mentioned_until(&mut sue_all, &marker).await;
    assert!(seen.contains(&support_chat), "a supervisor's stream carries every group: {seen:?}");
}

#[tokio::test]
async fn a_transfer_between_departments_reaches_both_and_nobody_else() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let sales = group(&app, &admin, "Sales").await;
    let (_, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    let (_, dan) = member(&app, &admin, "Dan", "agent", &[&billing]).await;
    let (_, bob) = member(&app, &admin, "Bob", "agent", &[&support]).await;
    let (_, cat) = member(&app, &admin, "Cat", "agent", &[&sales]).await;
    let key = app.api_key(&admin).await;
    let of_billing = app.module(&admin, json!({"group_id": billing})).await;
    let of_nobody = app.module(&admin, json!({})).await;
    let entered = app.enter(&key, &of_billing, "c-1", json!({})).await.expect(201);
    let moved = entered["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{moved}/claim"), &ada, json!({})).await.expect(200);
    let entered = app.enter(&key, &of_nobody, "c-2", json!({})).await.expect(201);
    let unsorted = entered["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{unsorted}/claim"), &ada, json!({})).await.expect(200);

    let mut streams = Vec::new();
    for (name, token) in [("Dan", &dan), ("Bob", &bob), ("Cat", &cat)] {
        let mut stream = SseClient::open(&app.address, "/v1/streams/agent", Some(token), None).await;
        stream.expect("stream.ready").await;
        streams.push((name, stream));
    }
    // Billing → Support: Billing's Dan sees it leave, Support's Bob sees it come.
    app.post(&format!("/v1/conversations/{moved}/transfer"), &ada, json!({"group_id": support})).await.expect(200);
    // No group → Sales: everyone saw it; everyone sees it go.
    app.post(&format!("/v1/conversations/{unsorted}/transfer"), &ada, json!({"group_id": sales})).await.expect(200);
    let marker = app.enter(&key, &of_nobody, "c-marker", json!({})).await.expect(201);
    let marker = marker["conversation"]["id"].as_str().unwrap().to_owned();
    for (name, stream) in &mut streams {
        let mut transferred = Vec::new();
        loop {
            let event = stream.next_within(Duration::from_secs(10)).await.expect("an event before the marker");
            if event.event == "conversation.transferred" {
                transferred.push(event.data["id"].as_str().unwrap().to_owned());
            }
            if event.event == "conversation.waiting" && is_of(&event, &marker) {
                break;
            }
        }
        let expected = match *name {
            "Cat" => vec![unsorted.clone()],
            _ => vec![moved.clone(), unsorted.clone()],
        };
        assert_eq!(transferred, expected, "{name}");
    }
}

#[tokio::test]
async fn an_agents_streams_reconnect_to_what_they_see_when_their_groups_change() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (ada_id, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    let key = app.api_key(&admin).await;
    let of_support = app.module(&admin, json!({"group_id": support})).await;
    let of_nobody = app.module(&admin, json!({})).await;
    let mut stream = SseClient::open(&app.address, "/v1/streams/agent", Some(&ada), None).await;
    let mut last = stream.expect("stream.ready").await.data["last_event_id"].as_i64().unwrap();
    let entered = app.enter(&key, &of_support, "c-1", json!({})).await.expect(201);
    let support_chat = entered["conversation"]["id"].as_str().unwrap().to_owned();

    let path = format!("/v1/agents/{ada_id}");
    let body = json!({"group_ids": [billing, support]});
    app.call(Method::PATCH, &path, Some(&admin), Some(body)).await.expect(200);
    loop {
        let event = stream.next_within(Duration::from_secs(10)).await.expect("stream.reconnect");
        assert!(!is_of(&event, &support_chat), "{}: out of sight while Ada was not in Support", event.event);
        if event.event == "stream.reconnect" {
            break;
        }
        last = event.id.unwrap_or(last);
    }
    assert!(stream.ends_within(Duration::from_secs(5)).await, "the stream ends after stream.reconnect");
    // Back with Last-Event-ID: Support's new chats are in sight now.
    let mut stream = SseClient::open(&app.address, "/v1/streams/agent", Some(&ada), Some(last)).await;
    let entered = app.enter(&key, &of_support, "c-2", json!({})).await.expect(201);
    let newer = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let marker = app.enter(&key, &of_nobody, "c-marker", json!({})).await.expect(201);
    let seen = mentioned_until(&mut stream, marker["conversation"]["id"].as_str().unwrap()).await;
    assert!(seen.contains(&newer), "{seen:?}");
    let listed = listed(&app.get("/v1/conversations", &ada).await.expect(200));
    assert!(listed.contains(&support_chat) && listed.contains(&newer));
    // A new role changes what she sees too: the stream asks her back again.
    app.call(Method::PATCH, &path, Some(&admin), Some(json!({"role": "supervisor"}))).await.expect(200);
    stream.expect("stream.reconnect").await;
    assert!(stream.ends_within(Duration::from_secs(5)).await, "the stream ends after stream.reconnect");
}

#[tokio::test]
async fn a_department_console_filters_the_live_list_by_group_and_counts_each_queue() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (_, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    let (_, sue) = member(&app, &admin, "Sue", "supervisor", &[]).await;
    let key = app.api_key(&admin).await;
    let of_billing = app.module(&admin, json!({"group_id": billing})).await;
    let of_support = app.module(&admin, json!({"group_id": support})).await;
    let of_nobody = app.module(&admin, json!({})).await;
    let mut billing_chats = Vec::new();
    for who in ["c-1", "c-2", "c-3"] {
        let entered = app.enter(&key, &of_billing, who, json!({})).await.expect(201);
        billing_chats.push(entered["conversation"]["id"].as_str().unwrap().to_owned());
    }
    app.post(&format!("/v1/conversations/{}/claim", billing_chats[0]), &ada, json!({})).await.expect(200);
    app.enter(&key, &of_support, "c-4", json!({})).await.expect(201);
    app.enter(&key, &of_nobody, "c-5", json!({})).await.expect(201);

    let only_billing = app.get(&format!("/v1/conversations?group_id={billing}"), &ada).await.expect(200);
    let mut listed = listed(&only_billing);
    listed.sort();
    billing_chats.sort();
    assert_eq!(listed, billing_chats);
    let elsewhere = app.get(&format!("/v1/conversations?group_id={support}"), &ada).await.expect(200);
    assert!(elsewhere["items"].as_array().unwrap().is_empty(), "another department's filter shows nothing");

    let counts = |queues: &Value| -> Vec<(Option<String>, i64, i64, i64)> {
        let queues = queues.as_array().expect("a list of queues");
        let summary = |queue: &Value| {
            let name = queue["name"].as_str().map(str::to_owned);
            (
                name,
                queue["waiting"].as_i64().unwrap(),
                queue["active"].as_i64().unwrap(),
                queue["agents_online"].as_i64().unwrap(),
            )
        };
        queues.iter().map(summary).collect()
    };
    let for_ada = app.get("/v1/queues", &ada).await.expect(200);
    assert_eq!(counts(&for_ada), [(None, 1, 0, 2), (Some("Billing".into()), 2, 1, 1)]);
    let for_sue = app.get("/v1/queues", &sue).await.expect(200);
    assert_eq!(
        counts(&for_sue),
        [(None, 1, 0, 2), (Some("Billing".into()), 2, 1, 1), (Some("Support".into()), 1, 0, 0)]
    );
    assert_eq!(for_sue[1]["group_id"], billing.as_str());
    app.get("/v1/queues", &key).await.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn before_entering_a_widget_learns_whether_anyone_can_serve_and_when_it_opens() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (_, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    member(&app, &admin, "Bob", "agent", &[&support]).await;
    let key = app.api_key(&admin).await;
    let of_billing = app.module(&admin, json!({"group_id": billing, "async_enabled": true})).await;
    // Open on Mondays 09:00–17:00 in Berlin only, and closed on every Monday of the next
    // three weeks but one: the next opening is that Monday's.
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin);
    let days_to_monday = (7 - now.weekday().num_days_from_monday()) % 7;
    let monday = |weeks: u32| now.date_naive() + chrono::Days::new(u64::from(days_to_monday + 7 * weeks));
    let closed_dates: Vec<String> = [0, 1, 3].into_iter().map(|weeks| monday(weeks).to_string()).collect();
    let hours = json!({"time_zone": "Europe/Berlin", "weekly": [{"day": "monday", "opens": "09:00", "closes": "17:00"}], "closed_dates": closed_dates});
    let shut = app.module(&admin, json!({"business_hours": hours, "async_enabled": false})).await;

    let path = format!("/v1/modules/{of_billing}/availability");
    let anonymous = app.call(Method::GET, &path, None, None).await.expect(200);
    assert_eq!(anonymous["module_id"], of_billing.as_str());
    assert_eq!(anonymous["group_id"], billing.as_str());
    assert_eq!((anonymous["open"].as_bool(), anonymous["agents_available"].as_bool()), (Some(true), Some(true)));
    assert_eq!(anonymous["waiting"], 0);
    assert!(anonymous["next_opening_at"].is_null());
    // Billing's only agent goes away from the desk: Support's Bob does not count.
    app.set_presence(&ada, "offline").await;
    app.enter(&key, &of_billing, "c-1", json!({})).await.expect(201);
    let nobody = app.call(Method::GET, &path, None, None).await.expect(200);
    assert_eq!((nobody["agents_available"].as_bool(), nobody["waiting"].as_i64()), (Some(false), Some(1)));
    assert!(nobody["estimated_wait_seconds"].is_null());
    assert_eq!(nobody["async_enabled"], true);

    let closed = app.call(Method::GET, &format!("/v1/modules/{shut}/availability"), None, None).await.expect(200);
    assert_eq!((closed["open"].as_bool(), closed["agents_available"].as_bool()), (Some(false), Some(false)));
    let opens: chrono::DateTime<chrono::Utc> = closed["next_opening_at"].as_str().unwrap().parse().unwrap();
    let expected = monday(2).and_hms_opt(9, 0, 0).unwrap().and_local_timezone(chrono_tz::Europe::Berlin).unwrap();
    assert_eq!(opens, expected.with_timezone(&chrono::Utc));

    let unknown = format!("/v1/modules/{}/availability", uuid::Uuid::now_v7());
    app.call(Method::GET, &unknown, None, None).await.expect_problem(404, "not_found");
    app.call(Method::GET, "/v1/modules/not-an-id/availability", None, None)
        .await
        .expect_problem(400, "invalid_request");
}
