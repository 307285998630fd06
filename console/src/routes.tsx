import type { VNode } from 'preact';

import type { Location } from './lib/router';
import { DatastorePage } from './pages/datastore';
import { DeploymentsPage } from './pages/deployments';
import { ExecutionPage } from './pages/execution';
import { ExecutionsPage } from './pages/executions';
import { LivePage } from './pages/live';
import { PacksPage } from './pages/packs';
import { RulePage } from './pages/rule';
import { RulesPage } from './pages/rules';
import { RunPage } from './pages/run';
import { SensorsPage } from './pages/sensors';
import { TracePage } from './pages/trace';

export interface NavEntry {
  path: string;
  label: string;
  /** Shown greyed with this tooltip until the page exists (workflows, inquiries). */
  soon?: string;
}

/** The navigation; a new page is one entry here and one route below. */
export const NAVIGATION: readonly NavEntry[] = [
  { path: '/live', label: 'Live' },
  { path: '/executions', label: 'Executions' },
  { path: '/run', label: 'Run an action' },
  { path: '/rules', label: 'Rules' },
  { path: '/packs', label: 'Packs' },
  { path: '/sensors', label: 'Sensors' },
  { path: '/deployments', label: 'Deployments' },
  { path: '/datastore', label: 'Datastore' },
  { path: '/workflows', label: 'Workflows', soon: 'Workflows get a page when the workflow engine lands' },
  { path: '/inquiries', label: 'Inquiries', soon: 'Inquiries get a page with the workflow engine' },
];

interface Route {
  section: string;
  render(location: Location): VNode;
}

const decode = (part: string | undefined): string => decodeURIComponent(part ?? '');

export function routeFor(path: string): Route {
  const [, section = '', id] = path.split('/');
  switch (section) {
    case '':
    case 'live':
      return { section: '/live', render: () => <LivePage /> };
    case 'executions':
      return id
        ? { section: '/executions', render: () => <ExecutionPage id={decode(id)} /> }
        : { section: '/executions', render: (location) => <ExecutionsPage params={location.params} /> };
    case 'trace':
      return { section: '/executions', render: () => <TracePage id={decode(id)} /> };
    case 'run':
      return { section: '/run', render: () => <RunPage actionRef={id ? decode(id) : undefined} /> };
    case 'rules':
      return id
        ? {
            section: '/rules',
            render: (location) => <RulePage ruleRef={decode(id)} params={location.params} />,
          }
        : { section: '/rules', render: () => <RulesPage /> };
    case 'packs':
      return { section: '/packs', render: () => <PacksPage /> };
    case 'sensors':
      return { section: '/sensors', render: () => <SensorsPage /> };
    case 'deployments':
      return { section: '/deployments', render: () => <DeploymentsPage /> };
    case 'datastore':
      return { section: '/datastore', render: () => <DatastorePage /> };
    default:
      return {
        section: '',
        render: () => (
          <section class="page">
            <h1 id="page-title">Not found</h1>
            <p>
              No page at {path}. <a href="/live">Go to Live</a>.
            </p>
          </section>
        ),
      };
  }
}
