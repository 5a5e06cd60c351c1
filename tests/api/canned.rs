//! Canned responses: agents keep their own, admins keep group and global ones; an
//! agent lists those they may use by prefix and sends one, rendered for the chat on
//! the server, as a normal message — or nothing at all when a placeholder has no value.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{World, group};
use crate::sse::SseClient;

const CANNED: &str = "/v1/canned-responses";

fn codes(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|item| item["short_code"].as_str().unwrap().to_owned()).collect()
}

fn personal(code: &str, body: &str) -> Value {
    json!({"short_code": code, "title": format!("About {code}"), "body": body})
}

#[tokio::test]
async fn an_agent_sends_a_canned_reply_rendered_for_the_chat() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Grace", "email": "grace@example.com"}});
    let entered = app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let customer = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/claim"), &world.agent, json!({})).await.expect(200);
    let mut stream = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), None).await;
    stream.expect("stream.ready").await;

    let text =
        "Hi {{ customer.name }}, {{agent.name}} here: we wrote to {{customer.email}} ({{variables.live_status}}).";
    let created = app.post(CANNED, &world.agent, personal("/refund", text)).await.expect(201);
    assert_eq!((created["short_code"].as_str(), created["scope"].as_str()), (Some("refund"), Some("personal")));
    assert_eq!(created["agent_id"], world.agent_id.as_str());
    let canned_id = created["id"].as_str().unwrap().to_owned();
    let send = format!("/v1/conversations/{id}/canned-replies");
    let request = json!({"canned_response_id": canned_id, "client_message_id": "canned-1"});
    let sent = app.post(&send, &world.agent, request.clone()).await.expect(201);
    let rendered = "Hi Grace, Ada here: we wrote to grace@example.com (active).";
    assert_eq!(sent["content"], json!({"kind": "text", "text": rendered}));
    assert_eq!(sent["author_kind"], "agent");
    // What the customer receives is the rendered text, once, however often it is retried.
    let received = stream.expect("message.created").await;
    assert_eq!(received.data["content"]["text"], rendered);
    assert_eq!(app.post(&send, &world.agent, request).await.expect(200)["id"], sent["id"]);
    let by_agents = app.all_messages(&customer, &id).await.into_iter().filter(|m| m["author_kind"] == "agent").count();
    assert_eq!(by_agents, 1);
}

#[tokio::test]
async fn a_placeholder_without_a_value_sends_nothing() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let created = app.post(CANNED, &world.agent, personal("mail", "We wrote to {{customer.email}}.")).await.expect(201);
    let request = json!({"canned_response_id": created["id"]});
    let problem = app
        .post(&format!("/v1/conversations/{id}/canned-replies"), &world.agent, request)
        .await
        .expect_problem(422, "invalid_input");
    assert!(problem["detail"].as_str().unwrap().contains("customer.email"), "{problem}");
    let by_agents = app.all_messages(&customer, &id).await.into_iter().filter(|m| m["author_kind"] == "agent").count();
    assert_eq!(by_agents, 0, "nothing was sent");
    // Only the serving agent writes, as for any message.
    let (_, bob) = app.online_agent(&world.admin, "Bob").await;
    let hello = app.post(CANNED, &bob, personal("hello", "Hello!")).await.expect(201);
    let send = format!("/v1/conversations/{id}/canned-replies");
    let bobs = json!({"canned_response_id": hello["id"]});
    app.post(&send, &bob, bobs.clone()).await.expect_problem(403, "conversation_not_assigned");
    // Someone else's canned response is not there for this agent.
    app.post(&send, &world.agent, bobs).await.expect_problem(404, "not_found");
}

