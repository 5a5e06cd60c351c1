//! `Idempotency-Key`: a retried write gets the first answer and acts once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, Reply, TestApp, reply};

async fn post_with_key(app: &TestApp, path: &str, token: &str, key: &str, body: Value) -> Reply {
    let request = app.client.request(Method::POST, format!("{}{path}", app.address)).bearer_auth(token);
    reply(request.header("Idempotency-Key", key).json(&body).send().await.unwrap()).await
}

fn replayed(reply: &Reply) -> bool {
    reply.headers.get("idempotent-replayed").is_some_and(|value| value == "true")
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let module = json!({"name": "Orders", "async_enabled": true, "request_email": false});
    let first = post_with_key(&app, "/v1/modules", &admin, "create-orders-1", module.clone()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert!(!replayed(&first));
    let again = post_with_key(&app, "/v1/modules", &admin, "create-orders-1", module.clone()).await;
    assert_eq!(again.status, 201);
    assert!(replayed(&again), "{:?}", again.headers);
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers["location"], first.headers["location"]);
    assert!(again.content_type.starts_with("application/json"), "{}", again.content_type);
    let modules = app.get("/v1/modules", &admin).await.expect(200);
    assert_eq!(modules["items"].as_array().unwrap().len(), 1, "{modules}");

    // Another key is another request.
    let other = post_with_key(&app, "/v1/modules", &admin, "create-orders-2", module).await;
    assert_eq!(other.status, 201);
    assert_ne!(other.body["id"], first.body["id"]);
}

