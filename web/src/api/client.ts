import createClient from "openapi-fetch";
import { ApiError, NetworkError } from "./errors";
import type { paths as DenPaths } from "./schema/den";
import type { paths as InkPassPaths } from "./schema/inkpass";
import type { paths as MimicPaths } from "./schema/mimic";
import type { paths as TentaclePaths } from "./schema/tentacle";
import { accessTokenForRequest, clearSession, refreshAccessToken } from "./session";

const PUBLIC_PATHS = [
  "/api/v1/auth/login",
  "/api/v1/auth/register",
  "/api/v1/auth/refresh",
  "/api/v1/auth/verify-email",
  "/api/v1/auth/password/forgot",
  "/api/v1/auth/password/reset",
];

function isPublic(url: string): boolean {
  const path = new URL(url, window.location.origin).pathname;
  return PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * fetch with the access token attached; on a 401 it refreshes once and retries. A session that
 * cannot be refreshed is cleared (the app then shows the sign-in page).
 */
export async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const send = async (request: Request, token: string | null): Promise<Response> => {
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    try {
      return await fetch(request);
    } catch {
      throw new NetworkError();
    }
  };
  if (isPublic(input.url)) return send(input, null);
  const token = await accessTokenForRequest().catch(() => null);
  const response = await send(input, token);
  if (response.status !== 401) return response;
  const fresh = await refreshAccessToken().catch(() => null);
  if (!fresh) {
    clearSession();
    return response;
  }
  return send(retry, fresh);
}

// Absolute, so Request objects built outside a document (tests) resolve the same way.
const options = { baseUrl: typeof window === "undefined" ? "" : window.location.origin, fetch: authFetch };

export const inkpass = createClient<InkPassPaths>(options);
export const tentacle = createClient<TentaclePaths>(options);
export const den = createClient<DenPaths>(options);
export const mimic = createClient<MimicPaths>(options);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of an openapi-fetch call, or an ApiError with the platform's error body. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.fromBody(response.status, error);
  return data as T;
}
