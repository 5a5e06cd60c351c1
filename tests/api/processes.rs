//! Real server processes: two sharing one PostgreSQL database, and shutting down.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET, TestApp, token_of};
use crate::sse::SseClient;

/// A `livechat` process; killed when dropped.
struct Process {
    child: Child,
    app: TestApp,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(database_url: &str, data_dir: &Path) -> Process {
    start_with(database_url, data_dir, &[]).await
}

/// A process with extra environment variables.
async fn start_with(database_url: &str, data_dir: &Path, env: &[(&str, &str)]) -> Process {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_livechat"))
        .envs(env.iter().copied())
        .env("LIVECHAT_BIND", format!("127.0.0.1:{port}"))
        .env("LIVECHAT_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("LIVECHAT_JWT_SECRET", JWT_SECRET)
        .env("LIVECHAT_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("LIVECHAT_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("LIVECHAT_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let process = Process { child, app: TestApp::attach(&format!("http://127.0.0.1:{port}"), database_url) };
    for _ in 0..100 {
        let ready = process.app.client.get(format!("{}/health/ready", process.app.address)).send().await;
        if ready.is_ok_and(|response| response.status() == 200) {
            return process;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server process did not become ready");
}

/// Two processes sharing one new PostgreSQL database (with the directory they share),
/// or none, with a note, when the tests run without `TEST_DATABASE_URL`.
async fn two_on_postgresql(test: &str) -> Option<(tempfile::TempDir, Process, Process)> {
    two_on_postgresql_with(test, &[]).await
}

/// Two processes on one PostgreSQL database, with extra environment variables.
async fn two_on_postgresql_with(test: &str, env: &[(&str, &str)]) -> Option<(tempfile::TempDir, Process, Process)> {
    let (data_dir, mut processes) = several_on_postgresql(test, 2, env).await?;
    let two = processes.pop()?;
    let one = processes.pop()?;
    Some((data_dir, one, two))
}

/// `count` processes sharing one new PostgreSQL database (with the directory they
/// share), or none, with a note, when the tests run without `TEST_DATABASE_URL`.
async fn several_on_postgresql(
    test: &str,
    count: usize,
    env: &[(&str, &str)],
) -> Option<(tempfile::TempDir, Vec<Process>)> {
    let Ok(server) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("{test} needs TEST_DATABASE_URL (PostgreSQL); CI runs it there");
        return None;
    };
    assert!(server.starts_with("postgres"), "several processes need PostgreSQL");
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let mut processes = Vec::new();
    for _ in 0..count {
        processes.push(start_with(&database_url, data_dir.path(), env).await);
    }
    Some((data_dir, processes))
}

#[tokio::test]
async fn two_processes_on_one_postgresql_share_the_work() {
    let Some((_data_dir, one, two)) = two_on_postgresql("two_processes_on_one_postgresql_share_the_work").await else {
        return;
    };

    let admin = one.app.admin_token().await;
    let (_, agent) = two.app.online_agent(&admin, "Ada").await;
    let module = one.app.module(&admin, json!({})).await;
    let key = two.app.api_key(&admin).await;
    let mut agent_stream = SseClient::open(&two.app.address, "/v1/streams/agent", Some(&agent), None).await;
    agent_stream.expect("stream.ready").await;

    let entered = one.app.enter(&key, &module, "c-1", json!({})).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    assert_eq!(
        agent_stream.expect("conversation.waiting").await.data["id"],
        id.as_str(),
        "an entry on one reaches the other"
    );

    let mut customer_stream = SseClient::open(&one.app.address, "/v1/streams/customer", Some(&customer), None).await;
    customer_stream.expect("stream.ready").await;
    let online = agent_stream.expect("customer.presence_changed").await;
    assert_eq!(online.data["online"], true);
    let seen_from_two = two.app.get(&format!("/v1/conversations/{id}"), &agent).await.expect(200);
    assert_eq!(seen_from_two["customer"]["online"], true);

    two.app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);
    assert_eq!(customer_stream.expect("conversation.claimed").await.data["agent"]["name"], "Ada");
    two.app.post(&format!("/v1/conversations/{id}/messages"), &agent, json!({"text": "from two"})).await.expect(201);
    assert_eq!(customer_stream.expect("message.created").await.data["content"]["text"], "from two");
    one.app.post(&format!("/v1/conversations/{id}/messages"), &customer, json!({"text": "from one"})).await.expect(201);
    let from_one = agent_stream.expect_matching("message.created", |data| data["author_kind"] == "customer").await;
    assert_eq!(from_one.data["content"]["text"], "from one");

    let (_, bob) = one.app.agent(&admin, "Bob").await;
    one.app.set_presence(&bob, "online").await;
    assert_eq!(agent_stream.expect("agent.presence_changed").await.data["name"], "Bob");
    one.app
        .post(&format!("/v1/conversations/{id}/claim"), &bob, json!({}))
        .await
        .expect_problem(409, "conversation_already_claimed");
}

#[tokio::test]
async fn processes_starting_together_on_an_empty_postgresql_database_all_come_up() {
    let Ok(server) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("processes_starting_together_… needs TEST_DATABASE_URL (PostgreSQL); CI runs it there");
        return;
    };
    assert!(server.starts_with("postgres"), "several processes need PostgreSQL");
    for _ in 0..3 {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = crate::helpers::database_url(data_dir.path()).await;
        let (one, two, three) = tokio::join!(
            start(&database_url, data_dir.path()),
            start(&database_url, data_dir.path()),
            start(&database_url, data_dir.path()),
        );
        let admin = one.app.admin_token().await;
        for process in [&two, &three] {
            assert_eq!(process.app.get("/v1/me", &admin).await.expect(200)["role"], "admin");
        }
    }
}

#[tokio::test]
async fn on_sigterm_streams_are_told_to_reconnect_and_resume_on_the_next_process() {
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let first = start(&database_url, data_dir.path()).await;
    let admin = first.app.admin_token().await;
    let (_, agent) = first.app.online_agent(&admin, "Ada").await;
    let module = first.app.module(&admin, json!({})).await;
    let key = first.app.api_key(&admin).await;
    let entered = first.app.enter(&key, &module, "c-1", json!({})).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    first.app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);

    let mut stream = SseClient::open(&first.app.address, "/v1/streams/customer", Some(&customer), None).await;
    let position = stream.expect("stream.ready").await.id;
    let pid = first.child.id().to_string();
    let started = std::time::Instant::now();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    stream.expect("stream.reconnect").await;
    assert!(stream.ends_within(Duration::from_secs(5)).await, "the stream ends after stream.reconnect");
    let mut first = first;
    let status = loop {
        if let Some(status) = first.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(12), "the process did not exit in time");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "a clean exit: {status}");

    let second = start(&database_url, data_dir.path()).await;
    let agent = token_of(second.app.login("ada@example.com", "agent-password-1").await.expect(200));
    second
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &agent, json!({"text": "still here"}))
        .await
        .expect(201);
    let mut resumed = SseClient::open(&second.app.address, "/v1/streams/customer", Some(&customer), position).await;
    assert_eq!(resumed.expect("message.created").await.data["content"]["text"], "still here");
}

