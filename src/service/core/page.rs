//! Cursor paging: opaque cursors, capped limits.

use crate::wire::values::PageCursor;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{Error, Result};

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// One page of a list and the cursor of the next, if there is more.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<PageCursor>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows: the extra row only says there is more.
    pub fn from_rows(mut rows: Vec<T>, limit: u64, cursor_of: impl Fn(&T) -> String) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor =
            if more { rows.last().map(|row| PageCursor::stored(Cursor::encode(&cursor_of(row)))) } else { None };
        Self { items: rows, next_cursor }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}

/// The position after which a page starts.
pub struct Cursor;

impl Cursor {
    /// The cursor of a request; an empty one (`?cursor=`) asks for the first page.
    pub fn given<S: AsRef<str>>(cursor: Option<S>) -> Option<S> {
        cursor.filter(|cursor| !cursor.as_ref().is_empty())
    }

    pub fn encode(position: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("v1:{position}"))
    }

    pub fn decode(cursor: &str) -> Result<String> {
        URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| text.strip_prefix("v1:").map(str::to_owned))
            .ok_or_else(|| Error::invalid("cursor is not one this server handed out"))
    }

    pub fn decode_uuid(cursor: &str) -> Result<uuid::Uuid> {
        Self::decode(cursor)?.parse().map_err(|_| Error::invalid("cursor is not one this server handed out"))
    }

    pub fn decode_i64(cursor: &str) -> Result<i64> {
        Self::decode(cursor)?.parse().map_err(|_| Error::invalid("cursor is not one this server handed out"))
    }
}

/// The limit to use: the default when absent, never more than the cap.
pub fn limit(requested: Option<u64>) -> u64 {
    requested.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_strangers_are_refused() {
        assert_eq!(Cursor::decode(&Cursor::encode("42")).ok(), Some("42".to_owned()));
        assert!(Cursor::decode("not-a-cursor").is_err());
    }

    #[test]
    fn a_full_page_points_at_the_next() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next_cursor.map(|c| Cursor::decode(c.as_str()).ok()), Some(Some("2".to_owned())));
        assert!(Page::from_rows(vec![1, 2], 2, |n| n.to_string()).next_cursor.is_none());
    }
}
