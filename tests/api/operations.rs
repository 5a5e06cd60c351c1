use reqwest::Method;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_endpoints_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.call(Method::GET, "/health/live", None, None).await.expect(200)["status"], "ok");
    assert_eq!(app.call(Method::GET, "/health/ready", None, None).await.expect(200)["status"], "ok");
}

#[tokio::test]
async fn the_spec_and_the_docs_are_served() {
    let app = TestApp::spawn().await;
    let spec = app.call(Method::GET, "/openapi.json", None, None).await.expect(200);
    assert_eq!(spec["info"]["title"], "livechat");
    assert!(spec["paths"]["/v1/entries"]["post"]["operationId"] == "enter_live_chat");
    let spec_32 = app.call(Method::GET, "/openapi-3.2.json", None, None).await.expect(200);
    assert_eq!(spec_32["openapi"], "3.2.0");
    for path in ["/docs", "/docs/"] {
        let docs = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(docs.status(), 200, "{path}");
        let page = docs.text().await.unwrap();
        assert!(page.contains("SwaggerUIBundle"), "{path} is not Swagger UI");
        // The page carries the published spec, not poem-openapi's raw one.
        assert!(page.contains(&livechat::api::spec_json()), "{path} shows another spec");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let response =
        app.client.get(format!("{}/health/live", app.address)).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    let response = app.client.get(format!("{}/v1/agents", app.address)).send().await.unwrap();
    assert!(!response.headers()["x-request-id"].is_empty());
}

#[tokio::test]
async fn web_pages_of_other_origins_may_call_the_api() {
    let app = TestApp::spawn().await;
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/v1/conversations", app.address))
        .header("origin", "https://shop.example.com")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization, last-event-id")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://shop.example.com");
    let allowed_headers = preflight.headers()["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(
        allowed_headers.contains("authorization") && allowed_headers.contains("last-event-id"),
        "{allowed_headers}"
    );
    let response = app
        .client
        .get(format!("{}/health/live", app.address))
        .header("origin", "https://shop.example.com")
        .send()
        .await;
    let response = response.unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "https://shop.example.com");
    let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    for header in ["x-request-id", "retry-after", "ratelimit", "ratelimit-policy", "www-authenticate"] {
        assert!(exposed.split(',').any(|name| name.trim() == header), "{header} is not exposed: {exposed}");
    }
}

#[tokio::test]
async fn only_the_configured_origins_may_call_the_api() {
    let app =
        TestApp::spawn_with(|settings| settings.http.cors_allowed_origins = vec!["https://shop.example.com".into()])
            .await;
    let from =
        |origin: &'static str| app.client.get(format!("{}/health/live", app.address)).header("origin", origin).send();
    let allowed = from("https://shop.example.com").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://shop.example.com");
    // The answer names the origin, so caches must keep one per origin.
    assert_eq!(allowed.headers()["vary"], "Origin");
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/v1/me", app.address))
        .header("origin", "https://shop.example.com")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.headers()["vary"], "Origin");
    let methods = preflight.headers()["access-control-allow-methods"].to_str().unwrap().to_owned();
    assert!(methods.contains("PATCH") && !methods.contains("TRACE"), "{methods}");
    let refused = from("https://elsewhere.example.com").await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    assert!(refused.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
}

#[test]
fn the_committed_spec_matches_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap_or_default();
    assert!(
        committed == livechat::api::spec_json(),
        "openapi/openapi.json differs from the spec the code generates; regenerate it with\n    cargo run -- openapi > openapi/openapi.json"
    );
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi-3.2.json")).unwrap_or_default();
    assert!(
        committed == livechat::api::spec_json_32(),
        "openapi/openapi-3.2.json differs; regenerate it with\n    cargo run -- openapi 3.2 > openapi/openapi-3.2.json"
    );
}

#[test]
fn operations_without_a_credential_say_so() {
    let spec: serde_json::Value = serde_json::from_str(&livechat::api::spec_json()).unwrap();
    for (path, method) in [("/v1/auth/login", "post"), ("/health/live", "get"), ("/health/ready", "get")] {
        assert_eq!(spec["paths"][path][method]["security"], serde_json::json!([]), "{method} {path}");
    }
}

