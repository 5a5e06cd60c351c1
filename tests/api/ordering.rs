//! The ordering trap: under concurrent writers, a client that drops its stream at
//! random points and resumes with Last-Event-ID still gets every event exactly once,
//! in order.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;

use crate::helpers::World;
use crate::sse::SseClient;

const CONVERSATIONS: usize = 6;
const MESSAGES_PER_WRITER: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_resuming_at_random_points_under_concurrent_writes_gets_every_event_once_in_order() {
    // This client reconnects often; each dropped stream frees its slot.
    let world =
        World::new_with(json!({}), |settings| settings.streams.keep_alive = std::time::Duration::from_secs(1)).await;
    let mut conversations = Vec::new();
    for n in 0..CONVERSATIONS {
        conversations.push(world.active_conversation(&format!("c-{n}")).await);
    }
    let mut first = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    let start = first.expect("stream.ready").await.id.expect("ready carries the position");
    drop(first);

    let mut writers = Vec::new();
    for (id, customer) in &conversations {
        for token in [customer.clone(), world.agent.clone()] {
            let (app_address, id) = (world.app.address.clone(), id.clone());
            writers.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                for n in 0..MESSAGES_PER_WRITER {
                    let body = json!({"text": format!("message {n}"), "client_message_id": format!("{token:.8}-{n}")});
                    let response = client
                        .post(format!("{app_address}/v1/conversations/{id}/messages"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 201);
                }
            }));
        }
    }

    let mut received: Vec<i64> = Vec::new();
    let mut last = start;
    let mut quiet_rounds = 0;
    while quiet_rounds < 3 {
        let mut stream = SseClient::open(&world.app.address, "/v1/streams/agent", Some(&world.agent), Some(last)).await;
        let take = rand::random_range(1..12);
        let mut got_any = false;
        for _ in 0..take {
            match stream.next_within(Duration::from_millis(800)).await {
                Some(event) if event.event == "stream.ready" => {}
                Some(event) => {
                    let id = event.id.expect("stored events carry ids");
                    received.push(id);
                    last = id;
                    got_any = true;
                }
                None => break,
            }
        }
        let writers_done = writers.iter().all(|writer| writer.is_finished());
        quiet_rounds = if writers_done && !got_any { quiet_rounds + 1 } else { 0 };
    }
    for writer in writers {
        writer.await.unwrap();
    }

    assert!(received.windows(2).all(|pair| pair[0] < pair[1]), "events repeated or out of order: {received:?}");
    let db = Database::connect(&world.app.database_url).await.unwrap();
    let sql = format!("SELECT id FROM events WHERE id > {start} ORDER BY id");
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    let logged: Vec<i64> = rows.iter().map(|row| row.try_get::<i64>("", "id").unwrap()).collect();
    assert_eq!(logged.len(), CONVERSATIONS * 2 * MESSAGES_PER_WRITER);
    assert_eq!(received, logged, "the resuming client must see exactly the log");
}
