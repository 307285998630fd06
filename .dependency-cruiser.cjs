/**
 * Keeps imports one-way: cli/api -> engine -> pipeline/rules/actions/sensors -> bus/store.
 * It reads the TypeScript sources, type-only imports included (`tsPreCompilationDeps`), so a cycle
 * made only of types fails as surely as one that survives compilation.
 */
const lowerLayers = [
  'actions',
  'bus',
  'chatops',
  'common',
  'config',
  'datastore',
  'deploy',
  'domain',
  'packs',
  'parsing',
  'pipeline',
  'queue',
  'rules',
  'security',
  'sensors',
  'snapshot',
  'store',
  'templates',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports go one way; move what both sides share into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-does-not-reach-up',
      severity: 'error',
      comment: 'Lower layers must not import the engine, API or CLI.',
      from: { path: `^src/(${lowerLayers.join('|')})/` },
      to: { path: '^src/(engine|api|cli)/' },
    },
    {
      name: 'engine-does-not-reach-interfaces',
      severity: 'error',
      comment: 'The composition root is used by the API and CLI, never the other way round.',
      from: { path: '^src/engine/' },
      to: { path: '^src/(api|cli)/' },
    },
    {
      name: 'every-import-resolves',
      severity: 'error',
      comment: 'An import the check cannot follow is an edge it cannot see a cycle through.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve package subpaths through their "exports" maps as Node does (rxjs/internal/*).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
