//! Load generator for the livechat server.
//!
//! Drives N customers and M agents against an already running server over HTTP and
//! Server-Sent Events and measures:
//!
//! - messages accepted (201) per second, customer and agent messages together;
//! - delivery latency (p50/p99/max): from sending a message's POST to its
//!   `message.created` event (matched by `client_message_id`) arriving on the other
//!   side's stream: customer messages on the serving agent's stream, agent replies on
//!   the customer's stream;
//! - events lost (accepted, never seen on the expected stream within 5 s of the end)
//!   and duplicated (the same event id twice on one stream, reconnects included);
//! - how long the POSTs took to answer 201, open streams at the peak, errors by
//!   operation and status, and, given the server's pid, its resident memory (VmRSS at
//!   the end and the peak sampled once a second) and CPU time.
//!
//! The admin creates M agents, a module and an API key; agents go online and open
//! their streams; customers enter, are claimed round-robin and open theirs. Then every
//! customer sends a message every interval (jittered) and each agent answers every
//! message of its customers. A customer waits for its POST's answer before the next
//! one, so beyond the server's capacity the rate levels off and latency turns into
//! queueing (compare it with "POST answered"). With `--cut-after-ms` every stream is cut
//! now and then and resumed at once with `Last-Event-ID`, on the next of the servers
//! given by `--resume-url` (processes of the same database). It exits 1 when anything
//! was lost, duplicated or out of order, 2 on bad flags or a failed setup.
//!
//! ```sh
//! ulimit -n 65536   # or the hard limit (ulimit -Hn); 1000 customers need a few thousand descriptors
//! cargo build --release -p loadgen
//! target/release/loadgen --base-url http://127.0.0.1:8080 --admin-password admin-password-1 \
//!     --customers 1000 --agents 20 --duration-secs 30 --message-interval-ms 2000 --server-pid "$(pidof livechat)"
//! ```

mod args;
mod echo;
mod idle;
mod queue;
mod report;
mod run;
mod sse;

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use args::{Args, Cli, Command};
use clap::Parser;
use run::{Route, Run, Side, text_at};

/// Concurrent requests while setting up (entries, claims, logins).
const SETUP_CONCURRENCY: usize = 32;
const STRAGGLER_WAIT: Duration = Duration::from_secs(5);

#[tokio::main]
async fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Chat(args) => chat(args).await,
        Command::Idle(args) => idle::run(args).await,
        Command::Echo(args) => echo::run(args).await,
        Command::Queue(args) => queue::run(args).await,
    }
}

