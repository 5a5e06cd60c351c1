//! Rate limits: a token bucket per credential (API key, agent token, customer token),
//! per client address for login and for issuing customer tokens, and a growing wait
//! for an account after failed logins from one address. Refusals are 429 problems with
//! `Retry-After`; every limited response says where its caller stands in the IETF
//! `RateLimit` and `RateLimit-Policy` headers.
//!
//! The per-credential limits apply to every request. The per-address ones are declared
//! by the operation: [`LoginAttempt`] and [`TokenIssue`] in a handler's signature check
//! the caller's address before the handler runs (and before its body is parsed, when
//! named first), so no list of paths says which operations they guard.
//!
//! On SQLite (one process) the buckets and failed logins live in the process's memory.
//! On PostgreSQL they live in the database ([`crate::service::limits`]), so that every
//! process behind a load balancer counts against the same quota.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota};
use poem::http::{HeaderValue, StatusCode};
use poem::{Endpoint, FromRequest, IntoResponse, Request, RequestBody, Response};
use sha2::{Digest, Sha256};

use super::problem::{Problem, ProblemCode, problem_response};
use crate::config::Settings;
use crate::service::limits::{Quota as SharedQuota, Shared, Take};

/// Failed logins in a row (per account and address) that are free; each further one
/// doubles the wait before the next attempt.
const FREE_LOGIN_FAILURES: u32 = 5;
const MAX_LOGIN_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgotten.
const LOGIN_FAILURE_MEMORY: Duration = Duration::from_secs(3600);
/// Accounts and addresses whose failed logins are remembered at most.
const MAX_REMEMBERED_FAILURES: usize = 100_000;
/// Checks between clean-ups of idle buckets.
const CLEAN_EVERY: u64 = 10_000;

/// One token bucket per key, with its policy's name and size for the headers.
pub struct Bucket {
    policy: &'static str,
    per_minute: u32,
    burst: u32,
    limiter: DefaultKeyedRateLimiter<u128, StateInformationMiddleware>,
}

/// The outcome of one bucket's check.
enum Verdict {
    Allowed { policy: &'static str, quota: u32, remaining: u32, reset: Duration },
    Refused { policy: &'static str, quota: u32, wait: Duration },
}

impl Bucket {
    /// A bucket of `per_minute` requests that lets a quarter of a minute's worth (at
    /// least 10) through at once; `None` when 0 (off).
    fn new(policy: &'static str, per_minute: Option<u32>) -> Option<Self> {
        let per_minute = per_minute?;
        let rate = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new((per_minute / 4).max(10)).unwrap_or(rate);
        let quota = Quota::per_minute(rate).allow_burst(burst);
        let limiter = DefaultKeyedRateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>();
        Some(Self { policy, per_minute, burst: burst.get(), limiter })
    }

    /// Takes a token of `key`'s bucket: from the cluster's when there is one.
    async fn check(&self, shared: Option<&Shared>, key: u128) -> Verdict {
        let (policy, quota) = (self.policy, self.per_minute);
        let Some(shared) = shared else { return self.check_here(key) };
        match shared.take(policy, key, SharedQuota { per_minute: quota, burst: self.burst }).await {
            Take::Allowed { remaining, reset } => Verdict::Allowed { policy, quota, remaining, reset },
            Take::Refused { wait } => Verdict::Refused { policy, quota, wait },
        }
    }

    /// Takes a token of `key`'s bucket in this process.
    fn check_here(&self, key: u128) -> Verdict {
        let (policy, quota) = (self.policy, self.per_minute);
        match self.limiter.check_key(&key) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = snapshot.quota().burst_size().get().saturating_sub(remaining);
                let reset = snapshot.quota().replenish_interval() * used;
                Verdict::Allowed { policy, quota, remaining, reset }
            }
            Err(not_until) => {
                Verdict::Refused { policy, quota, wait: not_until.wait_time_from(DefaultClock::default().now()) }
            }
        }
    }

