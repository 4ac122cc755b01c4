// Reads the tape a compiled mapping's `mapBody` leaves in wasm memory into plain objects, as
// `JSON.parse` would give them. The format is described in the crate's `mapping::tape`
// module: the counts of words and of text bytes, the words (an op in the low 4 bits, an
// operand in the upper 28), then UTF-8 text that the ops which carry text consume in order,
// counted in UTF-16 code units.
//
// Why not JSON text: `JSON.parse` of a mapping's records took ~2.6 µs of a ~13 µs call on the
// benchmark delivery, mostly reading member names; here names come from a table fetched once
// per compiled mapping and strings are slices of one decoded text (~1.2 µs).

const END = 0;
const ARR = 1;
const OBJ = 2;
const KEY = 3;
const KEY_TEXT = 4;
const STR = 5;
const NUM = 6;
const TRUE = 7;
const FALSE = 8;
const NULL = 9;
const JSON_TEXT = 10;
const LONG = 0x0fffffff;

const decoder = new TextDecoder();

/** The value of the tape at `start` in `bytes`; `keys` names its `KEY` ops. */
export function readTape(bytes, start, keys) {
  const end = start + 8 + 4 * word(bytes, start);
  const text = decoder.decode(bytes.subarray(end, end + word(bytes, start + 4)));
  let at = 0;
  const stack = [];
  let container;
  let inArray = false;
  let key = "";
  let root;
  // Words are read byte by byte: little-endian whatever the host, and no view to allocate.
  for (let i = start + 8; i < end; i += 4) {
    const w = word(bytes, i);
    const op = w & 15;
    let len = w >>> 4;
    if (len === LONG) len = word(bytes, (i += 4));
    let value;
    switch (op) {
      case END:
        if (stack.length === 0) return root;
        inArray = stack.pop();
        container = stack.pop();
        continue;
      case ARR:
        value = [];
        break;
      case OBJ:
        value = {};
        break;
      case KEY:
        key = keys[len];
        continue;
      case KEY_TEXT:
        key = text.slice(at, (at += len));
        continue;
      case STR:
        value = text.slice(at, (at += len));
        break;
      case NUM:
        value = Number(text.slice(at, (at += len)));
        break;
      case TRUE:
        value = true;
        break;
      case FALSE:
        value = false;
        break;
      case NULL:
        value = null;
        break;
      case JSON_TEXT:
        value = JSON.parse(text.slice(at, (at += len)));
        break;
      default:
        throw new Error(`unknown tape op ${op}`);
    }
    if (container === undefined) {
      root = value;
    } else if (inArray) {
      container.push(value);
    } else if (key === "__proto__") {
      // An own member, as JSON.parse makes it, not the object's prototype.
      Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      container[key] = value;
    }
    if (op === ARR || op === OBJ) {
      if (container !== undefined) stack.push(container, inArray);
      container = value;
      inArray = op === ARR;
    }
  }
  return root;
}

function word(bytes, i) {
  return (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
}
