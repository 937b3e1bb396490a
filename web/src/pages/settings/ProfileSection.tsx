import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { inkpass, unwrap } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { Field, FormError } from "../../components/ui";

export function ProfileSection() {
  const { user, reloadUser } = useAuth();
  const [name, setName] = useState(user?.display_name ?? "");
  const save = useMutation({
    mutationFn: () => unwrap(inkpass.PATCH("/api/v1/users/me", { body: { display_name: name } })),
    onSuccess: () => reloadUser(),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <section className="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <form className="stack" onSubmit={submit}>
        <Field label="Display name" value={name} required onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <span className="label">Email</span>
          <span>
            {user?.email}{" "}
            {user?.email_verified ? <span className="badge ok">verified</span> : <span className="badge warn">not verified</span>}
          </span>
        </div>
        <FormError error={save.error} />
        {save.isSuccess && <div className="alert ok" role="status">Saved.</div>}
        <div><button className="btn primary" type="submit" disabled={save.isPending || !name.trim()}>Save</button></div>
      </form>
    </section>
  );
}

export function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () =>
      unwrap(inkpass.POST("/api/v1/auth/password/change", { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent("");
      setNext("");
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate();
  }
  return (
    <section className="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <form className="stack" onSubmit={submit}>
        <Field label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field label="New password" type="password" autoComplete="new-password" required minLength={8} value={next} onChange={(e) => setNext(e.target.value)} />
        <FormError error={change.error} />
        {change.isSuccess && <div className="alert ok" role="status">Password changed.</div>}
        <div><button className="btn primary" type="submit" disabled={change.isPending}>Change password</button></div>
      </form>
    </section>
  );
}
