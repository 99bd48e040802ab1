/**
 * Reads the weights back out of a folder this builder wrote (config.json + onnx/model.onnx, fp32 or
 * fp16-stored, standard or fused), so a built model — the bundled tiny reasoner — can be written
 * again in another layout or with other operators without its training files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHalfBits } from './half';
import { DataType, onnx } from './onnx-builder';
import type { ModelShape } from './presets';
import { transpose } from './weight-values';
import { CONFIG_KEYS } from './weights-file';
import { validateWeights, weightShapes, type Weights } from './weights';

/** The folder's shape and weights, and how its weights are stored ('fp16' when any is a float16 initializer). */
export function readBuiltModel(dir: string): { shape: ModelShape; weights: Weights; stored: 'fp32' | 'fp16' } {
  const fail = (msg: string): never => { throw new Error(`model folder ${dir}: ${msg}`); };
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (e) {
    fail(`cannot read config.json (${(e as Error).message})`);
  }
  const shape = {} as ModelShape;
  for (const [key, field] of Object.entries(CONFIG_KEYS)) {
    const value = config[key];
    if (typeof value !== 'number' || !(value > 0)) fail(`config.json ${key} must be a positive number, got ${JSON.stringify(value)}`);
    shape[field] = value as number;
  }
  let bytes: Uint8Array = new Uint8Array();
  try {
    bytes = readFileSync(join(dir, 'onnx', 'model.onnx'));
  } catch (e) {
    fail(`cannot read onnx/model.onnx (${(e as Error).message})`);
  }
  const initializers = new Map<string, { dataType: number; dims: number[]; raw: Uint8Array }>();
  for (const t of onnx.ModelProto.decode(bytes).graph?.initializer ?? []) {
    if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) fail(`${t.name} is in external data (not supported here)`);
    initializers.set(t.name!, { dataType: t.dataType!, dims: (t.dims ?? []).map(Number), raw: t.rawData ?? new Uint8Array() });
  }
  let stored: 'fp32' | 'fp16' = 'fp32';
  const floatsOf = (name: string): { data: Float32Array; dims: number[] } | undefined => {
    const fp32 = initializers.get(name);
    if (fp32?.dataType === DataType.FLOAT) {
      return { data: new Float32Array(new Uint8Array(fp32.raw).buffer), dims: fp32.dims };
    }
    const fp16 = initializers.get(`${name}_fp16`);
    if (fp16?.dataType === DataType.FLOAT16) {
      stored = 'fp16';
      const bits = new Uint16Array(new Uint8Array(fp16.raw).buffer);
      return { data: Float32Array.from(bits, fromHalfBits), dims: fp16.dims };
    }
    return undefined;
  };

  const weights: Weights = new Map();
  for (const [name, dims] of weightShapes(shape)) {
    const plain = floatsOf(name);
    if (plain) { weights.set(name, { shape: plain.dims, data: plain.data }); continue; }
    // Linears are stored transposed ([in, out]) under `<name>.T`.
    const transposed = floatsOf(`${name}.T`) ?? fail(`no float initializer ${name} or ${name}.T (only fp32 / fp16-stored models can be read)`);
    weights.set(name, { shape: dims, data: transpose(transposed.data, dims[1]!, dims[0]!) });
  }
  validateWeights(shape, weights, `model folder ${dir}`);
  return { shape, weights, stored };
}
