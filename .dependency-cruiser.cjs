/**
 * THE import rule (docs/adr/0009-import-layers.md), checked by `npm run lint:imports`, which
 * `npm test` runs:
 *
 *   functions → use cases → { store, ports, http } → domain (with config just above it)
 *
 * A module imports its own layer, the layers below and libraries, never a layer above. Store,
 * ports and http sit side by side and may share types and constants, but a port never reads or
 * writes the store: a port that needs data is running a flow, and flows are use cases. There is no
 * cycle, at the type level too (the swc parser cannot tell `import type` apart). infra wires
 * everything for the cloud and for one machine, and may import anything; so may test/ and bench/.
 *
 * dependency-cruiser 17 runs on Node 20 but cannot load TypeScript 7, so it parses with swc. The
 * `#shared/*` aliases resolve through package.json "imports" as Node resolves them; packages that
 * publish subpaths (`csv-stringify/sync`) need the "exports" field and its conditions.
 */

/** The layers, lowest first: each may import the layers of its rank and below. */
const LAYERS = [
  {
    name: 'domain',
    rank: 0,
    comment: 'the rules, the schemas and their closed sets, and the pure helpers they speak with',
    path: ['^shared/(domain|i18n|render)/', '^shared/(cbor|csv|media-types)[.]ts$'],
  },
  {
    name: 'config',
    rank: 1,
    comment: 'the settings of a deployment, read once: the domain takes them as arguments',
    path: ['^shared/config/'],
  },
  {
    name: 'store',
    rank: 2,
    comment: 'DynamoDB: one module per partition and its reads and writes',
    path: ['^shared/store/'],
  },
  {
    name: 'ports',
    rank: 2,
    comment: 'the world outside and the files we make: mail, report storage, signing, documents',
    path: ['^shared/(mail|reports|signing|certificates|rosters|dead-letters)/'],
  },
  {
    name: 'http',
    rank: 2,
    comment: 'the request plumbing, and the tables of routes, functions and jobs',
    path: ['^shared/(http|routes)/', '^shared/(routes|functions|jobs)[.]ts$'],
  },
  {
    name: 'use-cases',
    rank: 3,
    comment: 'the flows: read and write the store, then tell the ports',
    path: ['^shared/use-cases/'],
  },
  {
    name: 'functions',
    rank: 4,
    comment: 'the Lambda handlers: one per route group or job',
    path: ['^functions/'],
  },
];

const LIBRARIES = '(^|/)node_modules/';
const TOP_RANK = Math.max(...LAYERS.map((layer) => layer.rank));
const pathsOf = (layers) => layers.flatMap((layer) => layer.path);
const pathOf = (name) => LAYERS.find((layer) => layer.name === name).path;

/** One rule per layer but the top one: nothing from above, nothing from outside the layers. */
const importsDownOnly = LAYERS.filter((layer) => layer.rank < TOP_RANK).map((layer) => {
  const allowed = LAYERS.filter((other) => other.rank <= layer.rank);
  return {
    name: `${layer.name}-imports-down-only`,
    comment: `${layer.name}, ${layer.comment}, imports ${allowed.map((other) => other.name).join(', ')} and libraries only.`,
    severity: 'error',
    from: { path: layer.path },
    to: { pathNot: [...pathsOf(allowed), LIBRARIES], dependencyTypesNot: ['core'] },
  };
});

module.exports = {
  forbidden: [
    ...importsDownOnly,
    {
      name: 'ports-run-no-flows',
      comment:
        'A port does not read or write the store: the flow that needs both is a use case. The one ' +
        "exception is the cloud signer's own storage: the KMS signer publishes its public key in the " +
        'certificates table (shared/store/signing-keys.ts) and the verifier reads it there.',
      severity: 'error',
      from: { path: pathOf('ports'), pathNot: '^shared/signing/(kms|published)[.]ts$' },
      to: { path: pathOf('store') },
    },
    {
      name: 'in-a-layer',
      comment: 'Every module of shared/ belongs to a layer: a new folder is placed in LAYERS above.',
      severity: 'error',
      from: { path: '^shared/', pathNot: pathsOf(LAYERS) },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'No cycle, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead, unless it is bundled by its path.',
      severity: 'error',
      from: { orphan: true, pathNot: '^bench/reference/empty[.]ts$' },
      to: {},
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves to a file: an alias or package subpath that does not is a typo.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: LIBRARIES },
    // Inputs of the test that proves these rules bite (test/unit/layers.test.ts): they break them.
    exclude: { path: '^test/fixtures/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
