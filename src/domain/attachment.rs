//! Files in chats: what a file is by its bytes, the names they may carry, and the
//! rules a module sets for them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Error;

/// How many bytes of a file's start decide its type and image size.
pub const HEAD_BYTES: usize = 64 * 1024;
/// The longest file name kept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;
/// The most files one message carries, whatever a module says.
pub const MAX_FILES_PER_MESSAGE: u32 = 20;
/// The largest file a module may allow, whatever the server's cap.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Images over this many pixels get no thumbnail: decoding them is a bomb.
pub const MAX_THUMBNAIL_SOURCE_PIXELS: u64 = 40_000_000;
/// The longest side of a thumbnail.
pub const THUMBNAIL_SIDE: u32 = 320;

/// Types a module allows when it sets none.
pub const DEFAULT_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// Types a browser shows inline without running anything: raster images.
const INLINE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Raster images the server reads the size of and makes thumbnails from.
pub fn is_image(content_type: &str) -> bool {
    INLINE_TYPES.contains(&content_type)
}

/// Whether a download may show in the page (`Content-Disposition: inline`).
pub fn shows_inline(content_type: &str) -> bool {
    is_image(content_type)
}

/// What a file is by its first bytes, whatever its name or the client's
/// `Content-Type` say: a known signature, else `text/plain` for UTF-8 text without
/// control characters, else `application/octet-stream`.
pub fn sniff(head: &[u8]) -> &'static str {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type();
    }
    if head.is_empty() {
        return "application/octet-stream";
    }
    // The head may end inside a character: only the last three bytes may be cut.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) if error.error_len().is_none() && head.len() - error.valid_up_to() < 4 => {
            std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return "application/octet-stream",
    };
    let control = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
    if text.chars().any(control) { "application/octet-stream" } else { "text/plain" }
}

/// Width and height of an image from its first bytes.
pub fn image_size(head: &[u8]) -> Option<(u32, u32)> {
    let size = imagesize::blob_size(head).ok()?;
    Some((u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

/// Characters that reorder text around them: a name could show `exe.png` for `gnp.exe`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// A file name safe to store and show: its last path segment, without control or
/// direction characters, trimmed, at most [`MAX_NAME_BYTES`] with its extension kept;
/// `file` when nothing is left.
pub fn clean_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|&c| !c.is_control() && !is_bidi_control(c) && c != '\u{feff}').collect();
    let trimmed = kept.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return "file".to_owned();
    }
    if trimmed.len() <= MAX_NAME_BYTES {
        return trimmed.to_owned();
    }
    let (stem, extension) = match trimmed.rsplit_once('.') {
        Some((stem, extension)) if extension.len() <= 16 => (stem, format!(".{extension}")),
        _ => (trimmed, String::new()),
    };
    let mut cut = MAX_NAME_BYTES - extension.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{extension}", &stem[..cut])
}

/// What a module allows of files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRules {
    /// Types by content (as [`sniff`] finds them).
    pub allowed_types: Vec<String>,
    /// The largest file; the server's cap applies too.
    pub max_bytes: u64,
    pub max_per_message: u32,
}

impl Default for AttachmentRules {
    fn default() -> Self {
        Self {
            allowed_types: DEFAULT_TYPES.iter().map(|&kind| kind.to_owned()).collect(),
            max_bytes: 10 * 1024 * 1024,
            max_per_message: 10,
        }
    }
}

impl AttachmentRules {
    pub fn validate(&self) -> Result<(), Error> {
        if self.allowed_types.len() > 50 {
            return Err(Error::invalid("attachments.allowed_types holds at most 50 types"));
        }
        for kind in &self.allowed_types {
            let valid = kind.len() <= 100
                && kind.split_once('/').is_some_and(|(top, sub)| {
                    let token = |part: &str| {
                        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
                    };
                    token(top) && token(sub)
                });
            if !valid {
                return Err(Error::invalid(format!("attachments.allowed_types: {kind:?} is not a media type")));
            }
        }
        if !(1..=MAX_FILE_BYTES).contains(&self.max_bytes) {
            return Err(Error::invalid(format!("attachments.max_bytes is 1 to {MAX_FILE_BYTES}")));
        }
        if !(1..=MAX_FILES_PER_MESSAGE).contains(&self.max_per_message) {
            return Err(Error::invalid(format!("attachments.max_per_message is 1 to {MAX_FILES_PER_MESSAGE}")));
        }
        Ok(())
    }

    pub fn allows(&self, content_type: &str) -> bool {
        self.allowed_types.iter().any(|allowed| allowed.eq_ignore_ascii_case(content_type))
    }
}

/// A file as a message carries it: what the other side needs to show and fetch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_controls_and_direction_marks() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\me\\invoice.pdf"), "invoice.pdf");
        assert_eq!(clean_name("photo\u{202e}gnp.exe"), "photognp.exe");
        assert_eq!(clean_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(clean_name("  .hidden. "), "hidden");
        assert_eq!(clean_name("/"), "file");
        let long = format!("{}.png", "é".repeat(300));
        let cleaned = clean_name(&long);
        assert!(cleaned.len() <= MAX_NAME_BYTES && cleaned.ends_with(".png"), "{cleaned}");
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0";
        assert!(!AttachmentRules::default().allows(sniff(elf)), "{}", sniff(elf));
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(sniff("plain words, ünïcode\n".as_bytes()), "text/plain");
        assert_eq!(sniff(b"text with a \x01 control"), "application/octet-stream");
        // A head cut inside a two-byte character is still text.
        assert_eq!(sniff(&"é".as_bytes()[..1]), "text/plain");
    }

    #[test]
    fn rules_are_bounded() {
        assert!(AttachmentRules::default().validate().is_ok());
        let rules = AttachmentRules { max_per_message: 0, ..AttachmentRules::default() };
        assert!(rules.validate().is_err());
        let rules = AttachmentRules { allowed_types: vec!["png".into()], ..AttachmentRules::default() };
        assert!(rules.validate().is_err());
        assert!(AttachmentRules::default().allows("IMAGE/PNG"));
    }
}
