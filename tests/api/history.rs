//! History: filters and full-text search over messages, newest first, within what the
//! caller sees — an agent's scope of sight, a customer's own conversations.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, group, token_of};

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

async fn member(app: &TestApp, admin: &str, name: &str, role: &str, groups: &[&str]) -> (String, String) {
    let email = format!("{}@example.com", name.to_lowercase());
    let body = json!({"email": email, "name": name, "password": "agent-password-1", "role": role, "group_ids": groups});
    let id = app.post("/v1/agents", admin, body).await.expect(201)["id"].as_str().unwrap().to_owned();
    let token = token_of(app.login(&email, "agent-password-1").await.expect(200));
    app.set_presence(&token, "online").await;
    (id, token)
}

struct Chat {
    id: String,
    customer: String,
}

async fn chat(app: &TestApp, key: &str, module: &str, who: &str, email: Option<&str>, text: &str) -> Chat {
    let mut customer = json!({"external_id": who, "display_name": who});
    if let Some(email) = email {
        customer["email"] = json!(email);
    }
    let entered = app.enter(key, module, who, json!({"customer": customer})).await.expect(201);
    let id = entered["conversation"]["id"].as_str().unwrap().to_owned();
    let token = entered["customer_token"]["token"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/conversations/{id}/messages"), &token, json!({"text": text})).await.expect(201);
    Chat { id, customer: token }
}

#[tokio::test]
async fn history_finds_by_words_and_filters_within_sight() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let billing = group(&app, &admin, "Billing").await;
    let support = group(&app, &admin, "Support").await;
    let (ada_id, ada) = member(&app, &admin, "Ada", "agent", &[&billing]).await;
    let (_, bob) = member(&app, &admin, "Bob", "agent", &[&support]).await;
    let (_, sue) = member(&app, &admin, "Sue", "supervisor", &[]).await;
    let of_billing = app.module(&admin, json!({"group_id": billing})).await;
    let of_support = app.module(&admin, json!({"group_id": support})).await;
    let open = app.module(&admin, json!({})).await;
    let key = app.api_key(&admin).await;
    let vip = app.post("/v1/tags", &admin, json!({"name": "vip"})).await.expect(201)["id"].as_str().unwrap().to_owned();

    let first = chat(&app, &key, &of_billing, "grace", Some("grace@example.com"), "My invoice is wrong").await;
    app.post(&format!("/v1/conversations/{}/claim", first.id), &ada, json!({})).await.expect(200);
    let reply = json!({"text": "Your refund was approved, Grace."});
    app.post(&format!("/v1/conversations/{}/messages", first.id), &ada, reply).await.expect(201);
    app.post(&format!("/v1/conversations/{}/notes", first.id), &ada, json!({"text": "secretword"})).await.expect(201);
    app.call(Method::PUT, &format!("/v1/conversations/{}/tags/{vip}", first.id), Some(&ada), None).await.expect(200);
    app.post(&format!("/v1/conversations/{}/end", first.id), &ada, json!({})).await.expect(200);
    let second = chat(&app, &key, &of_support, "alan", None, "My parcel is late").await;
    app.post(&format!("/v1/conversations/{}/claim", second.id), &bob, json!({})).await.expect(200);
    let third = chat(&app, &key, &open, "hedy", None, "A question about an INVOICE, café").await;

    let find = |token: &str, query: &str| {
        let (app, token, query) = (&app, token.to_owned(), query.to_owned());
        async move { app.get(&format!("/v1/history?{query}"), &token).await.expect(200) }
    };
    // Words: whole words, any case and accent, all of them; newest first.
    assert_eq!(ids(&find(&ada, "q=invoice").await), [third.id.as_str(), first.id.as_str()]);
    assert_eq!(ids(&find(&ada, "q=Refund%20GRACE").await), [first.id.as_str()], "an agent's words count too");
    assert_eq!(ids(&find(&ada, "q=cafe").await), [third.id.as_str()]);
    assert_eq!(ids(&find(&ada, "q=refund%20parcel").await), Vec::<String>::new(), "every word must match");
    assert_eq!(ids(&find(&ada, "q=secretword").await), Vec::<String>::new(), "notes are not searched");
    assert_eq!(ids(&find(&ada, "q=moment").await), Vec::<String>::new(), "nor the server's own notices");
    // Sight: Ada is not in Support; Sue, a supervisor, sees it.
    assert_eq!(ids(&find(&ada, "q=parcel").await), Vec::<String>::new());
    assert_eq!(ids(&find(&sue, "q=parcel").await), [second.id.as_str()]);
    assert_eq!(ids(&find(&sue, "scope=groups").await), [third.id.as_str()], "Sue's own groups: none, so no group only");
    assert_eq!(ids(&find(&ada, "scope=mine").await), [first.id.as_str()]);
    // Filters.
    let all = find(&sue, "").await;
    assert_eq!(ids(&all), [third.id.as_str(), second.id.as_str(), first.id.as_str()]);
    assert_eq!(all["total"], 3);
    assert_eq!(ids(&find(&sue, "status=ended").await), [first.id.as_str()]);
    assert_eq!(ids(&find(&sue, "exit_reason=agent_ended").await), [first.id.as_str()]);
    assert_eq!(ids(&find(&sue, &format!("agent_id={ada_id}")).await), [first.id.as_str()]);
    assert_eq!(ids(&find(&sue, &format!("group_id={support}")).await), [second.id.as_str()]);
    assert_eq!(ids(&find(&sue, &format!("tag_id={vip}")).await), [first.id.as_str()]);
    assert_eq!(ids(&find(&sue, "email=grace@example.com").await), [first.id.as_str()]);
    let entered = app.get(&format!("/v1/conversations/{}", second.id), &sue).await.expect(200)["entered_at"].clone();
    let at = urlencode(entered.as_str().unwrap());
    assert_eq!(ids(&find(&sue, &format!("from={at}")).await), [third.id.as_str(), second.id.as_str()]);
    assert_eq!(ids(&find(&sue, &format!("to={at}")).await), [first.id.as_str()]);
    // Pages, newest first; the total on the first page only.
    let page = find(&sue, "limit=2").await;
    assert_eq!((ids(&page), page["total"].as_u64()), (vec![third.id.clone(), second.id.clone()], Some(3)));
    let next = find(&sue, &format!("limit=2&cursor={}", page["next_cursor"].as_str().unwrap())).await;
    assert_eq!(
        (ids(&next), next["total"].as_u64(), next["next_cursor"].is_null()),
        (vec![first.id.clone()], None, true)
    );
    assert!(find(&sue, "q=invoice").await["total"].is_null());

    // A customer finds their own conversations only, and sees no tags.
    let theirs = find(&first.customer, "q=invoice").await;
    assert_eq!(ids(&theirs), [first.id.as_str()]);
    assert_eq!(theirs["items"][0]["tags"], json!([]));
    let customer_id = theirs["items"][0]["customer"]["id"].as_str().unwrap().to_owned();
    let third_customer = find(&third.customer, &format!("customer_id={customer_id}")).await;
    assert_eq!(ids(&third_customer), Vec::<String>::new(), "another customer's are never found");

    // Bad input: a problem with a reason.
    for query in
        ["q=%21%21%21", "from=2026-12-07T10:00:00Z&to=2026-12-06T10:00:00Z", "from=2026-02-30T10:00:00Z", "email=nope"]
    {
        app.get(&format!("/v1/history?{query}"), &sue).await.expect_problem(422, "invalid_input");
    }
    let long = "a".repeat(201);
    assert_eq!(app.get(&format!("/v1/history?q={long}"), &sue).await.status, 400);
    assert_eq!(app.call(Method::GET, "/v1/history", Some(&key), None).await.status, 401, "not the bot platform's");
}

