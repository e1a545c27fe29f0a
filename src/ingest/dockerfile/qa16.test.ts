/**
 * QA round 16 (Dockerfiles as repositories hold them): BuildKit's `Dockerfile.dockerignore` is not a Dockerfile,
 * and Dockerfile templates (`Dockerfile.j2`, docker-library's `Dockerfile.template`, cookiecutter directories) are
 * audited around their tags instead of failing with input errors (exit 2) on a valid repository (R-G14).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { isDockerfileTemplate, maskTemplate } from './template.js';

async function audit(path: string, text: string) {
  const res = await auditSources([{ path, text }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`),
    findings: res.findings.filter((f) => f.severity !== 'info' || f.ruleId === 'BW-0102').map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty}`),
  };
}

describe('Dockerfile.dockerignore', () => {
  it('is an ignore file: no input error, no finding', async () => {
    expect(await audit('Dockerfile.dockerignore', 'node_modules\n*.md\n!README.md\n')).toEqual({ errors: [], findings: [] });
  });
});

describe('Dockerfile templates', () => {
  const j2 = [
    '# {{ ansible_managed }}',
    'FROM {{ registry }}/python:{{ python_version }}-slim',
    '{# build deps #}',
    '{% if install_build_deps %}',
    'RUN apt-get update && apt-get install -y --no-install-recommends build-essential',
    '{%- endif %}',
    'ENV APP_ENV={{ app_env }} \\',
    '    SECRET_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    "USER {{ app_user | default('root') }}",
    'RUN chmod u+s /usr/local/bin/helper',
    '{{ extra_instructions }}',
    'CMD ["gunicorn", "app:app"]',
    '',
  ].join('\n');

  it('a Jinja Dockerfile.j2: no input errors; the instructions around the tags are audited at their own lines', async () => {
    expect(await audit('role/templates/Dockerfile.j2', j2)).toEqual({
      errors: [],
      findings: ['BW-0103 8:5 high definite', 'BW-0102 9:6 info unknown', 'BW-0104 10:5 high definite'],
    });
  });

  it('the same text in a plain Dockerfile (tag lines) and in a cookiecutter directory, CRLF', async () => {
    expect((await audit('Dockerfile', j2)).errors).toEqual([]);
    expect((await audit('{{cookiecutter.project_slug}}/Dockerfile', j2.replace(/\n/g, '\r\n'))).findings).toEqual([
      'BW-0103 8:5 high definite',
      'BW-0102 9:6 info unknown',
      'BW-0104 10:5 high definite',
    ]);
  });

  it('maskTemplate keeps the length and the line breaks', () => {
    const masked = maskTemplate(j2);
    expect(masked.length).toBe(j2.length);
    expect(masked.split('\n')[1]).toBe('FROM ${registry___}/python:${python_version___}-slim');
    expect(masked.split('\n')[3]).toBe(' '.repeat('{% if install_build_deps %}'.length));
    expect(masked.split('\n')[8]).toBe('USER ${app_user_default_root________}');
    expect(maskTemplate('FROM a:{{x}}\r\n{% endif %}\r\n')).toBe('FROM a:${x_}\r\n           \r\n');
  });

  it('a plain Dockerfile passing a Go template to a program is not a template', () => {
    const plain = 'FROM docker:27-cli\nRUN docker inspect --format \'{{.Id}}\' x > /id\nHEALTHCHECK CMD docker info --format "{{json .}}"\n';
    expect(isDockerfileTemplate('Dockerfile', plain)).toBe(false);
    expect(isDockerfileTemplate('Dockerfile.template', 'FROM debian:{{ env.codename }}\n')).toBe(true);
    expect(isDockerfileTemplate('Dockerfile.tmpl', 'FROM debian:12\n')).toBe(false);
  });
});