#[tokio::test]
async fn two_processes_assign_each_chat_once_and_never_past_capacity() {
    let test = "two_processes_assign_each_chat_once_and_never_past_capacity";
    let Some((_data_dir, processes)) = several_on_postgresql(test, 2, &[]).await else { return };
    assign_each_chat_once_and_never_past_capacity(&processes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_processes_assign_each_chat_once_and_never_past_capacity() {
    let test = "four_processes_assign_each_chat_once_and_never_past_capacity";
    let Some((_data_dir, processes)) = several_on_postgresql(test, 4, &[]).await else { return };
    assign_each_chat_once_and_never_past_capacity(&processes).await;
}

/// Four agents of two chats each, 30 entries and three rounds of ends spread over the
/// processes, which all route at once: every chat is assigned once, nobody past two.
async fn assign_each_chat_once_and_never_past_capacity(processes: &[Process]) {
    let app_of = |n: usize| &processes[n % processes.len()].app;
    let (one, two) = (app_of(0), app_of(1));
    let admin = one.admin_token().await;
    let mut agents = Vec::new();
    for name in ["Ada", "Bob", "Cy", "Dee"] {
        let email = format!("{}@example.com", name.to_lowercase());
        let body = json!({"email": email, "name": name, "password": "agent-password-1", "max_active_chats": 2});
        one.post("/v1/agents", &admin, body).await.expect(201);
        let token = token_of(two.login(&email, "agent-password-1").await.expect(200));
        two.set_presence(&token, "online").await;
        agents.push(token);
    }
    let module = one.module(&admin, json!({"routing": "auto"})).await;
    let key = two.api_key(&admin).await;
    // Entries through every process at once: each process routes in its own rounds.
    let entries = (0..30).map(|n| {
        let app = app_of(n);
        let (key, module) = (&key, &module);
        async move { app.enter(key, module, &format!("c-{n}"), json!({})).await.expect(201) }
    });
    futures_util::future::join_all(entries).await;
    let serving = |page: &serde_json::Value| {
        let mut serving = std::collections::HashMap::new();
        for c in page["items"].as_array().unwrap().iter().filter(|c| c["status"] == "active") {
            *serving.entry(c["agent"]["id"].as_str().unwrap().to_owned()).or_insert(0) += 1;
        }
        serving
    };
    for round in 0..3 {
        let page = crate::helpers::eventually("every agent full", || async {
            let page = one.get("/v1/conversations?limit=200", &admin).await.expect(200);
            (serving(&page).values().sum::<i32>() == 8).then_some(page)
        })
        .await;
        assert!(serving(&page).values().all(|n| *n == 2), "round {round}: {:?}", serving(&page));
        // Every agent ends one chat, each through another process.
        let ends = agents.iter().enumerate().map(|(n, token)| {
            let app = app_of(n);
            async move {
                let mine = app.get("/v1/conversations?status=active&mine=true", token).await.expect(200);
                let id = mine["items"][0]["id"].as_str().unwrap().to_owned();
                app.post(&format!("/v1/conversations/{id}/end"), token, json!({})).await.expect(200);
            }
        });
        futures_util::future::join_all(ends).await;
    }
    // The last round's ends free four places: wait for them to be filled before reading the log.
    crate::helpers::eventually("every agent full again", || async {
        let page = one.get("/v1/conversations?limit=200", &admin).await.expect(200);
        (serving(&page).values().sum::<i32>() == 8).then_some(())
    })
    .await;
    let mut log = SseClient::open(&two.address, "/v1/streams/agent", Some(&admin), Some(0)).await;
    let mut assigned: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // The whole log replays before `stream.ready`; a busy machine may take its time.
    loop {
        let event = log.next_within(Duration::from_secs(30)).await.expect("the log replays up to stream.ready");
        match event.event.as_str() {
            "stream.ready" => break,
            "conversation.assigned" => *assigned.entry(event.data["id"].as_str().unwrap().to_owned()).or_default() += 1,
            _ => {}
        }
    }
    assert!(assigned.values().all(|times| *times == 1), "a chat was assigned twice: {assigned:?}");
    assert!(assigned.len() >= 8 + 12, "{} assigned", assigned.len());
}

#[tokio::test]
async fn departments_hold_across_two_processes() {
    let Some((_data_dir, one, two)) = two_on_postgresql("departments_hold_across_two_processes").await else { return };
    let admin = one.app.admin_token().await;
    let billing = one.app.post("/v1/groups", &admin, json!({"name": "Billing"})).await.expect(201)["id"].clone();
    let mut tokens = Vec::new();
    for (name, groups) in [("Ada", json!([billing])), ("Bob", json!([]))] {
        let email = format!("{}@example.com", name.to_lowercase());
        let body = json!({"email": email, "name": name, "password": "agent-password-1", "group_ids": groups});
        let id = one.app.post("/v1/agents", &admin, body).await.expect(201)["id"].as_str().unwrap().to_owned();
        tokens.push((id, token_of(two.app.login(&email, "agent-password-1").await.expect(200))));
    }
    let [(ada_id, ada), (_, bob)] = <[(String, String); 2]>::try_from(tokens).expect("two agents");
    two.app.set_presence(&bob, "online").await;
    let key = one.app.api_key(&admin).await;
    let of_billing = one.app.module(&admin, json!({"group_id": billing, "async_enabled": true})).await;
    let auto = two.app.module(&admin, json!({"group_id": billing, "routing": "auto"})).await;
    // Bob's stream on one process, the chat written through the other.
    let mut bobs = SseClient::open(&one.app.address, "/v1/streams/agent", Some(&bob), None).await;
    bobs.expect("stream.ready").await;

    // 1. Only Bob, of no group, is online: a Billing customer leaves a message.
    let entered = two.app.enter(&key, &of_billing, "c-1", json!({})).await.expect(201);
    let left = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    let path = format!("/v1/conversations/{left}/messages");
    one.app.post(&path, &customer, json!({"text": "call me"})).await.expect(201);
    let outcome = two.app.get(&format!("/v1/conversations/{left}/outcome"), &key).await.expect(200);
    assert_eq!(outcome["variables"]["live_async"], true);

    // 5. Bob sees none of it, on either process.
    for app in [&one.app, &two.app] {
        app.get(&format!("/v1/conversations/{left}"), &bob).await.expect_problem(404, "not_found");
    }
    let marker = one.app.module(&admin, json!({})).await;
    let marker = two.app.enter(&key, &marker, "c-marker", json!({})).await.expect(201)["conversation"]["id"].clone();
    loop {
        let event = bobs.next_within(Duration::from_secs(10)).await.expect("the marker's entry");
        let about = event.data["id"].as_str().or(event.data["conversation_id"].as_str()).map(str::to_owned);
        assert_ne!(about.as_deref(), Some(left.as_str()), "{}: Billing's chat on Bob's stream", event.event);
        if event.event == "conversation.waiting" && event.data["id"] == marker {
            break;
        }
    }

    // 2. Ada comes online through one process and is given the auto chats; deactivated
    //    through the other, every chat goes back to the head of the queue.
    one.app.set_presence(&ada, "online").await;
    let given = two.app.enter(&key, &auto, "c-2", json!({})).await.expect(201)["conversation"]["id"].clone();
    let given = given.as_str().unwrap().to_owned();
    let served = crate::helpers::eventually("Ada serves the auto chat", || async {
        let now = one.app.get(&format!("/v1/conversations/{given}"), &admin).await.expect(200);
        (now["status"] == "active").then_some(now)
    })
    .await;
    assert_eq!(served["agent"]["id"], ada_id.as_str());
    let agent = format!("/v1/agents/{ada_id}");
    one.app.call(reqwest::Method::PATCH, &agent, Some(&admin), Some(json!({"active": false}))).await.expect(200);
    // Behind only the left message, which entered before it.
    let back = two.app.get(&format!("/v1/conversations/{given}"), &admin).await.expect(200);
    assert_eq!((back["status"].as_str(), back["queue_position"].as_i64()), (Some("waiting"), Some(2)));
    let first = one.app.get(&format!("/v1/conversations/{left}"), &admin).await.expect(200);
    assert_eq!(first["queue_position"], 1);
}

#[tokio::test]
async fn a_retried_entry_after_a_kill_9_and_restart_gets_the_first_answer() {
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let mut first = start(&database_url, data_dir.path()).await;
    let admin = first.app.admin_token().await;
    first.app.online_agent(&admin, "Ada").await;
    let module = first.app.module(&admin, json!({})).await;
    let key = first.app.api_key(&admin).await;
    let entry = json!({"customer": {"external_id": "c-1", "display_name": "Grace"}, "module_id": module, "process_ref": "orders"});
    let enter = |app: &TestApp, body: serde_json::Value| {
        let request = app.client.post(format!("{}/v1/entries", app.address)).bearer_auth(&key);
        let request = request.header("Idempotency-Key", "entry-c-1-attempt").json(&body);
        async move { crate::helpers::reply(request.send().await.unwrap()).await }
    };
    let answered = enter(&first.app, entry.clone()).await;
    assert_eq!(answered.status, 201, "{}", answered.body);
    first.child.kill().unwrap();
    first.child.wait().unwrap();

    let second = start(&database_url, data_dir.path()).await;
    let retried = enter(&second.app, entry.clone()).await;
    assert_eq!(retried.status, 201);
    assert_eq!(retried.body, answered.body, "the same conversation and customer token");
    assert_eq!(retried.headers["idempotent-replayed"], "true");
    assert_eq!(retried.headers["location"], answered.headers["location"]);
    let conversations = second.app.get("/v1/conversations", &admin).await.expect(200);
    assert_eq!(conversations["items"].as_array().unwrap().len(), 1, "{conversations}");
    let other = json!({"customer": {"external_id": "c-2", "display_name": "Alan"}, "module_id": module, "process_ref": "orders"});
    enter(&second.app, other).await.expect_problem(422, "idempotency_key_reused");
}

#[tokio::test]
async fn a_webhook_queued_before_a_crash_is_delivered_after_the_restart() {
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let receiver_addr = crate::receivers::free_addr();
    let first = start(&database_url, data_dir.path()).await;
    let admin = first.app.admin_token().await;
    let (_, agent) = first.app.online_agent(&admin, "Ada").await;
    let module = first.app.module(&admin, json!({})).await;
    let key = first.app.api_key(&admin).await;
    let hook_url = format!("http://{receiver_addr}/hook");
    let created = first.app.post("/v1/webhooks", &admin, json!({"url": hook_url})).await.expect(201);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let entered = first.app.enter(&key, &module, "c-1", json!({})).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    first.app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);
    first.app.post(&format!("/v1/conversations/{id}/end"), &agent, json!({})).await.expect(200);
    crate::helpers::eventually("the first process failing to deliver the exit", || async {
        let page = first.app.get("/v1/outbox?status=pending", &admin).await.expect(200);
        page["items"].as_array()?.iter().find(|row| row["attempts"].as_i64() >= Some(1)).cloned()
    })
    .await;
    drop(first);

    let receiver = crate::receivers::WebhookReceiver::start_on(receiver_addr, vec![]).await;
    let _second = start(&database_url, data_dir.path()).await;
    let hooks = receiver.wait_for(1).await;
    assert!(crate::receivers::verify(&secret, &hooks[0]));
    assert_eq!(hooks[0].json()["data"]["exit"]["reason"], "agent_ended");
}

/// A webhook receiver on raw TCP that records each request's `webhook-id` and, while
/// `hang` is set, never answers.
async fn receiver_that_can_hang(
    hang: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let ids: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let seen = ids.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (seen, hang) = (seen.clone(), hang.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let id = head.lines().find_map(|line| line.strip_prefix("webhook-id: ")).unwrap_or_default();
                seen.lock().unwrap().push(id.trim().to_owned());
                if hang.load(std::sync::atomic::Ordering::SeqCst) {
                    std::future::pending::<()>().await;
                }
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            });
        }
    });
    (url, ids)
}

