//! Files in chats, on the disk or in S3 (`TEST_STORAGE_URL`): what one side uploads
//! and sends, the other gets on its stream and downloads byte for byte; refusals keep
//! nothing; erase and the sweep leave no objects.

use std::io::Cursor;
use std::time::Duration;

use livechat::files::FileStore;
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, World, in_secs};
use crate::sse::SseClient;

/// A real PNG of `width` × `height`.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Uploads `bytes` as `name` (with a `Content-Type` that says nothing true).
async fn upload(app: &TestApp, token: &str, conversation_id: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/conversations/{conversation_id}/attachments", app.address))
        .query(&[("name", name)])
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn uploaded(app: &TestApp, token: &str, conversation_id: &str, name: &str, bytes: Vec<u8>) -> Value {
    let response = upload(app, token, conversation_id, name, bytes).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    assert!(response.headers()["location"].to_str().unwrap().starts_with("/v1/attachments/"));
    response.json().await.unwrap()
}

async fn problem(response: reqwest::Response, status: u16, code: &str) {
    assert_eq!(response.status(), status);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
}

async fn download(app: &TestApp, token: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address)).bearer_auth(token);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// How many attachments the database holds, in any state.
async fn attachment_rows(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let db = Database::connect(&app.database_url).await.unwrap();
    let sql = "SELECT COUNT(*) AS n FROM attachments";
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// The objects kept in the test's file storage; on the disk, with any file a part of an
/// upload left in its folders.
async fn stored(app: &TestApp) -> Vec<String> {
    let mut found = FileStore::open(&app.files, &app.data_dir).unwrap().list_ids().await.unwrap();
    if app.files.storage_url.is_none() {
        for folder in ["files", "thumbnails"] {
            let Ok(entries) = std::fs::read_dir(app.data_dir.join("files").join(folder)) else { continue };
            for entry in entries {
                let name = format!("{folder}/{}", entry.unwrap().file_name().to_string_lossy());
                if !found.contains(&name) {
                    found.push(name);
                }
            }
        }
    }
    found
}

fn messages(id: &str) -> String {
    format!("/v1/conversations/{id}/messages")
}

#[tokio::test]
async fn a_customers_image_reaches_the_agent_byte_for_byte() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let mut agent_stream = SseClient::open(&app.address, "/v1/streams/agent", Some(&world.agent), None).await;
    agent_stream.expect("stream.ready").await;

    let bytes = png(640, 480);
    let file = uploaded(app, &customer, &id, "../../photos/\u{202e}shot.png", bytes.clone()).await;
    assert_eq!(file["name"], "shot.png", "no path, no direction override");
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["size"], bytes.len());
    assert_eq!(file["sha256"], sha256(&bytes));
    assert_eq!((file["width"].as_u64(), file["height"].as_u64()), (Some(640), Some(480)));
    let file_id = file["id"].as_str().unwrap().to_owned();

    let body = json!({"text": "here it is", "attachment_ids": [file_id]});
    let sent = app.post(&messages(&id), &customer, body.clone()).await.expect(201);
    assert_eq!(sent["content"]["kind"], "file");
    let event = agent_stream.expect("message.created").await;
    let content = &event.data["content"];
    assert_eq!(content["text"], "here it is");
    assert_eq!(content["attachments"][0]["id"], file_id.as_str());
    assert_eq!(content["attachments"][0]["sha256"], sha256(&bytes));
    // A file goes in one message only.
    app.post(&messages(&id), &customer, body).await.expect_problem(409, "attachment_sent");

    let path = format!("/v1/attachments/{file_id}");
    let whole = download(app, &world.agent, &path, &[]).await;
    assert_eq!(whole.status(), 200);
    let headers = whole.headers().clone();
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("inline; filename=\"shot.png\""));
    assert!(headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
    let tag = headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(tag, format!("\"{}\"", sha256(&bytes)));
    let got = whole.bytes().await.unwrap();
    assert_eq!(sha256(&got), sha256(&bytes), "the same bytes come back");

    let part = download(app, &world.agent, &path, &[("range", "bytes=8-23")]).await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 8-23/{}", bytes.len()).as_str());
    assert_eq!(part.bytes().await.unwrap(), bytes[8..24]);
    let tail = download(app, &world.agent, &path, &[("range", "bytes=-4")]).await;
    assert_eq!(tail.bytes().await.unwrap(), bytes[bytes.len() - 4..]);
    let beyond = format!("bytes={}-", bytes.len());
    let refused = download(app, &world.agent, &path, &[("range", &beyond)]).await;
    assert_eq!(refused.headers()["content-range"], format!("bytes */{}", bytes.len()).as_str());
    problem(refused, 416, "range_not_satisfiable").await;
    let cached = download(app, &world.agent, &path, &[("if-none-match", &tag)]).await;
    assert_eq!(cached.status(), 304);

    let thumbnail = download(app, &customer, &format!("{path}/thumbnail"), &[]).await;
    assert_eq!(thumbnail.status(), 200);
    assert_eq!(thumbnail.headers()["content-type"], "image/png");
    let small = image::load_from_memory(&thumbnail.bytes().await.unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (320, 240));
    // Made once: the second answer is the kept one.
    let again = download(app, &customer, &format!("{path}/thumbnail"), &[]).await;
    assert_eq!(image::load_from_memory(&again.bytes().await.unwrap()).unwrap().width(), 320);

    // Someone else's customer, and an agent of another department, get "not found".
    let (_, stranger) = world.customer("c-2").await;
    problem(download(app, &stranger, &path, &[]).await, 404, "not_found").await;
    problem(download(app, &stranger, &format!("{path}/thumbnail"), &[]).await, 404, "not_found").await;
}