#[test]
fn every_operation_is_documented() {
    let spec: serde_json::Value = serde_json::from_str(&livechat::api::spec_json()).unwrap();
    let mut operation_ids = std::collections::HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(operation_ids.insert(id.to_owned()), "operationId {id} is used twice");
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{id} is not snake_case");
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{id} has no summary");
            assert!(operation["tags"].as_array().is_some_and(|t| !t.is_empty()), "{id} has no tag");
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = match parameter["$ref"].as_str() {
                    Some(reference) => spec.pointer(reference.trim_start_matches('#')).unwrap(),
                    None => parameter,
                };
                assert!(
                    parameter["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{id}: parameter {} is undocumented",
                    parameter["name"]
                );
            }
            let takes_key = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|parameter| parameter["$ref"] == "#/components/parameters/IdempotencyKey");
            // An upload streams its body: a retry uploads again, and the unsent copy is swept.
            let acts = method == "post" && !["login", "send_typing", "upload_attachment"].contains(&id);
            assert_eq!(takes_key, acts, "{id}: Idempotency-Key is for every POST that creates or acts");
            let takes_body = operation.get("requestBody").is_some();
            let responses = &operation["responses"];
            assert_eq!(responses.get("415").is_some(), takes_body, "{id}: 415 is for operations with a body");
            assert!(takes_body || responses.get("413").is_none(), "{id} has no body, so no 413");
            // Those without a credential that a browser calls are limited per address.
            let limited = responses.get("401").is_some() || id == "get_module_availability";
            assert_eq!(
                responses.get("429").is_some(),
                limited,
                "{id}: every operation with a credential, or called by anonymous widgets, is rate limited"
            );
            if let Some(refused) = responses.get("429") {
                for header in ["Retry-After", "RateLimit", "RateLimit-Policy"] {
                    assert!(refused["headers"].get(header).is_some(), "{id}: 429 without {header}");
                }
            }
            assert_eq!(responses.get("408").is_some(), takes_body, "{id}: 408 is for operations with a body");
            // A message or a note has no URL of its own; everything else created says where it is.
            let posts_a_message =
                ["send_message", "send_article", "trigger_animation", "send_canned_response", "add_note"].contains(&id);
            if let Some(created) = responses.get("201") {
                assert_eq!(created["headers"].get("Location").is_some(), !posts_a_message, "{id}: Location on 201");
            }
            for (status, response) in responses.as_object().unwrap() {
                assert!(response["headers"].get("X-Request-Id").is_some(), "{id}: {status} without X-Request-Id");
                let names_scheme = response["headers"].get("WWW-Authenticate").is_some();
                assert_eq!(names_scheme, status == "401", "{id}: WWW-Authenticate is for 401 only ({status})");
            }
            assert!(method != "get" || responses.get("409").is_none(), "{id} reads, so no 409");
            let public = operation["security"].as_array().is_some_and(Vec::is_empty);
            if public {
                for status in ["403", "409"] {
                    assert!(responses.get(status).is_none(), "{id} takes no credential, so no {status}");
                }
                let names_something = path.contains('{');
                assert_eq!(responses.get("404").is_some(), names_something, "{id}: 404 is for a path that names one");
            }
            if path.starts_with("/v1/") && !public && id != "login" {
                let errors = &operation["responses"];
                assert!(
                    errors["401"]["content"]["application/problem+json"].is_object(),
                    "{id} does not document its 401 problem"
                );
            }
        }
    }
}

#[test]
fn streams_are_described_as_typed_events() {
    let spec: serde_json::Value = serde_json::from_str(&livechat::api::spec_json()).unwrap();
    let spec_32: serde_json::Value = serde_json::from_str(&livechat::api::spec_json_32()).unwrap();
    assert_eq!(spec_32["openapi"], "3.2.0");
    for path in ["/v1/streams/agent", "/v1/streams/customer"] {
        let media = &spec["paths"][path]["get"]["responses"]["200"]["content"]["text/event-stream"];
        // Generators that know no streams read the body as text, not as one JSON value.
        assert_eq!(media["schema"]["type"], "string", "{path}: {media}");
        let data = &media["x-itemSchema"]["properties"]["data"];
        assert_eq!(data["contentSchema"]["$ref"], "#/components/schemas/StreamEvent", "{path}: {media}");
        let media_32 = &spec_32["paths"][path]["get"]["responses"]["200"]["content"]["text/event-stream"];
        assert_eq!(media_32["itemSchema"], media["x-itemSchema"], "{path}");
        assert!(media_32.get("x-itemSchema").is_none());
        assert!(media["example"].as_str().is_some_and(|text| text.contains("\ndata: {")), "{path}: {media}");
    }
    let union = &spec["components"]["schemas"]["StreamEvent"];
    assert_eq!(union["discriminator"]["propertyName"], "type");
    let mapping = union["discriminator"]["mapping"].as_object().unwrap();
    for event_type in ["stream.ready", "message.created", "conversation.ended", "typing", "agent.presence_changed"] {
        let reference = mapping[event_type].as_str().unwrap();
        let member = &spec["components"]["schemas"][reference.rsplit('/').next().unwrap()];
        // Each member is one object that requires its discriminator.
        assert_eq!(member["type"], "object", "{event_type}: {member}");
        assert_eq!(member["properties"]["type"]["enum"], serde_json::json!([event_type]));
        assert!(member["required"].as_array().unwrap().contains(&"type".into()), "{event_type}: {member}");
        assert!(member.get("allOf").is_none());
    }
    let message_event =
        &spec["components"]["schemas"][mapping["message.created"].as_str().unwrap().rsplit('/').next().unwrap()];
    assert_eq!(message_event["properties"]["data"]["$ref"], "#/components/schemas/Message");
}

