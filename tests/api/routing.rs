//! Routing: groups, capacity, automatic assignment, the queue and business hours.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, eventually, group};
use crate::sse::SseClient;

async fn agent_in(app: &TestApp, admin: &str, name: &str, groups: &[&str], max: Option<u32>) -> (String, String) {
    let email = format!("{}@example.com", name.to_lowercase());
    let mut body = json!({"email": email, "name": name, "password": "agent-password-1", "group_ids": groups});
    if let Some(max) = max {
        body["max_active_chats"] = json!(max);
    }
    let agent = app.post("/v1/agents", admin, body).await.expect(201);
    let session = app.login(&email, "agent-password-1").await.expect(200);
    let token = session["token"].as_str().unwrap().to_owned();
    app.set_presence(&token, "online").await;
    (agent["id"].as_str().unwrap().to_owned(), token)
}

async fn enter(app: &TestApp, key: &str, module: &str, who: &str) -> Value {
    app.enter(key, module, who, json!({})).await.expect(201)
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

async fn conversation(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/v1/conversations/{id}"), token).await.expect(200)
}

#[tokio::test]
async fn a_group_sees_and_takes_its_modules_conversations_and_nobody_else() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[&billing], None).await;
    let (_, bob) = agent_in(&app, &admin, "Bob", &[], None).await;
    let module = app.module(&admin, json!({"group_id": billing})).await;
    let key = app.api_key(&admin).await;

    let entered = enter(&app, &key, &module, "c-1").await;
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(entered["conversation"]["group_id"], billing.as_str());
    assert_eq!(entered["conversation"]["variables"]["live_group"], "Billing");
    assert!(ids(&app.get("/v1/conversations", &ada).await.expect(200)).contains(&id));
    assert!(!ids(&app.get("/v1/conversations", &bob).await.expect(200)).contains(&id), "Bob is not in Billing");
    app.post(&format!("/v1/conversations/{id}/claim"), &bob, json!({})).await.expect_problem(404, "not_found");
    let claimed = app.post(&format!("/v1/conversations/{id}/claim"), &ada, json!({})).await.expect(200);
    assert_eq!(claimed["agent"]["id"], ada_id.as_str());
    // A transfer to an agent outside the group is refused; to the group, it waits there.
    let (bob_id, _) = (app.get("/v1/me", &bob).await.expect(200)["id"].as_str().unwrap().to_owned(), ());
    app.post(&format!("/v1/conversations/{id}/transfer"), &ada, json!({"agent_id": bob_id}))
        .await
        .expect_problem(422, "invalid_input");
    let support = group(&app, &admin, "Support").await;
    let moved =
        app.post(&format!("/v1/conversations/{id}/transfer"), &ada, json!({"group_id": support})).await.expect(200);
    assert_eq!((moved["status"].as_str(), moved["group_id"].as_str()), (Some("waiting"), Some(support.as_str())));
    assert_eq!(moved["queue_position"], 1);
    // Now Support's, it is out of Ada's sight.
    app.post(&format!("/v1/conversations/{id}/transfer"), &ada, json!({"group_id": billing}))
        .await
        .expect_problem(404, "not_found");
    app.post(&format!("/v1/conversations/{id}/transfer"), &admin, json!({"group_id": billing}))
        .await
        .expect_problem(409, "conversation_not_claimed");
    app.post(&format!("/v1/conversations/{id}/transfer"), &admin, json!({})).await.expect_problem(422, "invalid_input");
    let groups = app.get("/v1/groups", &bob).await.expect(200);
    let names: Vec<&str> = groups["items"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Billing", "Support"]);
    app.post("/v1/groups", &admin, json!({"name": "Billing"})).await.expect_problem(409, "group_name_taken");
}