fn urlencode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn a_word_in_most_chats_is_found_newest_first_page_by_page() {
    let world = crate::helpers::World::new(json!({})).await;
    let app = &world.app;
    // Past the point where a search walks the conversations rather than collecting every
    // match: 26 chats whose histories hold 200 lines each with the word, one without.
    let mut chats = Vec::new();
    for n in 0..27 {
        let line = if n == 13 { "nothing to see" } else { "my parcel is late" };
        let history: Vec<Value> = (0..200).map(|_| json!({"author": "customer", "text": line})).collect();
        let entered = app.enter(&world.api_key, &world.module_id, &format!("c-{n}"), json!({"history": history})).await;
        chats.push(entered.expect(201)["conversation"]["id"].as_str().unwrap().to_owned());
    }
    chats.reverse();
    let expected: Vec<&str> = chats.iter().enumerate().filter(|(n, _)| *n != 13).map(|(_, id)| id.as_str()).collect();
    let mut seen = Vec::new();
    let mut path = "/v1/history?q=parcel&limit=10".to_owned();
    loop {
        let page = app.get(&path, &world.agent).await.expect(200);
        seen.extend(page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/history?q=parcel&limit=10&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, expected, "every chat with the word once, newest first, across pages");
    let both = app.get("/v1/history?q=parcel%20late&status=waiting&limit=200", &world.agent).await.expect(200);
    assert_eq!(ids(&both).len(), 26);
    let none = app.get("/v1/history?q=parcel%20nothing", &world.agent).await.expect(200);
    assert_eq!(ids(&none), Vec::<String>::new());
}
