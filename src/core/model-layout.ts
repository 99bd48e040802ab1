/**
 * The onnx-community folder layout, as transformers.js 4.3.1 reads it: which files a model of a given dtype
 * needs (the engine checks them before loading; the page sizes a download from them).
 */

/** The dtypes transformers.js picks a weights file for. */
export type LayoutDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** transformers.js file name for each dtype (onnx-community layout: `onnx/model<suffix>.onnx`). */
const DTYPE_FILE_SUFFIX: Readonly<Record<LayoutDtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

export function onnxFileFor(dtype: LayoutDtype): string {
  return `onnx/model${DTYPE_FILE_SUFFIX[dtype]}.onnx`;
}

/**
 * How many external data chunks transformers.js loads for `onnxFile` ('model_q4.onnx'), as its
 * `resolveExternalDataFormat` reads config.json's `transformers.js_config.use_external_data_format`: a
 * boolean or count for every file, or a map by file name (with or without '.onnx').
 */
export function externalDataChunks(useExternal: unknown, onnxFile: string): number {
  if (!useExternal) return 0;
  if (typeof useExternal === 'object') {
    const map = useExternal as Record<string, unknown>;
    const base = onnxFile.replace(/\.onnx$/, '');
    const v = Object.hasOwn(map, onnxFile) ? map[onnxFile] : Object.hasOwn(map, base) ? map[base] : 0;
    return Number(v) || 0;
  }
  return Number(useExternal) || 0;
}

/**
 * Files a model folder must have for `dtype`, in the order the engine reads them: the configs, the
 * tokenizer, the ONNX graph and the external data chunks the config names (`model_q4.onnx_data`,
 * `model_q4.onnx_data_1`, …), so a missing chunk is named like a missing graph.
 */
export function requiredModelFiles(dtype: LayoutDtype, useExternal: unknown = false): string[] {
  const onnx = onnxFileFor(dtype);
  const chunks = externalDataChunks(useExternal, onnx.slice('onnx/'.length));
  const data = Array.from({ length: chunks }, (_, i) => `${onnx}_data${i === 0 ? '' : `_${i}`}`);
  return ['config.json', 'tokenizer_config.json', 'tokenizer.json', onnx, ...data];
}


/**
 * The dtype actually loaded for `dtype` on `device`: WebGPU without `shader-f16` cannot run fp16
 * compute, so q4f16 and fp16 become q4 (fp32 compute). The engine loads this; the page sizes its
 * download from it, so the size shown is that of the files that will be fetched.
 */
export function loadableDtype(dtype: LayoutDtype, device: string, shaderF16: boolean): LayoutDtype {
  return device === 'webgpu' && !shaderF16 && (dtype === 'q4f16' || dtype === 'fp16') ? 'q4' : dtype;
}
