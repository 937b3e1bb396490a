import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { LoginPage } from "./auth/LoginPage";
import { ResetPasswordPage } from "./auth/ResetPasswordPage";
import { SignupPage } from "./auth/SignupPage";
import { useAuth } from "./auth/AuthProvider";
import { Loading } from "./components/ui";
import { AppShell } from "./layout/AppShell";

const TasksPage = lazy(() => import("./pages/tasks/TasksPage"));
const TaskDetailPage = lazy(() => import("./pages/tasks/TaskDetailPage"));
const DecisionsPage = lazy(() => import("./pages/decisions/DecisionsPage"));
const SettingsPage = lazy(() => import("./pages/settings/SettingsPage"));
const WorkspacePage = lazy(() => import("./pages/workspace/WorkspacePage"));
const FilesPage = lazy(() => import("./pages/files/FilesPage"));
const InboxPage = lazy(() => import("./pages/inbox/InboxPage"));
const MemoryPage = lazy(() => import("./pages/memory/MemoryPage"));

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === "loading") return <Loading label="Signing you in…" />;
  if (status === "signedOut") return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function PublicOnly({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  if (status === "loading") return <Loading />;
  if (status === "signedIn") return <Navigate to="/" replace />;
  return children;
}

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<PublicOnly><LoginPage /></PublicOnly>} />
      <Route path="/signup" element={<PublicOnly><SignupPage /></PublicOnly>} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<RequireAuth><AppShell /></RequireAuth>}>
        <Route index element={<Navigate to="/inbox" replace />} />
        <Route path="inbox" element={<Page><InboxPage /></Page>} />
        <Route path="inbox/:conversationId" element={<Page><InboxPage /></Page>} />
        <Route path="tasks" element={<Page><TasksPage /></Page>} />
        <Route path="tasks/:taskId" element={<Page><TaskDetailPage /></Page>} />
        <Route path="decisions" element={<Page><DecisionsPage /></Page>} />
        <Route path="workspace" element={<Page><WorkspacePage /></Page>} />
        <Route path="files" element={<Page><FilesPage /></Page>} />
        <Route path="memory" element={<Page><MemoryPage /></Page>} />
        <Route path="settings/*" element={<Page><SettingsPage /></Page>} />
        <Route path="*" element={<div className="page"><h1>Page not found</h1><p className="muted">That page doesn't exist.</p></div>} />
      </Route>
    </Routes>
  );
}