#[tokio::test]
async fn nobody_online_means_nobody_of_the_group() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    agent_in(&app, &admin, "Bob", &[], None).await;
    let fallback = json!({"kind": "subprocess", "id": "contact-form"});
    let module =
        app.module(&admin, json!({"group_id": billing, "async_enabled": false, "fallback_target": fallback})).await;
    let key = app.api_key(&admin).await;
    let exited = enter(&app, &key, &module, "c-1").await;
    assert_eq!(exited["outcome"], "exited");
    assert_eq!(exited["conversation"]["exit"]["reason"], "no_agent_available");
    agent_in(&app, &admin, "Ada", &[&billing], None).await;
    assert_eq!(enter(&app, &key, &module, "c-2").await["outcome"], "waiting");
}

#[tokio::test]
async fn a_full_agent_cannot_claim_more() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, ada) = agent_in(&app, &admin, "Ada", &[], Some(1)).await;
    let module = app.module(&admin, json!({"max_active_chats": 5})).await;
    let key = app.api_key(&admin).await;
    let first = enter(&app, &key, &module, "c-1").await["conversation"]["id"].as_str().unwrap().to_owned();
    let second = enter(&app, &key, &module, "c-2").await["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{first}/claim"), &ada, json!({})).await.expect(200);
    let refused = app.post(&format!("/v1/conversations/{second}/claim"), &ada, json!({})).await;
    let problem = refused.expect_problem(409, "agent_at_capacity");
    assert!(problem["detail"].as_str().unwrap().contains('1'), "{problem}");
    // Removing the agent's own limit leaves the module's (5).
    let me = app.get("/v1/me", &ada).await.expect(200);
    let ada_id = me["id"].as_str().unwrap();
    app.call(Method::PATCH, &format!("/v1/agents/{ada_id}"), Some(&admin), Some(json!({"max_active_chats": 0})))
        .await
        .expect(200);
    app.post(&format!("/v1/conversations/{second}/claim"), &ada, json!({})).await.expect(200);
}

#[tokio::test]
async fn auto_routing_assigns_at_once_queues_when_full_and_assigns_when_room_frees() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[], None).await;
    let (bob_id, _) = agent_in(&app, &admin, "Bob", &[], None).await;
    let module = app.module(&admin, json!({"routing": "auto", "max_active_chats": 1})).await;
    let key = app.api_key(&admin).await;

    let one = enter(&app, &key, &module, "c-1").await["conversation"].clone();
    let two = enter(&app, &key, &module, "c-2").await["conversation"].clone();
    assert_eq!((one["status"].as_str(), two["status"].as_str()), (Some("active"), Some("active")));
    assert_eq!(one["routing"], "auto");
    let agents = [one["agent"]["id"].as_str().unwrap(), two["agent"]["id"].as_str().unwrap()];
    assert!(agents.contains(&ada_id.as_str()) && agents.contains(&bob_id.as_str()), "one each: {agents:?}");

    let third = enter(&app, &key, &module, "c-3").await;
    let waiting = &third["conversation"];
    assert_eq!((waiting["status"].as_str(), waiting["queue_position"].as_i64()), (Some("waiting"), Some(1)));
    assert_eq!(waiting["variables"]["live_queue_position_at_entry"], 1);
    let id = waiting["id"].as_str().unwrap().to_owned();
    let token = third["customer_token"]["token"].as_str().unwrap().to_owned();
    let mut stream = SseClient::open(&app.address, "/v1/streams/customer", Some(&token), None).await;
    stream.expect("stream.ready").await;

    let adas = if agents[0] == ada_id { &one } else { &two };
    let adas_id = adas["id"].as_str().unwrap();
    app.post(&format!("/v1/conversations/{adas_id}/end"), &ada, json!({})).await.expect(200);
    let assigned = stream.expect("conversation.assigned").await;
    assert_eq!(assigned.data["id"], id.as_str());
    assert_eq!(assigned.data["agent"]["id"], ada_id.as_str());
    let now = conversation(&app, &ada, &id).await;
    assert_eq!((now["status"].as_str(), now["queue_position"].is_null()), (Some("active"), true));
}