    fn clean(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Consecutive failed logins per account and address.
#[derive(Default)]
struct LoginFailures {
    by_account: Mutex<HashMap<(String, IpAddr), (u32, Instant)>>,
}

impl LoginFailures {
    fn key(email: &str, address: IpAddr) -> (String, IpAddr) {
        (email.trim().to_lowercase(), address)
    }

    /// The key of an account and address in the cluster's failed logins: a digest, so
    /// that the database holds no address.
    fn shared_key(email: &str, address: IpAddr) -> u128 {
        let (email, address) = Self::key(email, address);
        digest(format!("{email}\n{address}").as_bytes())
    }

    /// How long this account must wait before its next attempt from `address`.
    async fn wait(&self, shared: Option<&Shared>, email: &str, address: IpAddr) -> Option<Duration> {
        let (count, ago) = match shared {
            Some(shared) => shared.login_failures(Self::shared_key(email, address)).await?,
            None => {
                let failures = self.by_account.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let (count, last) = failures.get(&Self::key(email, address))?;
                (*count, last.elapsed())
            }
        };
        if ago >= LOGIN_FAILURE_MEMORY {
            return None;
        }
        let extra = count.checked_sub(FREE_LOGIN_FAILURES)?;
        let wait = Duration::from_secs(1u64 << extra.min(20)).min(MAX_LOGIN_WAIT);
        wait.checked_sub(ago).filter(|left| !left.is_zero())
    }

    async fn record_anywhere(&self, shared: Option<&Shared>, email: &str, address: IpAddr, succeeded: bool) {
        match shared {
            Some(shared) => {
                shared.record_login(Self::shared_key(email, address), succeeded, LOGIN_FAILURE_MEMORY).await;
            }
            None => self.record(email, address, succeeded),
        }
    }

    fn record(&self, email: &str, address: IpAddr, succeeded: bool) {
        let mut failures = self.by_account.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = Self::key(email, address);
        if succeeded {
            failures.remove(&key);
            return;
        }
        if failures.len() >= MAX_REMEMBERED_FAILURES {
            // Forget the stale, then those not yet slowed; a flood that still fills the map
            // starts it afresh rather than slowing every login behind one lock.
            failures.retain(|_, (count, last)| last.elapsed() < LOGIN_FAILURE_MEMORY && *count >= FREE_LOGIN_FAILURES);
            if failures.len() >= MAX_REMEMBERED_FAILURES / 2 {
                failures.clear();
            }
        }
        let entry = failures.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= LOGIN_FAILURE_MEMORY {
            entry.0 = 0;
        }
        *entry = (entry.0.saturating_add(1), Instant::now());
    }
}

/// The process's rate limits.
pub struct RateLimits {
    api_key: Option<Bucket>,
    agent: Option<Bucket>,
    customer: Option<Bucket>,
    login: Option<Bucket>,
    token_issue: Option<Bucket>,
    public: Option<Bucket>,
    uploads: Option<Bucket>,
    login_failures: LoginFailures,
    /// The cluster's buckets and failed logins, on PostgreSQL.
    shared: Option<Shared>,
    /// Proxies in front whose `X-Forwarded-For` entries are trusted.
    trusted_proxy_hops: usize,
    checks: std::sync::atomic::AtomicU64,
}

impl RateLimits {
    pub fn new(settings: &Settings, shared: Option<Shared>) -> Self {
        Self {
            api_key: Bucket::new("api_key", settings.limits.api_key_per_min),
            agent: Bucket::new("agent_token", settings.limits.agent_per_min),
            customer: Bucket::new("customer_token", settings.limits.customer_per_min),
            login: Bucket::new("login_per_address", settings.limits.login_per_min),
            token_issue: Bucket::new("token_issue_per_address", settings.limits.token_issue_per_min),
            public: Bucket::new("public_per_address", settings.limits.public_per_min),
            uploads: Bucket::new("uploads_per_address", settings.limits.uploads_per_min),
            login_failures: LoginFailures::default(),
            shared,
            trusted_proxy_hops: settings.http.trusted_proxy_hops,
            checks: 0.into(),
        }
    }

    /// The client's address: the peer's, or with trusted proxies in front, the entry of
    /// `X-Forwarded-For` the outermost trusted proxy added.
    fn client_address(&self, request: &Request) -> IpAddr {
        let peer = request.remote_addr().as_socket_addr().map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), |addr| addr.ip());
        if self.trusted_proxy_hops == 0 {
            return peer;
        }
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        forwarded
            .len()
            .checked_sub(self.trusted_proxy_hops)
            .and_then(|at| forwarded.get(at))
            .and_then(|entry| entry.parse().ok())
            .unwrap_or(peer)
    }

    fn clean_now_and_then(&self) {
        let checks = self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if checks % CLEAN_EVERY == CLEAN_EVERY - 1 {
            for bucket in [
                &self.api_key,
                &self.agent,
                &self.customer,
                &self.login,
                &self.token_issue,
                &self.public,
                &self.uploads,
            ]
            .into_iter()
            .flatten()
            {
                bucket.clean();
            }
        }
    }
}

