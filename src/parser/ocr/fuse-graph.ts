/**
 * The OCR models' graphs made cheaper, in memory, when they are loaded. PP-OCRv4's backbone
 * (PPLCNetV3, in the detector and the recogniser) follows each convolution with a "learnable affine block" (× a + b), a hard-swish written
 * out as four element-wise nodes (x · clip(x + 3, 0, 6) / 6) and a second affine block (× c + d):
 * eight passes over the feature map for every convolution, which onnxruntime does not fuse — a third of
 * the recogniser's time on one core (profile in docs/ocr.md). The same arithmetic in three passes
 * (28 chains in the recogniser, 24 in the detector; ~20% less time for each model):
 *
 *   conv' = conv with weights × a·c and bias (bias·a + b)·c       (z = c·y, y the first block's output)
 *   HardSigmoid(z; alpha = 1/(6c), beta = 0.5) = clip(y/6 + 1/2, 0, 1)
 *   z · that + d   = c · hardswish(y) + d
 *
 * and the "+ d" goes into the next convolution's bias when that one is 1×1 without padding (exact:
 * every input it sums is shifted by d). The rewrite reads and writes only the protobuf fields of the
 * nodes and tensors it changes and copies all other bytes; when a block does not have exactly this
 * shape it is left as it is, so another model version loads unchanged.
 */

interface Field {
  field: number;
  wire: number;
  /** the whole field (key and value) as it was read */
  raw: Uint8Array;
  /** varint value (wire 0) or the bytes of a length-delimited value (wire 2); 32/64-bit values as bytes */
  num: number;
  bytes: Uint8Array;
}

function readVarint(b: Uint8Array, at: number): [number, number] {
  let v = 0,
    mul = 1,
    i = at;
  for (;;) {
    const c = b[i++]!;
    v += (c & 0x7f) * mul;
    if (c < 0x80) return [v, i];
    mul *= 128;
  }
}

function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  while (i < b.length) {
    const start = i;
    const [key, j] = readVarint(b, i);
    i = j;
    const field = Math.floor(key / 8),
      wire = key & 7;
    let num = 0,
      bytes = b.subarray(i, i);
    if (wire === 0) [num, i] = readVarint(b, i);
    else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      bytes = b.subarray(i, i + len);
      i += len;
    } else if (wire === 2) {
      const [len, k] = readVarint(b, i);
      bytes = b.subarray(k, k + len);
      i = k + len;
    } else throw new Error(`protobuf wire type ${wire}`);
    out.push({ field, wire, raw: b.subarray(start, i), num, bytes });
  }
  return out;
}

function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const utf8 = new TextEncoder(),
  text = new TextDecoder();
const lenField = (field: number, body: Uint8Array): Uint8Array =>
  Buffer.concat([Uint8Array.from([...varint(field * 8 + 2), ...varint(body.length)]), body]);
const strField = (field: number, s: string) => lenField(field, utf8.encode(s));
const intField = (field: number, v: number) => Uint8Array.from([...varint(field * 8), ...varint(v)]);
const floatField = (field: number, v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return Buffer.concat([Uint8Array.from(varint(field * 8 + 5)), b]);
};

// ONNX field numbers (onnx.proto3)
const MODEL_GRAPH = 7,
  GRAPH_NODE = 1,
  GRAPH_INIT = 5,
  NODE_IN = 1,
  NODE_OUT = 2,
  NODE_NAME = 3,
  NODE_OP = 4,
  NODE_ATTR = 5,
  ATTR_NAME = 1,
  ATTR_F = 2,
  ATTR_INTS = 8,
  ATTR_T = 5,
  ATTR_TYPE = 20,
  TENSOR_DIMS = 1,
  TENSOR_TYPE = 2,
  TENSOR_FLOATS = 4,
  TENSOR_NAME = 8,
  TENSOR_RAW = 9;

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, Field[]>;
  raw: Uint8Array;
}