#[tokio::test]
async fn places_beyond_the_first_two_hundred_are_rounded_up_and_do_not_run_ahead() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let module = app.module(&admin, json!({"routing": "auto"})).await;
    let key = app.api_key(&admin).await;
    let mut places = Vec::new();
    for n in 1..=215 {
        let entered = enter(&app, &key, &module, &format!("c-{n}")).await;
        places.push(entered["conversation"]["queue_position"].as_i64().expect("a place"));
    }
    let exact: Vec<i64> = (1..=200).collect();
    assert_eq!(places[..200], exact[..], "the first 200 places are exact");
    // 201 to 210 are shown as 210, 211 to 215 as 220, however many entered in between.
    assert_eq!(places[200..], [210, 210, 210, 210, 210, 210, 210, 210, 210, 210, 220, 220, 220, 220, 220]);
}

#[tokio::test]
async fn the_queue_tells_each_customer_their_place_as_it_moves() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let module = app.module(&admin, json!({"routing": "auto"})).await;
    let key = app.api_key(&admin).await;
    let mut customers = Vec::new();
    for (n, who) in ["c-1", "c-2", "c-3"].into_iter().enumerate() {
        let entered = enter(&app, &key, &module, who).await;
        assert_eq!(entered["conversation"]["queue_position"], n as i64 + 1, "{entered}");
        assert!(entered["conversation"]["estimated_wait_seconds"].is_null(), "no wait seen yet");
        let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
        customers.push((id, entered["customer_token"]["token"].as_str().unwrap().to_owned()));
    }
    let mut third = SseClient::open(&app.address, "/v1/streams/customer", Some(&customers[2].1), None).await;
    third.expect("stream.ready").await;
    // The first leaves: the others move up.
    let first = &customers[0];
    app.call(Method::POST, &format!("/v1/conversations/{}/leave", first.0), Some(&first.1), Some(json!({})))
        .await
        .expect(200);
    let moved = third.expect("conversation.queue_position").await;
    assert_eq!(
        (moved.data["conversation_id"].as_str(), moved.data["queue_position"].as_i64()),
        (Some(customers[2].0.as_str()), Some(2))
    );
    let second = conversation(&app, &customers[1].1, &customers[1].0).await;
    assert_eq!(second["queue_position"], 1);
    // An agent comes online: the head of the queue goes to them, the rest move up again.
    let (_, ada) = agent_in(&app, &admin, "Ada", &[], Some(1)).await;
    let moved = third.expect("conversation.queue_position").await;
    assert_eq!(moved.data["queue_position"], 1);
    let taken = conversation(&app, &ada, &customers[1].0).await;
    assert_eq!(taken["status"], "active");
    // With a wait seen, the queue has an estimate.
    let last = conversation(&app, &customers[2].1, &customers[2].0).await;
    assert!(last["estimated_wait_seconds"].as_i64().is_some(), "{last}");
    assert_eq!(last["variables"]["live_queue_position_at_entry"], 3);
}

#[tokio::test]
async fn an_agent_who_goes_offline_hands_their_chats_back_unless_the_module_keeps_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[], None).await;
    let requeue = app.module(&admin, json!({"routing": "auto"})).await;
    let keep = app.module(&admin, json!({"routing": "auto", "keep_chats_when_agent_offline": true})).await;
    let key = app.api_key(&admin).await;
    let handed = enter(&app, &key, &requeue, "c-1").await["conversation"]["id"].as_str().unwrap().to_owned();
    let kept = enter(&app, &key, &keep, "c-2").await["conversation"]["id"].as_str().unwrap().to_owned();
    for id in [&handed, &kept] {
        assert_eq!(conversation(&app, &admin, id).await["agent"]["id"], ada_id.as_str());
    }
    app.set_presence(&ada, "offline").await;
    let back = eventually("the chat back in the queue", || async {
        let now = conversation(&app, &admin, &handed).await;
        (now["status"] == "waiting").then_some(now)
    })
    .await;
    assert_eq!(back["queue_position"], 1);
    assert_eq!(conversation(&app, &admin, &kept).await["status"], "active");
    // Someone with room takes it.
    let (bob_id, _) = agent_in(&app, &admin, "Bob", &[], None).await;
    let taken = eventually("the chat assigned to Bob", || async {
        let now = conversation(&app, &admin, &handed).await;
        (now["status"] == "active").then_some(now)
    })
    .await;
    assert_eq!(taken["agent"]["id"], bob_id.as_str());
}