#[tokio::test]
async fn an_agents_pdf_reaches_the_customer_as_a_download() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let mut customer_stream = SseClient::open(&app.address, "/v1/streams/customer", Some(&customer), None).await;
    customer_stream.expect("stream.ready").await;
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let file = uploaded(app, &world.agent, &id, "invoice.pdf", pdf.clone()).await;
    assert_eq!(file["content_type"], "application/pdf");
    assert!(file["width"].is_null());
    // Before it is sent, the customer cannot read the agent's upload.
    let path = format!("/v1/attachments/{}", file["id"].as_str().unwrap());
    problem(download(app, &customer, &path, &[]).await, 404, "not_found").await;

    app.post(&messages(&id), &world.agent, json!({"attachment_ids": [file["id"]]})).await.expect(201);
    let event = customer_stream.expect("message.created").await;
    assert_eq!(event.data["content"]["attachments"][0]["name"], "invoice.pdf");
    assert!(event.data["content"]["text"].is_null());
    let got = download(app, &customer, &path, &[]).await;
    assert_eq!(got.status(), 200);
    assert!(got.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"invoice.pdf\""));
    assert_eq!(got.bytes().await.unwrap(), pdf);
    problem(download(app, &customer, &format!("{path}/thumbnail"), &[]).await, 404, "not_found").await;
}

#[tokio::test]
async fn refused_uploads_keep_nothing() {
    let module = json!({"attachments": {"max_bytes": 2048, "max_per_message": 2}});
    let world = World::new(module).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;

    // An executable named like an image is refused by its bytes.
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.resize(512, 0);
    problem(upload(app, &customer, &id, "cat.png", elf).await, 415, "file_type_not_allowed").await;
    // HTML is not among the default types either.
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    problem(upload(app, &customer, &id, "page.html", html).await, 415, "file_type_not_allowed").await;
    // Too large, found as the bytes come (no Content-Length).
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..3).map(|_| Ok(vec![b'a'; 1024])).collect();
    let streamed = app
        .client
        .post(format!("{}/v1/conversations/{id}/attachments?name=long.txt", app.address))
        .bearer_auth(&customer)
        .header("content-type", "text/plain")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    problem(streamed, 413, "file_too_large").await;
    assert!(stored(app).await.is_empty(), "refused uploads leave no objects");

    // Forged, foreign and too many attachments.
    let (other_id, other_customer) = world.customer("c-2").await;
    let foreign = uploaded(app, &other_customer, &other_id, "a.txt", b"other conversation".to_vec()).await;
    let body = json!({"attachment_ids": [foreign["id"]]});
    app.post(&messages(&id), &customer, body).await.expect_problem(404, "not_found");
    let body = json!({"attachment_ids": [uuid::Uuid::now_v7()]});
    app.post(&messages(&id), &customer, body).await.expect_problem(404, "not_found");
    let mine: Vec<Value> = {
        let mut ids = Vec::new();
        for n in 0..3 {
            ids.push(uploaded(app, &customer, &id, &format!("{n}.txt"), b"words".to_vec()).await["id"].clone());
        }
        ids
    };
    app.post(&messages(&id), &customer, json!({"attachment_ids": mine})).await.expect_problem(422, "invalid_input");
    // The agent cannot send the customer's upload as theirs.
    let body = json!({"attachment_ids": [mine[0]]});
    app.post(&messages(&id), &world.agent, body).await.expect_problem(404, "not_found");
    app.post(&messages(&id), &customer, json!({})).await.expect_problem(422, "invalid_input");
    // Nobody who cannot write uploads: another agent, nor the customer once it ended.
    let (_, bob) = app.online_agent(&world.admin, "Bob").await;
    problem(upload(app, &bob, &id, "b.txt", b"hi".to_vec()).await, 403, "conversation_not_assigned").await;
}

