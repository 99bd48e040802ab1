/**
 * A small ONNX graph builder over onnx-proto: named values, memoized constants, float32/float16
 * initializers, and nodes in the default or the com.microsoft (onnxruntime contrib) domain.
 */
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { toHalf } from './half';

export const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;
export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;

export const IR_VERSION = 8;
export const OPSET = 17;
/** onnxruntime's contrib operators (GroupQueryAttention, MatMulNBits, …) live in this domain, version 1. */
export const MS_DOMAIN = 'com.microsoft';
export const MS_OPSET = 1;

/** Attribute values: numbers are INT(S); `{ float }` is a FLOAT (epsilon, scale, alpha). */
export type AttrValue = number | number[] | { float: number };
export type Attrs = Record<string, AttrValue>;

/** An initializer's bytes, kept apart from the proto so the writer can place them inline or in external data. */
export interface Initializer { name: string; dataType: number; dims: number[]; bytes: Uint8Array }
export interface ValueInfo { name: string; elemType: number; dims: (string | number)[] }

export interface BuiltGraph {
  nodes: NodeProto[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Operator-set domains the nodes use besides the default one (com.microsoft for contrib ops). */
  domains?: string[];
}

export type StoredDtype = 'fp32' | 'fp16';
/** The element type of float tensors: FLOAT or FLOAT16. */
export type FloatType = typeof DataType.FLOAT | typeof DataType.FLOAT16;

export const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function attribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer (use { float: ${v} })`);
    return { name, type: AttributeType.INT, i: v };
  }
  return { name, type: AttributeType.FLOAT, f: v.float };
}

export class GraphBuilder {
  readonly graph: BuiltGraph = { nodes: [], initializers: [], inputs: [], outputs: [], domains: [] };
  private count = 0;
  private readonly constants = new Map<string, string>();

  input(name: string, elemType: number, dims: (string | number)[]): string {
    this.graph.inputs.push({ name, elemType, dims });
    return name;
  }

  output(name: string, elemType: number, dims: (string | number)[]): void {
    this.graph.outputs.push({ name, elemType, dims });
  }

  /** Adds a node; its single output is `output` or a fresh name. */
  op(opType: string, inputs: string[], attrs: Attrs = {}, output?: string, domain = ''): string {
    return this.node(opType, inputs, [output ?? `${opType}_${this.count++}`], attrs, domain)[0]!;
  }

  /** A com.microsoft contrib node with one output. */
  msOp(opType: string, inputs: string[], attrs: Attrs = {}, output?: string): string {
    return this.op(opType, inputs, attrs, output, MS_DOMAIN);
  }

  /**
   * Adds a node with several outputs. An output given as null gets a fresh name; '' leaves an
   * optional output unused (as does '' for an optional input).
   */
  node(opType: string, inputs: string[], outputs: (string | null)[], attrs: Attrs = {}, domain = ''): string[] {
    const named = outputs.map((o) => (o === null ? `${opType}_${this.count++}` : o));
    if (domain && !this.graph.domains!.includes(domain)) this.graph.domains!.push(domain);
    this.graph.nodes.push({
      opType, ...(domain ? { domain } : {}), input: inputs, output: named, name: `${opType}/${named.find((o) => o) ?? this.count++}`,
      attribute: Object.entries(attrs).map(([name, v]) => attribute(name, v)),
    });
    return named;
  }

  /** An int64 constant (shared between uses). `dims` [] makes a scalar. */
  int64(values: number[], dims: number[] = [values.length]): string {
    return this.constant(DataType.INT64, dims, bytesOf(BigInt64Array.from(values, BigInt)), `i64:${dims}:${values}`);
  }

  /** A float32 constant (shared between uses). */
  float(values: number[], dims: number[] = [values.length]): string {
    return this.floatOf(DataType.FLOAT, values, dims);
  }

  /** A FLOAT or FLOAT16 constant (shared between uses). */
  floatOf(type: FloatType, values: number[], dims: number[] = [values.length]): string {
    const data = Float32Array.from(values);
    const bytes = type === DataType.FLOAT ? bytesOf(data) : bytesOf(toHalf(data));
    return this.constant(type, dims, bytes, `f${type}:${dims}:${Array.from(data)}`);
  }

  /** An initializer of any element type from its raw little-endian bytes. */
  tensor(name: string, dataType: number, dims: number[], bytes: Uint8Array): string {
    this.graph.initializers.push({ name, dataType, dims, bytes });
    return name;
  }

  /**
   * A float weight. fp16 stores FLOAT16 and adds a Cast to float, which ORT folds at load: compute
   * and IO stay fp32 and the file halves. Returns the name of the float32 value.
   */
  weight(name: string, dims: number[], data: Float32Array, dtype: StoredDtype, half: (d: Float32Array) => Uint16Array = toHalf): string {
    if (dtype === 'fp32') return this.tensor(name, DataType.FLOAT, dims, bytesOf(data));
    this.tensor(`${name}_fp16`, DataType.FLOAT16, dims, bytesOf(half(data)));
    return this.op('Cast', [`${name}_fp16`], { to: DataType.FLOAT }, name);
  }

  private constant(dataType: number, dims: number[], bytes: Uint8Array, key: string): string {
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.constants.size}`;
    this.tensor(name, dataType, dims, bytes);
    this.constants.set(key, name);
    return name;
  }
}
