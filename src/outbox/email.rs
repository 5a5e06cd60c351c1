//! Email: lettre over SMTP, or `.eml` files in the data directory when no SMTP server
//! is configured (the embedded default).

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::{Settings, SmtpTls};

/// A rendered email as stored in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Where the mail with outbox id `id` is written when no SMTP server is configured.
pub fn mail_file(dir: &std::path::Path, id: Uuid) -> PathBuf {
    dir.join(format!("{id}.eml"))
}

pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox, reply_to: Option<Mailbox> },
    Files { dir: PathBuf, from: Mailbox, reply_to: Option<Mailbox> },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("building the message failed: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("writing the mail file failed: {0}")]
    File(#[from] std::io::Error),
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> Result<Self, MailError> {
        let from: Mailbox =
            settings.smtp.mail_from.parse().map_err(|_| MailError::Address(settings.smtp.mail_from.clone()))?;
        let reply_to = match &settings.smtp.mail_reply_to {
            Some(address) => Some(address.parse().map_err(|_| MailError::Address(address.clone()))?),
            None => None,
        };
        let Some(host) = &settings.smtp.host else {
            return Ok(Self::Files { dir: settings.data_dir.join("mail"), from, reply_to });
        };
        let plain = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host);
        let builder = match settings.smtp.tls {
            SmtpTls::None => plain,
            SmtpTls::Starttls => plain.tls(Tls::Required(tls_parameters(host, settings.smtp.ca_file.as_deref())?)),
            SmtpTls::Tls => plain.tls(Tls::Wrapper(tls_parameters(host, settings.smtp.ca_file.as_deref())?)),
        };
        let mut builder = builder.port(settings.smtp.port).timeout(Some(Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (&settings.smtp.username, &settings.smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose_secret().to_owned()));
        }
        Ok(Self::Smtp { transport: builder.build(), from, reply_to })
    }

    /// Sends `email`; `id` becomes its Message-ID, the same on every retry.
    pub async fn send(&self, id: Uuid, email: &Email) -> Result<(), MailError> {
        let (from, reply_to) = match self {
            Self::Smtp { from, reply_to, .. } | Self::Files { from, reply_to, .. } => (from, reply_to),
        };
        let to: Mailbox = email.to.parse().map_err(|_| MailError::Address(email.to.clone()))?;
        let domain = from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&email.subject)
            .message_id(Some(format!("<{id}@{domain}>")))
            .date_now();
        if let Some(reply_to) = reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Self::Smtp { transport, .. } => {
                transport.send(message).await.map(drop).map_err(|e| MailError::Smtp(e.to_string()))
            }
            Self::Files { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                tokio::fs::write(mail_file(dir, id), message.formatted()).await?;
                Ok(())
            }
        }
    }
}

/// TLS towards `host`: the usual public roots, and the CA in `ca_file` (PEM) when the
/// relay's certificate comes from a private one.
fn tls_parameters(host: &str, ca_file: Option<&std::path::Path>) -> Result<TlsParameters, MailError> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(path) = ca_file {
        let pem = std::fs::read(path)
            .map_err(|error| MailError::Smtp(format!("cannot read smtp_ca_file {}: {error}", path.display())))?;
        let certificate = Certificate::from_pem(&pem).map_err(|error| MailError::Smtp(error.to_string()))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|error| MailError::Smtp(error.to_string()))
}
