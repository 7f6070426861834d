// The public API, as a partner's own code calls it: same origin, the key in X-Api-Key, problem details read by `code`.
import { apiKey } from './session.js';

/** A problem details answer (RFC 9457): `code` is what the page translates; `problem` has the rest. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.code ?? `http_${status}`);
    this.status = status;
    this.code = typeof problem?.code === 'string' ? problem.code : null;
    this.problem = problem ?? {};
  }

  /** Every reason the API listed (refusals carry them in upgradeErrors). */
  get upgradeErrors() {
    return Array.isArray(this.problem.upgradeErrors) ? this.problem.upgradeErrors : [];
  }
}

/** The request never got an answer (offline, connection reset): retrying it is safe with the same Idempotency-Key. */
export class NetworkError extends Error {}

// The API's root is the page's parent folder: /api/portal/ → /api/.
const root = new URL('../', document.baseURI);

/** One request; resolves with the Response when it is 2xx, throws ApiError or NetworkError otherwise. */
export async function request(path, { method = 'GET', body, headers = {}, accept = 'application/json', signal } = {}) {
  const all = { Accept: accept, 'X-Api-Key': apiKey() ?? '', ...headers };
  if (body !== undefined) all['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(new URL(path, root), {
      method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error', signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new NetworkError(String(error));
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export const getJson = async (path, options) => (await request(path, options)).json();

/** The path of a customer's resource: ids are encoded, never interpreted. */
export const customerPath = (customerId, ...rest) => ['customers', customerId, ...rest].map(encodeURIComponent).join('/');

/** The path of a subscription's resource. */
export const subscriptionPath = (customerId, subscriptionId, ...rest) => customerPath(customerId, 'subscriptions', subscriptionId, ...rest);

/** A new Idempotency-Key: one per attempt, kept for its retries (a double click, a retry after a network error). */
export const newIdempotencyKey = () => crypto.randomUUID();
