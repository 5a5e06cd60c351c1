//! Structured logs with `tracing`: pretty in a terminal, JSON when asked.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

/// Installs the global subscriber; later calls (as in tests) leave the first in place.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log_level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Pretty => builder.pretty().try_init(),
        LogFormat::Auto if std::io::stdout().is_terminal() => builder.pretty().try_init(),
        LogFormat::Auto => builder.compact().with_ansi(false).try_init(),
    };
    drop(result);
}
