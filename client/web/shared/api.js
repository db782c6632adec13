// The JSON API, as both pages call it: same origin, bearer token, `{ error: { code, message, issues } }` on failure.

/** The server answered with an error status. `issues` are the invalid fields of a 400 ({ path, message }). */
export class ApiError extends Error {
  constructor(status, code, message, issues) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues ?? [];
  }
}

/** The request never got an answer (offline, connection dropped): the caller may keep it and try again. */
export class NetworkError extends Error {
  constructor(cause) {
    super('network unavailable');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/** `tokenOf` is read on every call, so signing out takes effect at once. */
export function createApi(tokenOf) {
  async function request(method, path, body) {
    const headers = { accept: 'application/json' };
    const token = tokenOf();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (err) {
      throw new NetworkError(err);
    }
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = json && json.error ? json.error : { code: `http_${response.status}`, message: response.statusText };
      throw new ApiError(response.status, error.code, error.message, error.issues);
    }
    return json;
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
  };
}

/** Where a token lives: the tab's sessionStorage, so closing the tab signs out. */
export const TOKEN_KEY = 'verivali.token';
export const readToken = () => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);
