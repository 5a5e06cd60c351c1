//! Idle streams: many customers open their stream and do nothing. How fast they open
//! (every round opens them all at once, as clients do after a deploy), what each costs
//! the server in memory, whether the memory comes back once they close, what the server
//! spends on them while idle, and whether presence stays true (an agent stream counts
//! `customer.presence_changed` to offline while every stream is open).

use std::collections::HashSet;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt, stream};
use reqwest::Method;
use serde_json::{Value, json};

use crate::args::IdleArgs;
use crate::report::Server;
use crate::run::{Run, text_at};
use crate::sse::{self, SseEvent};

pub type Events = Pin<Box<dyn Stream<Item = Result<SseEvent, String>> + Send>>;

/// Entries written at once while setting up.
const ENTRY_CONCURRENCY: usize = 64;

pub async fn run(args: IdleArgs) -> ExitCode {
    match idle(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("loadgen: {error}");
            ExitCode::from(2)
        }
    }
}

async fn idle(args: IdleArgs) -> Result<(), String> {
    let target = &args.target;
    let run = Arc::new(Run::new(target.base_url.clone())?);
    let server = target.server_pid.map(Server::watch);
    let id = run.run_id.clone();
    let admin = run.login("admin", &target.admin_email, &target.admin_password).await?;
    let module = json!({ "name": format!("loadgen idle {id}"), "async_enabled": true, "request_email": false });
    let module_id = run.create("module", "/v1/modules", &admin, module, "/id").await?;
    let key =
        run.create("api key", "/v1/api-keys", &admin, json!({ "name": format!("loadgen idle {id}") }), "/key").await?;

    let started = Instant::now();
    let entered: Vec<(String, String)> = stream::iter(0..args.streams)
        .map(|n| {
            let (run, key, module_id, id) = (run.clone(), key.clone(), module_id.clone(), id.clone());
            async move {
                let entry = json!({
                    "customer": { "external_id": format!("idle-{id}-{n}"), "display_name": format!("Idle {n}") },
                    "module_id": module_id,
                    "process_ref": format!("idle-{id}"),
                });
                let entry = run.setup("enter", 201, Method::POST, "/v1/entries", Some(&key), Some(entry)).await?;
                Ok::<_, String>((
                    text_at(&entry, "/customer_token/token")?,
                    text_at(&entry, "/conversation/customer/id")?,
                ))
            }
        })
        .buffer_unordered(ENTRY_CONCURRENCY)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let (tokens, customers): (Vec<String>, HashSet<String>) = entered.into_iter().unzip();
    println!("setup: {} customers entered in {:.1} s", tokens.len(), started.elapsed().as_secs_f64());

    // An agent stream watches our customers' presence while their streams are open.
    let offline_changes = Arc::new(AtomicU64::new(0));
    let watching = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut watcher = open(&run, &admin, "/v1/streams/agent").await?;
    let counter = (offline_changes.clone(), watching.clone());
    let watcher_task = tokio::spawn(async move {
        while let Some(Ok(event)) = watcher.next().await {
            if event.event == "customer.presence_changed" && counter.1.load(Ordering::Acquire) {
                let envelope: Value = serde_json::from_str(&event.data).unwrap_or_default();
                let ours = envelope["data"]["customer_id"].as_str().is_some_and(|id| customers.contains(id));
                if ours && envelope["data"]["online"] == false {
                    counter.0.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    });

    for round in 1..=args.rounds {
        let before_kb = server.as_ref().and_then(Server::now_kb);
        let opening = Instant::now();
        let streams: Vec<Events> = stream::iter(tokens.iter().cloned())
            .map(|token| {
                let run = run.clone();
                async move { open(&run, &token, "/v1/streams/customer").await }
            })
            .buffer_unordered(args.concurrency)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        let opened_in = opening.elapsed().as_secs_f64();
        println!(
            "round {round}: {} streams open in {opened_in:.2} s = {:.0}/s",
            tokens.len(),
            tokens.len() as f64 / opened_in
        );
        // Let the presence of the last streams settle before counting false changes.
        tokio::time::sleep(Duration::from_secs(2)).await;
        watching.store(true, Ordering::Release);
        let open_kb = server.as_ref().and_then(Server::now_kb);
        let idle_cpu = server.as_ref().and_then(Server::cpu_now);
        tokio::time::sleep(args.idle).await;
        let idle_cores = match (idle_cpu, server.as_ref().and_then(Server::cpu_now)) {
            (Some(before), Some(after)) => {
                format!("{:.3} cores", (after - before).as_secs_f64() / args.idle.as_secs_f64())
            }
            _ => "unknown".into(),
        };
        watching.store(false, Ordering::Release);
        drop(streams);
        tokio::time::sleep(args.closed).await;
        let closed_kb = server.as_ref().and_then(Server::now_kb);
        println!(
            "round {round}: idle {:.0} s: server CPU {idle_cores}; false offline changes {}",
            args.idle.as_secs_f64(),
            offline_changes.load(Ordering::Relaxed),
        );
        if let (Some(before), Some(open), Some(closed)) = (before_kb, open_kb, closed_kb) {
            let per_stream = open.saturating_sub(before) as f64 * 1024.0 / tokens.len() as f64 / 1000.0;
            println!(
                "         server RSS {:.1} MiB before, {:.1} MiB open ({per_stream:.1} kB per stream), {:.1} MiB after closing",
                before as f64 / 1024.0,
                open as f64 / 1024.0,
                closed as f64 / 1024.0
            );
        }
    }
    watcher_task.abort();
    crate::report::print_errors(&run);
    Ok(())
}

/// Opens a stream and reads until its `stream.ready`.
pub async fn open(run: &Run, token: &str, path: &str) -> Result<Events, String> {
    let response = run
        .http
        .get(format!("{}{path}", run.base_url))
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .send()
        .await
        .map_err(|error| format!("opening a stream: {error}"))?;
    if !response.status().is_success() {
        return Err(format!("opening a stream: {}", response.status()));
    }
    let mut events: Events = Box::pin(sse::events(response.bytes_stream()));
    loop {
        match events.next().await {
            Some(Ok(event)) if event.event == "stream.ready" => return Ok(events),
            Some(Ok(_)) => continue,
            Some(Err(error)) => return Err(format!("a stream broke: {error}")),
            None => return Err("a stream ended before stream.ready".into()),
        }
    }
}
