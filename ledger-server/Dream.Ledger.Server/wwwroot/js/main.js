// The dashboard's shell: the token, the tabs and the refresh loop.
import { adoptTokenFromFragment, token, setToken, clearToken, Unauthorized } from './api.js';
import { refreshOverview } from './views/overview.js';
import { refreshEnergy } from './views/energy.js';
import { refreshMarket } from './views/market.js';
import { proveEntry } from './views/prove.js';

const REFRESH_MS = 3000;
const views = { overview: refreshOverview, energy: refreshEnergy, market: refreshMarket, prove: null };
let current = 'overview';
let timer = null;
let refreshes = 0;

const status = (text, bad = false) => {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = bad ? 'status bad' : 'status';
};

function show(view) {
  current = view;
  for (const button of document.querySelectorAll('#tabs button')) button.classList.toggle('active', button.dataset.view === view);
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${view}`;
  refreshNow();
}

async function prove(index) {
  show('prove');
  document.getElementById('prove-index').value = index;
  document.getElementById('prove-tamper').checked = false;
  await proveEntry(index);
}

async function refreshNow() {
  clearTimeout(timer);
  if (!token()) return needToken('');
  try {
    const refresh = views[current];
    if (refresh) await refresh({ prove });
    refreshes++;
    document.body.dataset.refreshes = String(refreshes);
    status(`updated ${new Date().toLocaleTimeString()}`);
  } catch (e) {
    if (e instanceof Unauthorized) {
      clearToken();
      return needToken(e.message);
    }
    status(e.message ?? String(e), true);
  }
  timer = setTimeout(refreshNow, REFRESH_MS);
}

function needToken(message) {
  document.getElementById('login').hidden = false;
  document.getElementById('views').hidden = true;
  document.getElementById('login-error').textContent = message;
  status('no token', true);
}

function start() {
  adoptTokenFromFragment();
  document.getElementById('refresh-seconds').textContent = String(REFRESH_MS / 1000);
  for (const button of document.querySelectorAll('#tabs button')) button.addEventListener('click', () => show(button.dataset.view));
  document.getElementById('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(document.getElementById('login-token').value.trim());
    document.getElementById('login').hidden = true;
    document.getElementById('views').hidden = false;
    refreshNow();
  });
  document.getElementById('prove-form').addEventListener('submit', (e) => {
    e.preventDefault();
    proveEntry(Number(document.getElementById('prove-index').value), { tamper: document.getElementById('prove-tamper').checked });
  });
  show('overview');
}

start();