#[tokio::test]
async fn a_webhook_sent_but_not_marked_before_a_crash_is_sent_again_with_the_same_id() {
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let hang = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (hook_url, ids) = receiver_that_can_hang(hang.clone()).await;
    let lease = [("LIVECHAT_OUTBOX_LEASE_SECS", "2")];
    let mut first = start_with(&database_url, data_dir.path(), &lease).await;
    let admin = first.app.admin_token().await;
    let (_, agent) = first.app.online_agent(&admin, "Ada").await;
    let module = first.app.module(&admin, json!({})).await;
    let key = first.app.api_key(&admin).await;
    first.app.post("/v1/webhooks", &admin, json!({"url": hook_url})).await.expect(201);
    let entered = first.app.enter(&key, &module, "c-1", json!({})).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    first.app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);
    first.app.post(&format!("/v1/conversations/{id}/end"), &agent, json!({})).await.expect(200);
    // The exit is on the wire; the process dies before it hears back, so before marking it.
    crate::helpers::eventually("the exit webhook sent", || async { (ids.lock().unwrap().len() == 1).then_some(()) })
        .await;
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    hang.store(false, std::sync::atomic::Ordering::SeqCst);

    let second = start_with(&database_url, data_dir.path(), &lease).await;
    crate::helpers::eventually("the exit webhook sent again", || async {
        (ids.lock().unwrap().len() == 2).then_some(())
    })
    .await;
    let sent = ids.lock().unwrap().clone();
    assert!(sent[0].starts_with("msg_"), "{sent:?}");
    assert_eq!(sent[0], sent[1], "the second send carries the first one's webhook-id");
    let delivered = crate::helpers::eventually("the delivery marked", || async {
        let page = second.app.get("/v1/outbox?status=delivered", &admin).await.expect(200);
        page["items"].as_array()?.first().cloned()
    })
    .await;
    assert_eq!(delivered["attempts"], 1, "the attempt the crash cut off was never recorded: {delivered}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn messages_acknowledged_before_a_kill_9_under_load_are_all_there_after_the_restart() {
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};

    let data_dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::database_url(data_dir.path()).await;
    let first = start(&database_url, data_dir.path()).await;
    let admin = first.app.admin_token().await;
    let (_, agent) = first.app.online_agent(&admin, "Ada").await;
    let module = first.app.module(&admin, json!({})).await;
    let key = first.app.api_key(&admin).await;
    let mut conversations = Vec::new();
    for n in 0..8 {
        let entered = first.app.enter(&key, &module, &format!("c-{n}"), json!({})).await.expect(201);
        let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
        let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
        first.app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);
        conversations.push((id, customer));
    }

    // Customers write as fast as they are answered; every 201 is noted.
    let acknowledged: Arc<Mutex<HashSet<String>>> = Arc::default();
    let mut writers = Vec::new();
    for (n, (id, customer)) in conversations.iter().enumerate() {
        let (url, customer) = (format!("{}/v1/conversations/{id}/messages", first.app.address), customer.clone());
        let acknowledged = acknowledged.clone();
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for m in 0.. {
                let client_message_id = format!("w{n}-{m}");
                let body = json!({"text": format!("message {m}"), "client_message_id": client_message_id});
                match client.post(&url).bearer_auth(&customer).json(&body).send().await {
                    Ok(response) if response.status() == 201 => {
                        acknowledged.lock().unwrap().insert(client_message_id);
                    }
                    Ok(response) => panic!("a write under load failed: {}", response.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    crate::helpers::eventually("writes under way", || async {
        (acknowledged.lock().unwrap().len() >= 300).then_some(())
    })
    .await;
    let pid = first.child.id().to_string();
    assert!(Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
    for writer in writers {
        writer.await.unwrap();
    }
    drop(first);

    let second = start(&database_url, data_dir.path()).await;
    let acknowledged = acknowledged.lock().unwrap().clone();
    let mut stored = HashSet::new();
    for (id, customer) in &conversations {
        for message in second.app.all_messages(customer, id).await {
            if let Some(client_message_id) = message["client_message_id"].as_str() {
                stored.insert(client_message_id.to_owned());
            }
        }
    }
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged messages were lost: {lost:?}", lost.len(), acknowledged.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_writing_at_once_keep_resuming_exact() {
    let test = "two_processes_writing_at_once_keep_resuming_exact";
    let Some((_data_dir, processes)) = several_on_postgresql(test, 2, &[]).await else { return };
    writing_at_once_keeps_resuming_exact(&processes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_processes_writing_at_once_keep_resuming_exact() {
    let test = "four_processes_writing_at_once_keep_resuming_exact";
    let Some((_data_dir, processes)) = several_on_postgresql(test, 4, &[]).await else { return };
    writing_at_once_keeps_resuming_exact(&processes).await;
}

/// Customers and their agent write to different processes at once while a client
/// resumes its stream on one process after another at random points: it sees every
/// event of the log once, in order.
async fn writing_at_once_keeps_resuming_exact(processes: &[Process]) {
    use sea_orm::{ConnectionTrait, Database, Statement};

    let count = processes.len();
    let app = &processes[0].app;
    let database_url = app.database_url.clone();
    let admin = app.admin_token().await;
    let (_, agent) = app.online_agent(&admin, "Ada").await;
    let module = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;
    let mut conversations = Vec::new();
    for n in 0..4 {
        let entered = app.enter(&key, &module, &format!("c-{n}"), json!({})).await.expect(201);
        let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
        let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
        app.post(&format!("/v1/conversations/{id}/claim"), &agent, json!({})).await.expect(200);
        conversations.push((id, customer));
    }
    let mut first = SseClient::open(&app.address, "/v1/streams/agent", Some(&agent), None).await;
    let start_id = first.expect("stream.ready").await.id.unwrap();
    drop(first);

    // Each conversation's customer writes to one process and its agent to the other.
    let mut writers = Vec::new();
    for (n, (id, customer)) in conversations.iter().enumerate() {
        for (side, token) in [(0, customer.clone()), (1, agent.clone())] {
            let address = processes[(n + side) % count].app.address.clone();
            let url = format!("{address}/v1/conversations/{id}/messages");
            writers.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                for m in 0..25 {
                    let response = client.post(&url).bearer_auth(&token).json(&json!({"text": format!("{m}")})).send();
                    assert_eq!(response.await.unwrap().status(), 201);
                }
            }));
        }
    }

    // A client resumes on either process at random points while both write.
    let mut received = Vec::new();
    let mut last = start_id;
    let mut quiet_rounds = 0;
    while quiet_rounds < 3 {
        let address = &processes[rand::random_range(0..count)].app.address;
        let mut stream = SseClient::open(address, "/v1/streams/agent", Some(&agent), Some(last)).await;
        let mut got_any = false;
        for _ in 0..rand::random_range(1..15) {
            match stream.next_within(Duration::from_millis(800)).await {
                Some(event) if event.event.starts_with("stream.") || event.id.is_none() => {}
                Some(event) => {
                    let id = event.id.unwrap();
                    received.push(id);
                    last = id;
                    got_any = true;
                }
                None => break,
            }
        }
        let done = writers.iter().all(|writer| writer.is_finished());
        quiet_rounds = if done && !got_any { quiet_rounds + 1 } else { 0 };
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(received.windows(2).all(|pair| pair[0] < pair[1]), "events repeated or out of order");
    let db = Database::connect(&database_url).await.unwrap();
    let sql = format!("SELECT id FROM events WHERE id > {start_id} ORDER BY id");
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    let logged: Vec<i64> = rows.iter().map(|row| row.try_get::<i64>("", "id").unwrap()).collect();
    assert_eq!(received, logged, "the resuming client saw exactly the log of every process");
    assert!(logged.len() >= 200, "the processes wrote: {} events", logged.len());
}

/// A login through the proxy that names `address`.
async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> reqwest::Response {
    let body = json!({ "email": email, "password": password });
    let url = format!("{}/v1/auth/login", app.address);
    app.client.post(url).header("x-forwarded-for", address).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn two_processes_count_one_quota_and_one_login_backoff() {
    let env = [
        ("LIVECHAT_HTTP_TRUSTED_PROXY_HOPS", "1"),
        ("LIVECHAT_RATE_LIMIT_LOGIN_PER_MIN", "30"),
        ("LIVECHAT_RATE_LIMIT_AGENT_PER_MIN", "40"),
    ];
    let Some((_data_dir, one, two)) =
        two_on_postgresql_with("two_processes_count_one_quota_and_one_login_backoff", &env).await
    else {
        return;
    };
    let processes = [&one.app, &two.app];

    // Logins from one address, alternating between the processes: one bucket of 10.
    let mut refused_after = None;
    for n in 0..30 {
        let response = login_from(processes[n % 2], "203.0.113.9", &format!("user{n}@example.com"), "x").await;
        if response.status() == 429 {
            assert!(response.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
            assert!(response.headers()["ratelimit"].to_str().unwrap().contains(";r=0;"));
            refused_after = Some(n);
            break;
        }
        assert_eq!(response.status(), 401);
        let standing = response.headers()["ratelimit"].to_str().unwrap().to_owned();
        assert!(standing.starts_with("\"login_per_address\";r="), "{standing}");
    }
    let n = refused_after.expect("30 logins from one address over two processes are not all let through");
    assert!((10..=12).contains(&n), "refused after {n} logins: each process counted its own");
    // The other process refuses it too, without a round of its own.
    let response = login_from(processes[(n + 1) % 2], "203.0.113.9", "late@example.com", "x").await;
    assert_eq!(response.status(), 429);

    // Failed logins of one account: five free over both processes, then a wait on both.
    let admin = one.app.admin_token().await;
    let agent = json!({"email": "bob@example.com", "name": "Bob", "password": "agent-password-1"});
    one.app.post("/v1/agents", &admin, agent).await.expect(201);
    for n in 0..5 {
        let response = login_from(processes[n % 2], "198.51.100.20", "bob@example.com", "guess").await;
        assert_eq!(response.status(), 401, "failure {n}");
    }
    for app in processes {
        let response = login_from(app, "198.51.100.20", "bob@example.com", "agent-password-1").await;
        assert_eq!(response.status(), 429, "the sixth attempt waits, on either process");
    }
    let response = login_from(&two.app, "198.51.100.21", "bob@example.com", "agent-password-1").await;
    assert_eq!(response.status(), 200, "Bob elsewhere logs in as always");
    let bob: serde_json::Value = response.json().await.unwrap();
    let token = bob["token"].as_str().unwrap().to_owned();

    // One agent token over both processes: one bucket of 10 at once.
    let mut allowed = 0;
    for n in 0..30 {
        let status = processes[n % 2].get("/v1/me", &token).await.status.as_u16();
        if status == 429 {
            break;
        }
        assert_eq!(status, 200);
        allowed += 1;
    }
    assert!((9..=12).contains(&allowed), "{allowed} requests of one token passed at once over two processes");
}
