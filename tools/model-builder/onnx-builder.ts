/** A small ONNX graph builder over onnx-proto: named values, memoized constants, fp32/fp16 initializers. */
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

export const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;
export type ModelProto = OnnxTypes.ModelProto;
export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;

export const IR_VERSION = 8;
export const OPSET = 17;

/** Integer attributes only: every attribute this model needs (axis, perm, axes, to, keepdims) is one. */
export type IntAttrs = Record<string, number | number[]>;

/** An initializer's bytes, kept apart from the proto so the writer can place them inline or in external data. */
export interface Initializer { name: string; dataType: number; dims: number[]; bytes: Uint8Array }
export interface ValueInfo { name: string; elemType: number; dims: (string | number)[] }

export interface BuiltGraph {
  nodes: NodeProto[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export type StoredDtype = 'fp32' | 'fp16';

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class GraphBuilder {
  readonly graph: BuiltGraph = { nodes: [], initializers: [], inputs: [], outputs: [] };
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
  op(opType: string, inputs: string[], attrs: IntAttrs = {}, output?: string): string {
    const out = output ?? `${opType}_${this.count++}`;
    const attribute = Object.entries(attrs).map(([name, v]) => Array.isArray(v)
      ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
      : { name, type: onnx.AttributeProto.AttributeType.INT, i: v });
    this.graph.nodes.push({ opType, input: inputs, output: [out], name: `${opType}/${out}`, attribute });
    return out;
  }

  /** An int64 constant (shared between uses). `dims` [] makes a scalar. */
  int64(values: number[], dims: number[] = [values.length]): string {
    return this.constant(DataType.INT64, dims, bytesOf(BigInt64Array.from(values, BigInt)), `i64:${dims}:${values}`);
  }

  /** A float32 constant (shared between uses). */
  float(values: number[], dims: number[] = [values.length]): string {
    const data = Float32Array.from(values);
    return this.constant(DataType.FLOAT, dims, bytesOf(data), `f32:${dims}:${Array.from(data)}`);
  }

  /**
   * A float weight. fp16 stores FLOAT16 and adds a Cast to float, which ORT folds at load: compute
   * and IO stay fp32 and the file halves. Returns the name of the float32 value.
   */
  weight(name: string, dims: number[], data: Float32Array, dtype: StoredDtype, toHalf: (d: Float32Array) => Uint16Array): string {
    if (dtype === 'fp32') {
      this.graph.initializers.push({ name, dataType: DataType.FLOAT, dims, bytes: bytesOf(data) });
      return name;
    }
    this.graph.initializers.push({ name: `${name}_fp16`, dataType: DataType.FLOAT16, dims, bytes: bytesOf(toHalf(data)) });
    return this.op('Cast', [`${name}_fp16`], { to: DataType.FLOAT }, name);
  }

  private constant(dataType: number, dims: number[], bytes: Uint8Array, key: string): string {
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.constants.size}`;
    this.graph.initializers.push({ name, dataType, dims, bytes });
    this.constants.set(key, name);
    return name;
  }
}