#[tokio::test]
async fn scopes_decide_who_uses_and_who_keeps_a_canned_response() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let billing = group(app, &world.admin, "Billing").await;
    let body =
        json!({"email": "bea@example.com", "name": "Bea", "password": "agent-password-1", "group_ids": [billing]});
    app.post("/v1/agents", &world.admin, body).await.expect(201);
    let bea = crate::helpers::token_of(app.login("bea@example.com", "agent-password-1").await.expect(200));

    let global = json!({"short_code": "refund-policy", "title": "Policy", "body": "30 days.", "scope": "global"});
    app.post(CANNED, &world.agent, global.clone()).await.expect_problem(403, "admin_required");
    app.post(CANNED, &world.admin, global).await.expect(201);
    let of_billing = json!({"short_code": "refund-billing", "title": "Billing", "body": "Billing refunds.", "scope": "group", "group_id": billing});
    let billing_one = app.post(CANNED, &world.admin, of_billing).await.expect(201);
    assert_eq!(billing_one["group_id"], billing.as_str());
    app.post(CANNED, &bea, personal("refund", "Mine.")).await.expect(201);
    app.post(CANNED, &world.agent, personal("refund", "Ada's.")).await.expect(201);
    app.post(CANNED, &world.agent, personal("thanks", "Thanks!")).await.expect(201);

    // Each lists their own, their groups' and the global ones; by prefix for the `/` menu.
    let for_bea = app.get(&format!("{CANNED}?prefix=/ref"), &bea).await.expect(200);
    assert_eq!(codes(&for_bea), ["refund", "refund-billing", "refund-policy"]);
    assert_eq!(for_bea["items"][0]["body"], "Mine.");
    let for_ada = app.get(&format!("{CANNED}?prefix=ref"), &world.agent).await.expect(200);
    assert_eq!(codes(&for_ada), ["refund", "refund-policy"], "Ada is not in Billing");
    assert_eq!(codes(&app.get(CANNED, &world.agent).await.expect(200)), ["refund", "refund-policy", "thanks"]);
    let billing_id = billing_one["id"].as_str().unwrap();
    app.get(&format!("{CANNED}/{billing_id}"), &world.agent).await.expect_problem(404, "not_found");
    app.get(&format!("{CANNED}/{billing_id}"), &bea).await.expect(200);

    // Agents keep their own; group and global ones are for admins.
    let change = json!({"body": "Billing refunds take 3 days."});
    let path = format!("{CANNED}/{billing_id}");
    app.call(Method::PATCH, &path, Some(&bea), Some(change.clone())).await.expect_problem(403, "admin_required");
    let changed = app.call(Method::PATCH, &path, Some(&world.admin), Some(change)).await.expect(200);
    assert_eq!(changed["body"], "Billing refunds take 3 days.");
    let thanks = codes_to_id(&app.get(&format!("{CANNED}?prefix=thanks"), &world.agent).await.expect(200));
    let thanks_path = format!("{CANNED}/{thanks}");
    app.call(Method::PATCH, &thanks_path, Some(&bea), Some(json!({"title": "x"})))
        .await
        .expect_problem(404, "not_found");
    let renamed = app.call(Method::PATCH, &thanks_path, Some(&world.agent), Some(json!({"short_code": "ty"}))).await;
    assert_eq!(renamed.expect(200)["short_code"], "ty");
    app.call(Method::DELETE, &thanks_path, Some(&world.agent), None).await.expect(204);
    app.get(&thanks_path, &world.agent).await.expect_problem(404, "not_found");
}

fn codes_to_id(list: &Value) -> String {
    list["items"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn bad_canned_responses_are_refused_and_nothing_is_stored() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    app.post(CANNED, &world.agent, personal("refund", "Yes.")).await.expect(201);
    app.post(CANNED, &world.agent, personal("/refund", "Again.")).await.expect_problem(409, "short_code_taken");
    let unknown = app.post(CANNED, &world.agent, personal("phone", "Call {{customer.phone}}")).await;
    assert!(unknown.expect_problem(422, "invalid_input")["detail"].as_str().unwrap().contains("customer.phone"));
    app.post(CANNED, &world.agent, personal("open", "Hi {{customer.name")).await.expect_problem(422, "invalid_input");
    let long = "x".repeat(4001);
    app.post(CANNED, &world.agent, personal("long", &long)).await.expect_problem(422, "invalid_input");
    for code in ["Refund", "re fund", "-x", "/"] {
        app.post(CANNED, &world.agent, personal(code, "Hi.")).await.expect_problem(422, "invalid_input");
    }
    let title = json!({"short_code": "t", "title": "line\u{7}bell", "body": "Hi."});
    app.post(CANNED, &world.agent, title).await.expect_problem(422, "invalid_input");
    let no_group = json!({"short_code": "g", "title": "G", "body": "Hi.", "scope": "group"});
    app.post(CANNED, &world.admin, no_group).await.expect_problem(422, "invalid_input");
    let stray = json!({"short_code": "g", "title": "G", "body": "Hi.", "group_id": uuid::Uuid::now_v7()});
    app.post(CANNED, &world.admin, stray).await.expect_problem(422, "invalid_input");
    let nowhere =
        json!({"short_code": "g", "title": "G", "body": "Hi.", "scope": "group", "group_id": uuid::Uuid::now_v7()});
    app.post(CANNED, &world.admin, nowhere).await.expect_problem(422, "invalid_input");
    // A change that breaks a rule changes nothing.
    let id = codes_to_id(&app.get(CANNED, &world.agent).await.expect(200));
    let path = format!("{CANNED}/{id}");
    let bad = json!({"title": "New", "body": "{{agent.phone}}"});
    app.call(Method::PATCH, &path, Some(&world.agent), Some(bad)).await.expect_problem(422, "invalid_input");
    app.post(CANNED, &world.agent, personal("other", "Other.")).await.expect(201);
    let taken = json!({"title": "New", "short_code": "other"});
    app.call(Method::PATCH, &path, Some(&world.agent), Some(taken)).await.expect_problem(409, "short_code_taken");
    let kept = app.get(&path, &world.agent).await.expect(200);
    assert_eq!((kept["title"].as_str(), kept["body"].as_str()), (Some("About refund"), Some("Yes.")));
    assert_eq!(codes(&app.get(CANNED, &world.agent).await.expect(200)), ["other", "refund"]);
}
