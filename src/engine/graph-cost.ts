/**
 * The work of one forward pass, read from the graph: multiply-accumulates of the dense ops
 * (Conv, ConvTranspose, Gemm, MatMul) and the elements every other op touches, from shapes
 * propagated through the graph from the image input as scanned. It depends on the file alone,
 * never on how busy the machine is, so a budget planned from it gives the same plan on every
 * run. The file is untrusted: a graph can make this estimate too low (a Loop, an op it does
 * not know), which is why a scan also has a hard deadline (sandbox.ts); ops it could not cost
 * are listed, never guessed.
 */
import { type GraphNode as Node, MAX_SHAPE_VALUES, type OnnxGraph } from './onnx-proto.js';

/** Per image: what the graph's ops cost, and what could not be costed. */
export interface PassCost {
  /** Multiply-accumulates of Conv, ConvTranspose, Gemm and MatMul. */
  macs: number;
  /** Elements read or written by every other op (activations, pooling, normalisation). */
  elements: number;
  /** Op types whose cost (or output shape) is unknown here, e.g. Loop: the estimate is a lower bound. */
  uncosted: string[];
}

/** Graphs with more nodes, or more node inputs in all, than these are not walked (their cost is unknown). */
const MAX_NODES = 100_000;
const MAX_INPUTS = 1_000_000;
/** Tensors of higher rank are not shapes this walk follows. */
const MAX_RANK = 16;
const product = (xs: number[]): number => xs.reduce((a, b) => a * b, 1);

/** numpy broadcasting of two shapes, or undefined where they cannot broadcast. */
function broadcast(a: number[], b: number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(Math.max(x, y));
  }
  return out;
}

/** Ops whose output has their first input's shape and that touch each element about once. */
const SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Gelu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus', 'Softsign',
  'Clip', 'Exp', 'Log', 'Neg', 'Abs', 'Sqrt', 'Reciprocal', 'Erf', 'Floor', 'Ceil', 'Round', 'Sign', 'Not', 'Mish',
  'BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'LRN', 'Dropout', 'Identity', 'Cast', 'CastLike',
  'Softmax', 'LogSoftmax', 'Hardmax', 'QuantizeLinear', 'DequantizeLinear',
]);
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Where', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or', 'Xor', 'Mod', 'BitShift']);
const POOLS = new Set(['MaxPool', 'AveragePool', 'LpPool']);
const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);
const REDUCES = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSumExp', 'ReduceSumSquare', 'ArgMax', 'ArgMin']);
/** Ops that only compute shapes or indices: no cost worth counting, and no image-shaped output. */
const SHAPE_OPS = new Set(['Shape', 'Size', 'Constant', 'ConstantOfShape', 'Range', 'NonZero']);

/** Ops that run a subgraph any number of times: their work is never known from the file. */
const SUBGRAPH_OPS = new Set(['Loop', 'If', 'Scan']);

/** Spatial output sizes of a sliding window (Conv, pooling). */
function windowed(spatial: number[], kernel: number[], node: Node): number[] {
  const strides = node.ints.get('strides') ?? kernel.map(() => 1);
  const dilations = node.ints.get('dilations') ?? kernel.map(() => 1);
  const pads = node.ints.get('pads') ?? kernel.flatMap(() => [0, 0]).slice(0, 2 * kernel.length);
  const autoPad = node.strings.get('auto_pad') ?? 'NOTSET';
  const ceil = (node.ints.get('ceil_mode')?.[0] ?? 0) === 1;
  return spatial.map((size, i) => {
    const s = Math.max(1, strides[i] ?? 1);
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / s);
    const padded = autoPad === 'VALID' ? size : size + (pads[i] ?? 0) + (pads[i + kernel.length] ?? 0);
    const span = (dilations[i] ?? 1) * ((kernel[i] ?? 1) - 1) + 1;
    const steps = (padded - span) / s;
    return Math.max(1, (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1);
  });
}

/**
 * The cost of one image through the graph (onnx-proto.ts, readOnnxGraph), with the image input
 * `input` of shape `shape`. Undefined without a graph, for a graph too large to walk, or when the
 * walk cannot add the cost up.
 */
