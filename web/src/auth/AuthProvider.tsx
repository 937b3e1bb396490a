import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { inkpass, unwrap } from "../api/client";
import {
  acceptTokens,
  clearSession,
  hasStoredSession,
  onSessionChange,
  refreshAccessToken,
  type TokenPair,
} from "../api/session";
import type { User } from "../api/types";

type Status = "loading" | "signedOut" | "signedIn";

interface AuthState {
  status: Status;
  user: User | null;
  /** Keep tokens from a login step, then load the profile. */
  signIn: (tokens: TokenPair) => Promise<void>;
  signOut: () => Promise<void>;
  reloadUser: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>(hasStoredSession() ? "loading" : "signedOut");
  const [user, setUser] = useState<User | null>(null);

  const loadUser = useCallback(async () => {
    const me = await unwrap(inkpass.GET("/api/v1/users/me"));
    setUser(me);
    setStatus("signedIn");
  }, []);

  useEffect(() => {
    let cancelled = false;
    if (hasStoredSession()) {
      refreshAccessToken()
        .then(async (token) => {
          if (cancelled) return;
          if (!token) {
            setStatus("signedOut");
            return;
          }
          await loadUser();
        })
        .catch(() => {
          // Offline or the server is down: keep the session and let the user retry by reloading.
          if (!cancelled) setStatus(hasStoredSession() ? "signedOut" : "signedOut");
        });
    }
    const off = onSessionChange((signedIn) => {
      if (!signedIn) {
        setUser(null);
        setStatus("signedOut");
        queryClient.clear();
      }
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [loadUser, queryClient]);

  const signIn = useCallback(
    async (tokens: TokenPair) => {
      acceptTokens(tokens);
      await loadUser();
    },
    [loadUser],
  );

  const signOut = useCallback(async () => {
    try {
      await inkpass.POST("/api/v1/auth/logout");
    } catch {
      /* offline: the local session is dropped anyway */
    }
    clearSession();
  }, []);

  const value = useMemo(
    () => ({ status, user, signIn, signOut, reloadUser: loadUser }),
    [status, user, signIn, signOut, loadUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