#[tokio::test]
async fn outside_business_hours_the_module_acts_as_when_nobody_is_online() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    agent_in(&app, &admin, "Ada", &[], None).await;
    // Open only on 1 January 2000, so closed now.
    let closed = json!({"time_zone": "Europe/Berlin", "weekly": [], "closed_dates": []});
    let fallback = json!({"kind": "experience", "id": "opening-hours"});
    let exits = app
        .module(&admin, json!({"async_enabled": false, "fallback_target": fallback, "business_hours": closed}))
        .await;
    let waits = app.module(&admin, json!({"async_enabled": true, "routing": "auto", "business_hours": closed})).await;
    let key = app.api_key(&admin).await;
    let exited = enter(&app, &key, &exits, "c-1").await;
    assert_eq!(exited["outcome"], "exited");
    assert_eq!(exited["conversation"]["exit"]["reason"], "outside_business_hours");
    assert_eq!(exited["conversation"]["exit"]["target"]["id"], "opening-hours");
    assert_eq!(exited["conversation"]["variables"]["live_exit_reason"], "outside_business_hours");
    // Async on: the customer leaves a message; nobody is assigned.
    let left = enter(&app, &key, &waits, "c-2").await;
    let id = left["conversation"]["id"].as_str().unwrap();
    let token = left["customer_token"]["token"].as_str().unwrap();
    assert_eq!(left["conversation"]["status"], "waiting");
    let messages = app.all_messages(token, id).await;
    assert!(messages.iter().any(|m| m["content"]["text"].as_str().is_some_and(|t| t.starts_with("Nobody is online"))));
    app.run_housekeeping_at(chrono::Utc::now()).await;
    assert_eq!(conversation(&app, &admin, id).await["status"], "waiting");
    // A schedule that cannot be read is refused.
    let bad = json!({"time_zone": "Mars/Olympus", "weekly": []});
    let body = json!({"name": "X", "async_enabled": true, "request_email": false, "business_hours": bad});
    app.post("/v1/modules", &admin, body).await.expect_problem(422, "invalid_input");
}

