//! A long queue: does entering it, and assigning from its head, cost more the more
//! customers wait? One agent in `auto` routing serves one chat at a time; the queue is
//! filled to each level in turn. At each level it times an entry at the tail (POST
//! /v1/entries until its 201; the customer then leaves, so the level holds), and an
//! assignment from the head (the agent's POST .../end until `conversation.assigned` of
//! the next customer arrives on the agent's stream; one more customer then enters, so the
//! level holds again).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::args::QueueArgs;
use crate::idle::{Events, open};
use crate::report::Server;
use crate::run::{Run, text_at};

/// Entries written at once while filling the queue.
const FILL_CONCURRENCY: usize = 32;
/// The longest an assignment may take before the run gives up.
const ASSIGN_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(args: QueueArgs) -> ExitCode {
    match queue(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("loadgen: {error}");
            ExitCode::from(2)
        }
    }
}

struct Setup {
    run: Arc<Run>,
    key: String,
    module_id: String,
    agent: String,
}

impl Setup {
    /// Enters customer `n`; returns the entry's answer.
    async fn enter(&self, n: usize) -> Result<Value, String> {
        let id = &self.run.run_id;
        let entry = json!({
            "customer": { "external_id": format!("queue-{id}-{n}"), "display_name": format!("Queued {n}") },
            "module_id": self.module_id,
            "process_ref": format!("queue-{id}"),
        });
        self.run.setup("enter", 201, Method::POST, "/v1/entries", Some(&self.key), Some(entry)).await
    }
}

async fn queue(args: QueueArgs) -> Result<(), String> {
    let target = &args.target;
    let run = Arc::new(Run::new(target.base_url.clone())?);
    let server = target.server_pid.map(Server::watch);
    let id = run.run_id.clone();
    let admin = run.login("admin", &target.admin_email, &target.admin_password).await?;
    let (email, password) = (format!("queue-{id}@example.com"), format!("queue-password-{id}"));
    let agent = json!({ "email": email, "name": "Queue agent", "password": password });
    run.create("agent", "/v1/agents", &admin, agent, "/id").await?;
    let agent = run.login("agent", &email, &password).await?;
    let module = json!({
        "name": format!("loadgen queue {id}"), "routing": "auto", "max_active_chats": 1,
        "async_enabled": true, "request_email": false,
    });
    let module_id = run.create("module", "/v1/modules", &admin, module, "/id").await?;
    let key =
        run.create("api key", "/v1/api-keys", &admin, json!({ "name": format!("loadgen queue {id}") }), "/key").await?;
    // The agent's stream is read all the time (it carries every queue place too, and a
    // stream that stops reading is cut); its assignments come through a channel.
    let (assigned, mut assignments) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(read_assignments(open(&run, &agent, "/v1/streams/agent").await?, assigned));
    let online = json!({ "presence": "online" });
    run.setup("set presence", 200, Method::PUT, "/v1/me/presence", Some(&agent), Some(online)).await?;
    let setup = Arc::new(Setup { run: run.clone(), key, module_id, agent });

    // The agent's one chat; everyone after it waits.
    let first = setup.enter(0).await?;
    if first.pointer("/conversation/status").and_then(Value::as_str) != Some("active") {
        return Err(format!("the first entry was not assigned: {first}"));
    }
    let mut serving = text_at(&first, "/conversation/id")?;
    let mut entered = 1;
    let mut waiting = 0;

    println!("waiting   enter p50   p90    max     assign p50   p90    max   (ms, {} samples each)", args.samples);
    for &level in &args.levels {
        let started = Instant::now();
        let fill = level.saturating_sub(waiting);
        let filled: Vec<Result<Value, String>> = stream::iter(entered..entered + fill)
            .map(|n| {
                let setup = setup.clone();
                async move { setup.enter(n).await }
            })
            .buffer_unordered(FILL_CONCURRENCY)
            .collect()
            .await;
        filled.into_iter().collect::<Result<Vec<_>, _>>()?;
        entered += fill;
        waiting += fill;
        let fill_secs = started.elapsed().as_secs_f64();

        let mut enters = Vec::with_capacity(args.samples);
        for _ in 0..args.samples {
            let started = Instant::now();
            let entry = setup.enter(entered).await?;
            enters.push(started.elapsed());
            entered += 1;
            let (conversation, token) =
                (text_at(&entry, "/conversation/id")?, text_at(&entry, "/customer_token/token")?);
            let path = format!("/v1/conversations/{conversation}/leave");
            run.setup("leave", 200, Method::POST, &path, Some(&token), Some(json!({}))).await?;
        }

        let mut assigns = Vec::with_capacity(args.samples);
        for _ in 0..args.samples {
            let started = Instant::now();
            let path = format!("/v1/conversations/{serving}/end");
            run.setup("end", 200, Method::POST, &path, Some(&setup.agent), Some(json!({}))).await?;
            serving = next_assigned(&mut assignments, &serving).await?;
            assigns.push(started.elapsed());
            setup.enter(entered).await?;
            entered += 1;
        }
        let (e, a) = (Figures::of(&mut enters), Figures::of(&mut assigns));
        println!(
            "{level:>7}   {:>9.1} {:>6.1} {:>6.1}     {:>10.1} {:>6.1} {:>6.1}   (filled in {fill_secs:.1} s)",
            e.p50, e.p90, e.max, a.p50, a.p90, a.max
        );
    }
    reader.abort();
    if let Some(server) = server
        && let (Some(rss), Some((cpu, wall))) = (server.now_kb(), server.cpu())
    {
        println!("server: VmRSS {} MiB, CPU {:.1} s in {:.1} s", rss / 1024, cpu.as_secs_f64(), wall.as_secs_f64());
    }
    Ok(())
}

/// Forwards the ids of the conversations assigned on the agent's stream, or why it broke.
async fn read_assignments(mut events: Events, assigned: UnboundedSender<Result<String, String>>) {
    while let Some(event) = events.next().await {
        let id = match event {
            Ok(event) if event.event == "conversation.assigned" => serde_json::from_str::<Value>(&event.data)
                .map_err(|error| error.to_string())
                .and_then(|envelope| text_at(&envelope, "/data/id")),
            Ok(_) => continue,
            Err(error) => Err(format!("the agent's stream broke: {error}")),
        };
        let broke = id.is_err();
        if assigned.send(id).is_err() || broke {
            return;
        }
    }
    let _ = assigned.send(Err("the agent's stream ended".into()));
}

/// The next conversation assigned other than `ended` (whose own assignment may still be
/// unread).
async fn next_assigned(
    assignments: &mut UnboundedReceiver<Result<String, String>>,
    ended: &str,
) -> Result<String, String> {
    let deadline = tokio::time::Instant::now() + ASSIGN_TIMEOUT;
    loop {
        let next = tokio::time::timeout_at(deadline, assignments.recv())
            .await
            .map_err(|_| format!("no assignment within {} s", ASSIGN_TIMEOUT.as_secs()))?;
        let id = next.ok_or("the agent's stream ended")??;
        if id != ended {
            return Ok(id);
        }
    }
}

/// Milliseconds at the median, the 90th percentile and the most.
struct Figures {
    p50: f64,
    p90: f64,
    max: f64,
}

impl Figures {
    fn of(samples: &mut [Duration]) -> Self {
        samples.sort();
        let at = |q: f64| {
            let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        Self { p50: at(0.5), p90: at(0.9), max: at(1.0) }
    }
}
