//! Command-line flags.

use std::time::Duration;

use clap::{Args as ClapArgs, Parser, Subcommand};

/// Drives load against a running livechat server and prints figures.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "loadgen",
    after_help = "Exits 1 when events were lost or duplicated, 2 on bad flags or a failed setup."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Customers chat with agents: throughput, delivery latency, deliveries per second,
    /// lost and duplicated events. A small interval makes it closed-loop (each customer
    /// sends as soon as its last message was answered).
    Chat(Args),
    /// Idle customer streams: how fast they open (and reopen all at once, as after a
    /// deploy), memory per stream and after they close, CPU while idle, false presence
    /// changes.
    Idle(IdleArgs),
    /// The baseline: a bare poem JSON echo in this process, driven by the same HTTP
    /// client, to put every figure next to what this machine does at all.
    Echo(EchoArgs),
    /// A long queue: entering it and assigning from its head, timed with 10 to 10,000
    /// customers waiting (one agent in `auto` routing, one chat at a time).
    Queue(QueueArgs),
}

/// The server and its admin.
#[derive(Debug, Clone, ClapArgs)]
pub struct Target {
    /// Server address.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_parser = base_url)]
    pub base_url: String,
    /// Admin account.
    #[arg(long, default_value = "admin@livechat.local")]
    pub admin_email: String,
    /// The admin's password.
    #[arg(long)]
    pub admin_password: String,
    /// Report the server's VmRSS and CPU time from /proc/PID.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Simultaneous customers.
    #[arg(long, default_value = "100", value_parser = at_least_one)]
    pub customers: usize,
    /// Agents, claiming round-robin.
    #[arg(long, default_value = "5", value_parser = at_least_one)]
    pub agents: usize,
    /// How long customers send, in seconds.
    #[arg(long = "duration-secs", default_value = "30", value_parser = seconds)]
    pub duration: Duration,
    /// Per customer, jittered +-25%, in milliseconds.
    #[arg(long = "message-interval-ms", default_value = "2000", value_parser = milliseconds)]
    pub message_interval: Duration,
    /// Cut every stream after this many milliseconds open (jittered +-50%) and resume it
    /// at once with `Last-Event-ID`; 0 leaves streams alone.
    #[arg(long = "cut-after-ms", default_value = "0")]
    pub cut_after_ms: u64,
    /// Another server of the same database to resume cut streams on (repeatable): each
    /// reconnect goes to the next of `--base-url` and these, in turn.
    #[arg(long = "resume-url", value_parser = base_url)]
    pub resume_urls: Vec<String>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct IdleArgs {
    #[command(flatten)]
    pub target: Target,
    /// Customer streams to hold open.
    #[arg(long, default_value = "1000", value_parser = at_least_one)]
    pub streams: usize,
    /// Streams opening at once.
    #[arg(long, default_value = "500", value_parser = at_least_one)]
    pub concurrency: usize,
    /// How long the streams stay idle, in seconds, while the server's CPU is measured.
    #[arg(long = "idle-secs", default_value = "20", value_parser = seconds)]
    pub idle: Duration,
    /// Open, idle, close: this many times, to see memory come back.
    #[arg(long, default_value = "3", value_parser = at_least_one)]
    pub rounds: usize,
    /// How long to wait after closing the streams before measuring memory, in seconds:
    /// the server notices a closed stream when a keep-alive fails to go out, which can
    /// take two keep-alive intervals (15 s each by default).
    #[arg(long = "closed-secs", default_value = "35", value_parser = seconds)]
    pub closed: Duration,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct QueueArgs {
    #[command(flatten)]
    pub target: Target,
    /// Customers waiting at each step, rising.
    #[arg(long, default_value = "10,100,1000,10000", value_delimiter = ',', value_parser = at_least_one)]
    pub levels: Vec<usize>,
    /// Entries and assignments timed at each step.
    #[arg(long, default_value = "50", value_parser = at_least_one)]
    pub samples: usize,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct EchoArgs {
    /// Connections sending at once.
    #[arg(long, default_value = "64", value_parser = at_least_one)]
    pub concurrency: usize,
    /// How long to send, in seconds.
    #[arg(long = "duration-secs", default_value = "10", value_parser = seconds)]
    pub duration: Duration,
}

fn base_url(value: &str) -> Result<String, String> {
    Ok(value.trim_end_matches('/').to_owned())
}

fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse() {
        Ok(0) | Err(_) => Err(format!("{value:?} is not a number of at least 1")),
        Ok(count) => Ok(count),
    }
}

fn seconds(value: &str) -> Result<Duration, String> {
    value.parse().map(Duration::from_secs).map_err(|_| format!("{value:?} is not a number of seconds"))
}

fn milliseconds(value: &str) -> Result<Duration, String> {
    at_least_one(value).map(|ms| Duration::from_millis(ms as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(flags: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(["loadgen"].iter().chain(flags)).map(|cli| cli.command)
    }

    #[test]
    fn reads_flags_in_both_forms() {
        let Ok(Command::Chat(args)) =
            parse(&["chat", "--admin-password", "pw", "--customers=7", "--base-url", "http://x:1/"])
        else {
            panic!("a chat run");
        };
        assert_eq!((args.target.admin_password.as_str(), args.customers, args.agents), ("pw", 7, 5));
        assert_eq!(args.target.base_url, "http://x:1");
        assert_eq!(args.message_interval, Duration::from_millis(2000));
        assert!(matches!(parse(&["idle", "--admin-password", "pw", "--streams", "10"]), Ok(Command::Idle(_))));
        assert!(matches!(parse(&["echo"]), Ok(Command::Echo(_))));
        let Ok(Command::Queue(queue)) = parse(&["queue", "--admin-password", "pw", "--levels", "5,50"]) else {
            panic!("a queue run");
        };
        assert_eq!((queue.levels, queue.samples), (vec![5, 50], 50));
    }

    #[test]
    fn refuses_missing_password_zero_counts_and_unknown_flags() {
        assert!(parse(&["chat", "--customers", "3"]).is_err());
        assert!(parse(&["chat", "--admin-password", "pw", "--nope", "1"]).is_err());
        assert!(parse(&["chat", "--admin-password", "pw", "--agents", "0"]).is_err());
        assert!(parse(&[]).is_err(), "a mode is required");
        let help = parse(&["--help"]).expect_err("help is not a run");
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
    }
}