async fn chat(args: Args) -> ExitCode {
    let server = args.target.server_pid.map(report::Server::watch);
    let run = match Run::new(args.target.base_url.clone()) {
        Ok(run) if args.cut_after_ms > 0 => {
            Arc::new(run.with_cuts(Duration::from_millis(args.cut_after_ms), args.resume_urls.clone()))
        }
        Ok(run) => Arc::new(run),
        Err(error) => {
            eprintln!("loadgen: {error}");
            return ExitCode::from(2);
        }
    };
    println!(
        "loadgen run {}: {} customers, {} agents, {} s, a message per customer every {} ms, against {}",
        run.run_id,
        args.customers,
        args.agents,
        args.duration.as_secs(),
        args.message_interval.as_millis(),
        args.target.base_url
    );
    let (streams, customers) = match set_up(&run, &args).await {
        Ok(ready) => ready,
        Err(error) => {
            eprintln!("loadgen: setup failed: {error}");
            report::print_errors(&run);
            return ExitCode::from(2);
        }
    };
    let window = drive(&run, &args, customers).await;
    wait_for_stragglers(&run).await;
    let tally = report::Tally::of(&run);
    report::print(&run, &tally, window, server.as_ref());
    for stream in streams {
        stream.abort();
    }
    let broken = run.duplicates.load(Ordering::Relaxed) + run.out_of_order.load(Ordering::Relaxed);
    if tally.lost > 0 || broken > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// A customer ready to chat.
struct Customer {
    token: Arc<str>,
    conversation: String,
    agent: usize,
}

/// Runs `task` for `0..count`, a few at a time, and collects the results in order.
async fn each<T, F>(count: usize, task: impl Fn(usize) -> F) -> Result<Vec<T>, String>
where
    F: Future<Output = Result<T, String>>,
{
    stream::iter((0..count).map(task)).buffered(SETUP_CONCURRENCY).collect::<Vec<_>>().await.into_iter().collect()
}

/// Opens one stream and waits for its `stream.ready`.
fn open_stream(run: &Arc<Run>, side: Side, token: Arc<str>) -> (JoinHandle<()>, oneshot::Receiver<()>) {
    let (ready, is_ready) = oneshot::channel();
    (tokio::spawn(run::hold_stream(run.clone(), side, token, ready)), is_ready)
}

async fn await_ready(waiting: Vec<oneshot::Receiver<()>>, what: &str) -> Result<(), String> {
    let total = waiting.len();
    let all = futures_util::future::join_all(waiting);
    match tokio::time::timeout(Duration::from_secs(60), all).await {
        Ok(results) if results.iter().all(Result::is_ok) => Ok(()),
        _ => Err(format!("not all {total} {what} streams were ready within 60 s")),
    }
}

/// Creates the agents, module and key; brings agents online with open streams; enters,
/// claims and connects the customers. Returns the stream tasks and the customers.
async fn set_up(run: &Arc<Run>, args: &Args) -> Result<(Vec<JoinHandle<()>>, Vec<Customer>), String> {
    let started = Instant::now();
    let login = json!({ "email": args.target.admin_email, "password": args.target.admin_password });
    let admin = run.setup("admin login", 200, Method::POST, "/v1/auth/login", None, Some(login)).await?;
    let admin = text_at(&admin, "/token")?;
    let admin = Some(admin.as_str());
    let id = &run.run_id;
    let password = format!("loadgen-password-{id}");
    let agent_tokens: Vec<Arc<str>> = each(args.agents, |i| {
        let (email, password) = (format!("loadgen-{id}-agent{i}@example.com"), password.clone());
        async move {
            let agent = json!({ "email": email, "name": format!("Loadgen agent {i}"), "password": password });
            run.setup("create agent", 201, Method::POST, "/v1/agents", admin, Some(agent)).await?;
            let login = json!({ "email": email, "password": password });
            let session = run.setup("agent login", 200, Method::POST, "/v1/auth/login", None, Some(login)).await?;
            let token = text_at(&session, "/token")?;
            let online = json!({ "presence": "online" });
            run.setup("set presence", 200, Method::PUT, "/v1/me/presence", Some(&token), Some(online)).await?;
            Ok(Arc::from(token))
        }
    })
    .await?;
    let module = json!({ "name": format!("loadgen {id}"), "async_enabled": true, "request_email": false });
    let module = run.setup("create module", 201, Method::POST, "/v1/modules", admin, Some(module)).await?;
    let module_id = text_at(&module, "/id")?;
    let key = json!({ "name": format!("loadgen {id}") });
    let key = run.setup("create api key", 201, Method::POST, "/v1/api-keys", admin, Some(key)).await?;
    let key = text_at(&key, "/key")?;

    let mut streams = Vec::new();
    let mut waiting = Vec::new();
    for (i, token) in agent_tokens.iter().enumerate() {
        let (task, ready) = open_stream(run, Side::Agent(i), token.clone());
        streams.push(task);
        waiting.push(ready);
    }
    await_ready(waiting, "agent").await?;
    println!("setup: {} agents online with open streams after {:.1} s", args.agents, started.elapsed().as_secs_f64());

    let customers = each(args.customers, |i| {
        let (key, module_id, agent_token) = (key.as_str(), module_id.as_str(), &agent_tokens[i % args.agents]);
        async move {
            let entry = json!({
                "customer": { "external_id": format!("loadgen-{id}-customer{i}"), "display_name": format!("Customer {i}") },
                "module_id": module_id,
                "process_ref": format!("loadgen-{id}"),
            });
            let entry = run.setup("enter", 201, Method::POST, "/v1/entries", Some(key), Some(entry)).await?;
            if entry.get("outcome").and_then(Value::as_str) != Some("waiting") {
                return Err(format!("entry did not wait: {entry}"));
            }
            let conversation = text_at(&entry, "/conversation/id")?;
            let token: Arc<str> = Arc::from(text_at(&entry, "/customer_token/token")?);
            let path = format!("/v1/conversations/{conversation}/claim");
            run.setup("claim", 200, Method::POST, &path, Some(agent_token), None).await?;
            Ok(Customer { token, conversation, agent: i % args.agents })
        }
    })
    .await?;
    let routes: HashMap<String, Route> = customers
        .iter()
        .enumerate()
        .map(|(i, customer)| (customer.conversation.clone(), Route { agent: customer.agent, customer: i }))
        .collect();
    let _ = run.routes.set(routes);
    println!("setup: {} customers entered and claimed after {:.1} s", args.customers, started.elapsed().as_secs_f64());

    let mut waiting = Vec::new();
    for (i, customer) in customers.iter().enumerate() {
        let (task, ready) = open_stream(run, Side::Customer(i), customer.token.clone());
        streams.push(task);
        waiting.push(ready);
    }
    await_ready(waiting, "customer").await?;
    println!(
        "setup: {} streams open after {:.1} s; sending for {} s",
        run.streams_open.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64(),
        args.duration.as_secs()
    );
    Ok((streams, customers))
}

/// Every customer sends on its jittered schedule until the duration is over; agents
/// answer meanwhile. Returns how long sending lasted.
async fn drive(run: &Arc<Run>, args: &Args, customers: Vec<Customer>) -> Duration {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + args.duration;
    run.sending.store(true, Ordering::SeqCst);
    let interval = args.message_interval;
    let tasks: Vec<_> = customers
        .into_iter()
        .enumerate()
        .map(|(i, customer)| {
            let run = run.clone();
            tokio::spawn(async move {
                let mut random = Jitter::new();
                let mut next = tokio::time::Instant::now() + interval.mul_f64(random.unit());
                while next < deadline {
                    tokio::time::sleep_until(next).await;
                    let side = Side::Agent(customer.agent);
                    run.send_message(&format!("c{i}"), &customer.token, &customer.conversation, side).await;
                    next = (next + interval.mul_f64(0.75 + random.unit() / 2.0)).max(tokio::time::Instant::now());
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    tokio::time::sleep_until(deadline).await;
    run.sending.store(false, Ordering::SeqCst);
    let window = started.elapsed();
    let stopped = Instant::now();
    while run.replies_in_flight.load(Ordering::SeqCst) > 0 && stopped.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    window
}

/// Waits until every accepted message was seen on its stream, or 5 s.
async fn wait_for_stragglers(run: &Run) {
    let until = Instant::now() + STRAGGLER_WAIT;
    while Instant::now() < until {
        let missing = run.ledger().values().filter(|sent| sent.accepted && sent.latency.is_none()).count();
        if missing == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// xorshift64*, seeded from a random UUID: enough to spread the customers out.
struct Jitter(u64);

impl Jitter {
    fn new() -> Self {
        Self((uuid::Uuid::new_v4().as_u128() as u64) | 1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}
