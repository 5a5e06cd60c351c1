//! Agents and the Live list: taking over, releasing, transferring, filtering.

use serde_json::json;

use crate::helpers::World;

#[tokio::test]
async fn of_many_agents_claiming_at_once_exactly_one_wins() {
    let world = World::new(json!({})).await;
    let mut agents = vec![world.agent.clone()];
    for n in 0..5 {
        agents.push(world.app.online_agent(&world.admin, &format!("Rival{n}")).await.1);
    }
    let (id, _) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/claim");
    let claims = agents.iter().map(|token| world.app.post(&path, token, json!({})));
    let replies = futures_util::future::join_all(claims).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), agents.len() - 1, "{statuses:?}");
    for reply in replies.into_iter().filter(|r| r.status == 409) {
        reply.expect_problem(409, "conversation_already_claimed");
    }
}

#[tokio::test]
async fn claiming_needs_an_online_agent() {
    let world = World::new(json!({})).await;
    let (id, _) = world.customer("c-1").await;
    world.app.set_presence(&world.agent, "away").await;
    let path = format!("/v1/conversations/{id}/claim");
    world.app.post(&path, &world.agent, json!({})).await.expect_problem(409, "agent_not_online");
    world.app.set_presence(&world.agent, "online").await;
    let claimed = world.app.post(&path, &world.agent, json!({})).await.expect(200);
    assert_eq!(claimed["status"], "active");
    assert_eq!(claimed["agent"]["name"], "Ada");
    assert!(claimed["claimed_at"].is_string());
}

#[tokio::test]
async fn released_conversations_wait_again_and_transfers_change_hands() {
    let world = World::new(json!({})).await;
    let (bob_id, bob) = world.app.online_agent(&world.admin, "Bob").await;
    let (id, _) = world.active_conversation("c-1").await;
    let released =
        world.app.post(&format!("/v1/conversations/{id}/release"), &world.agent, json!({})).await.expect(200);
    assert_eq!(released["status"], "waiting");
    assert!(released["agent"].is_null());
    world
        .app
        .post(&format!("/v1/conversations/{id}/release"), &world.agent, json!({}))
        .await
        .expect_problem(409, "conversation_not_claimed");

    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    let transfer = format!("/v1/conversations/{id}/transfer");
    world
        .app
        .post(&transfer, &bob, json!({"agent_id": world.agent_id}))
        .await
        .expect_problem(403, "conversation_not_assigned");
    let moved = world.app.post(&transfer, &world.agent, json!({"agent_id": bob_id})).await.expect(200);
    assert_eq!(moved["agent"]["id"], bob_id.as_str());
    let path = format!("/v1/conversations/{id}/messages");
    world
        .app
        .post(&path, &world.agent, json!({"text": "still here?"}))
        .await
        .expect_problem(403, "conversation_not_assigned");
    world.app.post(&path, &bob, json!({"text": "Bob here"})).await.expect(201);
    let unknown = json!({"agent_id": uuid::Uuid::now_v7()});
    world.app.post(&transfer, &bob, unknown).await.expect_problem(422, "invalid_input");
}

#[tokio::test]
async fn the_live_list_filters_by_status_and_by_agent() {
    let world = World::new(json!({})).await;
    let (_, bob) = world.app.online_agent(&world.admin, "Bob").await;
    let (waiting, _) = world.customer("c-1").await;
    let (mine, _) = world.active_conversation("c-2").await;
    let (ended, _) = world.active_conversation("c-3").await;
    world.app.post(&format!("/v1/conversations/{ended}/end"), &world.agent, json!({})).await.expect(200);
    let ids = |page: serde_json::Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };

    assert_eq!(ids(world.app.get("/v1/conversations", &bob).await.expect(200)), vec![mine.clone(), waiting.clone()]);
    assert_eq!(ids(world.app.get("/v1/conversations?status=waiting", &bob).await.expect(200)), vec![waiting.clone()]);
    assert_eq!(ids(world.app.get("/v1/conversations?status=ended", &bob).await.expect(200)), vec![ended.clone()]);
    assert_eq!(ids(world.app.get("/v1/conversations?mine=true", &world.agent).await.expect(200)), vec![mine.clone()]);
    assert!(ids(world.app.get("/v1/conversations?mine=true", &bob).await.expect(200)).is_empty());
    let first = world.app.get("/v1/conversations?limit=1", &bob).await.expect(200);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    assert_eq!(ids(first), vec![mine]);
    assert_eq!(
        ids(world.app.get(&format!("/v1/conversations?limit=1&cursor={cursor}"), &bob).await.expect(200)),
        vec![waiting]
    );
}

#[tokio::test]
async fn the_live_list_shows_what_an_agent_needs() {
    let world = World::new(json!({})).await;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}, "module_id": world.module_id, "process_ref": "run-9"});
    let entered = world.app.post("/v1/entries", &world.api_key, body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap();
    let customer = entered["customer_token"]["token"].as_str().unwrap();
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, customer, json!({"text": "hello?"})).await.expect(201);
    world.app.post(&path, customer, json!({"text": "anyone there?"})).await.expect(201);
    let item = world.app.get("/v1/conversations", &world.agent).await.expect(200)["items"][0].clone();
    assert_eq!(item["customer"]["display_name"], "Grace");
    assert_eq!(item["email"], "grace@example.com");
    assert_eq!(item["unanswered"], 2);
    assert_eq!(item["last_message_preview"], "anyone there?");
    assert!(item["waited_seconds"].as_i64().is_some());
    assert_eq!(item["process_ref"], "run-9");
    world.app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    world.app.post(&path, &world.agent, json!({"text": "Hi Grace"})).await.expect(201);
    let item = world.app.get("/v1/conversations", &world.agent).await.expect(200)["items"][0].clone();
    assert_eq!(item["unanswered"], 0);
}

#[tokio::test]
async fn deactivating_an_agent_hands_their_chats_back_to_the_queue() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/agents/{}", world.agent_id);
    world.app.call(reqwest::Method::PATCH, &path, Some(&world.admin), Some(json!({"active": false}))).await.expect(200);
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &customer).await.expect(200);
    assert_eq!(conversation["status"], "waiting");
    assert!(conversation["agent"].is_null());
    let (_, bob) = world.app.online_agent(&world.admin, "Bob").await;
    world.app.post(&format!("/v1/conversations/{id}/claim"), &bob, json!({})).await.expect(200);
}

#[tokio::test]
async fn a_client_message_id_of_another_agent_is_a_conflict_not_a_lost_message() {
    let world = World::new(json!({})).await;
    let (bob_id, bob) = world.app.online_agent(&world.admin, "Bob").await;
    let (id, _) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &world.agent, json!({"text": "from Ada", "client_message_id": "k-1"})).await.expect(201);
    world
        .app
        .post(&format!("/v1/conversations/{id}/transfer"), &world.agent, json!({"agent_id": bob_id}))
        .await
        .expect(200);
    let reply = world.app.post(&path, &bob, json!({"text": "from Bob", "client_message_id": "k-1"})).await;
    reply.expect_problem(409, "client_message_id_taken");
}
