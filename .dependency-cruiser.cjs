/**
 * Layer rules, checked by `depcruise` in `npm test` (tests/architecture/layers.test.ts).
 * The pure core (`src/core`, `src/extraction`) runs in the browser's background, in content
 * scripts and in Node: it imports no browser or Node API and nothing from the layers around it.
 * The CLI and the intake server are separate programs: neither imports the other.
 * Test files may use Node's own modules (fixtures, hashes): the rules are for the code that ships.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'cli-server-not-extension',
      comment: 'The CLI, the intake server and their shared Node helpers do not reach into the extension.',
      severity: 'error',
      from: { path: '^src/(cli|server|node)/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^src/extension/', '^entrypoints/', '^node_modules/(wxt|@wxt-dev)/'] },
    },
    {
      name: 'core-no-node',
      comment: 'src/core and src/extraction are pure: no Node built-in module (they also run in the browser).',
      severity: 'error',
      from: { path: '^src/(core|extraction)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-browser-or-outer-layers',
      comment:
        'src/core and src/extraction import no browser API wrapper and nothing from the extension, CLI, server, Node or reports layers; of src/data only its reviewed JSON files (data is code), not its loaders.',
      severity: 'error',
      from: { path: '^src/(core|extraction)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: [
          '^node_modules/(wxt|@wxt-dev|webextension-polyfill|@types/chrome)/',
          '^src/(extension|cli|server|node|reports)/',
          '^src/data/.*\\.(ts|mjs|js)$',
          '^entrypoints/',
        ],
      },
    },
    {
      name: 'cli-not-server',
      comment: 'The CLI and the intake server are separate programs; shared Node helpers live in a folder of their own.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      from: { path: '^src/server/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'zod-through-core-zod',
      comment:
        "Schemas use zod/mini through src/core/zod.ts, which sets zod's English messages once; an import of 'zod' (classic) would put the whole library back in background.js (issue #15).",
      severity: 'error',
      from: { pathNot: '^src/core/zod\\.ts$' },
      to: { path: '^(node_modules/)?zod(/|$)' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles anywhere in the shipped code.',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.output|\\.wxt|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