#[tokio::test]
async fn nobody_online_means_nobody_who_could_serve_the_conversation_now() {
    let app = TestApp::spawn_with(|settings| {
        settings.routing.waiting_timeout = Some(std::time::Duration::from_secs(60));
    })
    .await;
    let admin = app.admin_token().await;
    let support = group(&app, &admin, "Support").await;
    let billing = group(&app, &admin, "Billing").await;
    // Ada (Support) is online; Bob (Billing) is not.
    agent_in(&app, &admin, "Ada", &[&support], None).await;
    let (_, bob) = agent_in(&app, &admin, "Bob", &[&billing], None).await;
    app.set_presence(&bob, "offline").await;
    let closed = json!({"time_zone": "Europe/Berlin", "weekly": [], "closed_dates": []});
    let of_billing = app.module(&admin, json!({"async_enabled": true, "group_id": billing})).await;
    let of_support = app.module(&admin, json!({"async_enabled": true, "group_id": support})).await;
    let shut = app.module(&admin, json!({"async_enabled": true, "business_hours": closed})).await;
    let key = app.api_key(&admin).await;

    let mut left = Vec::new();
    for (module, who, nobody) in [(&of_billing, "c-1", true), (&shut, "c-2", true), (&of_support, "c-3", false)] {
        let entered = enter(&app, &key, module, who).await;
        let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
        let token = entered["customer_token"]["token"].as_str().unwrap();
        let greeting = app.all_messages(token, &id).await.pop().expect("a greeting");
        let offline = greeting["content"]["text"].as_str().is_some_and(|text| text.starts_with("Nobody is online"));
        assert_eq!(offline, nobody, "{who}: the greeting says whether anyone could serve");
        app.post(&format!("/v1/conversations/{id}/messages"), token, json!({"text": "call me back"})).await.expect(201);
        let seen = conversation(&app, &admin, &id).await;
        assert_eq!(seen["left_message"], nobody, "{who}: left a message");
        let outcome = app.get(&format!("/v1/conversations/{id}/outcome"), &key).await.expect(200);
        assert_eq!(outcome["variables"]["live_async"], nobody, "{who}: the bot platform sees live_async");
        left.push((id, nobody));
    }
    // The waiting timeout spares a left message and ends the others.
    app.run_housekeeping_at(chrono::Utc::now() + chrono::Duration::seconds(120)).await;
    for (id, nobody) in left {
        let status = &conversation(&app, &admin, &id).await["status"];
        assert_eq!(status, if nobody { "waiting" } else { "ended" }, "{id} after the waiting timeout");
    }
}

