/** Keeps imports one-way: cli/api -> engine -> rules/actions/sensors -> bus/store. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-does-not-reach-up',
      severity: 'error',
      comment: 'Lower layers must not import the engine, API or CLI.',
      from: { path: '^src/(bus|store|queue|rules|actions|templates|domain|sensors|packs|chatops)/' },
      to: { path: '^src/(engine|api|cli)/' },
    },
    {
      name: 'engine-does-not-reach-interfaces',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(api|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
