// A tiny element builder: the pages never use innerHTML with data from the server.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function replace(target, ...children) {
  const el = typeof target === 'string' ? document.getElementById(target) : target;
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  return el;
}

export const shortDid = (did) => (did && did.length > 24 ? `${did.slice(0, 16)}…${did.slice(-6)}` : did ?? '');
export const shortHash = (text) => (text && text.length > 16 ? `${text.slice(0, 12)}…` : text ?? '');
export const time = (ms) => (ms === null || ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

/** A table from rows and [header, cell function] columns. */
export function table(rows, columns, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(([name]) => h('th', {}, name)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))));
}

export const notAvailable = (what, serverMessage) => (serverMessage
  ? h('p', { class: 'muted' }, serverMessage)
  : h('p', { class: 'na' }, `${what}: not available yet`));
export const failure = (e) => h('p', { class: 'bad' }, e.message ?? String(e));