#[tokio::test]
async fn the_same_key_with_another_request_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    post_with_key(
        &app,
        "/v1/modules",
        &admin,
        "k-1",
        json!({"name": "Orders", "async_enabled": true, "request_email": false}),
    )
    .await
    .expect(201);
    post_with_key(
        &app,
        "/v1/modules",
        &admin,
        "k-1",
        json!({"name": "Returns", "async_enabled": true, "request_email": false}),
    )
    .await
    .expect_problem(422, "idempotency_key_reused");
    post_with_key(&app, "/v1/api-keys", &admin, "k-1", json!({"name": "bot"}))
        .await
        .expect_problem(422, "idempotency_key_reused");
    let modules = app.get("/v1/modules", &admin).await.expect(200);
    assert_eq!(modules["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_of_the_same_json_written_otherwise_is_the_same_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let send = |body: &'static str| {
        let request = app.client.post(format!("{}/v1/modules", app.address)).bearer_auth(&admin);
        let request = request.header("Idempotency-Key", "k-json").header("content-type", "application/json");
        async move { reply(request.body(body).send().await.unwrap()).await }
    };
    let first = send(r#"{"name":"Orders","async_enabled":true,"request_email":false}"#).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send("{\n  \"request_email\": false,\n  \"async_enabled\": true,\n  \"name\": \"Orders\"\n}").await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert!(replayed(&again), "{:?}", again.headers);
    assert_eq!(again.body["id"], first.body["id"]);
    let other = send(r#"{"name":"Orders","async_enabled":false,"request_email":false}"#).await;
    other.expect_problem(422, "idempotency_key_reused");
}

#[tokio::test]
async fn keys_are_per_credential_and_a_refusal_is_an_answer_too() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, agent) = app.online_agent(&admin, "Ada").await;
    // A refusal is the answer for good: the retry gets it again without acting.
    let bad = json!({"email": "not-an-email", "name": "Bo", "password": "bo-password-1"});
    let refused = post_with_key(&app, "/v1/agents", &admin, "agent-bo", bad.clone()).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let again = post_with_key(&app, "/v1/agents", &admin, "agent-bo", bad).await;
    assert_eq!((again.status, &again.body), (refused.status, &refused.body));
    assert!(replayed(&again));
    // The same key from another caller is that caller's own.
    let module = json!({"name": "Orders", "async_enabled": true, "request_email": false});
    let by_agent = post_with_key(&app, "/v1/modules", &agent, "agent-bo", module.clone()).await;
    by_agent.expect_problem(403, "admin_required");
    // Keys belong to the caller, not to one token: after logging in again, the admin's
    // retry still gets the first answer.
    let first = post_with_key(&app, "/v1/modules", &admin, "orders-module", module.clone()).await;
    assert_eq!(first.status, 201);
    // A token issued again, even within the same second, differs from the first.
    let admin_again = app.admin_token().await;
    assert_ne!(admin_again, admin);
    let again = post_with_key(&app, "/v1/modules", &admin_again, "orders-module", module.clone()).await;
    assert!(replayed(&again));
    assert_eq!(again.body, first.body);
    // A credential the server refuses keeps nothing: its 401 comes from the operation.
    let refused = post_with_key(&app, "/v1/modules", "not-a-token", "orders-module", module).await;
    refused.expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn kept_answers_do_not_show_the_secrets_they_carry() {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = post_with_key(&app, "/v1/api-keys", &admin, "bot-key", json!({"name": "bot"})).await;
    let secret = created.body["key"].as_str().unwrap().to_owned();
    let again = post_with_key(&app, "/v1/api-keys", &admin, "bot-key", json!({"name": "bot"})).await;
    assert_eq!(again.body["key"], secret.as_str(), "the retry gets the key it missed");
    let db = Database::connect(&app.database_url).await.unwrap();
    let sql = "SELECT scope, body FROM idempotency_keys";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    assert_eq!(rows.len(), 1);
    let body: String = rows[0].try_get("", "body").unwrap();
    let scope: String = rows[0].try_get("", "scope").unwrap();
    assert!(
        !body.contains(&secret) && !body.contains("lc_") && !body.contains("record"),
        "stored in the clear: {body}"
    );
    assert!(scope.starts_with("agent:"), "{scope}");
}

#[tokio::test]
async fn a_malformed_key_is_refused_and_keys_expire() {
    let app =
        TestApp::spawn_with(|settings| settings.tokens.idempotency_key_ttl = std::time::Duration::from_secs(1)).await;
    let admin = app.admin_token().await;
    let long = "k".repeat(256);
    for key in [b"has space".as_slice(), long.as_bytes(), "café".as_bytes()] {
        let key = reqwest::header::HeaderValue::from_bytes(key).unwrap();
        let request = app.client.post(format!("{}/v1/modules", app.address)).bearer_auth(&admin);
        let refused = reply(
            request
                .header("Idempotency-Key", key)
                .json(&json!({"name": "X", "async_enabled": true, "request_email": false}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        refused.expect_problem(400, "invalid_request");
    }
    let first = post_with_key(
        &app,
        "/v1/modules",
        &admin,
        "short-lived",
        json!({"name": "Orders", "async_enabled": true, "request_email": false}),
    )
    .await
    .expect(201);
    app.expire_idempotency_keys_at(chrono::Utc::now() + chrono::Duration::seconds(2)).await;
    let later = post_with_key(
        &app,
        "/v1/modules",
        &admin,
        "short-lived",
        json!({"name": "Orders", "async_enabled": true, "request_email": false}),
    )
    .await;
    assert!(!replayed(&later));
    assert_ne!(later.expect(201)["id"], first["id"], "an expired key is a new request");
}

#[tokio::test]
async fn only_operations_that_declare_the_key_in_the_spec_act_on_it() {
    let app = TestApp::spawn().await;
    let spec: Value =
        app.client.get(format!("{}/openapi.json", app.address)).send().await.unwrap().json().await.unwrap();
    let takes_key = |path: &str| {
        spec["paths"][path]["post"]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|parameter| parameter["$ref"] == "#/components/parameters/IdempotencyKey")
    };
    assert!(takes_key("/v1/modules"));
    assert!(!takes_key("/v1/auth/login"), "logging in acts on nothing");

    // Login does not declare it: the same key with another body is not "reused"; each
    // attempt gets its own answer.
    let login = |password: &'static str| {
        app.client
            .post(format!("{}/v1/auth/login", app.address))
            .header("Idempotency-Key", "login-1")
            .json(&json!({ "email": ADMIN_EMAIL, "password": password }))
            .send()
    };
    let wrong = reply(login("not-the-password").await.unwrap()).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    let right = reply(login(ADMIN_PASSWORD).await.unwrap()).await;
    assert_eq!(right.status, 200, "{}", right.body);
    assert!(!replayed(&right));
}