/// The bucket of the request's credential, and the key within it (a digest: tokens
/// are not kept in memory).
fn credential<'a>(limits: &'a RateLimits, request: &Request) -> Option<(&'a Bucket, u128)> {
    let header = request.headers().get(poem::http::header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    let token = match header {
        Some(value) => value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?.trim().to_owned(),
        None => request
            .uri()
            .query()
            .into_iter()
            .flat_map(|query| query.split('&'))
            .find_map(|pair| pair.strip_prefix("access_token="))
            .map(str::to_owned)?,
    };
    let bucket = if token.starts_with("lc_") {
        limits.api_key.as_ref()
    } else if audience_of(&token).is_some_and(|audience| audience.ends_with(":agent")) {
        limits.agent.as_ref()
    } else {
        limits.customer.as_ref()
    }?;
    Some((bucket, digest(token.as_bytes())))
}

/// The `aud` claim of a JWT, read without checking it: only to pick a bucket.
fn audience_of(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("aud")?.as_str().map(str::to_owned)
}

fn digest(bytes: &[u8]) -> u128 {
    let hash = Sha256::digest(bytes);
    let mut first = [0u8; 16];
    first.copy_from_slice(&hash[..16]);
    u128::from_be_bytes(first)
}

/// The unit an address is limited by: an IPv4 address, or the /64 of an IPv6 one (a
/// single client usually holds a whole /64).
fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64)))
        }
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

fn address_key(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn too_many(policy: &'static str, quota: u32, window_secs: u64, wait: Duration, detail: String) -> Response {
    metrics::counter!("livechat_rate_limited_total", "policy" => policy).increment(1);
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = problem_response(Problem::new(StatusCode::TOO_MANY_REQUESTS, ProblemCode::RateLimited, detail));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        headers.insert(poem::http::header::RETRY_AFTER, value);
    }
    set_rate_limit_headers(headers, policy, quota, window_secs, 0, Duration::from_secs(seconds.max(1)));
    response
}

fn set_rate_limit_headers(
    headers: &mut poem::http::HeaderMap,
    policy: &str,
    quota: u32,
    window_secs: u64,
    remaining: u32,
    reset: Duration,
) {
    let reset = reset.as_secs() + u64::from(reset.subsec_nanos() > 0);
    if let Ok(value) = HeaderValue::from_str(&format!("\"{policy}\";q={quota};w={window_secs}")) {
        headers.insert("ratelimit-policy", value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!("\"{policy}\";r={remaining};t={reset}")) {
        headers.insert("ratelimit", value);
    }
}

/// Where the caller stands with the per-address limit an operation declared, for the
/// `RateLimit` headers of its answer; the request carries it from the extractor back
/// to [`limit_rate`].
#[derive(Clone, Default)]
struct AddressStanding(Arc<Mutex<Option<Standing>>>);

/// A policy's name, its quota a minute, the requests left and the time until refilled.
type Standing = (&'static str, u32, u32, Duration);

/// The per-address limit of one kind of operation.
pub trait AddressPolicy: Send + Sync + 'static {
    fn bucket(limits: &RateLimits) -> Option<&Bucket>;
}

/// Logging in: requests from one address, and failed logins of one account from it.
pub enum LoginPolicy {}
/// Issuing customer tokens: requests from one address.
pub enum TokenIssuePolicy {}
/// Operations without a credential: requests from one address.
pub enum PublicPolicy {}
/// Uploading files: uploads from one address, besides the credential's requests.
pub enum UploadPolicy {}

impl AddressPolicy for UploadPolicy {
    fn bucket(limits: &RateLimits) -> Option<&Bucket> {
        limits.uploads.as_ref()
    }
}

impl AddressPolicy for PublicPolicy {
    fn bucket(limits: &RateLimits) -> Option<&Bucket> {
        limits.public.as_ref()
    }
}

impl AddressPolicy for LoginPolicy {
    fn bucket(limits: &RateLimits) -> Option<&Bucket> {
        limits.login.as_ref()
    }
}

impl AddressPolicy for TokenIssuePolicy {
    fn bucket(limits: &RateLimits) -> Option<&Bucket> {
        limits.token_issue.as_ref()
    }
}

/// An operation limited per client address under the policy `P`: the request was
/// within it when the handler runs.
pub struct AddressLimited<P> {
    limits: Arc<RateLimits>,
    address: IpAddr,
    policy: std::marker::PhantomData<P>,
}

/// Declares the login limits; the handler reports the outcome with [`Self::record`].
pub type LoginAttempt = AddressLimited<LoginPolicy>;
/// Declares the limit on issuing customer tokens.
pub type TokenIssue = AddressLimited<TokenIssuePolicy>;
/// Declares the limit on operations without a credential.
pub type PublicCall = AddressLimited<PublicPolicy>;
/// Declares the limit on uploads.
pub type UploadCall = AddressLimited<UploadPolicy>;

impl<'a, P: AddressPolicy> FromRequest<'a> for AddressLimited<P> {
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let limits = request
            .data::<Arc<RateLimits>>()
            .cloned()
            .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
        let address = network_of(limits.client_address(request));
        if let Some(bucket) = P::bucket(&limits) {
            match bucket.check(limits.shared.as_ref(), address_key(address)).await {
                Verdict::Refused { policy, quota, wait } => {
                    let detail = format!(
                        "too many requests from this address: at most {quota} a minute; retry after the wait in Retry-After"
                    );
                    return Err(poem::Error::from_response(too_many(policy, quota, 60, wait, detail)));
                }
                Verdict::Allowed { policy, quota, remaining, reset } => {
                    if let Some(standing) = request.extensions().get::<AddressStanding>() {
                        *standing.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                            Some((policy, quota, remaining, reset));
                    }
                }
            }
        }
        Ok(Self { limits, address, policy: std::marker::PhantomData })
    }
}