export function passCost(graph: OnnxGraph | undefined, input: string, shape: number[]): PassCost | undefined {
  if (!graph || graph.nodes.length > MAX_NODES) return undefined;
  if (graph.nodes.reduce((sum, n) => sum + n.inputs.length, 0) > MAX_INPUTS) return undefined;
  // Values computed from shapes along the walk belong to this input shape only.
  const values = new Map(graph.ints);
  const shapes = new Map<string, number[]>(graph.dims);
  shapes.set(input, shape);
  const cost: PassCost = { macs: 0, elements: 0, uncosted: [] };
  const uncosted = new Set<string>();
  for (const node of topological(graph.nodes)) {
    const ins = node.inputs.map((name) => (name === '' ? undefined : shapes.get(name)));
    shapeValues(node, ins, values);
    const raw = outputShape(node, ins, values, cost);
    // A shape the walk cannot trust (a negative or fractional size, too many axes) ends it for this tensor.
    const out = raw !== 'unknown' && raw.length <= MAX_RANK && raw.every((d) => Number.isInteger(d) && d >= 0) ? raw : 'unknown';
    if (out === 'unknown') {
      // Shape-only ops are expected to have no image shape; anything else is a gap in the estimate.
      const imageShaped = ins.some((s) => s !== undefined && product(s) > 1);
      if (SUBGRAPH_OPS.has(node.op) || (!SHAPE_OPS.has(node.op) && !values.has(node.outputs[0] ?? '') && imageShaped)) uncosted.add(node.op);
      continue;
    }
    if (node.outputs[0]) shapes.set(node.outputs[0], out);
  }
  cost.uncosted = [...uncosted].sort();
  // A cost the walk could not add up (a dimension it misread) is no cost at all: the caller refuses to plan on it.
  if (!Number.isFinite(cost.macs) || !Number.isFinite(cost.elements) || cost.macs < 0 || cost.elements < 0) return undefined;
  return cost;
}

/** Nodes in an order where each comes after its inputs' producers (exporters do not all sort them). */
function topological(nodes: Node[]): Node[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const waiting = nodes.map((n) => n.inputs.filter((name) => producer.has(name)).length);
  const consumers = new Map<number, number[]>();
  nodes.forEach((n, i) => {
    for (const name of n.inputs) {
      const p = producer.get(name);
      if (p === undefined) continue;
      const list = consumers.get(p);
      if (list) list.push(i);
      else consumers.set(p, [i]);
    }
  });
  const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
  const order: Node[] = [];
  for (let at = 0; at < ready.length; at++) {
    const i = ready[at]!;
    order.push(nodes[i]!);
    for (const c of consumers.get(i) ?? []) if (--waiting[c]! === 0) ready.push(c);
  }
  return order;
}

/**
 * Integer values computed from shapes (Shape, Gather, Unsqueeze, Concat, Cast), so a Reshape to
 * `x.size(0), -1`, the way many exporters write a flatten, still has a known target.
 */
function shapeValues(node: Node, ins: (number[] | undefined)[], values: Map<string, number[]>): void {
  const out = node.outputs[0];
  if (!out) return;
  const of = (i: number): number[] | undefined => (node.inputs[i] ? values.get(node.inputs[i]!) : undefined);
  let result: number[] | undefined;
  if (node.op === 'Shape' && ins[0]) result = ins[0];
  else if (node.op === 'Gather' && of(0) && of(1)) result = of(1)!.map((i) => of(0)![i < 0 ? i + of(0)!.length : i]!).filter((v) => v !== undefined);
  else if (['Unsqueeze', 'Squeeze', 'Cast', 'Identity', 'Flatten'].includes(node.op) && of(0)) result = of(0);
  else if (node.op === 'Concat' && node.inputs.every((_, i) => of(i))) result = node.inputs.flatMap((_, i) => of(i)!);
  if (result && result.length <= MAX_SHAPE_VALUES) values.set(out, result);
}

