/** Encodes a built graph as an ONNX ModelProto file, with the weights inline or in external data chunks. */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IR_VERSION, MS_OPSET, OPSET, onnx, type BuiltGraph, type TensorProto, type ValueInfo, type ValueInfoProto } from './onnx-builder';

export interface OnnxWriteOptions {
  /**
   * Above this many initializer bytes the weights go to `<file>_data`, `<file>_data_1`, … (protobuf
   * caps a message at 2 GiB; browsers copy the whole .onnx into the wasm heap). Default 1 GiB.
   */
  inlineLimitBytes?: number;
  /** Largest external data file (a bigger single tensor gets a file of its own). Default 1 GiB. */
  chunkBytes?: number;
}

export interface OnnxWriteResult { files: string[]; bytes: number; externalChunks: number }

const GiB = 2 ** 30;
/** Small constants stay inline even when the weights go external. */
const MIN_EXTERNAL_BYTES = 1024;

export function writeOnnxModel(graph: BuiltGraph, path: string, opts: OnnxWriteOptions = {}): OnnxWriteResult {
  const inlineLimit = opts.inlineLimitBytes ?? GiB;
  const chunkBytes = opts.chunkBytes ?? GiB;
  const total = graph.initializers.reduce((sum, t) => sum + t.bytes.length, 0);
  const files: string[] = [];
  let bytes = 0;
  let externalChunks = 0;

  const initializer: TensorProto[] = [];
  if (total <= inlineLimit) {
    for (const t of graph.initializers) initializer.push({ name: t.name, dataType: t.dataType, dims: t.dims, rawData: t.bytes });
  } else {
    let fd = -1;
    let location = '';
    let offset = 0;
    const startChunk = (): void => {
      if (fd >= 0) closeSync(fd);
      location = `${basename(path)}_data${externalChunks === 0 ? '' : `_${externalChunks}`}`;
      files.push(join(dirname(path), location));
      fd = openSync(files.at(-1)!, 'w');
      offset = 0;
      externalChunks++;
    };
    for (const t of graph.initializers) {
      if (t.bytes.length < MIN_EXTERNAL_BYTES) {
        initializer.push({ name: t.name, dataType: t.dataType, dims: t.dims, rawData: t.bytes });
        continue;
      }
      if (fd < 0 || (offset > 0 && offset + t.bytes.length > chunkBytes)) startChunk();
      writeSync(fd, t.bytes);
      initializer.push({
        name: t.name, dataType: t.dataType, dims: t.dims, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(t.bytes.length) }],
      });
      offset += t.bytes.length;
      bytes += t.bytes.length;
    }
    if (fd >= 0) closeSync(fd);
  }

  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'decoding-lab/model-builder',
    opsetImport: [{ domain: '', version: OPSET }, ...(graph.domains ?? []).map((domain) => ({ domain, version: MS_OPSET }))],
    graph: {
      name: 'qwen3',
      node: graph.nodes,
      initializer,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  const encoded = onnx.ModelProto.encode(model).finish();
  writeFileSync(path, encoded);
  files.unshift(path);
  bytes += encoded.length;
  return { files, bytes, externalChunks };
}

function valueInfo(v: ValueInfo): ValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: v.elemType,
        shape: { dim: v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}
