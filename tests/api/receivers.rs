//! Real peers on loopback: an SMTP server and a webhook receiver.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// A minimal SMTP server (RFC 5321 without extensions) that keeps what it receives.
#[derive(Clone, Default)]
pub struct SmtpServer {
    pub messages: Arc<Mutex<Vec<String>>>,
}

impl SmtpServer {
    /// Serves SMTP on `addr` until the test ends.
    pub async fn start(addr: SocketAddr) -> Self {
        let server = Self::default();
        let listener = TcpListener::bind(addr).await.expect("SMTP port free");
        let messages = server.messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let messages = messages.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 test.local ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                messages.lock().unwrap().push(std::mem::take(body));
                                data = None;
                                let _ = write.write_all(b"250 OK queued\r\n").await;
                            } else {
                                body.push_str(line.strip_prefix('.').unwrap_or(&line));
                                body.push('\n');
                            }
                            continue;
                        }
                        let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 test.local\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 OK\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        server
    }

    /// The messages received, with quoted-printable soft line breaks and `=3D` undone.
    pub fn received(&self) -> Vec<String> {
        self.messages.lock().unwrap().iter().map(|raw| raw.replace("=\n", "").replace("=3D", "=")).collect()
    }
}

/// A received webhook: its headers and body.
#[derive(Debug, Clone)]
pub struct Hook {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Hook {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

type ReceiverState = (Arc<watch::Sender<Vec<Hook>>>, Arc<Mutex<std::vec::IntoIter<u16>>>);

/// A webhook receiver that answers with the statuses it is given, in order (200 after).
#[derive(Clone)]
pub struct WebhookReceiver {
    pub url: String,
    /// What has arrived; a test waits on it rather than polling.
    pub hooks: Arc<watch::Sender<Vec<Hook>>>,
}

impl WebhookReceiver {
    pub async fn start(statuses: Vec<u16>) -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap(), statuses).await
    }

    pub async fn start_on(addr: SocketAddr, statuses: Vec<u16>) -> Self {
        use poem::{EndpointExt, Request, Route, handler, http::StatusCode, post, web::Data};
        let hooks = Arc::new(watch::Sender::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(statuses.into_iter()));

        #[handler]
        async fn receive(request: &Request, body: String, state: Data<&ReceiverState>) -> StatusCode {
            let header = |name: &str| request.header(name).unwrap_or_default().to_owned();
            let hook = Hook {
                id: header("webhook-id"),
                timestamp: header("webhook-timestamp"),
                signature: header("webhook-signature"),
                body,
            };
            state.0.0.send_modify(|hooks| hooks.push(hook));
            let status = state.0.1.lock().unwrap().next().unwrap_or(200);
            StatusCode::from_u16(status).unwrap()
        }

        use poem::listener::{Acceptor, Listener};
        let acceptor = poem::listener::TcpListener::bind(addr.to_string()).into_acceptor().await.unwrap();
        let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
        let app = Route::new().at("/hook", post(receive)).data((hooks.clone(), statuses));
        tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(app));
        Self { url: format!("http://{addr}/hook"), hooks }
    }

    pub fn received(&self) -> Vec<Hook> {
        self.hooks.borrow().clone()
    }

    /// Waits until `count` hooks have arrived (within 15 s).
    pub async fn wait_for(&self, count: usize) -> Vec<Hook> {
        let mut arrivals = self.hooks.subscribe();
        let arrived = tokio::time::timeout(Duration::from_secs(15), arrivals.wait_for(|hooks| hooks.len() >= count));
        match arrived.await {
            Ok(Ok(hooks)) => hooks.clone(),
            _ => panic!("expected {count} webhooks, got {}", self.received().len()),
        }
    }
}

/// Verifies a Standard Webhooks signature as a receiver would.
pub fn verify(secret: &str, hook: &Hook) -> bool {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let engine = base64::engine::general_purpose::STANDARD;
    let key = engine.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", hook.id, hook.timestamp, hook.body).as_bytes());
    let expected = format!("v1,{}", engine.encode(mac.finalize().into_bytes()));
    hook.signature.split(' ').any(|candidate| candidate == expected)
}

pub fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// What the STARTTLS server saw: the credentials it accepted, and the messages.
#[derive(Clone, Default)]
pub struct SecureMailbox {
    pub logins: Arc<Mutex<Vec<String>>>,
    pub messages: Arc<Mutex<Vec<String>>>,
    current: Arc<Mutex<Vec<u8>>>,
}

impl mailin_embedded::Handler for SecureMailbox {
    fn auth_plain(&mut self, _authorization: &str, user: &str, password: &str) -> mailin_embedded::Response {
        if (user, password) == (SMTP_USER, SMTP_PASSWORD) {
            self.logins.lock().unwrap().push(user.to_owned());
            mailin_embedded::response::AUTH_OK
        } else {
            mailin_embedded::response::INVALID_CREDENTIALS
        }
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.lock().unwrap().extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = std::mem::take(&mut *self.current.lock().unwrap());
        self.messages.lock().unwrap().push(String::from_utf8_lossy(&message).into_owned());
        mailin_embedded::response::OK
    }
}

pub const SMTP_USER: &str = "mailer";
pub const SMTP_PASSWORD: &str = "smtp-secret";

/// A real SMTP server (mailin-embedded) that offers STARTTLS with a certificate for
/// `localhost` from a CA of its own, and takes AUTH PLAIN. Returns its mailbox, its port
/// and the path of the CA certificate (PEM) a client must trust.
pub fn start_secure_smtp(dir: &std::path::Path) -> (SecureMailbox, u16, std::path::PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    // Two rustls backends are compiled into the tests (see Cargo.toml); use ring's.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()]).unwrap().signed_by(&key, &issuer).unwrap();
    let (chain, key_path, ca_path) = (dir.join("chain.pem"), dir.join("key.pem"), dir.join("ca.pem"));
    std::fs::write(&chain, format!("{}{}", leaf.pem(), ca.pem())).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    std::fs::write(&ca_path, ca.pem()).unwrap();

    let mailbox = SecureMailbox::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = mailin_embedded::Server::new(mailbox.clone());
    let ssl = mailin_embedded::SslConfig::SelfSigned {
        cert_path: chain.display().to_string(),
        key_path: key_path.display().to_string(),
    };
    server
        .with_name("localhost")
        .with_ssl(ssl)
        .unwrap()
        .with_auth(mailin_embedded::AuthMechanism::Plain)
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (mailbox, port, ca_path)
}
