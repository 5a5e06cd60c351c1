//! Chatting and every way a chat ends, with its outcome and variables.

use serde_json::{Value, json};

use crate::helpers::World;

fn exit_of(conversation: &Value) -> (String, Value) {
    (conversation["exit"]["reason"].as_str().unwrap_or_default().to_owned(), conversation["exit"]["target"].clone())
}

#[tokio::test]
async fn both_sides_chat_and_read_the_same_history() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    let sent = world.app.post(&path, &customer, json!({"text": "Hi, my order is late"})).await.expect(201);
    assert_eq!(sent["author_kind"], "customer");
    let reply = world.app.post(&path, &world.agent, json!({"text": "Let me check"})).await.expect(201);
    assert_eq!(reply["author"]["name"], "Ada");
    assert!(reply["seq"].as_i64() > sent["seq"].as_i64());
    let seen_by_customer = world.app.all_messages(&customer, &id).await;
    let seen_by_agent = world.app.all_messages(&world.agent, &id).await;
    assert_eq!(seen_by_customer, seen_by_agent);
    let texts: Vec<_> = seen_by_agent
        .iter()
        .filter(|m| m["content"]["kind"] == "text")
        .map(|m| m["content"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["Hi, my order is late", "Let me check"]);
    let seqs: Vec<i64> = seen_by_agent.iter().map(|m| m["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "seq has no gaps");
}

#[tokio::test]
async fn a_retried_message_is_stored_once() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    let body = json!({"text": "only once", "client_message_id": "m-1"});
    let first = world.app.post(&path, &customer, body.clone()).await.expect(201);
    let retry = world.app.post(&path, &customer, body).await.expect(200);
    assert_eq!(first["id"], retry["id"]);
    let count =
        world.app.all_messages(&customer, &id).await.iter().filter(|m| m["content"]["text"] == "only once").count();
    assert_eq!(count, 1);
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &customer).await.expect(200);
    assert_eq!(conversation["variables"]["live_customer_messages"], 1);
}

#[tokio::test]
async fn messages_sent_at_once_are_written_together_in_order_and_retries_once() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let (_, stranger) = world.customer("c-2").await;
    let path = format!("/v1/conversations/{id}/messages");
    let sends = (0..40).map(|n| {
        let (app, path, customer, agent, stranger) = (&world.app, &path, &customer, &world.agent, &stranger);
        async move {
            match n % 4 {
                0 => app.post(path, customer, json!({"text": format!("customer {n}")})).await.expect(201),
                1 => app.post(path, agent, json!({"text": format!("agent {n}")})).await.expect(201),
                2 => app.post(path, customer, json!({"text": "retried", "client_message_id": "same"})).await.body,
                _ => app.post(path, stranger, json!({"text": "not mine"})).await.expect_problem(404, "not_found"),
            }
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    let retried: Vec<_> = answers.iter().skip(2).step_by(4).map(|answer| answer["id"].clone()).collect();
    assert!(retried.iter().all(|id| *id == retried[0]), "every retry answers the first message: {retried:?}");
    let messages = world.app.all_messages(&customer, &id).await;
    let seqs: Vec<i64> = messages.iter().map(|message| message["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "seqs stay gapless");
    assert_eq!(messages.iter().filter(|message| message["content"]["text"] == "retried").count(), 1);
    let sent = messages.iter().filter(|message| message["author_kind"] != "system").count();
    assert_eq!(sent, 21, "ten from each side and one retried");
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &customer).await.expect(200);
    assert_eq!(conversation["variables"]["live_customer_messages"], 11);
    assert_eq!(conversation["variables"]["live_agent_messages"], 10);
}

#[tokio::test]
async fn agents_send_articles_and_animations() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let article =
        json!({"title": "Track your order", "url": "https://help.example.com/track", "summary": "Where is my parcel?"});
    let sent = world.app.post(&format!("/v1/conversations/{id}/articles"), &world.agent, article).await.expect(201);
    assert_eq!(
        sent["content"],
        json!({"kind": "article", "title": "Track your order", "url": "https://help.example.com/track", "summary": "Where is my parcel?", "image_url": null})
    );
    let animation = json!({"name": "confetti", "params": {"duration_ms": 1200}});
    let sent = world.app.post(&format!("/v1/conversations/{id}/animations"), &world.agent, animation).await.expect(201);
    assert_eq!(sent["content"]["kind"], "animation");
    assert_eq!(sent["content"]["params"]["duration_ms"], 1200);
    let kinds: Vec<_> = world
        .app
        .all_messages(&customer, &id)
        .await
        .iter()
        .map(|m| m["content"]["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(kinds.ends_with(&["article".to_owned(), "animation".to_owned()]));
    let bad = json!({"title": "x", "url": "javascript:alert(1)"});
    world
        .app
        .post(&format!("/v1/conversations/{id}/articles"), &world.agent, bad)
        .await
        .expect_problem(422, "invalid_input");
    world
        .app
        .post(&format!("/v1/conversations/{id}/articles"), &customer, json!({"title": "x", "url": "https://x.org"}))
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn an_agent_ends_the_chat_and_the_bot_platform_reads_the_outcome() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "thanks"})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "you're welcome"})).await.expect(201);
    world.app.post(&path, &world.agent, json!({"text": "bye"})).await.expect(201);
    let ended = world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    assert_eq!(exit_of(&ended), ("agent_ended".to_owned(), Value::Null));
    let outcome = world.app.get(&format!("/v1/conversations/{id}/outcome"), &world.api_key).await.expect(200);
    assert_eq!(outcome["status"], "ended");
    let vars = &outcome["variables"];
    assert_eq!(vars["live_status"], "ended");
    assert_eq!(vars["live_exit_reason"], "agent_ended");
    assert_eq!(vars["live_agent_id"], world.agent_id.as_str());
    assert_eq!(vars["live_agent_name"], "Ada");
    assert_eq!(vars["live_customer_messages"], 1);
    assert_eq!(vars["live_agent_messages"], 2);
    assert_eq!(vars["live_async"], false);
    assert!(vars["live_duration_seconds"].as_i64().unwrap() >= vars["live_waited_seconds"].as_i64().unwrap());
    world.app.get(&format!("/v1/conversations/{id}/outcome"), &customer).await.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn nothing_is_written_into_an_ended_chat() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    world.app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    let before = world.app.all_messages(&customer, &id).await.len();
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "hello?"})).await.expect_problem(409, "conversation_ended");
    world.app.post(&path, &world.agent, json!({"text": "hello?"})).await.expect_problem(409, "conversation_ended");
    world
        .app
        .post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({}))
        .await
        .expect_problem(409, "conversation_ended");
    world
        .app
        .post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({}))
        .await
        .expect_problem(409, "conversation_ended");
    world
        .app
        .post(&format!("/v1/conversations/{id}/leave"), &customer, json!({}))
        .await
        .expect_problem(409, "conversation_ended");
    assert_eq!(world.app.all_messages(&customer, &id).await.len(), before);
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &customer).await.expect(200);
    assert_eq!(conversation["exit"]["reason"], "agent_ended", "the first exit stands");
}

