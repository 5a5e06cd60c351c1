//! The figures at the end of a run, and the server's resident memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::run::{Run, Side};

/// Samples the server's VmRSS once a second and keeps the peak (kB); notes its CPU time.
pub struct Server {
    pid: u32,
    started: Instant,
    start_cpu: Option<Duration>,
    pub start_kb: Option<u64>,
    pub peak_kb: Arc<AtomicU64>,
}

impl Server {
    pub fn watch(pid: u32) -> Self {
        let start_kb = read_rss_kb(pid);
        let peak_kb = Arc::new(AtomicU64::new(start_kb.unwrap_or(0)));
        let peak = peak_kb.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                if let Some(kb) = read_rss_kb(pid) {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
            }
        });
        Self { pid, started: Instant::now(), start_cpu: read_cpu(pid), start_kb, peak_kb }
    }

    pub fn now_kb(&self) -> Option<u64> {
        let kb = read_rss_kb(self.pid)?;
        self.peak_kb.fetch_max(kb, Ordering::Relaxed);
        Some(kb)
    }

    /// The server's CPU time so far.
    pub fn cpu_now(&self) -> Option<Duration> {
        read_cpu(self.pid)
    }

    /// CPU time the server used since `watch`, and the wall time.
    pub fn cpu(&self) -> Option<(Duration, Duration)> {
        Some((read_cpu(self.pid)?.checked_sub(self.start_cpu?)?, self.started.elapsed()))
    }
}

fn read_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system time from /proc/PID/stat (fields 14 and 15, in 1/100 s clock ticks,
/// the value of USER_HZ on Linux).
fn read_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

/// What the ledger says once the stragglers had their time.
pub struct Tally {
    pub accepted_from_customers: usize,
    pub accepted_from_agents: usize,
    pub lost: usize,
    /// A few lost messages, for the report.
    lost_examples: Vec<String>,
    to_agents: Vec<Duration>,
    to_customers: Vec<Duration>,
    /// POST to 201, of accepted messages.
    answered: Vec<Duration>,
}

impl Tally {
    pub fn of(run: &Run) -> Self {
        let ledger = run.ledger();
        let mut tally = Tally {
            accepted_from_customers: 0,
            accepted_from_agents: 0,
            lost: 0,
            lost_examples: Vec::new(),
            to_agents: Vec::new(),
            to_customers: Vec::new(),
            answered: Vec::new(),
        };
        for (client_message_id, sent) in ledger.iter().filter(|(_, sent)| sent.accepted) {
            let (accepted, latencies) = match sent.to {
                Side::Agent(_) => (&mut tally.accepted_from_customers, &mut tally.to_agents),
                Side::Customer(_) => (&mut tally.accepted_from_agents, &mut tally.to_customers),
            };
            *accepted += 1;
            tally.answered.extend(sent.answered);
            match sent.latency {
                Some(latency) => latencies.push(latency),
                None => {
                    tally.lost += 1;
                    if tally.lost_examples.len() < 3 {
                        tally.lost_examples.push(format!("{client_message_id} expected on {:?}", sent.to));
                    }
                }
            }
        }
        tally.to_agents.sort();
        tally.to_customers.sort();
        tally.answered.sort();
        tally
    }

    pub fn accepted(&self) -> usize {
        self.accepted_from_customers + self.accepted_from_agents
    }
}

/// Nearest-rank percentiles, in milliseconds.
fn latency_line(sorted: &[Duration]) -> String {
    if sorted.is_empty() {
        return "no deliveries".into();
    }
    let at = |p: f64| {
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1].as_secs_f64() * 1000.0
    };
    format!("p50 {:.1}  p99 {:.1}  max {:.1}  (n={})", at(0.50), at(0.99), at(1.0), sorted.len())
}

pub fn print(run: &Run, tally: &Tally, window: Duration, server: Option<&Server>) {
    let secs = window.as_secs_f64().max(0.001);
    let mut all: Vec<Duration> = tally.to_agents.iter().chain(&tally.to_customers).copied().collect();
    all.sort();
    println!(
        "messages accepted (201): {} in {secs:.1} s = {:.1}/s (customers {}, agents {})",
        tally.accepted(),
        tally.accepted() as f64 / secs,
        tally.accepted_from_customers,
        tally.accepted_from_agents,
    );
    let deliveries = run.deliveries.load(Ordering::Relaxed);
    println!("deliveries received:     {deliveries} in {secs:.1} s = {:.0}/s on all streams", deliveries as f64 / secs);
    println!("delivery latency ms:     {}", latency_line(&all));
    println!("  customer -> agent:     {}", latency_line(&tally.to_agents));
    println!("  agent -> customer:     {}", latency_line(&tally.to_customers));
    println!("POST answered (201) ms:  {}", latency_line(&tally.answered));
    println!("events lost:             {}", tally.lost);
    for example in &tally.lost_examples {
        println!("  e.g. {example}");
    }
    println!("events duplicated:       {}", run.duplicates.load(Ordering::Relaxed));
    println!("events out of order:     {}", run.out_of_order.load(Ordering::Relaxed));
    let cuts = run.cuts.load(Ordering::Relaxed);
    if cuts > 0 {
        let elsewhere = run.resumed_elsewhere.load(Ordering::Relaxed);
        println!("streams cut and resumed: {cuts} ({elsewhere} of them on another server)");
    }
    println!("open streams at peak:    {}", run.streams_peak.load(Ordering::Relaxed));
    print_errors(run);
    if let Some(cpu) = read_cpu(std::process::id()) {
        println!("loadgen CPU:             {:.1} s", cpu.as_secs_f64());
    }
    if let Some(server) = server {
        let end = server.now_kb().map_or_else(|| "gone".into(), mib);
        let start = server.start_kb.map_or_else(|| "unknown".into(), mib);
        let peak = mib(server.peak_kb.load(Ordering::Relaxed));
        println!("server RSS:              end {end}, peak {peak} (at start {start})");
        if let Some((cpu, wall)) = server.cpu() {
            let (cpu, wall) = (cpu.as_secs_f64(), wall.as_secs_f64());
            println!("server CPU:              {cpu:.1} s in {wall:.1} s = {:.2} cores", cpu / wall.max(0.001));
        }
    }
}

pub fn print_errors(run: &Run) {
    let errors = run.errors();
    if errors.is_empty() {
        println!("errors:                  none");
    } else {
        println!("errors:");
        for (what, error) in errors.iter() {
            let example: String = error.example.chars().take(200).collect();
            println!("  {:>6}  {what}  e.g. {example}", error.count);
        }
    }
}
