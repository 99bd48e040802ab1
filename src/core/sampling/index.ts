/** Public surface of the sampling core (spec §1-§3). */
export type { SamplingParams, TopHParams } from './types';
export { Candidates } from './candidates';
export { SamplerChain, type FilterStage, type LogitStage, type Selector, type StepInput } from './chain';
export { createRowSampler, type RowSampler, type RowSamplerOptions, type SampleResult, type SampleStep } from './row-sampler';
export { probeStepStats, topKEntropy, type ProbeStepStats } from './probe-stats';
export { topHSelect } from './top-h-select';
export { exp64 } from './exp64';
export { tokenMask } from './stages/token-mask';
export { temperature } from './stages/temperature';
export { topH, topHCut, assertTopHParams, REFERENCE_TOP_N, type TopHCut } from './stages/top-h';
export { topK } from './stages/top-k';
export { topP } from './stages/top-p';
export { minP } from './stages/min-p';
export { greedy } from './stages/greedy';
export { dist } from './stages/dist';
