import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthProvider } from "../auth/AuthProvider";

export function renderWithApp(ui: ReactElement, { path = "/", routes }: { path?: string; routes?: ReactElement } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <Routes>
            <Route path={path} element={ui} />
            {routes}
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export type Handler = (request: Request) => Response | Promise<Response>;

/** Replace fetch with a router over "METHOD /path" keys; records every request. */
export function stubFetch(routes: Record<string, Handler>) {
  const calls: { method: string; path: string; body: unknown; headers: Headers }[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const url = new URL(request.url, "http://localhost");
    const text = request.method === "GET" ? "" : await request.clone().text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    calls.push({ method: request.method, path: url.pathname, body, headers: request.headers });
    const handler = routes[`${request.method} ${url.pathname}`];
    if (!handler) return json({ error: "NotFound", detail: `no route ${request.method} ${url.pathname}` }, 404);
    return handler(request);
  };
  globalThis.fetch = fetchMock as typeof fetch;
  return calls;
}
