//! Command-line flags, parsed by hand: `--flag value` or `--flag=value`.

use std::time::Duration;

pub const USAGE: &str = "\
Drives customers and agents against a running livechat server and prints figures.

Usage: loadgen --admin-password <PASSWORD> [flags]

  --base-url <URL>              server address [default: http://127.0.0.1:8080]
  --admin-email <EMAIL>         admin account [default: admin@livechat.local]
  --admin-password <PASSWORD>   the admin's password (required)
  --customers <N>               simultaneous customers [default: 100]
  --agents <M>                  agents, claiming round-robin [default: 5]
  --duration-secs <S>           how long customers send [default: 30]
  --message-interval-ms <MS>    per customer, jittered +-25% [default: 2000]
  --server-pid <PID>            report the server's VmRSS (end, peak) and CPU time from /proc/PID
  -h, --help                    this text

Exits 1 when events were lost or duplicated, 2 on bad flags or a failed setup.";

#[derive(Debug, Clone)]
pub struct Args {
    pub base_url: String,
    pub admin_email: String,
    pub admin_password: String,
    pub customers: usize,
    pub agents: usize,
    pub duration: Duration,
    pub message_interval: Duration,
    pub server_pid: Option<u32>,
}

/// What the command line asks for.
pub enum Parsed {
    Run(Args),
    Help,
}

pub fn parse(raw: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut args = Args {
        base_url: "http://127.0.0.1:8080".into(),
        admin_email: "admin@livechat.local".into(),
        admin_password: String::new(),
        customers: 100,
        agents: 5,
        duration: Duration::from_secs(30),
        message_interval: Duration::from_millis(2000),
        server_pid: None,
    };
    let mut raw = raw.into_iter();
    while let Some(flag) = raw.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(Parsed::Help);
        }
        let (flag, value) = match flag.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), value.to_owned()),
            None => {
                let value = raw.next().ok_or_else(|| format!("{flag} needs a value"))?;
                (flag, value)
            }
        };
        match flag.as_str() {
            "--base-url" => args.base_url = value.trim_end_matches('/').to_owned(),
            "--admin-email" => args.admin_email = value,
            "--admin-password" => args.admin_password = value,
            "--customers" => args.customers = number(&flag, &value)?,
            "--agents" => args.agents = number(&flag, &value)?,
            "--duration-secs" => args.duration = Duration::from_secs(number(&flag, &value)?),
            "--message-interval-ms" => args.message_interval = Duration::from_millis(number(&flag, &value)?),
            "--server-pid" => args.server_pid = Some(number(&flag, &value)?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.admin_password.is_empty() {
        return Err("--admin-password is required".into());
    }
    if args.customers == 0 || args.agents == 0 || args.message_interval.is_zero() {
        return Err("--customers, --agents and --message-interval-ms must be at least 1".into());
    }
    Ok(Parsed::Run(args))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("{flag}: {value:?} is not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn reads_flags_in_both_forms() {
        let parsed = parse(strings(&["--admin-password", "pw", "--customers=7", "--base-url", "http://x:1/"]));
        let Ok(Parsed::Run(args)) = parsed else { panic!("expected a run") };
        assert_eq!((args.admin_password.as_str(), args.customers, args.agents), ("pw", 7, 5));
        assert_eq!(args.base_url, "http://x:1");
    }

    #[test]
    fn refuses_missing_password_and_unknown_flags() {
        assert!(parse(strings(&["--customers", "3"])).is_err());
        assert!(parse(strings(&["--admin-password", "pw", "--nope", "1"])).is_err());
        assert!(matches!(parse(strings(&["--help"])), Ok(Parsed::Help)));
    }
}
