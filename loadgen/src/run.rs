//! The state shared by every task of a run: the HTTP client, the ledger of sent
//! messages, counters, and the stream tasks that fill the ledger in.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::sse::{self, SseEvent};

/// The stream a message is expected on: an agent's or a customer's (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Agent(usize),
    Customer(usize),
}

/// Who serves a conversation and whose it is.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub agent: usize,
    pub customer: usize,
}

/// A message posted during the run.
#[derive(Debug)]
pub struct Sent {
    pub at: Instant,
    /// The stream that must deliver its `message.created`.
    pub to: Side,
    pub accepted: bool,
    /// Time from the POST to its response (201 or not).
    pub answered: Option<Duration>,
    /// Time from the POST to the event on `to`, once seen.
    pub latency: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct ErrorCount {
    pub count: u64,
    pub example: String,
}

pub struct Run {
    pub http: reqwest::Client,
    pub base_url: String,
    /// Where streams are opened and resumed, in turn: `base_url` first.
    stream_urls: Vec<String>,
    /// How long a stream stays open before it is cut and resumed, when set.
    cut_after: Option<Duration>,
    /// Streams cut and resumed, and of them those resumed on another server.
    pub cuts: AtomicU64,
    pub resumed_elsewhere: AtomicU64,
    pub run_id: String,
    /// Agents answer customer messages only while this is set.
    pub sending: AtomicBool,
    /// Conversation id -> route, set once every conversation is claimed.
    pub routes: OnceLock<HashMap<String, Route>>,
    pub ledger: Mutex<HashMap<String, Sent>>,
    pub errors: Mutex<BTreeMap<String, ErrorCount>>,
    pub duplicates: AtomicU64,
    pub out_of_order: AtomicU64,
    /// Stored events received on all streams while customers send.
    pub deliveries: AtomicU64,
    pub streams_open: AtomicUsize,
    pub streams_peak: AtomicUsize,
    /// Agent replies whose POST has not returned yet.
    pub replies_in_flight: AtomicUsize,
    next_message: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Run {
    pub fn new(base_url: String) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|error| format!("HTTP client: {error}"))?;
        let run_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        Ok(Self {
            http,
            stream_urls: vec![base_url.clone()],
            base_url,
            cut_after: None,
            cuts: AtomicU64::new(0),
            resumed_elsewhere: AtomicU64::new(0),
            run_id,
            sending: AtomicBool::new(false),
            routes: OnceLock::new(),
            ledger: Mutex::default(),
            errors: Mutex::default(),
            duplicates: AtomicU64::new(0),
            out_of_order: AtomicU64::new(0),
            deliveries: AtomicU64::new(0),
            streams_open: AtomicUsize::new(0),
            streams_peak: AtomicUsize::new(0),
            replies_in_flight: AtomicUsize::new(0),
            next_message: AtomicU64::new(0),
        })
    }

    /// Cuts every stream after about `after` and resumes it on the next of `base_url`
    /// and `elsewhere`.
    pub fn with_cuts(mut self, after: Duration, elsewhere: Vec<String>) -> Self {
        self.cut_after = Some(after);
        self.stream_urls.extend(elsewhere);
        self
    }

    pub fn error(&self, what: impl Into<String>, example: impl FnOnce() -> String) {
        let mut errors = lock(&self.errors);
        let entry = errors.entry(what.into()).or_default();
        if entry.count == 0 {
            entry.example = example();
        }
        entry.count += 1;
    }

