//! Reports: a scripted run of chats, whose figures the test works out itself from what
//! REST shows of each chat, against the server's report.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{World, group, token_of};

fn time(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|time| time.with_timezone(&Utc))
        .unwrap()
}

fn millis(from: &Value, to: &Value) -> i64 {
    (time(to) - time(from)).num_milliseconds().max(0)
}

/// Nearest-rank percentiles in seconds, worked out independently of the server.
fn p50_p90(mut values: Vec<i64>) -> Value {
    if values.is_empty() {
        return json!({"p50": null, "p90": null});
    }
    values.sort();
    let at = |p: f64| {
        let rank = (p * values.len() as f64).ceil() as usize;
        values[rank.max(1) - 1] as f64 / 1000.0
    };
    json!({"p50": at(0.5), "p90": at(0.9)})
}

fn close(actual: &Value, expected: &Value, what: &str) {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} != {e}"),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}

#[tokio::test]
async fn a_scripted_run_of_chats_reports_what_the_test_works_out_itself() {
    let world = World::new(json!({"csat": {"scale": "five_point", "change_window_secs": 600}})).await;
    let app = &world.app;
    let started = Utc::now() - Duration::seconds(1);
    let (bob_id, bob) = app.online_agent(&world.admin, "Bob").await;
    let billing = group(app, &world.admin, "Billing").await;
    let closed = app.module(&world.admin, json!({"async_enabled": false, "group_id": billing})).await;
    app.call(
        Method::PATCH,
        &format!("/v1/agents/{}", world.agent_id),
        Some(&world.admin),
        Some(json!({"max_active_chats": 2})),
    )
    .await
    .expect(200);

    let say = |id: &str, token: &str, text: &str| {
        let (path, token, text) = (format!("/v1/conversations/{id}/messages"), token.to_owned(), text.to_owned());
        async move { app.post(&path, &token, json!({"text": text})).await.expect(201) }
    };
    let claim = |id: &str, token: &str| {
        let (path, token) = (format!("/v1/conversations/{id}/claim"), token.to_owned());
        async move { app.post(&path, &token, json!({})).await.expect(200) }
    };
    let rate = |id: &str, token: &str, score: i32| {
        let (path, token) = (format!("/v1/conversations/{id}/rating"), token.to_owned());
        async move { app.call(Method::PUT, &path, Some(&token), Some(json!({"score": score}))).await.expect(200) }
    };
    // 1: Ada serves and answers, ends it; rated 5.
    let (one, one_customer) = world.customer("c-1").await;
    say(&one, &one_customer, "hello").await;
    claim(&one, &world.agent).await;
    say(&one, &world.agent, "hi, how can I help?").await;
    say(&one, &one_customer, "thanks").await;
    app.post(&format!("/v1/conversations/{one}/end"), &world.agent, json!({})).await.expect(200);
    rate(&one, &one_customer, 5).await;
    // 2: Bob serves and answers; the customer leaves; rated 2.
    let (two, two_customer) = world.customer("c-2").await;
    claim(&two, &bob).await;
    say(&two, &bob, "Bob here").await;
    app.post(&format!("/v1/conversations/{two}/leave"), &two_customer, json!({})).await.expect(200);
    rate(&two, &two_customer, 2).await;
    // 3: the customer gives up waiting.
    let (three, three_customer) = world.customer("c-3").await;
    app.post(&format!("/v1/conversations/{three}/leave"), &three_customer, json!({})).await.expect(200);
    // 4: still waiting.
    let (four, _) = world.customer("c-4").await;
    // 5: Billing has nobody online, async is off: it exits at once.
    let five = app.enter(&world.api_key, &closed, "c-5", json!({})).await.expect(201)["conversation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // 6: Ada takes it and says nothing yet.
    let (six, _) = world.customer("c-6").await;
    claim(&six, &world.agent).await;
    let ended = Utc::now() + Duration::seconds(1);

    // The test's own figures, from what REST shows of each chat.
    let mut chats = Vec::new();
    for id in [&one, &two, &three, &four, &five, &six] {
        let conversation = app.get(&format!("/v1/conversations/{id}"), &world.admin).await.expect(200);
        let messages = app.all_messages(&world.admin, id).await;
        chats.push((conversation, messages));
    }
    let expected = |chats: &[&(Value, Vec<Value>)]| {
        let served: Vec<&&(Value, Vec<Value>)> = chats.iter().filter(|(c, _)| !c["claimed_at"].is_null()).collect();
        let unserved_ended = chats.iter().filter(|(c, _)| c["claimed_at"].is_null() && c["status"] == "ended");
        let abandoned = unserved_ended.clone().filter(|(c, _)| c["exit"]["reason"] == "customer_left").count();
        let missed = unserved_ended.count() - abandoned;
        let waits = served.iter().map(|(c, _)| millis(&c["entered_at"], &c["claimed_at"])).collect();
        let firsts = chats
            .iter()
            .filter_map(|(c, messages)| {
                let first = messages.iter().find(|m| m["author_kind"] == "agent")?;
                Some(millis(&c["entered_at"], &first["created_at"]))
            })
            .collect();
        let durations = served
            .iter()
            .filter(|(c, _)| !c["ended_at"].is_null())
            .map(|(c, _)| millis(&c["entered_at"], &c["ended_at"]))
            .collect();
        let messages: i64 = served
            .iter()
            .map(|(c, _)| {
                c["variables"]["live_customer_messages"].as_i64().unwrap()
                    + c["variables"]["live_agent_messages"].as_i64().unwrap()
            })
            .sum();
        let scores: Vec<i64> = chats.iter().filter_map(|(c, _)| c["rating"]["score"].as_i64()).collect();
        json!({
            "entered": chats.len(),
            "served": served.len(),
            "missed": missed,
            "abandoned": abandoned,
            "wait_seconds": p50_p90(waits),
            "first_response_seconds": p50_p90(firsts),
            "duration_seconds": p50_p90(durations),
            "messages_per_chat": if served.is_empty() { Value::Null } else { json!(messages as f64 / served.len() as f64) },
            "csat": {
                "count": scores.len(),
                "good_share": if scores.is_empty() { Value::Null } else { json!(scores.iter().filter(|s| **s >= 4).count() as f64 / scores.len() as f64) },
                "average": if scores.is_empty() { Value::Null } else { json!(scores.iter().sum::<i64>() as f64 / scores.len() as f64) },
            },
        })
    };
    let same = |actual: &Value, expected: &Value, what: &str| {
        for key in ["entered", "served", "missed", "abandoned", "messages_per_chat"] {
            close(&actual[key], &expected[key], &format!("{what} {key}"));
        }
        for key in ["wait_seconds", "first_response_seconds", "duration_seconds"] {
            for p in ["p50", "p90"] {
                close(&actual[key][p], &expected[key][p], &format!("{what} {key}.{p}"));
            }
        }
        for key in ["count", "good_share", "average"] {
            close(&actual["csat"][key], &expected["csat"][key], &format!("{what} csat.{key}"));
        }
    };

    let range = format!(
        "from={}&to={}",
        started.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ended.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    );
    let report = app
        .get(&format!("/v1/reports/chats?{range}&bucket=hour&time_zone=Europe/Berlin"), &world.admin)
        .await
        .expect(200);
    let all: Vec<&(Value, Vec<Value>)> = chats.iter().collect();
    let totals = expected(&all);
    assert_eq!(
        (
            totals["entered"].as_u64(),
            totals["served"].as_u64(),
            totals["missed"].as_u64(),
            totals["abandoned"].as_u64()
        ),
        (Some(6), Some(3), Some(1), Some(1))
    );
    same(&report["totals"], &totals, "totals");
    let in_buckets: u64 =
        report["buckets"].as_array().unwrap().iter().map(|b| b["figures"]["entered"].as_u64().unwrap()).sum();
    assert_eq!(in_buckets, 6, "every chat in one bucket");
    // Per group and per agent.
    let billing_chats: Vec<&(Value, Vec<Value>)> =
        chats.iter().filter(|(c, _)| c["group_id"] == billing.as_str()).collect();
    let billing_row =
        report["groups"].as_array().unwrap().iter().find(|g| g["group_id"] == billing.as_str()).expect("Billing");
    same(&billing_row["figures"], &expected(&billing_chats), "Billing");
    assert_eq!(billing_row["name"], "Billing");
    for (agent_id, name) in [(world.agent_id.as_str(), "Ada"), (bob_id.as_str(), "Bob")] {
        let theirs: Vec<&(Value, Vec<Value>)> = chats.iter().filter(|(c, _)| c["agent"]["id"] == agent_id).collect();
        let row = report["agents"].as_array().unwrap().iter().find(|a| a["agent_id"] == agent_id).expect("the agent");
        assert_eq!(row["name"], name);
        same(&row["figures"], &expected(&theirs), name);
        let online = row["online_seconds"].as_i64().expect("online time is known");
        assert!((0..=(ended - started).num_seconds()).contains(&online), "{name} online {online} s");
    }
    let ada = report["agents"].as_array().unwrap().iter().find(|a| a["name"] == "Ada").unwrap();
    assert!(ada["occupancy"].is_number() || ada["online_seconds"] == 0, "Ada has a capacity: {ada}");
    assert!(
        report["agents"].as_array().unwrap().iter().find(|a| a["name"] == "Bob").unwrap()["occupancy"].is_null(),
        "Bob has no capacity"
    );

    // Who may ask, and bad input.
    let body =
        json!({"email": "gus@example.com", "name": "Gus", "password": "agent-password-1", "group_ids": [billing]});
    app.post("/v1/agents", &world.admin, body).await.expect(201);
    let gus = token_of(app.login("gus@example.com", "agent-password-1").await.expect(200));
    let mine = app.get(&format!("/v1/reports/chats?{range}&group_id={billing}"), &gus).await.expect(200);
    assert_eq!(mine["totals"]["entered"], 1);
    app.get(&format!("/v1/reports/chats?{range}"), &gus).await.expect_problem(403, "wrong_caller");
    let elsewhere = group(app, &world.admin, "Elsewhere").await;
    app.get(&format!("/v1/reports/chats?{range}&group_id={elsewhere}"), &gus).await.expect_problem(403, "not_in_group");
    for bad in [
        "from=2016-01-01T00:00:00Z&to=2026-01-01T00:00:00Z".to_owned(),
        format!("{range}&time_zone=Mars/Olympus"),
        "from=2026-12-07T10:00:00Z&to=2026-12-07T09:00:00Z".to_owned(),
    ] {
        app.get(&format!("/v1/reports/chats?{bad}"), &world.admin).await.expect_problem(422, "invalid_input");
    }
}