function node(b: Uint8Array): Node {
  const n: Node = { op: "", inputs: [], outputs: [], attrs: new Map(), raw: b };
  for (const f of fields(b)) {
    if (f.field === NODE_IN) n.inputs.push(text.decode(f.bytes));
    else if (f.field === NODE_OUT) n.outputs.push(text.decode(f.bytes));
    else if (f.field === NODE_OP) n.op = text.decode(f.bytes);
    else if (f.field === NODE_ATTR) {
      const a = fields(f.bytes);
      const name = a.find((x) => x.field === ATTR_NAME);
      if (name) n.attrs.set(text.decode(name.bytes), a);
    }
  }
  return n;
}

/** A float tensor's dims and values; null for another type. */
function tensor(b: Uint8Array): { name: string; dims: number[]; data: Float32Array } | null {
  let name = "",
    type = 0,
    raw: Uint8Array | null = null;
  const dims: number[] = [],
    floats: number[] = [];
  for (const f of fields(b)) {
    if (f.field === TENSOR_NAME) name = text.decode(f.bytes);
    else if (f.field === TENSOR_TYPE) type = f.num;
    else if (f.field === TENSOR_DIMS) {
      if (f.wire === 0) dims.push(f.num);
      else for (let i = 0; i < f.bytes.length; ) [dims[dims.length], i] = readVarint(f.bytes, i);
    } else if (f.field === TENSOR_RAW) raw = f.bytes;
    else if (f.field === TENSOR_FLOATS) {
      if (f.wire === 5) floats.push(Buffer.from(f.bytes).readFloatLE());
      else for (let i = 0; i < f.bytes.length; i += 4) floats.push(Buffer.from(f.bytes).readFloatLE(i));
    }
  }
  if (type !== 1) return null;
  const data = raw ? new Float32Array(Uint8Array.from(raw).buffer) : Float32Array.from(floats);
  return { name, dims, data };
}