#[tokio::test]
async fn offline_and_deactivated_agents_hand_chats_back_to_the_head_by_one_rule() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[], None).await;
    let manual = app.module(&admin, json!({})).await;
    let auto = app.module(&admin, json!({"routing": "auto"})).await;
    let key = app.api_key(&admin).await;
    let claimed = enter(&app, &key, &manual, "c-1").await["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{claimed}/claim"), &ada, json!({})).await.expect(200);
    let given = enter(&app, &key, &auto, "c-2").await["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(conversation(&app, &admin, &given).await["agent"]["id"], ada_id.as_str());
    let later = enter(&app, &key, &manual, "c-3").await["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(conversation(&app, &admin, &later).await["queue_position"], 1);

    // Offline: the chat the server gave goes back ahead of the later one; the one taken
    // by hand stays.
    app.set_presence(&ada, "offline").await;
    eventually("the given chat back at the head", || async {
        let given = conversation(&app, &admin, &given).await;
        let later = conversation(&app, &admin, &later).await;
        (given["queue_position"] == 1 && later["queue_position"] == 2).then_some(())
    })
    .await;
    let kept = conversation(&app, &admin, &claimed).await;
    assert_eq!((kept["status"].as_str(), kept["agent"]["id"].as_str()), (Some("active"), Some(ada_id.as_str())));

    // Deactivated: nothing stays; the chat taken first heads the queue.
    let path = format!("/v1/agents/{ada_id}");
    app.call(Method::PATCH, &path, Some(&admin), Some(json!({"active": false}))).await.expect(200);
    let back = conversation(&app, &admin, &claimed).await;
    assert_eq!((back["status"].as_str(), back["queue_position"].as_i64()), (Some("waiting"), Some(1)));
    eventually("the places behind it moved on", || async {
        let given = conversation(&app, &admin, &given).await;
        let later = conversation(&app, &admin, &later).await;
        (given["queue_position"] == 2 && later["queue_position"] == 3).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_transfer_to_an_offline_agent_is_refused_in_auto_routing_with_its_own_code() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[], None).await;
    let (bob_id, bob) = agent_in(&app, &admin, "Bob", &[], None).await;
    app.set_presence(&bob, "offline").await;
    let auto = app.module(&admin, json!({"routing": "auto"})).await;
    let manual = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;
    let routed = enter(&app, &key, &auto, "c-1").await["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(conversation(&app, &admin, &routed).await["agent"]["id"], ada_id.as_str());
    let to_bob = json!({"agent_id": bob_id});
    let refused = app.post(&format!("/v1/conversations/{routed}/transfer"), &ada, to_bob.clone()).await;
    let problem = refused.expect_problem(409, "agent_not_online");
    assert!(problem["detail"].as_str().unwrap().contains("offline"), "{problem}");
    assert_eq!(conversation(&app, &admin, &routed).await["agent"]["id"], ada_id.as_str(), "nothing changed");
    // Away, Bob may be given it; by hand a chat may wait for an offline agent.
    app.set_presence(&bob, "away").await;
    app.post(&format!("/v1/conversations/{routed}/transfer"), &ada, to_bob.clone()).await.expect(200);
    app.set_presence(&bob, "offline").await;
    let claimed = enter(&app, &key, &manual, "c-2").await["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{claimed}/claim"), &ada, json!({})).await.expect(200);
    let given = app.post(&format!("/v1/conversations/{claimed}/transfer"), &ada, to_bob).await.expect(200);
    assert_eq!(given["agent"]["id"], bob_id.as_str());
}

#[tokio::test]
async fn concurrent_entries_and_ends_never_give_a_chat_twice_nor_past_capacity() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut agents = Vec::new();
    for name in ["Ada", "Bob", "Cy"] {
        agents.push(agent_in(&app, &admin, name, &[], Some(2)).await);
    }
    let module = app.module(&admin, json!({"routing": "auto"})).await;
    let key = app.api_key(&admin).await;
    let entries = (0..24).map(|n| {
        let (app, key, module) = (&app, &key, &module);
        async move { enter(app, key, module, &format!("c-{n}")).await }
    });
    let entered = futures_util::future::join_all(entries).await;
    let assert_within_capacity = |page: &Value| {
        let mut serving = std::collections::HashMap::new();
        for c in page["items"].as_array().unwrap().iter().filter(|c| c["status"] == "active") {
            *serving.entry(c["agent"]["id"].as_str().unwrap().to_owned()).or_insert(0) += 1;
        }
        assert!(serving.values().all(|n| *n <= 2), "over capacity: {serving:?}");
        serving.values().sum::<i32>()
    };
    let page = app.get("/v1/conversations?limit=200", &admin).await.expect(200);
    assert_eq!(assert_within_capacity(&page), 6, "three agents, two chats each");
    // Agents end their chats while more wait: every freed place is filled, never overfilled.
    for round in 0..3 {
        let page = app.get("/v1/conversations?status=active&limit=200", &admin).await.expect(200);
        let ends = page["items"].as_array().unwrap().iter().map(|c| {
            let agent = agents.iter().find(|(id, _)| c["agent"]["id"] == id.as_str()).unwrap().1.clone();
            let id = c["id"].as_str().unwrap().to_owned();
            let app = &app;
            async move { app.post(&format!("/v1/conversations/{id}/end"), &agent, json!({})).await.expect(200) }
        });
        futures_util::future::join_all(ends).await;
        let page = eventually("the freed places filled", || async {
            let page = app.get("/v1/conversations?limit=200", &admin).await.expect(200);
            let active = page["items"].as_array().unwrap().iter().filter(|c| c["status"] == "active").count();
            (active == 6).then_some(page)
        })
        .await;
        assert_within_capacity(&page);
        let waiting = page["items"].as_array().unwrap().iter().filter(|c| c["status"] == "waiting").count();
        assert_eq!(waiting, 24 - 6 * (round + 2), "round {round}");
    }
    // The log, replayed from the start: each conversation was assigned once, to one agent.
    let mut log = SseClient::open(&app.address, "/v1/streams/agent", Some(&admin), Some(0)).await;
    let mut assigned: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    while let Some(event) = log.next_within(std::time::Duration::from_secs(5)).await {
        match event.event.as_str() {
            "stream.ready" => break,
            "conversation.assigned" => *assigned.entry(event.data["id"].as_str().unwrap().to_owned()).or_default() += 1,
            _ => {}
        }
    }
    assert_eq!(assigned.len(), 24, "every conversation was assigned: six at first, six after each round of ends");
    assert!(assigned.values().all(|times| *times == 1), "{assigned:?}");
    assert_eq!(entered.len(), 24);
}

#[tokio::test]
async fn a_stream_scoped_to_groups_carries_only_their_conversations_live_and_replayed() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (_, ada) = agent_in(&app, &admin, "Ada", &[&billing], None).await;
    let billing_module = app.module(&admin, json!({"group_id": billing})).await;
    let support_module = app.module(&admin, json!({"group_id": support})).await;
    let anyone_module = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;
    let mut live = SseClient::open(&app.address, "/v1/streams/agent?scope=groups", Some(&ada), None).await;
    let ready = live.expect("stream.ready").await;
    let from: i64 = ready.data["last_event_id"].as_i64().unwrap();
    let mut entered = Vec::new();
    for (module, who) in [(&support_module, "c-support"), (&billing_module, "c-billing"), (&anyone_module, "c-anyone")]
    {
        entered.push(enter(&app, &key, module, who).await["conversation"]["id"].as_str().unwrap().to_owned());
    }
    let expected = [entered[1].clone(), entered[2].clone()];
    assert_eq!(waiting_ids(&mut live, &entered[0]).await, expected);
    let mut replayed = SseClient::open(&app.address, "/v1/streams/agent?scope=groups", Some(&ada), Some(from)).await;
    assert_eq!(waiting_ids(&mut replayed, &entered[0]).await, expected);
}

