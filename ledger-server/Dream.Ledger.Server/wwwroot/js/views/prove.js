// "Prove this reading": the browser itself checks an entry against the signed checkpoint, step by step.
import { dashboard, publicText, publicJson } from '../api.js';
import { h, replace } from '../dom.js';
import { fromBase64, toBase64, equal } from '../bytes.js';
import { leafHash, verifyInclusion } from '../merkle.js';
import { parseCheckpoint, parseVerifierKey, verifyCheckpointSignature } from '../checkpoint.js';

export async function proveEntry(index, { tamper = false } = {}) {
  const steps = [];
  const verdict = document.getElementById('prove-verdict');
  verdict.className = 'verdict working';
  verdict.textContent = `checking entry #${index}…`;
  replace('prove-steps');
  document.getElementById('prove-entry-box').hidden = true;
  const step = (ok, title, detail) => {
    steps.push(ok);
    const mark = ok === true ? '✔' : ok === false ? '✘' : '–';
    document.getElementById('prove-steps').append(h('li', { class: ok === true ? 'ok' : ok === false ? 'bad' : 'skip' },
      h('span', { class: 'mark' }, mark), ' ', h('strong', {}, title), detail ? h('div', { class: 'detail' }, detail) : null));
  };
  const finish = (ok, text) => {
    verdict.className = `verdict ${ok ? 'ok' : 'bad'}`;
    verdict.textContent = text;
    return ok;
  };

  try {
    // 1. the entry's bytes, from the grid authority's view
    const fetched = await dashboard(`entries/${index}`);
    const entry = fromBase64(fetched.entry);
    step(true, `Fetched entry #${index}`, `${fetched.kind}, ${entry.length} bytes${fetched.device ? `, device ${fetched.device}, sequence ${fetched.seq}` : ''}`);
    if (tamper) {
      const at = Math.floor(entry.length / 2);
      entry[at] ^= 0x01;
      step(null, 'Tampered with the entry', `flipped the lowest bit of byte ${at}, as a forger would`);
    }
    showEntry(entry);

    // 2. leaf hash = SHA-256(0x00 || entry)
    const leaf = await leafHash(entry);
    const leafOk = equal(leaf, fromBase64(fetched.leafHash));
    step(leafOk, 'Leaf hash = SHA-256(0x00 ‖ entry), computed here', `${toBase64(leaf)}${leafOk ? ' — the log\'s leaf hash is the same' : ` — the log's leaf hash is ${fetched.leafHash}`}`);

    // 3. the latest signed checkpoint (public)
    const note = await publicText('/log/checkpoint');
    const checkpoint = parseCheckpoint(note);
    if (index >= checkpoint.size) {
      step(false, 'Latest checkpoint', `tree size ${checkpoint.size} does not cover entry #${index} yet; try again in a few seconds`);
      return finish(false, 'failed: the entry is newer than the latest checkpoint');
    }
    step(true, 'Fetched the latest checkpoint', `origin ${checkpoint.origin}, tree size ${checkpoint.size}, root ${checkpoint.rootBase64}`);

    // 4. the inclusion proof (public), and 5. the root it leads to from our own leaf hash
    const proof = await publicJson(`/log/proof/inclusion?index=${index}&size=${checkpoint.size}`);
    const path = proof.hashes.map(fromBase64);
    step(true, 'Fetched the inclusion proof', `${path.length} sibling hashes for index ${index} in a tree of ${checkpoint.size}`);
    let rootOk = false;
    try {
      const { computed, ok } = await verifyInclusion(index, checkpoint.size, leaf, path, checkpoint.root);
      rootOk = ok;
      step(ok, 'Root recomputed from our leaf hash and the proof (RFC 9162)', `${toBase64(computed)} ${ok ? '— equals the checkpoint\'s root' : `— the checkpoint's root is ${checkpoint.rootBase64}`}`);
    } catch (e) {
      step(false, 'Root recomputed from our leaf hash and the proof (RFC 9162)', e.message);
    }

    // 6. the grid authority's signature on the checkpoint (Ed25519, WebCrypto)
    const verifier = await parseVerifierKey(await publicText('/log/key'));
    step(true, 'Verifier key', `${verifier.name}, key id matches SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)`);
    const signature = await verifyCheckpointSignature(checkpoint, verifier);
    if (!signature.supported) {
      step(null, 'Checkpoint signature (Ed25519)', `skipped: ${signature.reason}; check it with dream-ledger verify`);
    } else {
      step(signature.ok, 'Checkpoint signature (Ed25519) over the checkpoint text', signature.ok ? `valid: ${signature.line}` : signature.reason);
    }

    if (leafOk && rootOk && signature.ok) return finish(true, `verified: entry #${index} is in the log the grid authority signed at size ${checkpoint.size}`);
    if (leafOk && rootOk && !signature.supported) return finish(true, `verified (inclusion only; this browser cannot check Ed25519): entry #${index}`);
    return finish(false, `failed: entry #${index} as checked here is not what the signed log commits to`);
  } catch (e) {
    step(false, 'Error', e.message ?? String(e));
    return finish(false, `failed: ${e.message ?? e}`);
  }
}

function showEntry(entry) {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(entry);
  let shown = text;
  try {
    const envelope = JSON.parse(text);
    const payload = JSON.parse(new TextDecoder().decode(fromBase64(envelope.payload)));
    shown = `${JSON.stringify(payload, null, 2)}\n\nsigned by:\n${envelope.signatures.map((s) => `  ${s.signer}`).join('\n')}`;
  } catch {
    shown = `${text}\n\n(not a well-formed envelope any more)`;
  }
  document.getElementById('prove-entry').textContent = shown;
  document.getElementById('prove-entry-box').hidden = false;
}