    pub fn ledger(&self) -> MutexGuard<'_, HashMap<String, Sent>> {
        lock(&self.ledger)
    }

    pub fn errors(&self) -> MutexGuard<'_, BTreeMap<String, ErrorCount>> {
        lock(&self.errors)
    }

    /// One JSON request; the status and body (Null when not JSON), or a transport error.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(u16, Value), reqwest::Error> {
        let mut request =
            self.http.request(method, format!("{}{path}", self.base_url)).timeout(Duration::from_secs(30));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Ok((status, body))
    }

    /// Logs in; returns the token.
    pub async fn login(&self, who: &str, email: &str, password: &str) -> Result<String, String> {
        let login = json!({ "email": email, "password": password });
        let session =
            self.setup(&format!("{who} login"), 200, Method::POST, "/v1/auth/login", None, Some(login)).await?;
        text_at(&session, "/token")
    }

    /// Creates what `path` holds as `admin`; returns the field at `pointer` of the answer.
    pub async fn create(
        &self,
        what: &str,
        path: &str,
        admin: &str,
        body: Value,
        pointer: &str,
    ) -> Result<String, String> {
        let created = self.setup(&format!("create {what}"), 201, Method::POST, path, Some(admin), Some(body)).await?;
        text_at(&created, pointer)
    }

    /// A setup request that must answer `expected`; anything else ends the run.
    pub async fn setup(
        &self,
        what: &str,
        expected: u16,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<Value, String> {
        match self.call(method, path, token, body).await {
            Ok((status, body)) if status == expected => Ok(body),
            Ok((status, body)) => {
                self.error(format!("{what} {status} {}", code(&body)), || body.to_string());
                Err(format!("{what}: {status} {body}"))
            }
            Err(error) => {
                self.error(format!("{what} transport"), || error.to_string());
                Err(format!("{what}: {error}"))
            }
        }
    }

    /// Posts a text message with a fresh `client_message_id` and records it in the
    /// ledger before sending, so the event may arrive before the response.
    pub async fn send_message(&self, from: &str, token: &str, conversation: &str, to: Side) {
        let number = self.next_message.fetch_add(1, Ordering::Relaxed);
        let client_message_id = format!("lg-{}-{from}-{number}", self.run_id);
        let sent = Sent { at: Instant::now(), to, accepted: false, answered: None, latency: None };
        self.ledger().insert(client_message_id.clone(), sent);
        let body = json!({ "text": format!("message {number} from {from}"), "client_message_id": client_message_id });
        let path = format!("/v1/conversations/{conversation}/messages");
        let what = if matches!(to, Side::Agent(_)) { "customer message" } else { "agent message" };
        let result = self.call(Method::POST, &path, Some(token), Some(body)).await;
        if let Some(sent) = self.ledger().get_mut(&client_message_id) {
            sent.answered = Some(sent.at.elapsed());
            sent.accepted = matches!(result, Ok((201, _)));
        }
        match result {
            Ok((201, _)) => {}
            Ok((status, body)) => self.error(format!("{what} {status} {}", code(&body)), || body.to_string()),
            Err(error) => self.error(format!("{what} transport"), || error.to_string()),
        }
    }
}

fn code(body: &Value) -> &str {
    body.get("code").and_then(Value::as_str).unwrap_or("")
}

/// Counts a stream as open while it lives.
struct OpenStream<'a>(&'a Run);

impl<'a> OpenStream<'a> {
    fn new(run: &'a Run) -> Self {
        let open = run.streams_open.fetch_add(1, Ordering::SeqCst) + 1;
        run.streams_peak.fetch_max(open, Ordering::SeqCst);
        Self(run)
    }
}

