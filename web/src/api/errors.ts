/** The platform's error body is `{"error", "detail"}`; this carries it (and the status) to the UI. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(status: number, code: string, detail: string) {
    super(detail || code || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown = null;
    try {
      body = await response.clone().json();
    } catch {
      body = null;
    }
    return ApiError.fromBody(response.status, body);
  }

  static fromBody(status: number, body: unknown): ApiError {
    if (body && typeof body === "object") {
      const record = body as Record<string, unknown>;
      const code = typeof record.error === "string" ? record.error : `HTTP${status}`;
      const detail =
        typeof record.detail === "string" ? record.detail : describeStatus(status);
      return new ApiError(status, code, detail);
    }
    return new ApiError(status, `HTTP${status}`, describeStatus(status));
  }
}

export class NetworkError extends Error {
  constructor(message = "Can't reach fluxos. Check your connection.") {
    super(message);
    this.name = "NetworkError";
  }
}

function describeStatus(status: number): string {
  if (status === 401) return "Your session has ended. Please sign in again.";
  if (status === 403) return "You don't have permission to do that.";
  if (status === 404) return "Not found.";
  if (status === 429) return "Too many attempts. Please wait a moment and try again.";
  if (status >= 500) return "Something went wrong on the server. Please try again.";
  return `Request failed (HTTP ${status}).`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
