//! Prometheus metrics on the operators' address only.

use serde_json::json;

use crate::helpers::World;
use crate::sse::SseClient;

/// The value of the first sample whose line starts with `series`.
fn sample(scraped: &str, series: &str) -> Option<f64> {
    scraped.lines().find(|line| line.starts_with(series))?.rsplit(' ').next()?.parse().ok()
}

#[tokio::test]
async fn operators_scrape_requests_streams_events_presence_and_the_outbox_backlog() {
    let world = World::new_with(json!({}), |settings| settings.metrics_bind = Some("127.0.0.1:0".into())).await;
    let metrics = world.app.metrics_address.clone().expect("a metrics address");
    let public = world.app.client.get(format!("{}/metrics", world.app.address)).send().await.unwrap();
    assert_eq!(public.status(), 404, "metrics are not on the public address");

    let (_, customer) = world.customer("c-1").await;
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    stream.expect("stream.ready").await;
    let scraped = world.app.client.get(format!("{metrics}/metrics")).send().await.unwrap().text().await.unwrap();

    let logins = sample(&scraped, "livechat_http_requests_total{operation=\"login\",status=\"200\"}");
    assert!(logins.is_some_and(|count| count >= 2.0), "{scraped}");
    assert!(scraped.contains("livechat_http_request_duration_seconds_bucket{operation=\"enter_live_chat\""));
    assert!(sample(&scraped, "livechat_streams_open{kind=\"customer\"}").is_some_and(|open| open >= 1.0));
    assert!(sample(&scraped, "livechat_events_appended_total").is_some_and(|events| events >= 1.0));
    assert_eq!(sample(&scraped, "livechat_customers_online"), Some(1.0), "{scraped}");
    assert_eq!(sample(&scraped, "livechat_agents{presence=\"online\"}"), Some(1.0), "{scraped}");
    for kind in ["email", "webhook"] {
        let pending = format!("livechat_outbox_rows{{kind=\"{kind}\",status=\"pending\"}}");
        assert_eq!(sample(&scraped, &pending), Some(0.0), "{scraped}");
    }
    assert!(sample(&scraped, "livechat_db_pool_connections{state=\"idle\"}").is_some(), "{scraped}");
}
