import { useState } from 'preact/hooks';

import { Data, Loading, Page, Problem, Section, Status } from '../components/common';
import { api, errorText, query } from '../lib/api';
import { asText, shortTime } from '../lib/format';
import type { Rule, RuleTestReport, TriggerInstance } from '../lib/types';
import { useApi } from '../lib/use-api';

/** One rule: its definition and the tester (a pasted payload or a recent trigger instance). */
export function RulePage({ ruleRef, params }: { ruleRef: string; params: URLSearchParams }) {
  const rule = useApi<Rule>(`/rules/${encodeURIComponent(ruleRef)}`);
  const recent = useApi<TriggerInstance[]>(
    rule.data ? `/triggerinstances${query({ trigger: rule.data.trigger.type, limit: 10 })}` : null,
  );
  const [payload, setPayload] = useState(params.get('payload') ?? '{}');
  const [report, setReport] = useState<RuleTestReport | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const test = async (body: Record<string, unknown>): Promise<void> => {
    setProblem(undefined);
    try {
      setReport(await api<RuleTestReport>('POST', `/rules/${encodeURIComponent(ruleRef)}/test`, body));
    } catch (error) {
      setReport(undefined);
      setProblem(errorText(error));
    }
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch (error) {
      setProblem(`The payload is not JSON: ${errorText(error)}`);
      return;
    }
    void test({ payload: parsed });
  };

  return (
    <Page title={ruleRef}>
      <Problem text={rule.error} />
      <Loading when={rule.loading && !rule.data} />
      {rule.data ? (
        <>
          <dl class="facts">
            <dt>State</dt>
            <dd>
              <Status value={rule.data.enabled ? 'enabled' : 'disabled'} />
            </dd>
            <dt>Trigger</dt>
            <dd>{rule.data.trigger.type}</dd>
            <dt>Action</dt>
            <dd>
              <a href={`/run/${encodeURIComponent(rule.data.action.ref)}`}>{rule.data.action.ref}</a>
            </dd>
            <dt>File</dt>
            <dd>{rule.data.metadata_file ?? ''}</dd>
          </dl>
          <div class="grid-2">
            <Section title="Criteria">
              <Data value={rule.data.criteria} label="Criteria" />
            </Section>
            <Section title="Action parameters">
              <Data value={rule.data.action.parameters} label="Action parameters" />
            </Section>
          </div>
          <Section title="Test the rule">
            <form onSubmit={submit} aria-label="Rule tester">
              <label>
                Trigger payload (JSON)
                <textarea
                  name="payload"
                  rows={6}
                  value={payload}
                  onInput={(event) => setPayload(event.currentTarget.value)}
                />
              </label>
              <div class="row">
                <button type="submit" class="primary">
                  Test
                </button>
                {(recent.data ?? []).length > 0 ? (
                  <label class="inline">
                    or a recent {rule.data.trigger.type}
                    <select
                      name="recent"
                      onChange={(event) => {
                        const picked = recent.data?.find(
                          (instance) => instance.id === event.currentTarget.value,
                        );
                        if (!picked) return;
                        setPayload(asText(picked.payload));
                        void test({ trigger_instance: picked.id });
                      }}
                    >
                      <option value="">pick one…</option>
                      {(recent.data ?? []).map((instance) => (
                        <option key={instance.id} value={instance.id}>
                          {shortTime(instance.occurrence_time)} {instance.id}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </div>
            </form>
            <Problem text={problem} />
            {report ? <TestReport report={report} /> : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}

function TestReport({ report }: { report: RuleTestReport }) {
  return (
    <div class="test-report" aria-live="polite">
      <p class={report.matched ? 'verdict ok' : 'verdict bad'}>
        {report.matched ? 'The rule matches this payload.' : 'The rule does not match this payload.'}
      </p>
      {report.criteria.length > 0 ? (
        <div class="table-wrap">
          <table aria-label="Criteria results">
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Operator</th>
                <th scope="col">Pattern</th>
                <th scope="col">Value found</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {report.criteria.map((criterion) => (
                <tr key={criterion.key} class={criterion.passed ? 'passed' : 'failed'}>
                  <td>{criterion.key}</td>
                  <td>{criterion.operator}</td>
                  <td>
                    <code>{JSON.stringify(criterion.pattern)}</code>
                  </td>
                  <td>
                    <code>
                      {criterion.value === undefined ? '(missing)' : JSON.stringify(criterion.value)}
                    </code>
                  </td>
                  <td>
                    {criterion.passed ? '✔ passes' : '✘ fails'}
                    {criterion.error ? ` — ${criterion.error}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Data value={report.lines.join('\n')} label="Tester report" />
      {report.error ? <p class="problem">{report.error}</p> : null}
      {report.parameters ? (
        <>
          <h3>Rendered parameters for {report.action}</h3>
          <Data value={report.parameters} label="Rendered parameters" />
        </>
      ) : null}
      {report.parameters_error ? <p class="problem">{report.parameters_error}</p> : null}
      {report.notes.map((note) => (
        <p key={note} class="muted">
          {note}
        </p>
      ))}
    </div>
  );
}