#[tokio::test]
async fn an_oversized_upload_is_refused_before_its_body_is_read() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let address = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /v1/conversations/{id}/attachments?name=huge.bin HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {customer}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        1u64 << 30
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&[0u8; 4096]).await.unwrap();
    // The answer comes with a gigabyte still unsent.
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), socket.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("file_too_large"), "{answer}");
}

#[tokio::test]
async fn erasing_the_customer_removes_their_files_from_storage() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let sent = uploaded(app, &customer, &id, "a.png", png(40, 30)).await;
    app.post(&messages(&id), &customer, json!({"attachment_ids": [sent["id"]]})).await.expect(201);
    let path = format!("/v1/attachments/{}", sent["id"].as_str().unwrap());
    assert_eq!(download(app, &customer, &format!("{path}/thumbnail"), &[]).await.status(), 200);
    uploaded(app, &customer, &id, "unsent.txt", b"never sent".to_vec()).await;
    assert_eq!(stored(app).await.len(), 3, "two files and a thumbnail");

    app.post(&format!("/v1/conversations/{id}/end"), &world.agent, json!({})).await.expect(200);
    let customer_id = world.conversation(&id).await["customer"]["id"].as_str().unwrap().to_owned();
    app.call(Method::POST, &format!("/v1/customers/{customer_id}/erase"), Some(&world.admin), Some(json!({})))
        .await
        .expect(200);
    assert_eq!(stored(app).await, Vec::<String>::new(), "no object is left");
    problem(download(app, &world.admin, &path, &[]).await, 404, "not_found").await;
}

#[tokio::test]
async fn uploads_no_message_carries_are_swept() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let kept = uploaded(app, &customer, &id, "kept.txt", b"sent".to_vec()).await;
    app.post(&messages(&id), &customer, json!({"attachment_ids": [kept["id"]]})).await.expect(201);
    let unsent = uploaded(app, &customer, &id, "unsent.txt", b"forgotten".to_vec()).await;
    app.run_housekeeping_at(in_secs(3600)).await;
    assert_eq!(stored(app).await.len(), 2, "not yet due");
    app.run_housekeeping_at(in_secs(2 * 24 * 3600)).await;
    assert_eq!(stored(app).await, vec![format!("files/{}", kept["id"].as_str().unwrap())]);
    let path = format!("/v1/attachments/{}", unsent["id"].as_str().unwrap());
    problem(download(app, &customer, &path, &[]).await, 404, "not_found").await;
    let body = json!({"attachment_ids": [unsent["id"]]});
    app.post(&messages(&id), &customer, body).await.expect_problem(404, "not_found");
}

#[tokio::test]
async fn the_malware_check_and_the_quota_refuse_files() {
    let scripts = tempfile::tempdir().unwrap();
    let check = scripts.path().join("check.sh");
    std::fs::write(&check, "#!/bin/sh\n! grep -q EICAR-STANDARD-ANTIVIRUS-TEST-FILE\n").unwrap();
    std::fs::set_permissions(&check, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let command = check.display().to_string();
    let world = World::new_with(json!({}), |settings| {
        settings.files.scan_command = Some(vec![command]);
        settings.files.customer_quota = Some(100);
    })
    .await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let eicar = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".to_vec();
    problem(upload(app, &customer, &id, "eicar.txt", eicar).await, 422, "file_rejected").await;
    assert!(stored(app).await.is_empty(), "a refused file is not kept");
    uploaded(app, &customer, &id, "clean.txt", vec![b'a'; 60]).await;
    problem(upload(app, &customer, &id, "more.txt", vec![b'b'; 60]).await, 413, "quota_exceeded").await;
}

#[tokio::test]
async fn an_upload_cut_off_midway_leaves_nothing() {
    let world = World::new(json!({})).await;
    let app = &world.app;
    let (id, customer) = world.active_conversation("c-1").await;
    let address = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /v1/conversations/{id}/attachments?name=half.txt HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {customer}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    // Past the first bytes that decide the type, so parts are on their way to storage.
    socket.write_all(&vec![b'x'; 600_000]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(socket);
    crate::helpers::eventually("the cut upload to be removed", || async { stored(app).await.is_empty().then_some(()) })
        .await;
    // Its row goes too, whatever the storage: an S3 store lists no unfinished multipart
    // upload, so on S3 the row is what shows the upload was forgotten.
    crate::helpers::eventually("the cut upload's row to be removed", || async {
        (attachment_rows(app).await == 0).then_some(())
    })
    .await;
    // And nothing of it is listed: a fresh upload is the customer's only one.
    let file = uploaded(app, &customer, &id, "whole.txt", b"complete".to_vec()).await;
    assert_eq!(stored(app).await, vec![format!("files/{}", file["id"].as_str().unwrap())]);
}