/// The ids of the next two `conversation.waiting` events, and no event of conversation
/// `unseen` (the conversation itself, its messages, its queue place).
async fn waiting_ids(stream: &mut SseClient, unseen: &str) -> Vec<String> {
    let of_unseen = |event: &crate::sse::SseEvent| {
        event.data["id"].as_str() == Some(unseen) || event.data["conversation_id"].as_str() == Some(unseen)
    };
    let mut seen = Vec::new();
    let mut events = 0;
    while seen.len() < 2 {
        let event = stream.next_within(std::time::Duration::from_secs(10)).await.expect("an event");
        events += 1;
        assert!(!of_unseen(&event), "{}: of another group", event.event);
        if event.event == "conversation.waiting" {
            seen.push(event.data["id"].as_str().unwrap().to_owned());
        }
    }
    while let Some(event) = stream.next_within(std::time::Duration::from_millis(500)).await {
        events += 1;
        assert!(!of_unseen(&event), "{}: of another group", event.event);
    }
    assert!(events > 2, "the conversations' messages came too");
    seen
}

#[tokio::test]
async fn a_full_queue_under_one_modules_limit_does_not_hold_back_another_modules() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    agent_in(&app, &admin, "Ada", &[], None).await;
    let strict = app.module(&admin, json!({"routing": "auto", "max_active_chats": 1})).await;
    let roomy = app.module(&admin, json!({"routing": "auto", "max_active_chats": 3})).await;
    let key = app.api_key(&admin).await;
    assert_eq!(enter(&app, &key, &strict, "c-1").await["conversation"]["status"], "active");
    assert_eq!(enter(&app, &key, &strict, "c-2").await["conversation"]["status"], "waiting");
    // Ada has room under the other module's limit.
    assert_eq!(enter(&app, &key, &roomy, "c-3").await["conversation"]["status"], "active");
}

