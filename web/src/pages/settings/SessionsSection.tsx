import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { inkpass, unwrap } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { Empty, ErrorState, FormError, Loading, Time } from "../../components/ui";

function device(agent: string | null): string {
  if (!agent) return "Unknown device";
  const browser = /Edg\//.test(agent) ? "Edge" : /Chrome\//.test(agent) ? "Chrome" : /Firefox\//.test(agent) ? "Firefox" : /Safari\//.test(agent) ? "Safari" : agent.split(" ")[0];
  const os = /Windows/.test(agent) ? "Windows" : /Mac OS/.test(agent) ? "macOS" : /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Linux/.test(agent) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}

export function SessionsSection() {
  const queryClient = useQueryClient();
  const { signOut } = useAuth();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => unwrap(inkpass.GET("/api/v1/auth/sessions")) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(inkpass.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const everywhere = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/logout-all")),
    onSuccess: () => void signOut(),
  });
  return (
    <section className="card" aria-labelledby="sessions-h">
      <div className="row spread">
        <h2 id="sessions-h">Where you're signed in</h2>
        <button type="button" className="btn small danger" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>Sign out everywhere</button>
      </div>
      <FormError error={revoke.error ?? everywhere.error} />
      {sessions.isPending ? <Loading /> : sessions.isError ? <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} /> : sessions.data.length === 0 ? <Empty title="No sessions" /> : (
        <table className="table">
          <thead><tr><th>Device</th><th className="hide-mobile">IP</th><th>Last active</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id}>
                <td>{device(s.user_agent)} {s.current && <span className="badge accent">this device</span>}<div className="small muted">{s.authentication_methods.join(", ")}</div></td>
                <td className="hide-mobile mono small">{s.ip ?? "—"}</td>
                <td><Time iso={s.last_seen_at} /></td>
                <td style={{ textAlign: "right" }}>
                  {!s.current && <button type="button" className="btn small" onClick={() => revoke.mutate(s.id)} disabled={revoke.isPending}>Sign out</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
