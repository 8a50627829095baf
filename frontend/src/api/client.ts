// The one way the frontend talks to the REST API: same origin, session cookie + Django's CSRF token.

/** The API's error answer: {"error": {"code", "message", "pointer"}} (stepcraft/api_errors.py). */
export interface ApiErrorBody {
  code?: string;
  message?: string;
  /** JSON pointer of the offending field of the request, when there is one. */
  pointer?: string | null;
}

export class ApiError extends Error {
  readonly error: ApiErrorBody;

  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error: ApiErrorBody = (body && typeof body === "object" && (body as { error?: ApiErrorBody }).error) || {};
    super(error.message ? (error.pointer ? `${error.message} (${error.pointer})` : error.message) : `HTTP ${status}`);
    this.error = error;
  }
}

/** A readable message from anything a failed call throws. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 || response.status === 403) {
    // Signed out (session expired): back to the login page, then here again.
    if (response.status === 401) window.location.assign(`/accounts/login/?next=${encodeURIComponent(location.pathname)}`);
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
};

/** Query string from the defined values of an object. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