impl Drop for OpenStream<'_> {
    fn drop(&mut self) {
        self.0.streams_open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Holds one side's stream open until aborted, resuming with `Last-Event-ID` when it
/// drops. `ready` fires on the first `stream.ready`.
pub async fn hold_stream(run: Arc<Run>, side: Side, token: Arc<str>, ready: oneshot::Sender<()>) {
    let (path, kind) = match side {
        Side::Agent(_) => ("/v1/streams/agent", "agent stream"),
        Side::Customer(_) => ("/v1/streams/customer", "customer stream"),
    };
    let mut ready = Some(ready);
    let mut last_id: Option<i64> = None;
    let mut seen = HashSet::new();
    // Which of the stream URLs this connection goes to.
    let mut turn = 0;
    loop {
        let base_url = &run.stream_urls[turn % run.stream_urls.len()];
        let mut request = run
            .http
            .get(format!("{base_url}{path}"))
            .bearer_auth(&*token)
            .header(reqwest::header::ACCEPT, "text/event-stream");
        if let Some(id) = last_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        match request.send().await {
            Ok(response) if response.status().is_success() => {
                let _open = OpenStream::new(&run);
                let mut events = Box::pin(sse::events(response.bytes_stream()));
                // Half to one and a half times the cut interval, so cuts do not come in waves.
                let mut cut = run.cut_after.map(|after| {
                    let unit = (uuid::Uuid::new_v4().as_u128() % 1_000_000) as f64 / 1_000_000.0;
                    Box::pin(tokio::time::sleep(after.mul_f64(0.5 + unit)))
                });
                let ended = loop {
                    let next = match cut.as_mut() {
                        Some(cut) => tokio::select! {
                            next = events.next() => Some(next),
                            () = cut => None,
                        },
                        None => Some(events.next().await),
                    };
                    let event = match next {
                        Some(Some(Ok(event))) => event,
                        Some(Some(Err(error))) => break Some(error),
                        Some(None) => break Some("the server closed it".to_owned()),
                        None => break None,
                    };
                    if event.event == "stream.ready"
                        && let Some(ready) = ready.take()
                    {
                        let _ = ready.send(());
                    }
                    if event.event.starts_with("stream.") {
                        last_id = event.id.or(last_id);
                        continue;
                    }
                    if let Some(id) = event.id {
                        if run.sending.load(Ordering::Relaxed) {
                            run.deliveries.fetch_add(1, Ordering::Relaxed);
                        }
                        if !seen.insert(id) {
                            run.duplicates.fetch_add(1, Ordering::Relaxed);
                            run.error(format!("{kind} duplicate event"), || format!("{side:?}: {event:?}"));
                        } else if last_id.is_some_and(|last| id < last) {
                            run.out_of_order.fetch_add(1, Ordering::Relaxed);
                            run.error(format!("{kind} event out of order"), || {
                                format!("{side:?}: {id} after {last_id:?}")
                            });
                        }
                        last_id = Some(last_id.map_or(id, |last| last.max(id)));
                    }
                    on_event(&run, side, &token, &event);
                };
                let Some(ended) = ended else {
                    // Cut on purpose: resume at once, on the next server.
                    run.cuts.fetch_add(1, Ordering::Relaxed);
                    turn += 1;
                    if run.stream_urls.len() > 1 {
                        run.resumed_elsewhere.fetch_add(1, Ordering::Relaxed);
                    }
                    continue;
                };
                run.error(format!("{kind} dropped"), || format!("{side:?}: {ended}"));
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                run.error(format!("{kind} {status}"), || body);
            }
            Err(error) => run.error(format!("{kind} transport"), || error.to_string()),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Notes the delivery of our messages and lets agents answer their customers.
fn on_event(run: &Arc<Run>, side: Side, token: &Arc<str>, event: &SseEvent) {
    if event.event != "message.created" {
        return;
    }
    let Some(data) = serde_json::from_str::<Value>(&event.data).ok().map(|mut envelope| envelope["data"].take()) else {
        run.error("unparsable message.created", || event.data.clone());
        return;
    };
    if let Some(client_message_id) = data.get("client_message_id").and_then(Value::as_str)
        && let Some(sent) = run.ledger().get_mut(client_message_id)
        && sent.to == side
        && sent.latency.is_none()
    {
        sent.latency = Some(sent.at.elapsed());
    }
    let Side::Agent(agent) = side else { return };
    if data.get("author_kind").and_then(Value::as_str) != Some("customer") || !run.sending.load(Ordering::SeqCst) {
        return;
    }
    let Some(conversation) = data.get("conversation_id").and_then(Value::as_str) else { return };
    let Some(route) = run.routes.get().and_then(|routes| routes.get(conversation).copied()) else { return };
    if route.agent != agent {
        return;
    }
    run.replies_in_flight.fetch_add(1, Ordering::SeqCst);
    let (run, token, conversation) = (run.clone(), token.clone(), conversation.to_owned());
    tokio::spawn(async move {
        run.send_message(&format!("a{agent}"), &token, &conversation, Side::Customer(route.customer)).await;
        run.replies_in_flight.fetch_sub(1, Ordering::SeqCst);
    });
}

/// The text at `pointer` of `value`.
pub fn text_at(value: &Value, pointer: &str) -> Result<String, String> {
    value.pointer(pointer).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("no {pointer} in {value}"))
}
