import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { inkpass, unwrap } from "../api/client";
import { Field, FormError } from "../components/ui";
import { AuthLayout } from "./AuthLayout";

export function ResetPasswordPage() {
  const navigate = useNavigate();
  const [step, setStep] = useState<"request" | "confirm">("request");
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function request(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(inkpass.POST("/api/v1/auth/password/forgot", { body: { email } }));
      setStep("confirm");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        inkpass.POST("/api/v1/auth/password/reset", { body: { email, code: code.trim(), new_password: password } }),
      );
      navigate("/login", { replace: true, state: { notice: "Your password was changed. Sign in with the new one." } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title={step === "request" ? "Reset your password" : "Choose a new password"}
      subtitle={
        step === "request"
          ? "We'll email you a code to set a new password."
          : <>If an account exists for <strong>{email}</strong>, a reset code is on its way.</>
      }
      foot={<Link to="/login">Back to sign in</Link>}
    >
      {step === "request" ? (
        <form className="stack" onSubmit={request} aria-label="Request password reset">
          <FormError error={error} />
          <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
          <button className="btn primary block" type="submit" disabled={busy}>
            {busy ? "Sending…" : "Send reset code"}
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={confirm} aria-label="Set new password">
          <FormError error={error} />
          <Field label="Reset code" name="code" autoComplete="one-time-code" required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
          <Field label="New password" name="new_password" type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
          <button className="btn primary block" type="submit" disabled={busy}>
            {busy ? "Saving…" : "Set new password"}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
