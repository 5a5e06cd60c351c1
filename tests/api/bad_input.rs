//! Malformed, oversized and unknown input: a 4xx problem with a reason, nothing stored.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, World};

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let world = World::new(json!({})).await;
    let response = world
        .app
        .client
        .post(format!("{}/v1/entries", world.app.address))
        .bearer_auth(&world.api_key)
        .header("content-type", "application/json")
        .body("{\"customer\": ")
        .send()
        .await
        .unwrap();
    crate::helpers::reply(response).await.expect_problem(400, "invalid_request");
    let missing_field = json!({"customer": {"external_id": "c-1"}, "module_id": world.module_id, "process_ref": "r"});
    world.app.post("/v1/entries", &world.api_key, missing_field).await.expect_problem(400, "invalid_request");
    world
        .app
        .post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-1"}))
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = TestApp::spawn_with(|settings| settings.http.max_body = livechat::config::Bytes(4096)).await;
    let admin = app.admin_token().await;
    let huge = json!({"name": "x".repeat(10_000)});
    app.post("/v1/api-keys", &admin, huge).await.expect_problem(413, "payload_too_large");
    let chunked = reqwest::Body::wrap_stream(futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>("{\"name\": \"".to_owned()),
        Ok("y".repeat(8000)),
        Ok("\"}".to_owned()),
    ]));
    let response = app
        .client
        .post(format!("{}/v1/api-keys", app.address))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(chunked)
        .send()
        .await
        .unwrap();
    crate::helpers::reply(response).await.expect_problem(413, "payload_too_large");
    assert!(app.get("/v1/api-keys", &admin).await.expect(200)["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn fields_past_their_bounds_are_refused() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "x".repeat(4001)})).await.expect_problem(422, "invalid_input");
    world.app.post(&path, &customer, json!({"text": "   "})).await.expect_problem(422, "invalid_input");
    let history: Vec<_> = (0..201).map(|n| json!({"author": "customer", "text": format!("line {n}")})).collect();
    world
        .app
        .enter(&world.api_key, &world.module_id, "c-2", json!({"history": history}))
        .await
        .expect_problem(400, "invalid_request");
    world
        .app
        .enter(
            &world.api_key,
            &world.module_id,
            "c-3",
            json!({"customer": {"external_id": "c-3", "display_name": "C", "email": "nope"}}),
        )
        .await
        .expect_problem(422, "invalid_input");
    world
        .app
        .post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-2"}))
        .await
        .expect_problem(404, "not_found");
    world
        .app
        .post("/v1/customer-tokens", &world.api_key, json!({"external_id": "c-3"}))
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn unknown_ids_and_bad_parameters_are_4xx_problems() {
    let world = World::new(json!({})).await;
    let unknown = uuid::Uuid::now_v7();
    world.app.get(&format!("/v1/conversations/{unknown}"), &world.agent).await.expect_problem(404, "not_found");
    world
        .app
        .post(&format!("/v1/conversations/{unknown}/claim"), &world.agent, json!({}))
        .await
        .expect_problem(404, "not_found");
    world.app.get(&format!("/v1/agents/{unknown}"), &world.agent).await.expect_problem(404, "not_found");
    world.app.get("/v1/conversations/not-a-uuid", &world.agent).await.expect_problem(400, "invalid_request");
    world.app.get("/v1/conversations?limit=201", &world.agent).await.expect_problem(400, "invalid_request");
    world.app.get("/v1/conversations?status=gone", &world.agent).await.expect_problem(400, "invalid_request");
    world.app.get("/v1/conversations?cursor=bogus", &world.agent).await.expect_problem(422, "invalid_input");
    // An empty cursor is no cursor: the first page.
    world.app.get("/v1/conversations?cursor=", &world.agent).await.expect(200);
    let first_page = world.app.get("/v1/agents?limit=1", &world.admin).await.expect(200);
    assert!(first_page["next_cursor"].is_string(), "two agents, one per page: {first_page}");
    assert_eq!(world.app.get("/v1/agents?limit=1&cursor=", &world.admin).await.expect(200), first_page);
    world.app.call(Method::GET, "/v1/nothing-here", None, None).await.expect_problem(404, "not_found");
    world
        .app
        .call(Method::DELETE, "/v1/entries", Some(&world.api_key), None)
        .await
        .expect_problem(405, "method_not_allowed");
}

#[tokio::test]
async fn a_wrong_content_type_is_a_problem_too() {
    let world = World::new(json!({})).await;
    let response = world
        .app
        .client
        .post(format!("{}/v1/api-keys", world.app.address))
        .bearer_auth(&world.admin)
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .unwrap();
    let reply = crate::helpers::reply(response).await;
    assert_eq!(reply.status.as_u16(), 415, "{}", reply.body);
    assert!(reply.content_type.starts_with("application/problem+json"));
}

#[tokio::test]
async fn a_wrong_method_says_which_methods_the_path_takes() {
    let world = World::new(json!({})).await;
    let id = uuid::Uuid::now_v7();
    for (path, allowed) in [("/v1/entries".to_owned(), "POST"), (format!("/v1/agents/{id}"), "GET, PATCH")] {
        let response = world
            .app
            .client
            .delete(format!("{}{path}", world.app.address))
            .bearer_auth(&world.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{path}");
        assert_eq!(response.headers()["allow"], allowed, "{path}");
    }
}

#[tokio::test]
async fn numbers_and_booleans_are_not_taken_for_text() {
    let world = World::new(json!({})).await;
    let refused = world.app.post("/v1/api-keys", &world.admin, json!({"name": false})).await;
    let problem = refused.expect_problem(400, "invalid_request");
    assert!(problem["detail"].as_str().unwrap().contains("expected a string, found false"), "{problem}");
    let module = json!({"name": "M", "async_enabled": true, "request_email": false,
        "quick_replies": [{"id": "a", "label": 5, "experience_id": "x"}]});
    let problem = world.app.post("/v1/modules", &world.admin, module).await.expect_problem(400, "invalid_request");
    assert!(problem["detail"].as_str().unwrap().contains("expected a string, found 5"), "{problem}");
    let email = json!({"email": 42});
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/email");
    world.app.call(Method::PUT, &path, Some(&customer), Some(email)).await.expect_problem(400, "invalid_request");
    let keys = world.app.get("/v1/api-keys", &world.admin).await.expect(200);
    assert!(keys["items"].as_array().unwrap().iter().all(|key| key["name"] != "false"), "{keys}");
}

#[tokio::test]
async fn control_characters_are_refused_before_they_reach_storage() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.customer("c-1").await;
    let path = format!("/v1/conversations/{id}/messages");
    world.app.post(&path, &customer, json!({"text": "hi\u{0}there"})).await.expect_problem(422, "invalid_input");
    let body = json!({"customer": {"external_id": "c-\u{0}", "display_name": "C"}});
    world.app.enter(&world.api_key, &world.module_id, "ignored", body).await.expect_problem(422, "invalid_input");
    world.app.post(&path, &customer, json!({"text": "line one\nline two"})).await.expect(201);
    let token = json!({"external_id": "a\u{0}b"});
    world.app.post("/v1/customer-tokens", &world.api_key, token).await.expect_problem(422, "invalid_input");
    for url in ["http://exa\u{1}mple.com/x", "http://example.com/a\u{0}b", "http://example.com/\u{7f}"] {
        let hook = json!({ "url": url });
        world.app.post("/v1/webhooks", &world.admin, hook).await.expect_problem(422, "invalid_input");
    }
    assert!(world.app.get("/v1/webhooks", &world.admin).await.expect(200)["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn names_and_ids_are_single_lines() {
    let world = World::new(json!({})).await;
    for display_name in ["Ada\r\nLovelace", "Ada\nLovelace", "Ada\tLovelace", "Ada\u{2028}Lovelace"] {
        let body = json!({"customer": {"external_id": "c-1", "display_name": display_name}});
        let refused = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await;
        refused.expect_problem(422, "invalid_input");
    }
    let agent = json!({"email": "bob@example.com", "name": "Bob\nBuilder", "password": "agent-password-1"});
    let refused = world.app.post("/v1/agents", &world.admin, agent).await.expect_problem(422, "invalid_input");
    let detail = refused["detail"].as_str().expect("a detail");
    assert!(detail.starts_with("a single line must not contain control characters"), "{detail}");
    assert!(detail.ends_with("(in CreateAgent)"), "{detail}");
    let reply = json!({"id": "faq\u{1}", "label": "FAQ", "experience_id": "faq"});
    let module = json!({"name": "M", "async_enabled": true, "request_email": false, "quick_replies": [reply]});
    let refused = world.app.post("/v1/modules", &world.admin, module).await.expect_problem(422, "invalid_input");
    assert!(refused["detail"].as_str().expect("a detail").ends_with("(in ModuleConfig › QuickReplyIn)"), "{refused}");
    world.app.post("/v1/api-keys", &world.admin, json!({"name": "key\r"})).await.expect_problem(422, "invalid_input");
    let body = json!({"customer": {"external_id": "c-1", "display_name": "Ada Lovelace"}});
    let entered = world.app.enter(&world.api_key, &world.module_id, "c-1", body).await.expect(201);
    assert_eq!(entered["conversation"]["customer"]["display_name"], "Ada Lovelace");
}

#[tokio::test]
async fn a_whole_number_written_with_a_fraction_is_still_an_integer() {
    let world = World::new(json!({})).await;
    let (id, customer) = world.active_conversation("c-1").await;
    let path = format!("/v1/conversations/{id}/seen");
    let seen = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"seq": 1.0}))).await;
    assert_eq!(seen.expect(200)["customer_seen_seq"], 1);
    let agent = json!({"email": "bo@example.com", "name": "Bo", "password": "bo-password-1", "max_active_chats": 2.0});
    assert_eq!(world.app.post("/v1/agents", &world.admin, agent).await.expect(201)["max_active_chats"], 2);
    // A real fraction is not an integer.
    let seen = world.app.call(Method::PUT, &path, Some(&customer), Some(json!({"seq": 1.5}))).await;
    seen.expect_problem(400, "invalid_request");
}