impl AddressLimited<LoginPolicy> {
    /// Refuses an attempt for `email` while its failed logins from this address make it
    /// wait.
    pub async fn check(&self, email: &str) -> poem::Result<()> {
        let limits = &self.limits;
        let Some(wait) = limits.login_failures.wait(limits.shared.as_ref(), email, self.address).await else {
            return Ok(());
        };
        let detail = "too many failed logins for this account from this address; retry after the wait in Retry-After";
        // Free failures a window of remembering; past them the wait doubles each time.
        let window = LOGIN_FAILURE_MEMORY.as_secs();
        Err(poem::Error::from_response(too_many(
            "login_failures",
            FREE_LOGIN_FAILURES,
            window,
            wait,
            detail.to_owned(),
        )))
    }

    /// Counts a failed login of `email` from this address, or forgets them on success.
    pub async fn record(&self, email: &str, succeeded: bool) {
        let limits = &self.limits;
        limits.login_failures.record_anywhere(limits.shared.as_ref(), email, self.address, succeeded).await;
    }
}

/// Applies the per-credential limit to each request (after its body has been read), and
/// says where the caller stands in the headers of the answer.
pub async fn limit_rate<E: Endpoint>(
    next: Arc<E>,
    mut request: Request,
    limits: Arc<RateLimits>,
) -> poem::Result<Response> {
    limits.clean_now_and_then();
    let mut standing = None;
    if let Some((bucket, key)) = credential(&limits, &request) {
        match bucket.check(limits.shared.as_ref(), key).await {
            Verdict::Refused { policy, quota, wait } => {
                let detail = format!(
                    "too many requests with this credential: at most {quota} a minute; retry after the wait in Retry-After"
                );
                return Ok(too_many(policy, quota, 60, wait, detail));
            }
            Verdict::Allowed { policy, quota, remaining, reset } => standing = Some((policy, quota, remaining, reset)),
        }
    }
    let by_address = AddressStanding::default();
    request.extensions_mut().insert(by_address.clone());
    request.extensions_mut().insert(limits.clone());
    let mut response = next.call(request).await.map(IntoResponse::into_response)?;
    let by_address = *by_address.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // A refusal of the operation's own limit already says where the caller stands.
    let refused = response.headers().contains_key("ratelimit");
    if let Some((policy, quota, remaining, reset)) = standing.or(by_address).filter(|_| !refused) {
        set_rate_limit_headers(response.headers_mut(), policy, quota, 60, remaining, reset);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn failed_logins_past_the_free_ones_double_the_wait_and_a_success_clears_them() {
        let failures = LoginFailures::default();
        let (ada, here, there) = ("Ada@example.com", IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        for _ in 0..FREE_LOGIN_FAILURES {
            assert!(failures.wait(None, ada, here).await.is_none());
            failures.record(ada, here, false);
        }
        failures.record(ada, here, false);
        let slowed = failures.wait(None, "ada@example.com", here).await.expect("a wait after the free failures");
        assert!(slowed <= Duration::from_secs(2) && slowed > Duration::from_millis(1500), "{slowed:?}");
        assert!(failures.wait(None, ada, there).await.is_none(), "another address is not slowed");
        failures.record(ada, here, true);
        assert!(failures.wait(None, ada, here).await.is_none());
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64_and_ipv4_by_their_address() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("an address");
        let same_64: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("an address");
        let other_64: IpAddr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(network_of(one), network_of(same_64));
        assert_ne!(network_of(one), network_of(other_64));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().expect("an address");
        assert_eq!(network_of(mapped), IpAddr::from([10, 0, 0, 1]));
    }

    #[test]
    fn a_bucket_lets_a_burst_through_then_refuses_with_a_wait() {
        let bucket = Bucket::new("test", Some(60)).expect("a bucket");
        for _ in 0..15 {
            assert!(matches!(bucket.check_here(7), Verdict::Allowed { .. }));
        }
        match bucket.check_here(7) {
            Verdict::Refused { wait, .. } => assert!(wait <= Duration::from_secs(1) && !wait.is_zero()),
            Verdict::Allowed { .. } => panic!("the 16th request at once passed a bucket of 60 a minute"),
        }
        assert!(matches!(bucket.check_here(8), Verdict::Allowed { .. }), "keys have their own buckets");
    }
}
