//! Reading a stream's events: `eventsource-stream` parses the wire format; the event's
//! own id comes from its JSON (`id: null` for events that are not stored), since an SSE
//! parser carries the last `id:` over to events without one.

use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt};

/// One event of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: String,
}

/// The events of a response body; an item is an error when the stream broke.
pub fn events<S, B, E>(body: S) -> impl Stream<Item = Result<SseEvent, String>>
where
    S: Stream<Item = Result<B, E>>,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    body.eventsource().map(|event| {
        let event = event.map_err(|error| error.to_string())?;
        let id =
            serde_json::from_str::<serde_json::Value>(&event.data).ok().and_then(|envelope| envelope["id"].as_i64());
        Ok(SseEvent { id, event: event.event, data: event.data })
    })
}

#[cfg(test)]
mod tests {
    use futures_util::stream;

    use super::*;

    async fn parse(chunks: Vec<&'static [u8]>) -> Vec<SseEvent> {
        let body = stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>));
        events(body).map(|event| event.expect("a well-formed stream")).collect().await
    }

    #[tokio::test]
    async fn parses_events_split_across_chunks_and_skips_keep_alives() {
        let events = parse(vec![
            b"event: stream.ready\nid: 7\nda",
            b"ta: {\"id\":7}\n\n: keep-alive\n\nevent: typing\r\ndata: {\"id\":null,\r\ndata: \"x\":1}\r\n\r\n",
        ])
        .await;
        assert_eq!(
            events,
            vec![
                SseEvent { id: Some(7), event: "stream.ready".into(), data: "{\"id\":7}".into() },
                SseEvent { id: None, event: "typing".into(), data: "{\"id\":null,\n\"x\":1}".into() },
            ]
        );
    }

    #[tokio::test]
    async fn a_character_split_between_chunks_arrives_whole() {
        let text = "{\"id\":1,\"text\":\"grüß\"}";
        let bytes = format!("event: message.created\nid: 1\ndata: {text}\n\n").into_bytes().leak();
        let split = bytes.iter().position(|&byte| byte == 0xc3).expect("a two-byte character") + 1;
        let events = parse(vec![&bytes[..split], &bytes[split..]]).await;
        assert_eq!(events[0].data, text);
    }
}
