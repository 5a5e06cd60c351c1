//! Command-line flags.

use std::time::Duration;

use clap::Parser;

/// Drives customers and agents against a running livechat server and prints figures.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "loadgen",
    after_help = "Exits 1 when events were lost or duplicated, 2 on bad flags or a failed setup."
)]
pub struct Args {
    /// Server address.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_parser = base_url)]
    pub base_url: String,
    /// Admin account.
    #[arg(long, default_value = "admin@livechat.local")]
    pub admin_email: String,
    /// The admin's password.
    #[arg(long)]
    pub admin_password: String,
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
    /// Report the server's VmRSS (end, peak) and CPU time from /proc/PID.
    #[arg(long)]
    pub server_pid: Option<u32>,
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

    #[test]
    fn reads_flags_in_both_forms() {
        let args =
            Args::try_parse_from(["loadgen", "--admin-password", "pw", "--customers=7", "--base-url", "http://x:1/"])
                .expect("valid flags");
        assert_eq!((args.admin_password.as_str(), args.customers, args.agents), ("pw", 7, 5));
        assert_eq!(args.base_url, "http://x:1");
        assert_eq!(args.message_interval, Duration::from_millis(2000));
    }

    #[test]
    fn refuses_missing_password_zero_counts_and_unknown_flags() {
        assert!(Args::try_parse_from(["loadgen", "--customers", "3"]).is_err());
        assert!(Args::try_parse_from(["loadgen", "--admin-password", "pw", "--nope", "1"]).is_err());
        assert!(Args::try_parse_from(["loadgen", "--admin-password", "pw", "--agents", "0"]).is_err());
        let help = Args::try_parse_from(["loadgen", "--help"]).expect_err("help is not a run");
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
    }
}
