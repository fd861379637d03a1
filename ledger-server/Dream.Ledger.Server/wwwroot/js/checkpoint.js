// C2SP tlog-checkpoint signed notes: parse them and check the grid authority's Ed25519 signature with WebCrypto.
import { fromBase64, sha256, utf8, equal, toHex } from './bytes.js';

/** Splits a signed note into its signed text (origin, size, root, ends with a newline) and signature lines. */
export function parseCheckpoint(note) {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('the note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('a checkpoint has at least three lines: origin, size, root');
  if (!/^[0-9]+$/.test(lines[1])) throw new Error(`the size line "${lines[1]}" is not a decimal number`);
  const root = fromBase64(lines[2]);
  if (root.length !== 32) throw new Error(`the root is ${root.length} bytes, not 32`);
  const signatures = note.slice(split + 2).split('\n').filter((l) => l.length > 0).map((line) => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error(`"${line}" is not a signature line`);
    const raw = fromBase64(m[2]);
    return { line, name: m[1], keyId: raw.slice(0, 4), signature: raw.slice(4) };
  });
  return { text, origin: lines[0], size: Number(lines[1]), rootBase64: lines[2], root, signatures };
}

/** A verifier key "name+keyid+base64(0x01 || public key)"; the key id is checked against the name and key. */
export async function parseVerifierKey(verifierKey) {
  // name+keyid+key: the name has no '+', but base64 may, so split at the first two only
  const text = verifierKey.trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new Error('a verifier key has three parts: name+keyid+key');
  const name = text.slice(0, first), idHex = text.slice(first + 1, second), keyBase64 = text.slice(second + 1);
  const material = fromBase64(keyBase64);
  if (material.length !== 33 || material[0] !== 0x01) throw new Error('the verifier key is not an Ed25519 key (type byte 0x01 and 32 bytes)');
  const publicKey = material.slice(1);
  const expected = (await sha256(utf8(name), new Uint8Array([0x0a, 0x01]), publicKey)).slice(0, 4);
  if (toHex(expected) !== idHex.toLowerCase()) throw new Error(`the key id ${idHex} does not match the name and key (${toHex(expected)})`);
  return { name, keyId: expected, publicKey };
}

/**
 * Verifies the checkpoint's signature by the given verifier key. Returns { supported: false } when the
 * browser's WebCrypto has no Ed25519 (Chromium and Firefox have it; older browsers do not).
 */
export async function verifyCheckpointSignature(checkpoint, verifier) {
  const line = checkpoint.signatures.find((s) => s.name === verifier.name && equal(s.keyId, verifier.keyId));
  if (!line) return { supported: true, ok: false, reason: `no signature by ${verifier.name}` };
  if (line.signature.length !== 64) return { supported: true, ok: false, reason: 'the signature is not 64 bytes' };
  let key;
  try {
    key = await crypto.subtle.importKey('raw', verifier.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return { supported: false, ok: false, reason: `this browser has no Ed25519 in WebCrypto (${e.name})` };
  }
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, line.signature, utf8(checkpoint.text));
  return { supported: true, ok, line: line.line, reason: ok ? '' : 'the signature does not match the text' };
}

/** A witness key "name+keyid+base64(0x04 || public key)" (C2SP tlog-cosignature, cosignature/v1 Ed25519). */
export async function parseWitnessKey(verifierKey) {
  const text = verifierKey.trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new Error('a witness key has three parts: name+keyid+key');
  const name = text.slice(0, first), idHex = text.slice(first + 1, second);
  const material = fromBase64(text.slice(second + 1));
  if (material.length !== 33 || material[0] !== 0x04) throw new Error('the witness key is not a cosignature/v1 Ed25519 key (type byte 0x04 and 32 bytes)');
  const publicKey = material.slice(1);
  const expected = (await sha256(utf8(name), new Uint8Array([0x0a, 0x04]), publicKey)).slice(0, 4);
  if (toHex(expected) !== idHex.toLowerCase()) throw new Error(`the key id ${idHex} does not match the name and key (${toHex(expected)})`);
  return { name, keyId: expected, publicKey };
}

/**
 * Verifies a witness's cosignature/v1 on the checkpoint: key id || u64 big-endian timestamp || Ed25519 signature
 * over "cosignature/v1\ntime <t>\n" + the checkpoint text. Returns { supported, ok, time, reason }.
 */
export async function verifyCosignature(checkpoint, witness) {
  const line = checkpoint.signatures.find((s) => s.name === witness.name && equal(s.keyId, witness.keyId));
  if (!line) return { supported: true, ok: false, reason: `no cosignature by ${witness.name}` };
  if (line.signature.length !== 72) return { supported: true, ok: false, reason: 'a cosignature is 8 + 64 bytes' };
  const seconds = new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0);
  let key;
  try {
    key = await crypto.subtle.importKey('raw', witness.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return { supported: false, ok: false, reason: `this browser has no Ed25519 in WebCrypto (${e.name})` };
  }
  const message = utf8(`cosignature/v1\ntime ${seconds}\n${checkpoint.text}`);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, line.signature.slice(8), message);
  return { supported: true, ok, time: Number(seconds) * 1000, reason: ok ? '' : 'the cosignature does not match the text' };
}

/** How many of the witnesses validly cosigned the checkpoint, against the threshold (k of n). */
export async function checkWitnesses(checkpoint, witnessKeys, threshold) {
  const results = [];
  for (const key of witnessKeys) {
    try {
      const witness = await parseWitnessKey(key);
      results.push({ name: witness.name, ...(await verifyCosignature(checkpoint, witness)) });
    } catch (e) {
      results.push({ name: key, supported: true, ok: false, reason: e.message });
    }
  }
  const required = threshold > 0 ? Math.min(threshold, witnessKeys.length) : witnessKeys.length;
  const valid = results.filter((r) => r.ok).length;
  return { results, valid, required, ok: valid >= required, supported: results.every((r) => r.supported) };
}
