/**
 * Helm chart template vs rendered manifest (helm.ts): Go `template` actions of Alertmanager in a rendered
 * manifest are data, so the manifest is audited (a privileged container in it must not be missed, R-B).
 */
import { describe, expect, it } from 'vitest';
import { helmTemplateAt } from './helm.js';
import { auditManifest, ingestText } from './test-helpers.js';

/** `helm template` output of an Alertmanager chart: a ConfigMap with Go templates, then the workload. */
const RENDERED = `---
# Source: alertmanager/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: alertmanager
data:
  alertmanager.yml: |
    receivers:
    - name: slack
      slack_configs:
      - channel: '#alerts'
        title: '{{ template "slack.default.title" . }}'
        text: "{{ template \\"slack.default.text\\" . }}"
  default.tmpl: |-
    {{ define "slack.myorg.text" }}
    {{ template "__text_alert_list" . }}
      {{ template "__subject" . }}
    {{ end }}
---
# Source: alertmanager/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: alertmanager
spec:
  selector:
    matchLabels: {app: alertmanager}
  template:
    metadata:
      labels: {app: alertmanager}
    spec:
      containers:
        - name: alertmanager
          image: "quay.io/prometheus/alertmanager:v0.27.0"
          securityContext:
            privileged: true
`;

describe('helmTemplateAt', () => {
  it('a rendered manifest whose Go templates sit in quoted strings and block scalars is a manifest', () => {
    expect(helmTemplateAt(RENDERED)).toBe(-1);
    expect(helmTemplateAt(RENDERED.replace(/\n/g, '\r\n'))).toBe(-1);
    // QA: Grafana alerting's notification templates read `.Values` (query values) inside a rendered ConfigMap's block scalar.
    expect(helmTemplateAt('data:\n  tmpl: |\n    {{ range .Alerts.Firing }}CPU is {{ .Values.B }}%{{ end }}\n')).toBe(-1);
  });

  it.each([
    ['old-style named template at a value start', 'metadata:\n  name: {{ template "mysql.fullname" . }}\n', 18],
    ['named template as a list item', 'args:\n  - {{ template "x.arg" . }}\n', 10],
    ['named template at a line start', 'metadata:\n{{ template "x.meta" . }}\n', 10],
    ['.Values inside a quoted string', 'image: "{{ .Values.image.repository }}"\n', 8],
    ['include in a block scalar', 'data:\n  x: |\n    {{ include "x.cfg" . }}\n', 17],
    ['.Values outside a block scalar', 'data:\n  x: |\n    text\n  y: {{ .Values.y }}\n', 27],
    ['toYaml | nindent', 'spec:\n  {{- toYaml .Values.spec | nindent 2 }}\n', 8],
    ['named template inside a double-quoted value it would end', 'labels:\n  app: "{{ template "x.name" . }}"\n', 16],
    ['a named template after a block scalar ended', 'data:\n  x: |\n    text\nname: {{ template "x" . }}\n', 28],
  ])('a chart template: %s', (_what, text, offset) => {
    expect(helmTemplateAt(text)).toBe(offset);
  });
});

describe('a rendered manifest with Alertmanager templates is audited', () => {
  it('no input error, and the privileged container is found at its key', async () => {
    const { r } = await ingestText(RENDERED);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => c.target.name)).toEqual(['alertmanager']);
    const { findings, errors } = await auditManifest(RENDERED);
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'BW-0001').map((f) => [f.target.name, f.location.startLine, f.location.startColumn])).toEqual([['alertmanager', 37, 13]]);
  });

  it('a chart template is still refused with one error at its first Helm action', async () => {
    const { r } = await ingestText('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ template "x.fullname" . }}\n');
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[4, 9, 'unsupported']]);
  });
});
