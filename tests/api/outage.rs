//! PostgreSQL going away under a running server, and coming back: a cluster of the
//! test's own, so that stopping it disturbs no other test. And a write stuck behind a
//! lock that another client of the database holds.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::json;

use crate::helpers::{TestApp, World, eventually, reply};
use crate::sse::SseClient;

/// `pg_ctl` or `initdb` as the `postgres` user (PostgreSQL refuses to run as root).
fn as_postgres(program: &str, args: &[&str]) {
    let mut command = if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--", program]);
        command
    } else {
        Command::new(program)
    };
    let status = command.args(args).stdout(std::process::Stdio::null()).status();
    assert!(status.is_ok_and(|status| status.success()), "{program} {args:?} failed");
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.starts_with(b"0\n"))
}

struct Cluster {
    dir: String,
    port: u16,
}

impl Cluster {
    fn create(root: &Path) -> Self {
        let dir = root.join("pg").display().to_string();
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            assert!(
                Command::new("chown").args(["-R", "postgres", &root.display().to_string()]).status().unwrap().success()
            );
        }
        as_postgres("initdb", &["-D", &dir, "-A", "trust", "-U", "postgres", "--no-sync"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Self { dir, port };
        cluster.start();
        cluster
    }

    fn start(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir);
        let log = format!("{}/server.log", self.dir);
        as_postgres("pg_ctl", &["-D", &self.dir, "-o", &options, "-l", &log, "-w", "start"]);
    }

    fn stop(&self) {
        as_postgres("pg_ctl", &["-D", &self.dir, "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let (program, args) =
            if is_root() { ("runuser", vec!["-u", "postgres", "--", "pg_ctl"]) } else { ("pg_ctl", vec![]) };
        let _ = Command::new(program)
            .args(args)
            .args(["-D", &self.dir, "-m", "immediate", "stop"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

async fn ready_status(app: &TestApp) -> Option<u16> {
    let response = app.client.get(format!("{}/health/ready", app.address)).send().await.ok()?;
    Some(response.status().as_u16())
}

#[tokio::test]
async fn a_server_rides_out_a_postgresql_restart_and_says_so_meanwhile() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!(
            "a_server_rides_out_a_postgresql_restart… needs PostgreSQL's binaries; CI runs it with TEST_DATABASE_URL"
        );
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let cluster = Cluster::create(root.path());
    let url = cluster.url();
    let app = TestApp::spawn_with(move |settings| settings.database_url = Some(url.into())).await;
    let admin = app.admin_token().await;
    let (_, agent) = app.online_agent(&admin, "Ada").await;
    let module = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;
    assert_eq!(ready_status(&app).await, Some(200));

    cluster.stop();
    eventually("readiness saying 503 while the database is away", || async {
        (ready_status(&app).await == Some(503)).then_some(())
    })
    .await;
    // A probe gets its answer in seconds, not after the pool's attempts to reconnect.
    let asked = std::time::Instant::now();
    assert_eq!(ready_status(&app).await, Some(503));
    assert!(asked.elapsed() < std::time::Duration::from_secs(10), "readiness took {:?}", asked.elapsed());
    let refused = app.enter(&key, &module, "c-1", json!({})).await;
    assert!(refused.status.is_server_error(), "an entry without a database: {:?}", refused.status);

    cluster.start();
    eventually("readiness back to 200", || async { (ready_status(&app).await == Some(200)).then_some(()) }).await;
    let mut stream = SseClient::open(&app.address, "/v1/streams/agent", Some(&agent), None).await;
    stream.expect("stream.ready").await;
    let entered = eventually("an entry accepted again", || async {
        let reply = app.enter(&key, &module, "c-2", json!({})).await;
        (reply.status == 201).then_some(reply.body)
    })
    .await;
    let waiting = stream.expect("conversation.waiting").await;
    assert_eq!(waiting.data["id"], entered["conversation"]["id"]);
}

/// A write that waits on a lock another client of the database holds (a row on
/// PostgreSQL, the database's write lock on SQLite) gives up after the lock timeout:
/// 503 `busy` with `Retry-After`, nothing stored; the same request, sent again with its
/// `Idempotency-Key`, goes through once the lock is gone, and acts once.
#[tokio::test]
async fn a_write_stuck_behind_a_held_lock_answers_busy_and_its_retry_goes_through() {
    let world =
        World::new_with(json!({}), |settings| settings.database_lock_timeout = Duration::from_millis(300)).await;
    let (id, _customer) = world.active_conversation("c-1").await;
    let send = || {
        let request = world.app.client.post(format!("{}/v1/conversations/{id}/messages", world.app.address));
        request.bearer_auth(&world.agent).header("Idempotency-Key", "held-1").json(&json!({ "text": "held" })).send()
    };

    let db = sea_orm::Database::connect(&world.app.database_url).await.unwrap();
    let holder = db.begin().await.unwrap();
    holder.execute_unprepared(&format!("UPDATE conversations SET id = id WHERE id = '{id}'")).await.unwrap();
    let refused = send().await.unwrap();
    assert_eq!(refused.headers()["retry-after"], "1");
    let problem = reply(refused).await.expect_problem(503, "busy");
    assert!(problem["detail"].as_str().unwrap().contains("nothing was stored"), "{problem}");
    holder.rollback().await.unwrap();
    let texts = |messages: Vec<serde_json::Value>| {
        messages.iter().filter(|message| message["content"]["text"] == "held").count()
    };
    assert_eq!(texts(world.app.all_messages(&world.agent, &id).await), 0, "the refused write stored nothing");

    let sent = reply(send().await.unwrap()).await.expect(201);
    assert_eq!(sent["content"]["text"], "held");
    let again = reply(send().await.unwrap()).await.expect(201);
    assert_eq!(again["id"], sent["id"], "the key's first answer comes back");
    assert_eq!(texts(world.app.all_messages(&world.agent, &id).await), 1);
}
