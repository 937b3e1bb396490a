import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { tentacle, unwrap } from "../api/client";
import { useAuth } from "../auth/AuthProvider";
import { BrandMark } from "../auth/AuthLayout";
import { applyTheme, effectiveTheme, savedTheme, type ThemeChoice } from "../theme";
import { Icon } from "./icons";
import { useOnline } from "./useOnline";

const NAV = [
  { to: "/inbox", label: "Inbox", icon: "inbox" },
  { to: "/decisions", label: "Decisions", icon: "decisions" },
  { to: "/tasks", label: "Tasks", icon: "tasks" },
  { to: "/workspace", label: "Workspace", icon: "workspace" },
  { to: "/files", label: "Files", icon: "files" },
  { to: "/memory", label: "Memory", icon: "memory" },
  { to: "/settings", label: "Settings", icon: "settings" },
];

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(savedTheme);
  const [, setSystemChanged] = useState(0);
  useEffect(() => {
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    const changed = () => setSystemChanged((n) => n + 1);
    media?.addEventListener("change", changed);
    return () => media?.removeEventListener("change", changed);
  }, []);
  const dark = effectiveTheme(choice) === "dark";
  return (
    <button
      type="button"
      className="btn ghost small"
      aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
      aria-pressed={dark}
      onClick={() => {
        const next: ThemeChoice = dark ? "light" : "dark";
        applyTheme(next);
        setChoice(next);
      }}
    >
      <Icon name={dark ? "sun" : "moon"} size={16} />
      <span>{dark ? "Light" : "Dark"} theme</span>
    </button>
  );
}

function usePendingDecisions(): number {
  const { data } = useQuery({
    queryKey: ["checkpoints", "pending"],
    queryFn: () => unwrap(tentacle.GET("/api/v1/checkpoints", { params: { query: { status: "pending" } } })),
    refetchInterval: 15000,
  });
  return data?.items.length ?? 0;
}

function useInboxCounts() {
  const { data } = useQuery({
    queryKey: ["inbox", "conversations", "counts"],
    queryFn: () => unwrap(tentacle.GET("/api/v1/inbox/counts")),
    refetchInterval: 15000,
  });
  return data;
}

export function AppShell() {
  const { user, signOut } = useAuth();
  const online = useOnline();
  const [navOpen, setNavOpen] = useState(false);
  const location = useLocation();
  const pending = usePendingDecisions();
  const inbox = useInboxCounts();
  useEffect(() => setNavOpen(false), [location.pathname]);

  return (
    <div className={`shell ${navOpen ? "nav-open" : ""}`}>
      <a href="#main" className="sr-only">Skip to content</a>
      <header className="topbar">
        <BrandMark />
        <button type="button" className="btn ghost small" aria-expanded={navOpen} aria-controls="sidebar" onClick={() => setNavOpen((v) => !v)}>
          <Icon name={navOpen ? "close" : "menu"} />
          <span className="sr-only">Menu</span>
        </button>
      </header>
      <aside className="sidebar" id="sidebar">
        <div className="hide-mobile" style={{ padding: "0 .4rem" }}>
          <BrandMark />
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={({ isActive }) => `nav-link ${isActive ? "active" : ""}`}>
                  <Icon name={item.icon} />
                  {item.label}
                  {item.to === "/inbox" && (inbox?.unread ?? 0) > 0 && (
                    <span className="count" aria-label={`${inbox?.unread} unread`}>{inbox?.unread}</span>
                  )}
                  {item.to === "/decisions" && pending > 0 && (
                    <span className="count" aria-label={`${pending} waiting`}>{pending}</span>
                  )}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <ThemeToggle />
          <div className="row spread" style={{ padding: "0 .4rem" }}>
            <span className="truncate muted" title={user?.email}>{user?.display_name ?? user?.email}</span>
            <button type="button" className="btn ghost small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main className="main" id="main">
        {!online && (
          <div className="conn-banner" role="status">
            You're offline. Changes will resume when the connection is back.
          </div>
        )}
        {user && !user.email_verified && !location.pathname.startsWith("/settings/profile") && (
          <div className="conn-banner" style={{ background: "var(--info-soft)", color: "var(--text)" }}>
            Please confirm your email address. <NavLink to="/settings/profile">Enter the code</NavLink>
          </div>
        )}
        <Outlet />
      </main>
    </div>
  );
}
