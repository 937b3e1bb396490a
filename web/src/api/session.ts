/**
 * The signed-in session, per InkPass's design: login answers an access JWT plus a rotating,
 * single-use refresh token (in the JSON body; InkPass sets no cookie).
 *
 * What is stored where, and why:
 * - The access token lives in memory only (this module). It is short-lived and never persisted.
 * - The refresh token is kept in localStorage under `fluxos.session` (with the user and
 *   organization ids), because InkPass issues it in the response body and it is the only way to
 *   stay signed in across reloads and tabs. It is single-use: every refresh rotates it, and
 *   reusing an old one ends the session on the server. Signing out removes it.
 * - Refreshes are serialised across tabs with the Web Locks API, re-reading the stored token
 *   inside the lock, so two tabs never spend the same refresh token.
 */

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  organization_id: string | null;
  user_id: string;
}

interface StoredSession {
  refresh_token: string;
  user_id: string;
  organization_id: string | null;
}

export type SessionListener = (signedIn: boolean) => void;

const STORAGE_KEY = "fluxos.session";
const LOCK_NAME = "fluxos.refresh";
const REFRESH_URL = "/api/v1/auth/refresh";

let accessToken: string | null = null;
let accessExpiresAt = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let inflight: Promise<string | null> | null = null;
const listeners = new Set<SessionListener>();

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readStored(): StoredSession | null {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as StoredSession;
    return typeof parsed.refresh_token === "string" ? parsed : null;
  } catch {
    return null;
  }
}

function notify(signedIn: boolean): void {
  for (const listener of listeners) listener(signedIn);
}

export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasStoredSession(): boolean {
  return readStored() !== null;
}

export function currentAccessToken(): string | null {
  return accessToken && Date.now() < accessExpiresAt ? accessToken : null;
}

export function storedUserId(): string | null {
  return readStored()?.user_id ?? null;
}

function schedule(expiresIn: number): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  // Refresh ahead of expiry (at 80% of the lifetime, at least 5 s before).
  const delay = Math.max(1000, Math.min(expiresIn * 800, (expiresIn - 5) * 1000));
  refreshTimer = setTimeout(() => {
    void refreshAccessToken().catch(() => undefined);
  }, delay);
}

/** Keep a fresh token pair from login, 2FA, refresh or an organization switch. */
export function acceptTokens(tokens: TokenPair): void {
  accessToken = tokens.access_token;
  accessExpiresAt = Date.now() + Math.max(1, tokens.expires_in - 2) * 1000;
  const stored: StoredSession = {
    refresh_token: tokens.refresh_token,
    user_id: tokens.user_id,
    organization_id: tokens.organization_id,
  };
  storage()?.setItem(STORAGE_KEY, JSON.stringify(stored));
  schedule(tokens.expires_in);
  notify(true);
}

/** Forget everything locally (the server side is ended by /auth/logout before this). */
export function clearSession(): void {
  accessToken = null;
  accessExpiresAt = 0;
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = null;
  storage()?.removeItem(STORAGE_KEY);
  notify(false);
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (locks?.request) return locks.request(LOCK_NAME, work) as Promise<T>;
  return work();
}

/**
 * A new access token from the stored refresh token; null when the session is over
 * (no refresh token, or InkPass refused it). Concurrent callers share one request.
 */
export function refreshAccessToken(): Promise<string | null> {
  if (inflight) return inflight;
  inflight = withLock(async () => {
    const stored = readStored();
    if (!stored) return null;
    // Read inside the lock: another tab may have rotated the token while we waited (its access
    // token is not ours, so we still refresh, but with the newest refresh token).
    const response = await fetch(REFRESH_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: stored.refresh_token }),
    });
    if (response.status === 401 || response.status === 400 || response.status === 422) {
      clearSession();
      return null;
    }
    if (!response.ok) throw new Error(`refresh failed: HTTP ${response.status}`);
    const tokens = (await response.json()) as TokenPair;
    acceptTokens(tokens);
    return tokens.access_token;
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

/** The access token to use now: the one in memory, else a refreshed one. */
export async function accessTokenForRequest(): Promise<string | null> {
  return currentAccessToken() ?? (await refreshAccessToken());
}

// Signing out in another tab signs this one out too.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY && event.newValue === null && accessToken) {
      accessToken = null;
      accessExpiresAt = 0;
      notify(false);
    }
  });
}
