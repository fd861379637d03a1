// RFC 6962 / RFC 9162 hashing and inclusion-proof verification, computed in the browser.
import { sha256, equal } from './bytes.js';

const LEAF = new Uint8Array([0x00]);
const NODE = new Uint8Array([0x01]);
const HASH_SIZE = 32;

/** leaf hash = SHA-256(0x00 || entry) */
export const leafHash = (entry) => sha256(LEAF, entry);

/** node hash = SHA-256(0x01 || left || right) */
export const nodeHash = (left, right) => sha256(NODE, left, right);

/**
 * The root an inclusion proof leads to (RFC 9162, section 2.1.3.2), or an error saying why the proof
 * cannot be one. BigInt so that indexes past 2^31 shift correctly.
 */
export async function rootFromInclusionProof(index, size, leaf, path) {
  if (leaf.length !== HASH_SIZE) throw new Error(`the leaf hash is ${leaf.length} bytes, not ${HASH_SIZE}`);
  const short = path.findIndex((p) => p.length !== HASH_SIZE);
  if (short >= 0) throw new Error(`proof hash ${short} is ${path[short].length} bytes, not ${HASH_SIZE}`);
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (fn > sn) throw new Error(`index ${index} is not below the tree size ${size}`);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) throw new Error('the proof is longer than the tree is deep');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('the proof is shorter than the tree is deep');
  return r;
}

export async function verifyInclusion(index, size, leaf, path, root) {
  if (root.length !== HASH_SIZE) throw new Error(`the root is ${root.length} bytes, not ${HASH_SIZE}`);
  const computed = await rootFromInclusionProof(index, size, leaf, path);
  return { computed, ok: equal(computed, root) };
}
