import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { tentacle, unwrap } from "../../api/client";
import { Empty, ErrorState, FormError, Loading, PageTitle, StatusBadge, Time, formatCost } from "../../components/ui";

const FILTERS = ["all", "executing", "checkpoint", "paused", "completed", "failed"] as const;

export function NewTaskForm() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [goal, setGoal] = useState("");
  const mutation = useMutation({
    mutationFn: (text: string) => unwrap(tentacle.POST("/api/v1/tasks", { body: { goal: text } })),
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      navigate(`/tasks/${task.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (goal.trim()) mutation.mutate(goal.trim());
  }
  return (
    <form className="card stack" onSubmit={submit} aria-label="New task">
      <div className="field">
        <label htmlFor="new-task-goal">What should get done?</label>
        <textarea
          id="new-task-goal"
          rows={2}
          placeholder="e.g. Summarise this week's support tickets and draft a reply to the angriest one"
          value={goal}
          onChange={(e) => setGoal(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              if (goal.trim()) mutation.mutate(goal.trim());
            }
          }}
        />
      </div>
      <FormError error={mutation.error} />
      <div className="row spread">
        <span className="small muted">Enter to start · Shift+Enter for a new line</span>
        <button type="submit" className="btn primary" disabled={!goal.trim() || mutation.isPending}>
          {mutation.isPending ? "Starting…" : "Start task"}
        </button>
      </div>
    </form>
  );
}

export default function TasksPage() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>("all");
  const query = useQuery({
    queryKey: ["tasks", filter],
    queryFn: () =>
      unwrap(tentacle.GET("/api/v1/tasks", { params: { query: filter === "all" ? {} : { status: filter } } })),
    refetchInterval: 5000,
  });
  return (
    <div className="page">
      <PageTitle title="Tasks">
        <p>Goals you've handed off, and how they're going.</p>
      </PageTitle>
      <NewTaskForm />
      <div className="filters" role="group" aria-label="Filter tasks" style={{ marginTop: "1.25rem" }}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {f === "all" ? "All" : f === "checkpoint" ? "Waiting on you" : f[0].toUpperCase() + f.slice(1)}
          </button>
        ))}
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Empty title="No tasks here yet">Describe a goal above and agents will plan and carry it out.</Empty>
      ) : (
        <ul className="list" aria-label="Tasks">
          {query.data.items.map((task) => (
            <li key={task.id}>
              <Link className="list-item" to={`/tasks/${task.id}`}>
                <div className="grow">
                  <div className="truncate" style={{ fontWeight: 550 }}>{task.goal}</div>
                  <div className="small muted">
                    <Time iso={task.created_at} /> · {formatCost(task.cost_usd)}
                    {task.fast_path ? " · answered directly" : ""}
                  </div>
                </div>
                <StatusBadge status={task.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
