// REST calls to the Synth API: the API key (if any) as a bearer token, and every error as the
// problem+json the API answers (detail and per-field errors), so a page can show it as it is.

const keyName = "synth.apiKey";

/** The API key the user typed, kept for this browser tab only (sessionStorage). */
export function apiKey(): string {
  return sessionStorage.getItem(keyName) ?? "";
}

export function setApiKey(key: string): void {
  if (key) sessionStorage.setItem(keyName, key);
  else sessionStorage.removeItem(keyName);
}

/** An RFC 9457 problem as Synth writes it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

function headers(extra?: HeadersInit): Headers {
  const h = new Headers(extra);
  const key = apiKey();
  if (key) h.set("Authorization", `Bearer ${key}`);
  return h;
}

/** A problem from a failed answer; an answer that is not problem+json still becomes one, with what it said. */
export async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Problem;
    return new ApiError({ ...body, status: body.status ?? response.status });
  } catch {
    return new ApiError({ status: response.status, title: response.statusText, detail: text || `HTTP ${response.status} ${response.statusText}` });
  }
}

export async function request(method: string, path: string, body?: BodyInit | object, contentType?: string): Promise<Response> {
  let payload: BodyInit | undefined;
  const h = headers();
  if (body instanceof Blob || body instanceof FormData || typeof body === "string") {
    payload = body;
    if (contentType) h.set("Content-Type", contentType);
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h.set("Content-Type", "application/json");
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers: h, body: payload });
  } catch (e) {
    throw new ApiError({ status: 0, title: "No answer", detail: `the server did not answer ${method} ${path}: ${(e as Error).message}` });
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request("GET", path)).json()) as T;
}

export async function sendJson<T>(method: string, path: string, body?: object): Promise<T> {
  const response = await request(method, path, body ?? {});
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The query string of a URL for the event streams and the hub, which take the key as access_token (browsers cannot set their headers). */
export function withAccessToken(path: string): string {
  const key = apiKey();
  if (!key) return path;
  return `${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(key)}`;
}
