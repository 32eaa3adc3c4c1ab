/**
 * A subset of Block Kit's documented limits, enough to catch messages real Slack would reject
 * with `invalid_blocks` (Slack reports each problem as "<reason> [json-pointer:/blocks/…]").
 *  - at most 50 blocks per message; block_id at most 255 chars and unique;
 *  - section: `text` or `fields` required, text at most 3000 chars, at most 10 fields of 2000 chars;
 *  - header: plain_text at most 150 chars;  context: 1–10 elements;  actions: 1–25 elements;
 *  - text objects are `plain_text` or `mrkdwn` and non-empty.
 */

const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
  'call',
  'context_actions',
]);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkText(v: unknown, ptr: string, max: number, errors: string[], plainOnly = false): void {
  if (!isObj(v)) {
    errors.push(`must provide an object [json-pointer:${ptr}]`);
    return;
  }
  const type = v.type;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    errors.push(`must be a valid enum value [json-pointer:${ptr}/type]`);
  } else if (plainOnly && type !== 'plain_text') {
    errors.push(`must be plain_text [json-pointer:${ptr}/type]`);
  }
  const text = v.text;
  if (typeof text !== 'string' || text.length === 0) {
    errors.push(`must be more than 0 characters [json-pointer:${ptr}/text]`);
  } else if (text.length > max) {
    errors.push(`must be less than ${max + 1} characters [json-pointer:${ptr}/text]`);
  }
}

function checkElements(v: unknown, ptr: string, max: number, errors: string[]): void {
  if (!Array.isArray(v) || v.length === 0) {
    errors.push(`must provide an array with at least 1 item [json-pointer:${ptr}]`);
  } else if (v.length > max) {
    errors.push(`no more than ${max} items allowed [json-pointer:${ptr}]`);
  }
}

/** Returns Slack-style error strings; empty when the blocks are acceptable. */
export function validateBlocks(blocks: unknown): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return ['must provide an array [json-pointer:/blocks]'];
  if (blocks.length > 50) errors.push('no more than 50 items allowed [json-pointer:/blocks]');
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    const ptr = `/blocks/${i}`;
    if (!isObj(block)) {
      errors.push(`must provide an object [json-pointer:${ptr}]`);
      return;
    }
    const type = block.type;
    if (typeof type !== 'string' || !KNOWN_BLOCK_TYPES.has(type)) {
      errors.push(`unsupported type: ${String(type)} [json-pointer:${ptr}/type]`);
      return;
    }
    const blockId = block.block_id;
    if (blockId !== undefined) {
      if (typeof blockId !== 'string' || blockId.length === 0 || blockId.length > 255) {
        errors.push(`must be between 1 and 255 characters [json-pointer:${ptr}/block_id]`);
      } else if (ids.has(blockId)) {
        errors.push(`duplicate block_id [json-pointer:${ptr}/block_id]`);
      } else {
        ids.add(blockId);
      }
    }
    switch (type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) {
          errors.push(`must provide either text or fields [json-pointer:${ptr}]`);
        }
        if (block.text !== undefined) checkText(block.text, `${ptr}/text`, 3000, errors);
        if (block.fields !== undefined) {
          checkElements(block.fields, `${ptr}/fields`, 10, errors);
          if (Array.isArray(block.fields)) {
            block.fields.forEach((f, j) => {
              checkText(f, `${ptr}/fields/${j}`, 2000, errors);
            });
          }
        }
        break;
      }
      case 'header':
        checkText(block.text, `${ptr}/text`, 150, errors, true);
        break;
      case 'context':
        checkElements(block.elements, `${ptr}/elements`, 10, errors);
        break;
      case 'actions':
        checkElements(block.elements, `${ptr}/elements`, 25, errors);
        break;
      default:
        break;
    }
  });
  return errors;
}

/** Slack fills in a `block_id` for blocks that do not carry one. */
export function withBlockIds(blocks: unknown[]): unknown[] {
  return blocks.map((b, i) => {
    if (isObj(b) && b.block_id === undefined)
      return { ...b, block_id: `sb${i.toString(36)}${Math.random().toString(36).slice(2, 6)}` };
    return b;
  });
}
