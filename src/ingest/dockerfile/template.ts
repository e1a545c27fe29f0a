/**
 * Dockerfile templates: a `Dockerfile.j2` of an Ansible role, a cookiecutter `{{cookiecutter.slug}}/Dockerfile`,
 * the `Dockerfile.template` files of the docker-library official images (jq templates), a `Dockerfile.tmpl` of a
 * Go generator. They hold Jinja / Go-template / jq-template tags (`{{ expr }}`, `{% stmt %}`, `{# comment #}`;
 * Jinja "Template Designer Documentation", Go text/template) that are not Dockerfile syntax until rendered, so a
 * parser reports `unknown instruction "{%"` and a `FROM {{ base }}` line names an image `{{`.
 *
 * bulwark audits such a file as far as it can without rendering it: a line made only of tags (`{% if debug %}`,
 * `{{ extra_instructions }}`) is blanked, and a tag inside a line becomes an unset variable of the same length
 * named after it (`{{ base_image }}` → `${base_image___}`), so the value is unknown (requirements: an unresolved
 * value is reported as unknown, never silently treated as safe or unsafe). Offsets never move: findings point at
 * the template's own lines and columns. The instructions written around the tags (`USER root`, `chmod u+s`, a
 * literal ENV secret) are audited as in any Dockerfile. R-G14 (audit what the repository holds).
 */

/** File names of templates by their extension (`.j2`, `.jinja`, `.jinja2`, `.tmpl`, `.tpl`, `.template`, `.gotmpl`, `.mustache`, `.hbs`). */
const TEMPLATE_NAME = /\.(?:j2|jinja2?|tmpl|tpl|template|gotmpl|mustache|hbs)$/i;

/** A template tag: `{{ … }}`, `{% … %}` or `{# … #}` (with Jinja's `-` whitespace control), on one line. */
const TAG = /\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\{#[^\n]*?#\}/g;

/** A line whose first non-blank characters open a template tag. */
const TAG_LINE_START = /^[ \t]*(?:\{\{|\{%|\{#)/m;

/** A FROM line with a tag in it (`FROM {{ registry }}/python:{{ version }}`). */
const TAG_IN_FROM = /^[ \t]*from[ \t][^\n]*(?:\{\{|\{%)/im;

/**
 * Whether a Dockerfile is a template: its name ends in a template extension, its path holds a `{{` (a cookiecutter
 * directory), or its text has a line that starts with a tag or a FROM line holding one. A plain Dockerfile whose
 * RUN passes a Go template to a program (`docker inspect --format '{{.Id}}'`) is not a template.
 */
export function isDockerfileTemplate(path: string, text: string): boolean {
  // Every form needs a tag opener somewhere; three substring scans are far cheaper than the multi-line regexps,
  // which try a match at every line of every Dockerfile.
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return false;
  if (TEMPLATE_NAME.test(path) || path.includes('{{')) return true;
  return TAG_LINE_START.test(text) || TAG_IN_FROM.test(text);
}

/** An unset variable exactly `length` characters long, named after the tag's words (`${base_image___}`). */
function placeholder(tag: string): string {
  const n = tag.length;
  let name = tag.slice(2, -2).replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  name = name.slice(0, n - 3).padEnd(n - 3, '_');
  return `\${${name}}`;
}

/**
 * The template's text with its tags neutralized, same length: lines holding only tags and blanks become blank
 * (line breaks kept), other tags become unset variables ({@link placeholder}). `{# … #}` comments are always blanked.
 */
export function maskTemplate(text: string): string {
  return text.replace(/^[^\n]*$/gm, (line) => {
    if (!line.includes('{')) return line;
    const rest = line.replace(TAG, '').replace(/\r$/, '');
    if (rest.trim() === '') return line.replace(/[^\r]/g, ' ');
    return line.replace(TAG, (tag) => (tag.startsWith('{#') ? ' '.repeat(tag.length) : placeholder(tag)));
  });
}
