import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { tentacle, unwrap } from "../../api/client";
import { Empty, ErrorState, FormError, Loading, formatCost } from "../../components/ui";

function Meter({ label, used, max, format }: { label: string; used: number; max: number | null | undefined; format: (n: number) => string }) {
  const percent = max ? Math.min(100, (used / max) * 100) : 0;
  return (
    <div className="stack" style={{ gap: ".3rem" }}>
      <div className="row spread small"><span>{label}</span><span>{format(used)}{max ? ` of ${format(max)}` : " (no limit)"}</span></div>
      {max ? <div className="progress" role="progressbar" aria-label={label} aria-valuenow={Math.round(percent)} aria-valuemin={0} aria-valuemax={100}><span style={{ width: `${percent}%` }} /></div> : null}
    </div>
  );
}

export function BudgetsSection() {
  const queryClient = useQueryClient();
  const usage = useQuery({ queryKey: ["budgets", "usage"], queryFn: () => unwrap(tentacle.GET("/api/v1/budgets/usage")) });
  const limits = useQuery({ queryKey: ["budgets"], queryFn: () => unwrap(tentacle.GET("/api/v1/budgets")) });
  const [scope, setScope] = useState<"organization_day" | "task" | "agent_type">("organization_day");
  const [agentType, setAgentType] = useState("");
  const [maxCost, setMaxCost] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        tentacle.POST("/api/v1/budgets", {
          body: {
            scope,
            agent_type: agentType.trim() || null,
            max_cost_usd: maxCost ? Number(maxCost) : null,
            max_tokens: maxTokens ? Number(maxTokens) : null,
          },
        }),
      ),
    onSuccess: () => {
      setMaxCost("");
      setMaxTokens("");
      void queryClient.invalidateQueries({ queryKey: ["budgets"] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(tentacle.DELETE("/api/v1/budgets/{limit_id}", { params: { path: { limit_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["budgets"] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <>
      <section className="card" aria-labelledby="usage-h">
        <h2 id="usage-h">Today's usage</h2>
        {usage.isPending ? <Loading /> : usage.isError ? <ErrorState error={usage.error} onRetry={() => void usage.refetch()} /> : (
          <div className="stack">
            <Meter label="Spend" used={usage.data.organization_day.cost_usd} max={usage.data.organization_day.max_cost_usd} format={formatCost} />
            <Meter label="Tokens" used={usage.data.organization_day.tokens} max={usage.data.organization_day.max_tokens} format={(n) => n.toLocaleString()} />
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="limits-h">
        <h2 id="limits-h">Limits</h2>
        {limits.isPending ? <Loading /> : limits.isError ? <ErrorState error={limits.error} onRetry={() => void limits.refetch()} /> : limits.data.items.length === 0 ? <Empty title="No limits set">Tasks can still carry their own budget.</Empty> : (
          <table className="table">
            <thead><tr><th>Scope</th><th>Max spend</th><th>Max tokens</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {limits.data.items.map((l) => (
                <tr key={l.id}>
                  <td>{l.scope.replace(/_/g, " ")}{l.agent_type && <div className="small muted mono">{l.agent_type}</div>}</td>
                  <td>{l.max_cost_usd != null ? formatCost(l.max_cost_usd) : "—"}</td>
                  <td>{l.max_tokens != null ? l.max_tokens.toLocaleString() : "—"}</td>
                  <td style={{ textAlign: "right" }}><button type="button" className="btn small danger" onClick={() => remove.mutate(l.id)}>Remove</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form className="stack" onSubmit={submit} aria-label="Add a limit" style={{ marginTop: "1rem" }}>
          <h3>Add a limit</h3>
          <div className="row">
            <div className="field grow">
              <label htmlFor="budget-scope">Scope</label>
              <select id="budget-scope" value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
                <option value="organization_day">Organization, per day</option>
                <option value="task">Each task</option>
                <option value="agent_type">One agent type, per task</option>
              </select>
            </div>
            {scope === "agent_type" && (
              <div className="field grow"><label htmlFor="budget-agent">Agent type</label><input id="budget-agent" value={agentType} onChange={(e) => setAgentType(e.target.value)} /></div>
            )}
            <div className="field grow"><label htmlFor="budget-cost">Max spend (USD)</label><input id="budget-cost" type="number" min="0" step="0.01" value={maxCost} onChange={(e) => setMaxCost(e.target.value)} /></div>
            <div className="field grow"><label htmlFor="budget-tokens">Max tokens</label><input id="budget-tokens" type="number" min="0" step="1" value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} /></div>
          </div>
          <FormError error={create.error ?? remove.error} />
          <div><button className="btn primary" type="submit" disabled={create.isPending || (!maxCost && !maxTokens)}>Add limit</button></div>
        </form>
      </section>
    </>
  );
}