#[test]
fn the_spec_is_openapi_3_1_with_nulls_as_json_schema_says_them() {
    let text = livechat::api::spec_json();
    let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(!text.contains("\"nullable\""), "OpenAPI 3.0's `nullable` is not 3.1");
    let conversation = &spec["components"]["schemas"]["Conversation"]["properties"];
    assert_eq!(
        conversation["agent"]["oneOf"],
        serde_json::json!([{ "$ref": "#/components/schemas/AgentSummary" }, { "type": "null" }])
    );
    assert_eq!(conversation["ended_at"]["type"], serde_json::json!(["string", "null"]));
    // Relative, so that `/docs` calls whichever host serves it.
    assert_eq!(spec["servers"][0]["url"], "/");
}

#[test]
fn enums_in_responses_are_open_and_in_requests_closed() {
    let spec: serde_json::Value = serde_json::from_str(&livechat::api::spec_json()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let open = |schema: &str, field: &str, enumeration: &str| {
        let members =
            schemas[schema]["properties"][field]["anyOf"].as_array().unwrap_or_else(|| panic!("{schema}.{field}"));
        assert_eq!(members[0]["$ref"], format!("#/components/schemas/{enumeration}"), "{schema}.{field}");
        assert_eq!(members[1]["type"], "string", "{schema}.{field}");
    };
    open("Conversation", "status", "ConversationStatus");
    open("Problem", "code", "ProblemCode");
    open("Agent", "role", "Role");
    let closed = &schemas["CreateAgent"]["properties"]["role"];
    assert!(closed.get("anyOf").is_none(), "{closed}");
    // Constants named after their type, so that shared values (`waiting`) do not collide.
    assert_eq!(schemas["ConversationStatus"]["x-enum-varnames"][0], "ConversationStatusWaiting");
    assert_eq!(schemas["EntryOutcomeKind"]["x-enum-varnames"][0], "EntryOutcomeKindWaiting");
}

#[test]
fn every_success_response_has_an_example_and_every_webhook_is_described() {
    let spec: serde_json::Value = serde_json::from_str(&livechat::api::spec_json()).unwrap();
    let mut examples = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                    if status.starts_with('2') {
                        assert!(media.get("example").is_some(), "{method} {path} {status} {media_type} has no example");
                        examples += 1;
                    }
                }
            }
        }
    }
    assert!(examples > 40, "{examples}");
    let event_types = spec["components"]["schemas"]["WebhookEventType"]["enum"].as_array().unwrap();
    for event_type in event_types.iter().filter_map(|t| t.as_str()).filter(|t| *t != "*") {
        let webhook = &spec["webhooks"][event_type]["post"];
        let parameters: Vec<&str> =
            webhook["parameters"].as_array().unwrap().iter().filter_map(|p| p["$ref"].as_str()).collect();
        assert_eq!(parameters.len(), 3, "{event_type}: the signature headers");
        let body = webhook["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
        let body = &spec["components"]["schemas"][body.rsplit('/').next().unwrap()];
        assert_eq!(body["properties"]["type"]["enum"][0], event_type);
    }
    assert_eq!(spec["components"]["parameters"]["WebhookSignature"]["name"], "webhook-signature");
}

#[test]
fn the_openapi_command_can_be_piped_into_a_reader_that_stops_early() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_livechat"))
        .arg("openapi")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut start = [0u8; 16];
    stdout.read_exact(&mut start).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit {:?}: {}", output.status, String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(start.starts_with(b"{"));
}

#[tokio::test]
async fn a_refused_credential_names_the_scheme_to_use() {
    let app = TestApp::spawn().await;
    let response = app.client.get(format!("{}/v1/me", app.address)).bearer_auth("not-a-token").send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert!(!response.headers()["x-request-id"].is_empty());
    let response = app.client.get(format!("{}/v1/me", app.address)).send().await.unwrap();
    assert_eq!(
        (response.status().as_u16(), &response.headers()["www-authenticate"]),
        (401, &"Bearer".parse().unwrap())
    );
}

#[tokio::test]
async fn what_is_created_says_where_it_is() {
    let world = crate::helpers::World::new(serde_json::json!({})).await;
    let app = &world.app;
    // Each Location is followed to the resource just created.
    let location_of = |created: &crate::helpers::Reply| {
        assert_eq!(created.status, 201, "{}", created.body);
        let location = created.headers["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/v1/"), "{location}");
        location
    };
    let body = serde_json::json!({"name": "Sales", "async_enabled": true, "request_email": false});
    let created = app.post("/v1/modules", &world.admin, body).await;
    let module = app.get(&location_of(&created), &world.admin).await.expect(200);
    assert_eq!(module["name"], "Sales");

    let entered = app.enter(&world.api_key, &world.module_id, "c-1", serde_json::json!({})).await;
    let conversation = app.get(&location_of(&entered), &world.agent).await.expect(200);
    assert_eq!(conversation["status"], "waiting");
}
