import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { mimic, tentacle, unwrap } from "../../api/client";
import { Empty, ErrorState, FormError, Loading, Time, copyText } from "../../components/ui";

const PROVIDERS: Record<string, { label: string; fields: { name: string; label: string; secret?: boolean }[] }> = {
  discord: { label: "Discord", fields: [{ name: "application_id", label: "Application ID" }, { name: "public_key", label: "Public key" }, { name: "bot_token", label: "Bot token", secret: true }] },
  slack: { label: "Slack", fields: [{ name: "signing_secret", label: "Signing secret", secret: true }, { name: "bot_token", label: "Bot token", secret: true }] },
  github: { label: "GitHub", fields: [{ name: "webhook_secret", label: "Webhook secret", secret: true }, { name: "token", label: "Access token", secret: true }] },
  stripe: { label: "Stripe", fields: [{ name: "signing_secret", label: "Signing secret", secret: true }] },
  custom: { label: "Custom webhook", fields: [{ name: "secret", label: "Shared secret", secret: true }, { name: "outbound_url", label: "Outbound URL (optional)" }] },
};

export function IntegrationsSection() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["integrations"], queryFn: () => unwrap(mimic.GET("/api/v1/integrations")) });
  const [provider, setProvider] = useState("github");
  const [name, setName] = useState("");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => {
      const filled = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v.trim()));
      // The body is one of the provider-specific shapes; the server validates it.
      const body = { name, provider, enabled: true, credentials: filled } as never;
      return unwrap(mimic.POST("/api/v1/integrations", { body }));
    },
    onSuccess: () => {
      setName("");
      setCredentials({});
      void queryClient.invalidateQueries({ queryKey: ["integrations"] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(mimic.DELETE("/api/v1/integrations/{integration_id}", { params: { path: { integration_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["integrations"] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section className="card" aria-labelledby="integrations-h">
      <h2 id="integrations-h">Integrations</h2>
      <p className="muted small">Connect chat and developer tools. Point their webhooks at the inbound URL; triggers turn their events into tasks.</p>
      <FormError error={remove.error} />
      {list.isPending ? <Loading /> : list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? <Empty title="No integrations yet" /> : (
        <ul className="list" aria-label="Integrations">
          {list.data.items.map((i) => (
            <li key={i.id} className="list-item">
              <div className="grow">
                <div><strong>{i.name}</strong> <span className="badge">{PROVIDERS[i.provider]?.label ?? i.provider}</span> {!i.enabled && <span className="badge warn">disabled</span>}</div>
                <div className="small muted mono truncate">{new URL(i.inbound_url, window.location.origin).toString()}</div>
                <div className="small muted">added <Time iso={i.created_at} /></div>
              </div>
              <button type="button" className="btn small" onClick={() => void copyText(new URL(i.inbound_url, window.location.origin).toString())}>Copy URL</button>
              <button type="button" className="btn small danger" onClick={() => remove.mutate(i.id)} aria-label={`Remove ${i.name}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} aria-label="Add an integration" style={{ marginTop: "1rem" }}>
        <h3>Add an integration</h3>
        <div className="row">
          <div className="field grow">
            <label htmlFor="int-provider">Service</label>
            <select id="int-provider" value={provider} onChange={(e) => { setProvider(e.target.value); setCredentials({}); }}>
              {Object.entries(PROVIDERS).map(([value, p]) => <option key={value} value={value}>{p.label}</option>)}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor="int-name">Name</label>
            <input id="int-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
        </div>
        {PROVIDERS[provider].fields.map((f) => (
          <div className="field" key={f.name}>
            <label htmlFor={`int-${f.name}`}>{f.label}</label>
            <input id={`int-${f.name}`} type={f.secret ? "password" : "text"} autoComplete="off" value={credentials[f.name] ?? ""} onChange={(e) => setCredentials({ ...credentials, [f.name]: e.target.value })} />
          </div>
        ))}
        <FormError error={create.error} />
        <div><button className="btn primary" type="submit" disabled={create.isPending || !name.trim()}>Add integration</button></div>
      </form>
    </section>
  );
}

export function TriggersSection() {
  const queryClient = useQueryClient();
  const triggers = useQuery({ queryKey: ["triggers"], queryFn: () => unwrap(tentacle.GET("/api/v1/triggers")) });
  const integrations = useQuery({ queryKey: ["integrations"], queryFn: () => unwrap(mimic.GET("/api/v1/integrations")) });
  const [name, setName] = useState("");
  const [pattern, setPattern] = useState("");
  const [goal, setGoal] = useState("");
  const [integration, setIntegration] = useState("");
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: ["triggers"] });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        tentacle.POST("/api/v1/triggers", {
          body: { name, description: "", event_pattern: pattern, goal_template: goal, integration_id: integration || null, planning_mode: "planner", response_type: "none", enabled: true },
        }),
      ),
    onSuccess: () => {
      setName("");
      setPattern("");
      setGoal("");
      invalidate();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, enable }: { id: string; enable: boolean }) =>
      enable
        ? unwrap(tentacle.POST("/api/v1/triggers/{trigger_id}/enable", { params: { path: { trigger_id: id } } }))
        : unwrap(tentacle.POST("/api/v1/triggers/{trigger_id}/disable", { params: { path: { trigger_id: id } } })),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(tentacle.DELETE("/api/v1/triggers/{trigger_id}", { params: { path: { trigger_id: id } } })),
    onSuccess: invalidate,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section className="card" aria-labelledby="triggers-h">
      <h2 id="triggers-h">Triggers</h2>
      <p className="muted small">When an event matches, fluxos starts a task from the goal template.</p>
      <FormError error={toggle.error ?? remove.error} />
      {triggers.isPending ? <Loading /> : triggers.isError ? <ErrorState error={triggers.error} onRetry={() => void triggers.refetch()} /> : triggers.data.items.length === 0 ? <Empty title="No triggers yet" /> : (
        <ul className="list" aria-label="Triggers">
          {triggers.data.items.map((t) => (
            <li key={t.id} className="list-item">
              <div className="grow">
                <div><strong>{t.name}</strong> {t.enabled ? <span className="badge ok">on</span> : <span className="badge">off</span>}</div>
                <div className="small muted mono">{t.provider ? `${t.provider} · ` : ""}{t.event_pattern}</div>
                <div className="small muted">{t.events_matched} matched · last <Time iso={t.last_fired_at} /></div>
              </div>
              <button type="button" className="btn small" onClick={() => toggle.mutate({ id: t.id, enable: !t.enabled })}>{t.enabled ? "Turn off" : "Turn on"}</button>
              <button type="button" className="btn small danger" onClick={() => remove.mutate(t.id)} aria-label={`Delete ${t.name}`}>Delete</button>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} aria-label="Add a trigger" style={{ marginTop: "1rem" }}>
        <h3>Add a trigger</h3>
        <div className="row">
          <div className="field grow"><label htmlFor="trg-name">Name</label><input id="trg-name" value={name} onChange={(e) => setName(e.target.value)} required /></div>
          <div className="field grow">
            <label htmlFor="trg-int">From</label>
            <select id="trg-int" value={integration} onChange={(e) => setIntegration(e.target.value)}>
              <option value="">Any integration</option>
              {(integrations.data?.items ?? []).map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
            </select>
          </div>
        </div>
        <div className="field"><label htmlFor="trg-pattern">Event pattern</label><input id="trg-pattern" placeholder="e.g. github.issues.opened" value={pattern} onChange={(e) => setPattern(e.target.value)} required /></div>
        <div className="field"><label htmlFor="trg-goal">Goal template</label><textarea id="trg-goal" rows={2} placeholder="e.g. Triage the new issue {{event.issue.title}}" value={goal} onChange={(e) => setGoal(e.target.value)} required /></div>
        <FormError error={create.error} />
        <div><button className="btn primary" type="submit" disabled={create.isPending || !name.trim() || !pattern.trim() || !goal.trim()}>Add trigger</button></div>
      </form>
    </section>
  );
}