#[tokio::test]
async fn an_agent_cannot_act_on_a_conversation_they_do_not_serve() {
    let world = World::new(json!({})).await;
    let (id, _) = world.customer("c-1").await;
    for action in ["end", "block", "release"] {
        world
            .app
            .post(&format!("/v1/conversations/{id}/{action}"), &world.agent, json!({}))
            .await
            .expect_problem(409, "conversation_not_claimed");
    }
    world
        .app
        .post(&format!("/v1/conversations/{id}/messages"), &world.agent, json!({"text": "hi"}))
        .await
        .expect_problem(409, "conversation_not_claimed");
    let conversation = world.app.get(&format!("/v1/conversations/{id}"), &world.agent).await.expect(200);
    assert_eq!(conversation["status"], "waiting");
    assert_eq!(conversation["customer"]["blocked"], false);
}

#[tokio::test]
async fn a_jump_exits_to_its_target() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/jump");
    let subprocess = json!({"target": {"kind": "subprocess", "id": "x"}});
    let refused = world.app.post(&path, &world.agent, subprocess).await.expect_problem(400, "invalid_request");
    assert!(refused["detail"].as_str().unwrap().contains("subprocess"), "{refused}");
    let jumped = world
        .app
        .post(&path, &world.agent, json!({"target": {"kind": "process_module", "id": "payment"}}))
        .await
        .expect(200);
    assert_eq!(exit_of(&jumped), ("jump".to_owned(), json!({"kind": "process_module", "id": "payment"})));
    assert_eq!(jumped["variables"]["live_exit_target_kind"], "process_module");
    let last = world.app.all_messages(&customer, &id).await.pop().unwrap();
    assert_eq!(last["content"], json!({"kind": "jump", "target": {"kind": "process_module", "id": "payment"}}));
}

#[tokio::test]
async fn a_customer_leaves_or_picks_a_quick_reply() {
    let world = World::new(json!({"quick_replies": [{"id": "faq", "label": "FAQ", "experience_id": "exp-faq"}]})).await;
    let (left, customer) = world.customer("c-1").await;
    let conversation = world.app.get(&format!("/v1/conversations/{left}"), &customer).await.expect(200);
    assert_eq!(conversation["quick_replies"], json!([{"id": "faq", "label": "FAQ", "experience_id": "exp-faq"}]));
    let ended = world.app.post(&format!("/v1/conversations/{left}/leave"), &customer, json!({})).await.expect(200);
    assert_eq!(exit_of(&ended), ("customer_left".to_owned(), Value::Null));

    let (picked, customer) = world.active_conversation("c-2").await;
    let path = format!("/v1/conversations/{picked}/quick-reply");
    let unknown = world.app.post(&path, &customer, json!({"quick_reply_id": "nope"})).await;
    unknown.expect_problem(422, "invalid_input");
    let still = world.app.get(&format!("/v1/conversations/{picked}"), &customer).await.expect(200);
    assert_eq!(still["status"], "active", "a refused pick changes nothing");
    let ended = world.app.post(&path, &customer, json!({"quick_reply_id": "faq"})).await.expect(200);
    assert_eq!(exit_of(&ended), ("quick_reply".to_owned(), json!({"kind": "experience", "id": "exp-faq"})));
}
