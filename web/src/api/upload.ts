import { ApiError, NetworkError } from "./errors";
import { accessTokenForRequest, refreshAccessToken } from "./session";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST a multipart form with XMLHttpRequest (fetch has no upload progress events), with the
 * access token attached and one refresh-and-retry on 401.
 */
export function uploadWithProgress<T>(
  url: string,
  form: FormData,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  const attempt = (token: string | null) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.responseType = "json";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
      };
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
      xhr.onerror = () => reject(new NetworkError());
      xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
      signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  return (async () => {
    let result = await attempt(await accessTokenForRequest().catch(() => null));
    if (result.status === 401) {
      const fresh = await refreshAccessToken().catch(() => null);
      if (fresh) result = await attempt(fresh);
    }
    if (result.status < 200 || result.status >= 300) throw ApiError.fromBody(result.status, result.body);
    return result.body as T;
  })();
}
