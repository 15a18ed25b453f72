/**
 * Permission-check throughput (design.md "Permissions": compile once, O(depth) checks).
 *
 * Builds 1,000 roles × 100 seeded-random rows (leaves and inner nodes, a few denials, default scope and 5
 * controllers), compiles them once, then asks ~200 distinct (path, controller) questions in a loop, as the route
 * guard and the GUI do. Measured twice: with the per-scope memo (the production setting) and without it
 * (`memoCapacity: 0`), which shows the cost of the trie walk itself. Target: ≥ 2,000,000 memoised checks/s.
 *
 * Run: node --import tsx bench/permission-checks.ts
 */
import { pathToFileURL } from 'node:url';
import { compilePermissions } from '../src/permissions/compile-permissions.js';
import { buildPermissionTree, listLeafPermissions } from '../src/permissions/permission-tree.js';
import type { PermissionNode } from '../src/permissions/permission-tree.js';
import type { CompiledPermissions, PermissionRow, RoleGrant, Subject } from '../src/permissions/types.js';
import { pick, seededRandom } from '../test/support/seeded-random.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: number;
}

const ROLE_COUNT = 1_000;
const ROWS_PER_ROLE = 100;
const CONTROLLER_IDS = ['controller-1', 'controller-2', 'controller-3', 'controller-4', 'controller-5'];
const DISTINCT_QUERIES = 200;
const TARGET_CHECKS_PER_SECOND = 2_000_000;
const MEASURE_MILLISECONDS = 1_000;

interface Query {
  path: string;
  controllerId: string | undefined;
}

export async function run(): Promise<BenchResult[]> {
  const random = seededRandom(20_260_823);
  const subjects = buildSubjects(random);
  const queries = buildQueries(random);

  const compileStart = process.hrtime.bigint();
  const memoised = compilePermissions(subjects);
  const compileMilliseconds = Number(process.hrtime.bigint() - compileStart) / 1e6;
  const unmemoised = compilePermissions(subjects, { memoCapacity: 0 });

  const permittedQueries = queries.filter((query) => memoised.isPermitted(query.path, query.controllerId));
  const permittedShare = permittedQueries.length / queries.length;

  return [
    {
      name: `compile ${ROLE_COUNT.toLocaleString('en-US')} roles × ${ROWS_PER_ROLE} rows`,
      value: round(compileMilliseconds, 1),
      unit: 'ms',
    },
    {
      name: 'isPermitted, memoised',
      value: Math.round(measureChecksPerSecond(memoised, queries)),
      unit: 'checks/s',
      target: TARGET_CHECKS_PER_SECOND,
    },
    {
      name: 'isPermitted, no memo (trie walk)',
      value: Math.round(measureChecksPerSecond(unmemoised, queries)),
      unit: 'checks/s',
    },
    { name: 'queries answered "permitted"', value: round(permittedShare * 100, 1), unit: '%' },
  ];
}

function buildSubjects(random: () => number): Subject[] {
  const leaves = listLeafPermissions();
  const innerNodes = listInnerNodes(buildPermissionTree()).filter((path) => path !== 'sos:products');
  const roles: RoleGrant[] = [];
  for (let index = 0; index < ROLE_COUNT; index++) {
    const permissions: PermissionRow[] = [];
    for (let row = 0; row < ROWS_PER_ROLE; row++) {
      const isLeaf = random() < 0.8;
      permissions.push({
        path: isLeaf ? pick(random, leaves) : pick(random, innerNodes),
        controllerId: random() < 0.6 ? '' : pick(random, CONTROLLER_IDS),
        // Denials are rare and aimed at single leaves, as in real role sets (~40 of 100,000 rows here); denied
        // inner nodes would deny nearly every query and make the mix unrealistic.
        excluded: isLeaf && random() < 0.0005,
      });
    }
    roles.push({ roleName: `role-${index}`, permissions, folders: [] });
  }
  // Two identity services, as with two required services (spec §4.6).
  return [
    { serviceName: 'LDAP', roles: roles.slice(0, ROLE_COUNT / 2) },
    { serviceName: 'JOC', roles: roles.slice(ROLE_COUNT / 2) },
  ];
}

function buildQueries(random: () => number): Query[] {
  const leaves = listLeafPermissions();
  const innerNodes = listInnerNodes(buildPermissionTree());
  // '' stands for the JOC scope / controller defaults, asked without a controller id.
  const controllerChoices = ['', ...CONTROLLER_IDS, 'controller-unknown'];
  const byKey = new Map<string, Query>();
  while (byKey.size < DISTINCT_QUERIES) {
    const controllerId = pick(random, controllerChoices);
    const path = random() < 0.9 ? pick(random, leaves) : pick(random, innerNodes);
    const query = { path, controllerId: controllerId === '' ? undefined : controllerId };
    byKey.set(`${query.controllerId ?? ''}\u0000${query.path}`, query);
  }
  return [...byKey.values()];
}

/** Loops over the queries for about MEASURE_MILLISECONDS after a warm-up, and returns checks per second. */
function measureChecksPerSecond(compiled: CompiledPermissions, queries: readonly Query[]): number {
  const askAll = (): number => {
    let permitted = 0;
    for (const query of queries) if (compiled.isPermitted(query.path, query.controllerId)) permitted++;
    return permitted;
  };
  for (let warmUp = 0; warmUp < 2_000; warmUp++) askAll();

  let checks = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsedNanoseconds = 0n;
  while (elapsedNanoseconds < BigInt(MEASURE_MILLISECONDS) * 1_000_000n) {
    for (let batch = 0; batch < 100; batch++) sink += askAll();
    checks += 100 * queries.length;
    elapsedNanoseconds = process.hrtime.bigint() - start;
  }
  // Keeps the answers alive so the loop cannot be optimised away.
  if (sink < 0) throw new Error('unreachable');
  return checks / (Number(elapsedNanoseconds) / 1e9);
}

function listInnerNodes(node: PermissionNode): string[] {
  return node.children.length === 0 ? [] : [node.path, ...node.children.flatMap(listInnerNodes)];
}



function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((result) => ({
    measure: result.name,
    value: result.value.toLocaleString('en-US'),
    unit: result.unit,
    target: result.target === undefined ? '' : `≥ ${result.target.toLocaleString('en-US')}`,
    met: result.target === undefined ? '' : result.value >= result.target ? 'yes' : 'NO',
  }));
  console.table(rows);
}

const isRunDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isRunDirectly) {
  const results = await run();
  printTable(results);
  const checked = results.filter((result) => result.target !== undefined);
  const allMet = checked.every((result) => result.value >= (result.target ?? 0));
  console.log(allMet ? 'Target of 2,000,000 checks/s met.' : 'Target of 2,000,000 checks/s NOT met.');
}