function outputShape(node: Node, ins: (number[] | undefined)[], values: Map<string, number[]>, cost: PassCost): number[] | 'unknown' {
  const x = ins[0];
  const w = ins[1];
  const op = node.op;
  if (op === 'Conv' && x && w && x.length >= 3 && w.length === x.length) {
    const spatial = windowed(x.slice(2), node.ints.get('kernel_shape') ?? w.slice(2), node);
    const out = [x[0]!, w[0]!, ...spatial];
    // Each output element reads its group's C/group input channels over the kernel: w's dims after the first.
    cost.macs += product(out) * product(w.slice(1));
    return out;
  }
  if (op === 'ConvTranspose' && x && w && x.length >= 3 && w.length === x.length) {
    const group = node.ints.get('group')?.[0] ?? 1;
    const strides = node.ints.get('strides') ?? [];
    const spatial = x.slice(2).map((size, i) => (strides[i] ?? 1) * (size - 1) + (w[i + 2] ?? 1));
    cost.macs += product(x) * (w[1] ?? 1) * product(w.slice(2));
    return [x[0]!, (w[1] ?? 1) * group, ...spatial];
  }
  if (op === 'Gemm' && w) {
    const transB = node.ints.get('transB')?.[0] === 1;
    const [k, n] = transB ? [w[1]!, w[0]!] : [w[0]!, w[1]!];
    // An input whose shape was lost (a Reshape to a computed shape) is rows of k values.
    const rows = x ? (node.ints.get('transA')?.[0] === 1 ? x[1]! : x[0]!) : 1;
    cost.macs += rows * k * n;
    return [rows, n];
  }
  if (op === 'MatMul' && w && w.length >= 2) {
    const k = w.at(-2)!;
    const n = w.at(-1)!;
    const rows = x && x.length >= 2 ? product(x.slice(0, -1)) : 1;
    cost.macs += rows * k * n;
    return x && x.length >= 2 ? [...x.slice(0, -1), n] : [rows, n];
  }
  if (!x) return 'unknown';
  if (SAME_SHAPE.has(op)) {
    cost.elements += product(x);
    return x;
  }
  if (ELEMENTWISE.has(op)) {
    let out: number[] | undefined = x;
    for (const s of ins.slice(1)) out = out && s ? broadcast(out, s) : out;
    if (!out) return 'unknown';
    cost.elements += product(out);
    return out;
  }
  if (POOLS.has(op) && x.length >= 3) {
    const kernel = node.ints.get('kernel_shape') ?? [];
    const out = [x[0]!, x[1]!, ...windowed(x.slice(2), kernel, node)];
    cost.elements += product(out) * product(kernel);
    return out;
  }
  if (GLOBAL_POOLS.has(op) && x.length >= 3) {
    cost.elements += product(x);
    return [x[0]!, x[1]!, ...x.slice(2).map(() => 1)];
  }
  if (op === 'Flatten') {
    const axis = normalAxis(node.ints.get('axis')?.[0] ?? 1, x.length);
    return [product(x.slice(0, axis)), product(x.slice(axis))];
  }
  if (op === 'Reshape') return reshaped(x, node.inputs[1] ? values.get(node.inputs[1]) : undefined);
  if (op === 'Transpose') {
    const perm = node.ints.get('perm') ?? x.map((_, i) => x.length - 1 - i);
    return perm.map((p) => x[p] ?? 1);
  }
  if (op === 'Squeeze' || op === 'Unsqueeze') {
    const axes = node.ints.get('axes') ?? (node.inputs[1] ? values.get(node.inputs[1]) : undefined);
    if (op === 'Squeeze') {
      if (!axes) return x.filter((d) => d !== 1);
      const drop = new Set(axes.map((a) => normalAxis(a, x.length)));
      return x.filter((_, i) => !drop.has(i));
    }
    if (!axes) return 'unknown';
    const out = [...x];
    for (const a of [...axes].map((a) => normalAxis(a, x.length + axes.length)).sort((p, q) => p - q)) out.splice(a, 0, 1);
    return out;
  }
  if (op === 'Concat') {
    if (ins.some((s) => !s || s.length !== x.length)) return 'unknown';
    const axis = normalAxis(node.ints.get('axis')?.[0] ?? 0, x.length);
    const out = [...x];
    out[axis] = ins.reduce((sum, s) => sum + s![axis]!, 0);
    cost.elements += product(out);
    return out;
  }
  if (op === 'Pad') {
    const pads = node.ints.get('pads') ?? (node.inputs[1] ? values.get(node.inputs[1]) : undefined);
    const out = pads && pads.length === 2 * x.length ? x.map((d, i) => d + pads[i]! + pads[i + x.length]!) : x;
    cost.elements += product(out);
    return out;
  }
  if (REDUCES.has(op)) {
    const axes = node.ints.get('axes') ?? (node.inputs[1] ? values.get(node.inputs[1]) : undefined) ?? x.map((_, i) => i);
    const keep = (node.ints.get('keepdims')?.[0] ?? 1) === 1;
    const reduced = new Set(axes.map((a) => normalAxis(a, x.length)));
    cost.elements += product(x);
    return keep ? x.map((d, i) => (reduced.has(i) ? 1 : d)) : x.filter((_, i) => !reduced.has(i));
  }
  return 'unknown';
}

const normalAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function reshaped(x: number[], target: number[] | undefined): number[] | 'unknown' {
  if (!target) return 'unknown';
  const out = target.map((d, i) => (d === 0 ? (x[i] ?? 1) : d));
  const known = product(out.filter((d) => d !== -1));
  const free = out.indexOf(-1);
  if (free >= 0) out[free] = known > 0 ? Math.max(1, Math.round(product(x) / known)) : 1;
  return out;
}
