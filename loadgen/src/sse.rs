//! A minimal Server-Sent Events parser over the chunks of a response body.

/// One dispatched event. `id` is the event's own `id:` field (not carried over from
/// earlier events, unlike a browser's "last event id"), so id-less events stay `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: String,
}

/// Splits a byte stream into lines and lines into events; a blank line ends an event,
/// lines starting with `:` (keep-alives) are skipped.
#[derive(Debug, Default)]
pub struct SseParser {
    buffer: Vec<u8>,
    id: Option<i64>,
    event: Option<String>,
    data: Option<String>,
}

impl SseParser {
    /// Feeds one chunk and returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.buffer.extend_from_slice(chunk);
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(offset) = self.buffer[start..].iter().position(|&byte| byte == b'\n') {
            let end = start + offset;
            let raw = &self.buffer[start..end];
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = String::from_utf8_lossy(raw).into_owned();
            start = end + 1;
            if let Some(event) = self.line(&line) {
                events.push(event);
            }
        }
        self.buffer.drain(..start);
        events
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            let id = self.id.take();
            if data.is_none() && event.is_none() {
                return None;
            }
            return Some(SseEvent {
                id,
                event: event.unwrap_or_else(|| "message".to_owned()),
                data: data.unwrap_or_default(),
            });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => self.id = value.parse().ok(),
            "event" => self.event = Some(value.to_owned()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_split_across_chunks() {
        let mut parser = SseParser::default();
        assert!(parser.feed(b"event: stream.ready\nid: 7\nda").is_empty());
        let events = parser.feed(b"ta: {\"a\":1}\n\n: keep-alive\n\nevent: typing\r\ndata: x\r\ndata: y\r\n\r\n");
        assert_eq!(
            events,
            vec![
                SseEvent { id: Some(7), event: "stream.ready".into(), data: "{\"a\":1}".into() },
                SseEvent { id: None, event: "typing".into(), data: "x\ny".into() },
            ]
        );
    }

    #[test]
    fn keeps_an_unfinished_event_for_the_next_chunk() {
        let mut parser = SseParser::default();
        assert!(parser.feed(b"id: 1\nevent: message.created\ndata: {}\n").is_empty());
        assert_eq!(parser.feed(b"\n").len(), 1);
    }
}
