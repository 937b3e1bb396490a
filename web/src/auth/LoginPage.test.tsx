import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import { json, renderWithApp, stubFetch } from "../test/render";
import { LoginPage } from "./LoginPage";

const TOKENS = {
  access_token: "access-1",
  refresh_token: "refresh-1",
  token_type: "bearer",
  expires_in: 1800,
  organization_id: "org-1",
  user_id: "user-1",
};
const ME = {
  id: "user-1",
  email: "ada@example.com",
  display_name: "Ada",
  email_verified: true,
  email_verified_at: null,
  totp_enabled: true,
  has_password: true,
  created_at: "2026-11-21T00:00:00Z",
};

function renderLogin() {
  return renderWithApp(<LoginPage />, {
    path: "/login",
    routes: <Route path="/" element={<h1>Home page</h1>} />,
  });
}

describe("LoginPage", () => {
  it("signs in straight away without 2FA and keeps only the refresh token", async () => {
    const calls = stubFetch({
      "POST /api/v1/auth/login": () => json(TOKENS),
      "GET /api/v1/users/me": () => json(ME),
    });
    renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "secret-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "Home page" });
    expect(calls[0].body).toEqual({ email: "ada@example.com", password: "secret-password" });
    const me = calls.find((c) => c.path === "/api/v1/users/me")!;
    expect(me.headers.get("Authorization")).toBe("Bearer access-1");
    const stored = localStorage.getItem("fluxos.session")!;
    expect(JSON.parse(stored)).toEqual({ refresh_token: "refresh-1", user_id: "user-1", organization_id: "org-1" });
    expect(stored).not.toContain("access-1");
  });

  it("asks for the TOTP code, shows a refused code, then signs in", async () => {
    let attempts = 0;
    const calls = stubFetch({
      "POST /api/v1/auth/login": () => json({ mfa_required: true, mfa_token: "mfa-1", expires_in: 300 }),
      "POST /api/v1/auth/login/2fa": () => {
        attempts += 1;
        return attempts === 1
          ? json({ error: "InvalidCode", detail: "that code is not valid" }, 401)
          : json(TOKENS);
      },
      "GET /api/v1/users/me": () => json(ME),
    });
    renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "secret-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    const code = await screen.findByLabelText("Authentication code");
    await waitFor(() => expect(document.activeElement).toBe(code));
    expect(localStorage.getItem("fluxos.session")).toBeNull();
    const verify = screen.getByRole("button", { name: "Verify" }) as HTMLButtonElement;
    expect(verify.disabled).toBe(true);
    await userEvent.type(code, "123456");
    await userEvent.click(verify);
    expect((await screen.findByRole("alert")).textContent).toContain("that code is not valid");
    expect(screen.queryByRole("heading", { name: "Home page" })).toBeNull();

    fireEvent.change(code, { target: { value: "654321" } });
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    await screen.findByRole("heading", { name: "Home page" });
    const second = calls.filter((c) => c.path === "/api/v1/auth/login/2fa");
    expect(second.map((c) => c.body)).toEqual([
      { mfa_token: "mfa-1", code: "123456" },
      { mfa_token: "mfa-1", code: "654321" },
    ]);
  });

  it("shows the server's error for wrong credentials and stays on the form", async () => {
    stubFetch({
      "POST /api/v1/auth/login": () => json({ error: "InvalidCredentials", detail: "wrong email or password" }, 401),
    });
    renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "nope-nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("wrong email or password");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });
});
