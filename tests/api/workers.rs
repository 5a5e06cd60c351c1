//! Supervised background work: readiness names a worker that is down.

use std::time::Duration;

use livechat::workers::{RestartPolicy, WorkerState};
use reqwest::Method;

use crate::helpers::TestApp;

#[tokio::test]
async fn readiness_lists_the_workers_that_run() {
    let app = TestApp::spawn_with(|settings| settings.background_workers = true).await;
    let ready = app.call(Method::GET, "/health/ready", None, None).await.expect(200);
    let names: Vec<&str> = ready["workers"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    let expected =
        ["event-tailer", "message-writer", "memory", "outbox", "housekeeping", "presence", "event-retention"];
    for worker in expected {
        assert!(names.contains(&worker), "{worker} is missing from {ready}");
    }
    assert!(ready["workers"].as_array().unwrap().iter().all(|worker| worker["state"] == "running"), "{ready}");
}

#[tokio::test]
async fn a_worker_that_died_turns_readiness_to_503_with_its_name() {
    let app = TestApp::spawn().await;
    app.call(Method::GET, "/health/ready", None, None).await.expect(200);
    let never_again = RestartPolicy { max_restarts: 0, ..RestartPolicy::default() };
    app.handle().workers().spawn_with("doomed", never_again, |_| async { panic!("the disk is on fire") });
    let failed = app.handle().workers().wait_for("doomed", |state| matches!(state, WorkerState::Failed { .. }));
    let failed = tokio::time::timeout(Duration::from_secs(10), failed).await.expect("the worker fails in time");
    assert!(matches!(&failed, WorkerState::Failed { reason } if reason.contains("the disk is on fire")), "{failed:?}");
    let body = app.call(Method::GET, "/health/ready", None, None).await.expect(503);
    assert_eq!(body["status"], "worker doomed is down");
    let doomed = body["workers"].as_array().unwrap().iter().find(|worker| worker["name"] == "doomed").unwrap();
    assert_eq!(doomed["state"], "failed");
    assert_eq!(doomed["reason"], "it panicked: the disk is on fire");
}
