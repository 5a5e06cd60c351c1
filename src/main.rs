//! The `livechat` command: `serve` (the default), `migrate`, `openapi`.

use std::process::ExitCode;

use livechat::{Application, Settings, api, db::Store, telemetry};

const USAGE: &str = "usage: livechat [serve | migrate | openapi [3.2]]
  serve        run the server (default)
  migrate      bring the database schema up to date and exit
  openapi      print the OpenAPI document (3.1)
  openapi 3.2  print it as OpenAPI 3.2, with the streams' item schema";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if command == "openapi" {
        return match std::env::args().nth(2).as_deref() {
            None | Some("3.1") => print_spec(&api::spec_json()),
            Some("3.2") => print_spec(&api::spec_json_32()),
            Some(_) => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        };
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("invalid settings: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings);
    let result = match command.as_str() {
        "serve" => serve(settings).await,
        "migrate" => migrate(&settings).await,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error_chain(error.as_ref()), "livechat stopped");
            ExitCode::FAILURE
        }
    }
}

/// Prints the OpenAPI document; a reader that stops early (`| head`) is no error.
fn print_spec(spec: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(spec.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot write the OpenAPI document: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    Application::build(settings).await?.run_until_stopped().await?;
    Ok(())
}

async fn migrate(settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&settings.data_dir)?;
    Store::connect(&settings.database_url(), 1, settings.database_lock_timeout, Default::default()).await?;
    tracing::info!("database schema is up to date");
    Ok(())
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
