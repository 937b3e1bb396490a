import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { inkpass, unwrap } from "../../api/client";
import type { ApiKeyCreated } from "../../api/types";
import { Empty, ErrorState, Field, FormError, Loading, Time, copyText } from "../../components/ui";

export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => unwrap(inkpass.GET("/api/v1/api-keys")) });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState("*");
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => unwrap(
        inkpass.POST("/api/v1/api-keys", {
          body: { name, scopes: scopes.split(/[\s,]+/).filter(Boolean) },
        }),
      ),
    onSuccess: (key) => {
      setCreated(key);
      setCopied(false);
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(inkpass.DELETE("/api/v1/api-keys/{api_key_id}", { params: { path: { api_key_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) create.mutate();
  }
  const active = (keys.data ?? []).filter((k) => !k.revoked_at);
  return (
    <section className="card" aria-labelledby="keys-h">
      <h2 id="keys-h">API keys</h2>
      <p className="muted small">Keys act as you from scripts and other tools. Treat them like passwords.</p>
      <form className="row" onSubmit={submit} aria-label="Create API key" style={{ alignItems: "flex-end" }}>
        <div className="grow"><Field label="Key name" placeholder="e.g. Nightly report script" value={name} onChange={(e) => setName(e.target.value)} required /></div>
        <div className="grow"><Field label="Scopes" hint="* is everything you can do; or e.g. files:*, tasks:read" value={scopes} onChange={(e) => setScopes(e.target.value)} required /></div>
        <button type="submit" className="btn primary" disabled={create.isPending || !name.trim() || !scopes.trim()}>Create key</button>
      </form>
      <FormError error={create.error ?? revoke.error} />
      {created && (
        <div className="stack" style={{ marginTop: ".75rem" }} role="status">
          <strong>Copy your new key now — you won't see it again.</strong>
          <div className="secret-once">
            <code data-testid="new-api-key">{created.key}</code>
            <button type="button" className="btn small" onClick={() => void copyText(created.key).then(setCopied)}>{copied ? "Copied" : "Copy"}</button>
            <button type="button" className="btn small ghost" onClick={() => setCreated(null)}>Done</button>
          </div>
        </div>
      )}
      <div style={{ marginTop: "1rem" }}>
        {keys.isPending ? <Loading /> : keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} /> : active.length === 0 ? <Empty title="No API keys yet" /> : (
          <table className="table">
            <thead><tr><th>Name</th><th>Key</th><th className="hide-mobile">Last used</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {active.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}<div className="small muted">created <Time iso={k.created_at} /></div></td>
                  <td className="mono small">{k.prefix}…</td>
                  <td className="hide-mobile"><Time iso={k.last_used_at} /></td>
                  <td style={{ textAlign: "right" }}><button type="button" className="btn small danger" onClick={() => revoke.mutate(k.id)} disabled={revoke.isPending}>Revoke</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
