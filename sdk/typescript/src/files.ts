import type { Client } from './generated/client/index.js';
import { downloadAttachment, downloadThumbnail, uploadAttachment } from './generated/sdk.gen.js';
import type { Attachment, Problem } from './generated/types.gen.js';

/** Options of {@link uploadFile}. */
export interface UploadFileOptions {
  /** The file name to store; defaults to the `File`'s name, else `file`. */
  name?: string;
  /**
   * Called as the bytes go out, with the bytes sent and the total. Needs
   * `XMLHttpRequest` (browsers); elsewhere the upload goes by `fetch` without progress.
   */
  onProgress?: (sent: number, total: number) => void;
  /** Cancels the upload. */
  signal?: AbortSignal;
}

/** The bearer credential the client sends. */
async function credentialOf(client: Client): Promise<string | undefined> {
  const { auth } = client.getConfig();
  const token = typeof auth === 'function' ? await auth({ type: 'http', scheme: 'bearer' }) : auth;
  return token ?? undefined;
}

/**
 * Uploads a `File` or `Blob` into a conversation and returns its attachment; send it
 * with `sendMessage({ body: { attachment_ids: [attachment.id] } })`. The server finds
 * the type in the bytes; refusals throw their `Problem` (`file_type_not_allowed` 415,
 * `file_too_large` or `quota_exceeded` 413), as the generated calls do.
 */
export async function uploadFile(
  client: Client,
  conversationId: string,
  file: Blob,
  options: UploadFileOptions = {},
): Promise<Attachment> {
  const name = options.name ?? ((file as File).name || 'file');
  if (options.onProgress && typeof XMLHttpRequest !== 'undefined') {
    return uploadWithProgress(client, conversationId, file, name, options);
  }
  const { data } = await uploadAttachment({
    client,
    path: { conversation_id: conversationId },
    query: { name },
    body: file,
    signal: options.signal,
  });
  return data;
}

function uploadWithProgress(
  client: Client,
  conversationId: string,
  file: Blob,
  name: string,
  options: UploadFileOptions,
): Promise<Attachment> {
  return credentialOf(client).then(
    (token) =>
      new Promise<Attachment>((resolve, reject) => {
        const base = (client.getConfig().baseUrl ?? '').replace(/\/$/, '');
        const url = `${base}/v1/conversations/${encodeURIComponent(conversationId)}/attachments?name=${encodeURIComponent(name)}`;
        const request = new XMLHttpRequest();
        request.open('POST', url);
        request.setRequestHeader('Content-Type', 'application/octet-stream');
        if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
        request.onload = () => {
          let body: unknown;
          try {
            body = JSON.parse(request.responseText);
          } catch {
            body = { status: request.status, detail: request.responseText };
          }
          if (request.status === 201) resolve(body as Attachment);
          else reject(body as Problem);
        };
        request.onerror = () => reject(new Error('the upload failed: the connection broke'));
        request.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
        options.signal?.addEventListener('abort', () => request.abort(), { once: true });
        request.send(file);
      }),
  );
}

/**
 * A file's bytes as a `Blob` (with the type the server found in them), or an image's
 * thumbnail with `{ thumbnail: true }`. Show it with `URL.createObjectURL(blob)`: the
 * download needs the credential in a header, which an `<img src>` cannot send.
 */
export async function downloadFile(
  client: Client,
  attachmentId: string,
  options: { thumbnail?: boolean; signal?: AbortSignal } = {},
): Promise<Blob> {
  const call = options.thumbnail ? downloadThumbnail : downloadAttachment;
  const { data } = await call({
    client,
    path: { attachment_id: attachmentId },
    parseAs: 'blob',
    signal: options.signal,
  });
  return data as Blob;
}
