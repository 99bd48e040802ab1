// Layer rules (see README "Layout"): the compiler's per-layer tsconfigs stop wrong globals and
// unreferenced layers; this file stops the imports the compiler cannot see (packages, node:*).
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const ML_RUNTIME = ['@huggingface/*', 'onnxruntime-*', 'onnxruntime-web', 'onnxruntime-node', 'onnxruntime-common'];
const NODE = ['node:*', 'fs', 'path', 'os', 'child_process', 'url', 'worker_threads'];

const restrict = (patterns, message) => ({ group: patterns, message });

const noClockNoRandom = [
  'error',
  { object: 'Math', property: 'random', message: 'Randomness comes from the seeded counter-based RNG in src/core/rng.' },
  { object: 'Date', property: 'now', message: 'Time is injected (EngineHost.now / metrics timestamps).' },
  { object: 'performance', property: 'now', message: 'Time is injected (EngineHost.now / metrics timestamps).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'public/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      // Small functions, one concept each (README "Style"): blank and comment lines do not count.
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true, IIFEs: true }],
      // The layers form a tree; within a layer, modules form no cycles either.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(ML_RUNTIME, 'src/core is pure: no ML runtime.'),
        restrict(NODE, 'src/core runs anywhere: no node built-ins.'),
        restrict(['comlink', '**/engine/**', '**/ui/**', '**/cli/**', '**/protocol/**', '**/workers/**'], 'src/core imports nothing outside itself.'),
      ] }],
      'no-restricted-properties': noClockNoRandom,
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/core/**', '../core'], allowTypeImports: true, message: 'protocol may import core types only.' },
        restrict([...ML_RUNTIME, ...NODE, 'comlink', '**/engine/**', '**/ui/**', '**/cli/**', '**/workers/**'], 'protocol holds shared types only.'),
      ] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/runtime/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(ML_RUNTIME, 'Only src/engine/runtime/ imports transformers.js / onnxruntime.'),
        restrict(NODE, 'The engine runs in a worker and in Node: no node built-ins (use the EngineHost).'),
        restrict(['comlink', '**/ui/**', '**/cli/**', '**/workers/**'], 'engine never imports ui, cli, workers or comlink.'),
      ] }],
      'no-restricted-properties': noClockNoRandom,
    },
  },
  {
    files: ['src/engine/runtime/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(NODE, 'The engine runs in a worker and in Node: no node built-ins.'),
        restrict(['../*', '../**'], 'src/engine/runtime is the bottom of the engine: transformers.js and its own folder only.'),
        restrict(['comlink', '**/ui/**', '**/cli/**', '**/workers/**'], 'engine never imports ui, cli, workers or comlink.'),
      ] }],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(ML_RUNTIME, 'workers/ only exposes the engine; the runtime lives in src/engine/runtime/.'),
        restrict([...NODE, '**/ui/**', '**/cli/**'], 'workers/ never imports ui or cli.'),
      ] }],
    },
  },
  {
    files: ['src/ui/**/*.ts'],
    ignores: ['src/ui/engine-client.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['comlink'], 'Only src/ui/engine-client.ts talks to the worker.'),
        restrict([...ML_RUNTIME, ...NODE, '**/engine/**', '**/cli/**'], 'The UI reaches the engine only through the worker client.'),
      ] }],
      'no-restricted-syntax': ['error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Model output is text: use textContent / DOM nodes.' },
        { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'Model output is text: use textContent / DOM nodes.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Model output is text: use textContent / DOM nodes.' },
      ],
    },
  },
  {
    files: ['src/ui/engine-client.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...ML_RUNTIME, ...NODE, '**/engine/**', '**/cli/**'], 'The UI reaches the engine only through the worker.'),
      ] }],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...ML_RUNTIME, 'comlink', '**/ui/**', '**/cli/**', '**/workers/**'], 'src/node is the Node host of the engine: node built-ins yes; ui, cli, workers, comlink or the runtime no.'),
      ] }],
    },
  },
  {
    files: ['tools/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/src/cli/**', '**/src/ui/**', '**/workers/**', 'comlink'], 'tools/ use the engine (src/engine, src/node) and core, never the CLI, the page or the worker.'),
      ] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // describe() blocks group many cases; the tests inside stay short by review.
      'max-lines-per-function': 'off',
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|only|todo|skipIf|runIf)$/]", message: 'No skipped, focused or conditional tests: a test that does not run is not a pass.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name='ctx']", message: 'No skipped tests: a test that does not run is not a pass.' },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...ML_RUNTIME, 'comlink', '**/ui/**', '**/workers/**'], 'The CLI drives src/engine; it never imports ui, workers, comlink or the runtime directly.'),
      ] }],
    },
  },
);
