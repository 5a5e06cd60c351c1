//! Where uploaded files live: one interface over the local disk (`data_dir/files`, the
//! embedded default) and S3-compatible object storage, which several processes share.
//! Files are written in parts as they arrive, never held whole in memory.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, PutPayload, WriteMultipart};
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::config::FileSettings;

pub type Result<T, E = object_store::Error> = std::result::Result<T, E>;

/// A kept file store.
#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    /// The folder of the local store, for sweeping parts a crash left; none on S3.
    local_root: Option<PathBuf>,
    /// Bytes of a file sent to storage in one part.
    part_size: usize,
}

/// An upload under way: parts go to storage as they fill.
pub struct Upload {
    writer: WriteMultipart,
}

impl Upload {
    /// Adds `bytes`, waiting while a part is on its way so that at most two are in memory.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.wait_for_capacity(1).await?;
        self.writer.write(bytes);
        Ok(())
    }

    pub async fn finish(self) -> Result<()> {
        self.writer.finish().await.map(drop)
    }

    /// Drops what was stored of it.
    pub async fn abort(self) {
        if let Err(error) = self.writer.abort().await {
            tracing::warn!(%error, "aborting an upload failed; housekeeping removes its parts");
        }
    }
}

impl FileStore {
    /// Opens the store the settings name: `s3://bucket[/prefix]`, else `data_dir/files`.
    pub fn open(settings: &FileSettings, data_dir: &FsPath) -> Result<Self, String> {
        match settings.storage_url.as_deref() {
            None => {
                let root = data_dir.join("files");
                std::fs::create_dir_all(&root).map_err(|error| format!("creating {}: {error}", root.display()))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&root)
                    .map_err(|error| format!("opening {}: {error}", root.display()))?
                    .with_automatic_cleanup(true);
                Ok(Self { store: Arc::new(store), local_root: Some(root), part_size: 256 * 1024 })
            }
            Some(url) => {
                let rest = url.strip_prefix("s3://").ok_or_else(|| format!("storage_url {url:?}: use s3://bucket"))?;
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() {
                    return Err("storage_url names no bucket".into());
                }
                let mut builder = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_region(&settings.s3_region)
                    .with_allow_http(settings.s3_allow_http);
                if let Some(endpoint) = &settings.s3_endpoint {
                    builder = builder.with_endpoint(endpoint).with_virtual_hosted_style_request(false);
                }
                if let Some(key) = &settings.s3_access_key_id {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &settings.s3_secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose_secret());
                }
                let store = builder.build().map_err(|error| format!("S3 storage: {error}"))?;
                let store: Arc<dyn ObjectStore> = match prefix.trim_matches('/') {
                    "" => Arc::new(store),
                    prefix => Arc::new(object_store::prefix::PrefixStore::new(store, prefix)),
                };
                // S3 takes parts of 5 MiB at the least.
                Ok(Self { store, local_root: None, part_size: 5 * 1024 * 1024 })
            }
        }
    }

    /// The key of an uploaded file.
    pub fn original(id: Uuid) -> Path {
        Path::from(format!("files/{id}"))
    }

    /// The key of an image's thumbnail.
    pub fn thumbnail(id: Uuid) -> Path {
        Path::from(format!("thumbnails/{id}"))
    }

    pub async fn upload(&self, path: &Path) -> Result<Upload> {
        let upload = self.store.put_multipart(path).await?;
        Ok(Upload { writer: WriteMultipart::new_with_chunk_size(upload, self.part_size) })
    }

    pub async fn put(&self, path: &Path, bytes: Bytes) -> Result<()> {
        self.store.put(path, PutPayload::from(bytes)).await.map(drop)
    }

    /// The bytes of `path`, or of `range` of them.
    pub async fn read(
        &self,
        path: &Path,
        range: Option<std::ops::Range<u64>>,
    ) -> Result<BoxStream<'static, Result<Bytes>>> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        Ok(self.store.get_opts(path, options).await?.into_stream())
    }

    /// The whole of a small file.
    pub async fn read_all(&self, path: &Path) -> Result<Bytes> {
        self.store.get(path).await?.bytes().await
    }

    /// Deletes a file and its thumbnail; one already gone is fine.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        for path in [Self::original(id), Self::thumbnail(id)] {
            match self.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    /// The ids of every file kept (for tests and audits).
    pub async fn list_ids(&self) -> Result<Vec<String>> {
        self.store.list(None).map_ok(|meta| meta.location.to_string()).try_collect::<Vec<_>>().await
    }

    /// Removes parts of local uploads that a crash left, older than `age`. S3 keeps
    /// unfinished multipart uploads until the bucket's lifecycle rule aborts them.
    pub fn sweep_parts(&self, age: Duration) -> usize {
        let Some(root) = &self.local_root else { return 0 };
        let mut removed = 0;
        for folder in ["files", "thumbnails"] {
            let Ok(entries) = std::fs::read_dir(root.join(folder)) else { continue };
            for entry in entries.flatten() {
                let staged = entry.file_name().to_string_lossy().contains('#');
                let old = entry
                    .metadata()
                    .and_then(|meta| meta.modified())
                    .is_ok_and(|modified| SystemTime::now().duration_since(modified).unwrap_or_default() > age);
                if staged && old && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }
}
