import { describe, expect, it } from 'vitest';
import { loadableDtype, requiredModelFiles } from '../../src/core/model-layout';

describe('loadableDtype', () => {
  it('turns fp16 compute into q4 on WebGPU without shader-f16, and nowhere else', () => {
    expect(loadableDtype('q4f16', 'webgpu', false)).toBe('q4');
    expect(loadableDtype('fp16', 'webgpu', false)).toBe('q4');
    expect(loadableDtype('q4f16', 'webgpu', true)).toBe('q4f16');
    expect(loadableDtype('fp16', 'wasm', false)).toBe('fp16');
    for (const d of ['fp32', 'q4', 'q8'] as const) expect(loadableDtype(d, 'webgpu', false)).toBe(d);
  });

  it('so the files sized for a download are those of the dtype that loads', () => {
    expect(requiredModelFiles(loadableDtype('q4f16', 'webgpu', false))).toContain('onnx/model_q4.onnx');
  });
});
