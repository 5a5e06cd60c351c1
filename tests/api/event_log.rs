//! Every visible change is written to the event log in its own transaction.

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;

use crate::helpers::World;

#[tokio::test]
async fn a_whole_chat_leaves_its_events_in_order() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    world.app.post(&format!("/v1/conversations/{id}/messages"), &customer, json!({"text": "hi"})).await.expect(201);
    world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &customer, json!({"text": "late"}))
        .await
        .expect_problem(409, "conversation_ended");

    let db = Database::connect(&world.app.database_url).await.unwrap();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(backend, "SELECT id, type, payload FROM events ORDER BY id"))
        .await
        .unwrap();
    let types: Vec<String> = rows.iter().map(|row| row.try_get::<String>("", "type").unwrap()).collect();
    assert_eq!(
        types,
        vec![
            "agent.presence_changed",
            "message.created",
            "conversation.waiting",
            "conversation.claimed",
            "message.created",
            "conversation.ended"
        ],
        "the refused message left no event"
    );
    let ids: Vec<i64> = rows.iter().map(|row| row.try_get::<i64>("", "id").unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
}
