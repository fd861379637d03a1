// Talks to the dashboard's data endpoints on the admin listener with the admin token as a bearer token.

const TOKEN_KEY = 'dream-dashboard-token';

/** A section whose API the server does not have (yet): the page says so instead of breaking. */
export class NotAvailable extends Error {
  constructor(path, status, serverMessage) {
    super(serverMessage ?? `${path}: not available yet (HTTP ${status})`);
    this.status = status;
    // set when the API exists and says why there is nothing (e.g. no tariff published yet)
    this.serverMessage = serverMessage;
  }
}

export class Unauthorized extends Error {}

/** Takes #token=... from the address into sessionStorage and out of the address bar and history. */
export function adoptTokenFromFragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
  }
}

export const token = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (value) => sessionStorage.setItem(TOKEN_KEY, value);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

async function request(path, asText) {
  const headers = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized(`${path}: the admin token was refused`);
  if (response.status === 404 || response.status === 501) {
    let message = null;
    try { message = (await response.json()).message ?? null; } catch { /* no body: the route does not exist */ }
    throw new NotAvailable(path, response.status, message);
  }
  if (!response.ok) {
    let detail = '';
    try { detail = (await response.json()).message ?? ''; } catch { /* not JSON */ }
    throw new Error(`${path}: HTTP ${response.status} ${detail}`);
  }
  return asText ? response.text() : response.json();
}

/** The dashboard's own data (GA view, needs the token). */
export const dashboard = (path) => request(`/dashboard/api/${path}`, false);

/** The public log API: checkpoint, key and proofs are for anyone. */
export const publicText = (path) => request(path, true);
export const publicJson = (path) => request(path, false);