#[tokio::test]
async fn dates_must_exist_and_urls_must_match_the_published_pattern() {
    let world = World::new(json!({})).await;
    let history = json!([{"author": "customer", "text": "hi", "sent_at": "2026-02-30T10:00:00Z"}]);
    let entry = json!({"customer": {"external_id": "c-1", "display_name": "G"}, "module_id": world.module_id,
        "process_ref": "p", "history": history});
    world.app.post("/v1/entries", &world.api_key, entry.clone()).await.expect_problem(422, "invalid_input");
    // A leap second is refused too: JSON Schema allows one only at the end of a UTC day.
    let mut leap = entry.clone();
    leap["history"][0]["sent_at"] = json!("2026-11-09T22:05:60Z");
    world.app.post("/v1/entries", &world.api_key, leap).await.expect_problem(422, "invalid_input");
    let mut fine = entry;
    fine["history"][0]["sent_at"] = json!("2026-02-28T10:00:00+01:00");
    world.app.post("/v1/entries", &world.api_key, fine).await.expect(201);
    let hours = json!({"time_zone": "UTC", "weekly": [], "closed_dates": ["2026-04-31"]});
    let module = json!({"name": "X", "async_enabled": true, "request_email": false, "business_hours": hours});
    world.app.post("/v1/modules", &world.admin, module).await.expect_problem(422, "invalid_input");
    for url in ["http://0.A*", "https://ü.example/hook"] {
        let endpoint = json!({"url": url});
        world.app.post("/v1/webhooks", &world.admin, endpoint).await.expect_problem(422, "invalid_input");
    }
    world.app.post("/v1/webhooks", &world.admin, json!({"url": "https://xn--tda.example/hook"})).await.expect(201);
}
