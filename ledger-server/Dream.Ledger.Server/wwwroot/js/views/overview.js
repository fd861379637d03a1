// Overview: counts, the latest signed checkpoint, and the newest log entries.
import { dashboard } from '../api.js';
import { h, replace, table, shortDid, time } from '../dom.js';
import { parseCheckpoint, parseVerifierKey, verifyCheckpointSignature, checkWitnesses } from '../checkpoint.js';

export async function refreshOverview({ prove }) {
  const [overview, recent] = await Promise.all([dashboard('overview'), dashboard('entries?count=15')]);
  replace('counters',
    counter('log entries', overview.size),
    counter('readings', overview.readings),
    counter('devices', overview.devices),
    counter('passports', overview.passports),
    counter('participants', overview.participants));
  replace('checkpoint', checkpointView(overview), await signatureCheck(overview), await witnessCheck(overview));
  replace('entries', table(recent.entries, [
    ['index', (e) => e.index],
    ['kind', (e) => h('span', { class: `kind kind-${e.kind}` }, e.kind)],
    ['device', (e) => (e.device ? h('span', { title: e.device }, shortDid(e.device)) : '')],
    ['seq', (e) => (e.device ? e.seq : '')],
    ['leaf hash', (e) => h('code', {}, e.leafHash)],
    ['', (e) => h('button', { type: 'button', class: 'prove-button', 'data-index': e.index, onclick: () => prove(e.index) }, 'prove')],
  ], { id: 'entries-table' }));
  return overview;
}

/** The checkpoint's Ed25519 signature, checked by this browser against the verifier key. */
async function signatureCheck(overview) {
  if (!overview.checkpoint) return null;
  try {
    const result = await verifyCheckpointSignature(parseCheckpoint(overview.checkpoint.note), await parseVerifierKey(overview.verifierKey));
    if (!result.supported) return h('p', { id: 'checkpoint-check', class: 'muted' }, `signature not checked here: ${result.reason}`);
    return h('p', { id: 'checkpoint-check', class: result.ok ? 'ok' : 'bad' }, result.ok
      ? '✔ signature valid: checked in this browser (Ed25519, WebCrypto) against the verifier key'
      : `✘ signature invalid: ${result.reason}`);
  } catch (e) {
    return h('p', { id: 'checkpoint-check', class: 'bad' }, `✘ ${e.message}`);
  }
}

/** The witnesses' cosignatures, checked by this browser: k of n valid, as the ledger's witnessThreshold requires. */
async function witnessCheck(overview) {
  if (!overview.checkpoint || overview.witnesses.length === 0) return null;
  const check = await checkWitnesses(parseCheckpoint(overview.checkpoint.note), overview.witnesses.map((w) => w.verifierKey), overview.witnessThreshold);
  if (!check.supported) return h('p', { id: 'witness-check', class: 'muted' }, 'cosignatures not checked here: this browser has no Ed25519 in WebCrypto');
  const detail = check.results.map((r) => `${r.name}: ${r.ok ? 'cosigned ' + time(r.time) : r.reason}`).join('; ');
  return h('p', { id: 'witness-check', class: check.ok ? 'ok' : 'bad' }, check.ok
    ? `✔ witnessed: ${check.valid} of ${overview.witnesses.length} witnesses cosigned (${check.required} required), checked in this browser. ${detail}`
    : `✘ not witnessed: ${check.valid} valid cosignature(s), ${check.required} of ${overview.witnesses.length} required. ${detail}`);
}

function counter(label, value) {
  return h('div', { class: 'counter' }, h('div', { class: 'value' }, String(value)), h('div', { class: 'label' }, label));
}

function checkpointView(overview) {
  const c = overview.checkpoint;
  if (!c) return h('p', { class: 'na' }, 'No checkpoint has been signed yet.');
  const lines = c.note.split('\n');
  const signatures = lines.slice(lines.indexOf('') + 1).filter((l) => l.length > 0);
  return h('dl', { class: 'facts', id: 'checkpoint-facts' },
    h('dt', {}, 'origin'), h('dd', { id: 'checkpoint-origin' }, lines[0]),
    h('dt', {}, 'tree size'), h('dd', { id: 'checkpoint-size' }, lines[1]),
    h('dt', {}, 'root hash'), h('dd', {}, h('code', { id: 'checkpoint-root' }, lines[2])),
    h('dt', {}, 'signature'), h('dd', {}, signatures.map((s) => h('code', { class: 'signature-line' }, s))),
    h('dt', {}, 'signed at'), h('dd', {}, time(c.signedAt)),
    h('dt', {}, 'grid authority'), h('dd', { title: overview.gridAuthority }, shortDid(overview.gridAuthority)),
    h('dt', {}, 'verifier key'), h('dd', {}, h('code', {}, overview.verifierKey)),
    h('dt', {}, 'log head'), h('dd', {}, `${overview.size} entries (checkpoints follow within seconds)`));
}
