// Market: auctions with their bids, promises, settlements and the tariff, from the market API asked as the
// grid authority. Parts of the API the server does not have yet say "not available yet".
import { dashboard, NotAvailable } from '../api.js';
import { h, replace, table, shortDid, failure, notAvailable } from '../dom.js';

const SECTIONS = [
  ['auctions', 'market-auctions', 'Auctions'],
  ['promises', 'market-promises', 'Promises'],
  ['settlements', 'market-settlements', 'Settlements'],
  ['tariff', 'market-tariff', 'Tariff'],
];

const MAX_AUCTION_DETAILS = 20;

// The columns worth a glance, when the API answers with them; anything else shows every field. Money columns
// are the API's amounts in currency units ("1.75 EUR", formatted by the ledger); the integer minor units beside
// them (fooMinor) are for programs, not shown.
const COLUMNS = {
  auctions: ['id', 'promise', 'seller', 'basePrice', 'deadline', 'status', 'bestBidder', 'bestBid', 'bids'],
  promises: ['id', 'supplier', 'owner', 'amountWh', 'start', 'end', 'deposit', 'status', 'auction', 'outcome', 'deliveredWh'],
  settlements: ['auction', 'promise', 'buyer', 'seller', 'price', 'at', 'signedBy', 'logIndex'],
  tariff: ['version', 'currency', 'penaltyPerKwh', 'gridFeePerKwh', 'minWh', 'maxWh', 'graceMs', 'at'],
};

/** did -> display name of the registered participants, so tables say who, not only which key. */
let names = new Map();

/** Opens the in-browser proof of a log entry; set by the shell on each refresh. */
let proveEntry = null;

export async function refreshMarket({ prove } = {}) {
  proveEntry = prove ?? null;
  try {
    names = new Map((await dashboard('participants')).map((p) => [p.did, p.name]));
  } catch { /* names are a nicety */ }
  await Promise.all(SECTIONS.map(async ([path, target, title]) => {
    try {
      let body = await dashboard(`market/${path}`);
      if (path === 'auctions') body = await withBids(body);
      replace(target, render(body, title, COLUMNS[path]));
    } catch (e) {
      replace(target, e instanceof NotAvailable ? notAvailable(title, e.serverMessage) : failure(e));
    }
  }));
}

/** The list leaves bids out; the newest auctions' own pages carry them. */
async function withBids(body) {
  const list = rowsOf(body);
  if (!list || list.length === 0 || list[0].bids !== null && list[0].bids !== undefined) return body;
  const newest = list.slice(-MAX_AUCTION_DETAILS);
  const details = await Promise.all(newest.map((a) => dashboard(`market/auctions/${encodeURIComponent(a.id)}`).catch(() => a)));
  return [...list.slice(0, list.length - newest.length), ...details].reverse();
}

/** The list in a response: the array itself, or the first array property of an object. */
function rowsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    const list = Object.values(body).find(Array.isArray);
    if (list) return list;
  }
  return null;
}

/** The preferred columns when every row has them all, else every field the rows have. */
function columnsOf(rows, preferred) {
  const keys = readable([...new Set(rows.slice(0, 50).flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : ['value'])))]);
  return preferred && preferred.every((k) => keys.includes(k)) ? preferred : keys;
}

/** Leaves out an amount's minor units where the same amount in currency units is there too. */
function readable(keys) {
  return keys.filter((k) => !(k.endsWith('Minor') && keys.includes(k.slice(0, -'Minor'.length))));
}

function render(body, title, preferred) {
  const rows = rowsOf(body);
  if (rows === null) return keyValues(body, preferred);
  if (rows.length === 0) return h('p', { class: 'muted' }, `No ${title.toLowerCase()} yet.`);
  const keys = columnsOf(rows, preferred);
  return table(rows, keys.map((k) => [k, (r) => cell(k, r && typeof r === 'object' ? r[k] : r)]), { class: 'market-table' });
}

function keyValues(body, preferred) {
  if (!body || typeof body !== 'object') return h('p', {}, String(body));
  const keys = columnsOf([body], preferred);
  return h('dl', { class: 'facts' }, keys.flatMap((k) => [h('dt', {}, k), h('dd', {}, cell(k, body[k]))]));
}

function cell(key, value) {
  if (value === null || value === undefined) return '';
  if (key === 'logIndex' && typeof value === 'number' && proveEntry) {
    const prove = proveEntry;
    return h('button', { type: 'button', class: 'prove-button', 'data-index': value, title: 'prove this transaction is in the signed log', onclick: () => prove(value) }, `#${value}`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, 'none');
    if (typeof value[0] === 'object') {
      const keys = readable([...new Set(value.flatMap((v) => Object.keys(v ?? {})))]);
      return table(value, keys.map((k) => [k, (v) => cell(k, v?.[k])]), { class: `nested nested-${key}` });
    }
    return h('span', {}, value.map((v) => cell(key, v)).flatMap((c, i) => (i === 0 ? [c] : [', ', c])));
  }
  if (typeof value === 'object') return h('code', {}, JSON.stringify(value));
  if (typeof value === 'string' && value.startsWith('did:')) return h('span', { title: value }, names.get(value) ?? shortDid(value));
  if (typeof value === 'number' && /(At|Ms|Start|End|Deadline)$/i.test(key) && value > 1e12) {
    return h('span', { title: String(value) }, new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
  }
  if (typeof value === 'string' && value.length > 40) return h('span', { title: value }, `${value.slice(0, 12)}…`);
  return String(value);
}
