//! The baseline: a bare poem JSON echo, served and driven from this process with the same
//! HTTP client the other modes use. Its requests per second say what this machine does
//! at all, so that a run's figures can be read as a share of it.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Json;
use poem::{Route, Server, handler, post};
use serde_json::{Value, json};

use crate::args::EchoArgs;

#[handler]
async fn echo(Json(body): Json<Value>) -> Json<Value> {
    Json(body)
}

pub async fn run(args: EchoArgs) -> ExitCode {
    let acceptor = match TcpListener::bind("127.0.0.1:0").into_acceptor().await {
        Ok(acceptor) => acceptor,
        Err(error) => {
            eprintln!("loadgen: cannot listen: {error}");
            return ExitCode::from(2);
        }
    };
    let Some(address) = acceptor.local_addr().first().and_then(|addr| addr.as_socket_addr().copied()) else {
        eprintln!("loadgen: the echo server has no address");
        return ExitCode::from(2);
    };
    tokio::spawn(Server::new_with_acceptor(acceptor).run(Route::new().at("/echo", post(echo))));
    let url = format!("http://{address}/echo");
    let client = reqwest::Client::new();
    let answered = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + args.duration;
    let senders: Vec<_> = (0..args.concurrency)
        .map(|n| {
            let (client, url, answered) = (client.clone(), url.clone(), answered.clone());
            tokio::spawn(async move {
                let body =
                    json!({ "text": format!("message from sender {n}"), "client_message_id": format!("echo-{n}") });
                while Instant::now() < deadline {
                    match client.post(&url).json(&body).send().await {
                        Ok(response) if response.status() == 200 => {
                            if response.bytes().await.is_ok() {
                                answered.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        _ => return false,
                    }
                }
                true
            })
        })
        .collect();
    let mut failed = false;
    for sender in senders {
        failed |= !sender.await.unwrap_or(false);
    }
    let secs = started.elapsed().as_secs_f64();
    let count = answered.load(Ordering::Relaxed);
    println!(
        "bare poem JSON echo: {count} requests in {secs:.1} s = {:.0}/s with {} connections (server and client in this process)",
        count as f64 / secs,
        args.concurrency
    );
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
