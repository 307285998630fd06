/**
 * Keeps imports one-way: cli/api -> engine -> rules/actions/sensors -> bus/store. It checks the
 * compiled dist/ (dependency-cruiser 16 cannot parse TypeScript 6), so `npm run build` comes first.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-does-not-reach-up',
      severity: 'error',
      comment: 'Lower layers must not import the engine, API or CLI.',
      from: {
        path: '^dist/(bus|store|queue|rules|actions|templates|domain|sensors|packs|chatops|pipeline|snapshot|parsing|common)/',
      },
      to: { path: '^dist/(engine|api|cli)/' },
    },
    {
      name: 'engine-does-not-reach-interfaces',
      severity: 'error',
      from: { path: '^dist/engine/' },
      to: { path: '^dist/(api|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
  },
};