#[tokio::test]
async fn a_conversation_leaving_a_group_is_seen_leaving_and_a_release_takes_a_place_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (_, ada) = agent_in(&app, &admin, "Ada", &[&billing], None).await;
    let module = app.module(&admin, json!({"group_id": billing})).await;
    let key = app.api_key(&admin).await;
    let id = enter(&app, &key, &module, "c-1").await["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/claim"), &ada, json!({})).await.expect(200);
    let released = app.post(&format!("/v1/conversations/{id}/release"), &ada, json!({})).await.expect(200);
    assert_eq!(released["queue_position"], 1, "a released conversation has its place in the answer");
    app.post(&format!("/v1/conversations/{id}/claim"), &ada, json!({})).await.expect(200);
    let mut stream = SseClient::open(&app.address, "/v1/streams/agent?scope=groups", Some(&ada), None).await;
    stream.expect("stream.ready").await;
    app.post(&format!("/v1/conversations/{id}/transfer"), &ada, json!({"group_id": support})).await.expect(200);
    let left = stream.expect("conversation.transferred").await;
    assert_eq!(left.data["group_id"], support.as_str());
    // Nor does it vanish from the Live list of an agent taken out of its group while serving it.
    let mine = app.module(&admin, json!({"group_id": billing})).await;
    let served = enter(&app, &key, &mine, "c-2").await["conversation"]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{served}/claim"), &ada, json!({})).await.expect(200);
    let me = app.get("/v1/me", &ada).await.expect(200);
    let path = format!("/v1/agents/{}", me["id"].as_str().unwrap());
    app.call(Method::PATCH, &path, Some(&admin), Some(json!({"group_ids": []}))).await.expect(200);
    assert!(ids(&app.get("/v1/conversations", &ada).await.expect(200)).contains(&served));
}

#[tokio::test]
async fn in_auto_routing_a_released_chat_goes_to_another_agent_not_back() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[], None).await;
    let module = app.module(&admin, json!({"routing": "auto"})).await;
    let key = app.api_key(&admin).await;
    let entered = enter(&app, &key, &module, "c-1").await["conversation"].clone();
    assert_eq!(entered["agent"]["id"], ada_id.as_str());
    let id = entered["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/release"), &ada, json!({})).await.expect(200);
    // Ada has all the room, but gave it back: it waits for someone else.
    app.run_housekeeping_at(chrono::Utc::now()).await;
    app.run_routing_at(chrono::Utc::now()).await;
    assert_eq!(conversation(&app, &ada, &id).await["status"], "waiting");
    // Others still come to Ada.
    assert_eq!(enter(&app, &key, &module, "c-2").await["conversation"]["agent"]["id"], ada_id.as_str());
    let (bob_id, _) = agent_in(&app, &admin, "Bob", &[], None).await;
    let taken = eventually("the released chat assigned to Bob", || async {
        let now = conversation(&app, &admin, &id).await;
        (now["status"] == "active").then_some(now)
    })
    .await;
    assert_eq!(taken["agent"]["id"], bob_id.as_str());
}

#[tokio::test]
async fn in_auto_routing_a_chat_handed_to_the_group_goes_to_another_of_its_agents() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let (ada_id, ada) = agent_in(&app, &admin, "Ada", &[&billing], None).await;
    let module = app.module(&admin, json!({"routing": "auto", "group_id": billing})).await;
    let key = app.api_key(&admin).await;
    let entered = enter(&app, &key, &module, "c-1").await["conversation"].clone();
    assert_eq!(entered["agent"]["id"], ada_id.as_str());
    let id = entered["id"].as_str().unwrap().to_owned();
    let handed = json!({"group_id": billing});
    app.post(&format!("/v1/conversations/{id}/transfer"), &ada, handed).await.expect(200);
    app.run_routing_at(chrono::Utc::now()).await;
    assert_eq!(conversation(&app, &ada, &id).await["status"], "waiting", "not back to Ada");
    let (bob_id, _) = agent_in(&app, &admin, "Bob", &[&billing], None).await;
    let taken = eventually("the chat assigned to Bob", || async {
        let now = conversation(&app, &admin, &id).await;
        (now["status"] == "active").then_some(now)
    })
    .await;
    assert_eq!(taken["agent"]["id"], bob_id.as_str());
}
