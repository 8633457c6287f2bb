import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { hasPublicData, PUBLIC_DATA, publicDataOf } from './public-data.js';

const ROOT = path.resolve(__dirname, '../../../../..');
const CONTRACTS = path.join(ROOT, 'libs/contracts/src/index.ts');
const DOCS = readFileSync(path.join(ROOT, 'docs/events.md'), 'utf8');

/**
 * The event unions of the contracts, by the category of the streams their events are recorded
 * in. A union the contracts add is missing here, and the first test says so.
 */
const CATEGORY_OF_UNION: Readonly<Record<string, string>> = {
  DeploymentEvent: 'deployment',
  RolloutEvent: 'rollout',
  ApprovalEvent: 'approval',
  NodeEvent: 'node',
  BlueGreenNodeEvent: 'node',
  ModuleEvent: 'module',
  FaultEvent: 'chaos',
  WebhookEvent: 'webhook',
};

/** The public shapes, by category, as declared beside their mappings. */
const SHAPES_OF_CATEGORY: Readonly<Record<string, string>> = {
  deployment: 'PublicDeploymentData',
  rollout: 'PublicRolloutData',
  approval: 'PublicApprovalData',
  node: 'PublicNodeData',
  module: 'PublicModuleData',
  chaos: 'PublicChaosData',
  webhook: 'PublicWebhookData',
};

/** The type checker's view of the contracts and of the public shapes (types are gone at run time). */
function typeChecker() {
  const program = ts.createProgram([CONTRACTS, path.join(__dirname, 'public-data.ts')], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    baseUrl: ROOT,
    paths: { '@hotswap/*': ['./libs/*/src/index.ts'] },
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string) =>
    checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
  const declared = (symbol: ts.Symbol) => checker.getDeclaredTypeOfSymbol(symbol);
  return { checker, exportsOf, declared };
}

/** The `type` strings of a union of `{ type: '…'; data: … }`, or undefined when it is not one. */
function eventTypesOf(checker: ts.TypeChecker, type: ts.Type): string[] | undefined {
  const members = type.isUnion() ? type.types : [type];
  const names = members.map((member) => {
    if (member.getProperty('data') === undefined) return undefined;
    const typeProperty = member.getProperty('type');
    if (typeProperty === undefined) return undefined;
    const literal = checker.getTypeOfSymbol(typeProperty);
    return literal.isStringLiteral() ? literal.value : undefined;
  });
  return names.every((name) => name !== undefined) ? names : undefined;
}

describe('public data', () => {
  const { checker, exportsOf, declared } = typeChecker();
  const unions = new Map(
    exportsOf(CONTRACTS).flatMap((symbol) => {
      const types = eventTypesOf(checker, declared(symbol));
      return types === undefined ? [] : [[symbol.getName(), types] as const];
    }),
  );

  it('knows every event union of the contracts, and the category its events are recorded in', () => {
    expect([...unions.keys()].sort()).toEqual(Object.keys(CATEGORY_OF_UNION).sort());
  });

  it('has a public shape for every event type the services record', () => {
    const missing = [...unions].flatMap(([union, types]) =>
      types
        .filter((type) => !hasPublicData(CATEGORY_OF_UNION[union]!, type))
        .map((type) => `${CATEGORY_OF_UNION[union]}/${type}`),
    );
    expect(missing).toEqual([]);
    const recorded = [...unions].flatMap(([union, types]) =>
      types.map((type) => `${CATEGORY_OF_UNION[union]}/${type}`),
    );
    const mapped = Object.entries(PUBLIC_DATA).flatMap(([category, mappers]) =>
      Object.keys(mappers).map((type) => `${category}/${type}`),
    );
    expect(new Set(mapped)).toEqual(new Set(recorded));
  });

  it('documents every public type and each of its data fields in docs/events.md', () => {
    const sections = DOCS.split(/^### /m);
    const undocumented = Object.entries(SHAPES_OF_CATEGORY).flatMap(([category, name]) => {
      const symbol = exportsOf(path.join(__dirname, `${category}-data.ts`)).find(
        (s) => s.getName() === name,
      )!;
      const section = sections.find((s) => s.startsWith(`\`${category}\``)) ?? '';
      return declared(symbol)
        .getProperties()
        .flatMap((typeSymbol) => {
          const type = typeSymbol.getName();
          const row = section.split('\n').find((line) => line.startsWith(`| \`${type}\``));
          if (row === undefined) return [`${category}/${type}`];
          return checker
            .getTypeOfSymbol(typeSymbol)
            .getProperties()
            .map((field) => field.getName())
            .filter((field) => !row.includes(`\`${field}\``))
            .map((field) => `${category}/${type}.${field}`);
        });
    });
    expect(undocumented).toEqual([]);
  });

  it('gives null for a type it does not know, in any category, and for data not of its shape', () => {
    expect(publicDataOf('deployment', 'DeploymentArchived', { executionId: 'd-1' })).toBeNull();
    expect(publicDataOf('billing', 'InvoiceSent', { amount: 3 })).toBeNull();
    expect(publicDataOf('deployment', 'toString', {})).toBeNull();
    expect(publicDataOf('constructor', 'StageStarted', {})).toBeNull();
    expect(publicDataOf('rollout', 'RolloutStarted', { rolloutId: 'r-1' })).toBeNull();
    expect(publicDataOf('deployment', 'StageStarted', null)).toBeNull();
  });

  it('reads a type name within its category: a rollout’s TrafficSwitched is not a node’s', () => {
    const rollout = {
      rolloutId: 'r',
      nodes: 3,
      switchBackUntil: '2026-11-22T10:30:00.000Z',
      at: '',
    };
    expect(publicDataOf('rollout', 'TrafficSwitched', rollout)).toStrictEqual({
      nodeCount: 3,
      switchBackUntil: '2026-11-22T10:30:00.000Z',
    });
    const node = { nodeId: 'n', moduleName: 'm', from: '1', to: '2', switchedAt: '' };
    expect(publicDataOf('node', 'TrafficSwitched', node)).toStrictEqual({
      nodeId: 'n',
      moduleName: 'm',
      fromVersion: '1',
      toVersion: '2',
    });
  });
});
