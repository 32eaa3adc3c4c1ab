import { type BinaryToTextEncoding, createHash, type Hash } from 'node:crypto';

/**
 * Characters handed to `Hash.update` at a time. Node encodes a string argument into one native
 * buffer of up to three bytes a character, outside V8's heap. For a story's megabytes of text that
 * buffer is large enough for glibc to map it on its own, and freeing such a block raises glibc's
 * mapping and trimming thresholds to its size for the rest of the process: megabytes freed later
 * stay resident (ADR 0025). 40,000 characters encode to at most 120,000 bytes, under the 128 KiB
 * at which glibc starts mapping.
 */
const SLICE_CHARS = 40_000;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Feeds `text` to `hash` as UTF-8, slice by slice; the digest is the one of the whole text. */
export function updateInSlices(hash: Hash, text: string): Hash {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + SLICE_CHARS, text.length);
    // Each half of a surrogate pair cut in two would encode as U+FFFD and change the digest.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    hash.update(text.slice(at, end));
    at = end;
  }
  return hash;
}

/** The SHA-256 digest of `text` as UTF-8, however long the text. */
export function sha256(text: string, encoding: BinaryToTextEncoding): string {
  return updateInSlices(createHash('sha256'), text).digest(encoding);
}