const tensorBytes = (name: string, dims: number[], data: Float32Array): Uint8Array =>
  Buffer.concat([
    ...dims.map((d) => intField(TENSOR_DIMS, d)),
    intField(TENSOR_TYPE, 1),
    strField(TENSOR_NAME, name),
    lenField(TENSOR_RAW, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ]);

function nodeBytes(
  op: string,
  name: string,
  inputs: string[],
  outputs: string[],
  attrs: Uint8Array[] = [],
): Uint8Array {
  return Buffer.concat([
    ...inputs.map((s) => strField(NODE_IN, s)),
    ...outputs.map((s) => strField(NODE_OUT, s)),
    strField(NODE_NAME, name),
    strField(NODE_OP, op),
    ...attrs.map((a) => lenField(NODE_ATTR, a)),
  ]);
}
const floatAttr = (name: string, v: number) =>
  Buffer.concat([strField(ATTR_NAME, name), floatField(ATTR_F, v), intField(ATTR_TYPE, 1)]);

/** The model's bytes with each conv → affine → hard-swish → affine chain fused as described above. */
export function fuseActivations(model: Uint8Array): { model: Uint8Array; fused: number } {
  const top = fields(model);
  const g = top.find((f) => f.field === MODEL_GRAPH);
  if (!g) return { model, fused: 0 };
  const graph = fields(g.bytes);
  const nodes = graph.filter((f) => f.field === GRAPH_NODE).map((f) => node(f.bytes));
  // constants by name: initializers and Constant nodes, decoded when first asked for
  const constBytes = new Map<string, Uint8Array>();
  for (const f of graph)
    if (f.field === GRAPH_INIT) {
      const name = fields(f.bytes).find((p) => p.field === TENSOR_NAME);
      if (name) constBytes.set(text.decode(name.bytes), f.bytes);
    }
  for (const n of nodes)
    if (n.op === "Constant" && n.outputs.length === 1) {
      const t = n.attrs.get("value")?.find((a) => a.field === ATTR_T);
      if (t) constBytes.set(n.outputs[0]!, t.bytes);
    }
  const decoded = new Map<string, ReturnType<typeof tensor>>();
  const consts = {
    has: (name: string) => constBytes.has(name),
    get(name: string) {
      if (!decoded.has(name)) {
        const b = constBytes.get(name);
        decoded.set(name, b ? tensor(b) : null);
      }
      return decoded.get(name) ?? undefined;
    },
  };
  const users = new Map<string, Node[]>();
  for (const n of nodes)
    for (const i of n.inputs) {
      const u = users.get(i);
      if (u) u.push(n);
      else users.set(i, [n]);
    }
  const only = (name: string, op: string) => {
    const u = users.get(name) ?? [];
    return u.length === 1 && u[0]!.op === op ? u[0]! : null;
  };
  const scalar = (n: Node | null, other: string): number | null => {
    if (!n || n.inputs.length !== 2) return null;
    const k = n.inputs[0] === other ? n.inputs[1]! : n.inputs[1] === other ? n.inputs[0]! : null;
    const c = k === null ? undefined : consts.get(k);
    return c && c.data.length === 1 ? c.data[0]! : null;
  };
  const attrFloat = (n: Node, name: string) => {
    const f = n.attrs.get(name)?.find((a) => a.field === ATTR_F);
    return f ? Buffer.from(f.bytes).readFloatLE() : null;
  };
  const attrInts = (n: Node, name: string) =>
    (n.attrs.get(name) ?? [])
      .filter((a) => a.field === ATTR_INTS)
      .flatMap((a) => {
        if (a.wire === 0) return [a.num];
        const out: number[] = [];
        for (let i = 0; i < a.bytes.length; ) [out[out.length], i] = readVarint(a.bytes, i);
        return out;
      });
  const replace = new Map<Node, Uint8Array[]>();
  const drop = new Set<Node>();
  const inits: Uint8Array[] = [];
  /** a convolution's bias with the previous block's + d in it */
  const biased = new Map<Node, Float32Array>();
  let fused = 0;
  for (const conv of nodes) {
    if (conv.op !== "Conv") continue;
    const W = consts.get(conv.inputs[1] ?? ""),
      given = conv.inputs[2] ? consts.get(conv.inputs[2]) : undefined;
    if (!W || (conv.inputs[2] && !given)) continue;
    const B = biased.get(conv) ?? given?.data;
    const y0 = conv.outputs[0]!;
    const m1 = only(y0, "Mul"),
      a = scalar(m1, y0);
    const a1 = m1 && only(m1.outputs[0]!, "Add"),
      b = a1 && scalar(a1, m1.outputs[0]!);
    if (!m1 || a === null || !a1 || b === null) continue;
    const y = a1.outputs[0]!;
    const u = users.get(y) ?? [];
    const plus3 = u.find((n) => n.op === "Add"),
      times = u.find((n) => n.op === "Mul");
    if (u.length !== 2 || !plus3 || !times || scalar(plus3, y) !== 3) continue;
    const clip = only(plus3.outputs[0]!, "Clip");
    // Clip's bounds: attributes before opset 11, inputs since
    const bound = (i: number, name: string) =>
      clip && (clip.inputs.length > 1 ? consts.get(clip.inputs[i] ?? "")?.data[0] : attrFloat(clip, name));
    if (!clip || bound(1, "min") !== 0 || bound(2, "max") !== 6) continue;
    if (!times.inputs.includes(clip.outputs[0]!)) continue;
    const div = only(times.outputs[0]!, "Div");
    if (!div || div.inputs[0] !== times.outputs[0] || consts.get(div.inputs[1]!)?.data[0] !== 6) continue;
    const m2 = only(div.outputs[0]!, "Mul"),
      c = scalar(m2, div.outputs[0]!);
    const a2 = m2 && only(m2.outputs[0]!, "Add"),
      d = a2 && scalar(a2, m2.outputs[0]!);
    if (!m2 || !c || !a2 || d === null) continue;
    const out = a2.outputs[0]!;
    // the next convolution takes the + d when it is 1×1, unpadded, and has its weights as constants
    const next = only(out, "Conv");
    const nW = next && consts.get(next.inputs[1] ?? "");
    const nB = next && next.inputs[2] ? consts.get(next.inputs[2]) : undefined;
    const pointwise =
      next &&
      nW &&
      (!next.inputs[2] || nB) &&
      nW.dims.length === 4 &&
      nW.dims[2] === 1 &&
      nW.dims[3] === 1 &&
      attrInts(next, "pads").every((p) => p === 0) &&
      (attrInts(next, "group")[0] ?? 1) === 1 &&
      !next.attrs.has("auto_pad");
    // conv' = conv · a·c, bias (bias·a + b)·c
    const outC = W.dims[0]!,
      per = W.data.length / outC;
    const w2 = new Float32Array(W.data.length),
      b2 = new Float32Array(outC);
    for (let i = 0; i < W.data.length; i++) w2[i] = W.data[i]! * a * c;
    if (per * outC !== W.data.length || (B && B.length !== outC)) continue;
    for (let o = 0; o < outC; o++) b2[o] = ((B ? B[o]! : 0) * a + b) * c;
    const id = `fused${fused}`;
    inits.push(tensorBytes(`${id}.w`, W.dims, w2), tensorBytes(`${id}.b`, [outC], b2));
    const z = `${id}.z`,
      hs = `${id}.hs`;
    const convAttrs = [...conv.attrs.values()].map((a) => Buffer.concat(a.map((f) => f.raw)));
    const made = [
      nodeBytes("Conv", `${id}.conv`, [conv.inputs[0]!, `${id}.w`, `${id}.b`], [z], convAttrs),
      nodeBytes("HardSigmoid", `${id}.hsig`, [z], [hs], [floatAttr("alpha", 1 / (6 * c)), floatAttr("beta", 0.5)]),
    ];
    if (pointwise && next && nW) {
      made.push(nodeBytes("Mul", `${id}.mul`, [z, hs], [out]));
      const nOut = nW.dims[0]!,
        nPer = nW.data.length / nOut;
      const nb = new Float32Array(nOut);
      for (let o = 0; o < nOut; o++) {
        let s = 0;
        for (let k = 0; k < nPer; k++) s += nW.data[o * nPer + k]!;
        nb[o] = (nB ? nB.data[o]! : 0) + d * s;
      }
      biased.set(next, nb);
    } else {
      made.push(
        nodeBytes("Mul", `${id}.mul`, [z, hs], [`${id}.m`]),
        nodeBytes("Add", `${id}.add`, [`${id}.m`, `${id}.d`], [out]),
      );
      inits.push(tensorBytes(`${id}.d`, [], Float32Array.of(d)));
    }
    replace.set(conv, made);
    for (const n of [m1, a1, plus3, clip, times, div, m2, a2]) drop.add(n);
    fused++;
  }
  if (!fused) return { model, fused: 0 };
  // constants that only the replaced nodes read are left out (onnxruntime warns of each unused one)
  const used = new Set<string>();
  for (const n of nodes) if (!drop.has(n) && !replace.has(n) && !biased.has(n)) for (const i of n.inputs) used.add(i);
  for (const n of replace.keys()) used.add(n.inputs[0]!);
  for (const n of biased.keys()) if (!replace.has(n)) used.add(n.inputs[0]!).add(n.inputs[1]!);
  const stale = (name: string) => !used.has(name) && consts.has(name);
  const body: Uint8Array[] = [];
  let k = 0;
  for (const f of graph) {
    if (f.field === GRAPH_INIT) {
      const name = fields(f.bytes).find((p) => p.field === TENSOR_NAME);
      if (!name || !stale(text.decode(name.bytes))) body.push(f.raw);
      continue;
    }
    if (f.field !== GRAPH_NODE) {
      body.push(f.raw);
      continue;
    }
    const n = nodes[k++]!;
    if (drop.has(n) || (n.op === "Constant" && n.outputs.length === 1 && stale(n.outputs[0]!))) continue;
    const made = replace.get(n);
    const bias = biased.get(n);
    if (made) for (const m of made) body.push(lenField(GRAPH_NODE, m));
    else if (bias) {
      // a convolution that only took a + d: the same node with a new bias
      const name = `fused.bias${k}`;
      inits.push(tensorBytes(name, [bias.length], bias));
      const rest = fields(n.raw).filter((p) => p.field !== NODE_IN);
      const inputs = [n.inputs[0]!, n.inputs[1]!, name];
      body.push(
        lenField(GRAPH_NODE, Buffer.concat([...inputs.map((s) => strField(NODE_IN, s)), ...rest.map((p) => p.raw)])),
      );
    } else body.push(f.raw);
  }
  for (const t of inits) body.push(lenField(GRAPH_INIT, t));
  const newGraph = Buffer.concat(body);
  const parts = top.map((f) => (f.field === MODEL_GRAPH ? lenField(MODEL_GRAPH, newGraph) : f.raw));
  return { model: Buffer.concat(parts), fused };
}
