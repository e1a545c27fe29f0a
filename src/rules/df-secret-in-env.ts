/**
 * BW-0103 df-secret-in-env (DF_SECRET_ENV): a Dockerfile bakes a secret into the image config or history.
 *  - `ENV NAME=value` with a literal secret (by name or value, src/rules/util/secrets.ts): kind `literal`, high;
 *  - `ARG NAME` then `ENV NAME=$NAME` (or `${NAME}`) in a stage that is shipped: kind `build-arg`, medium —
 *    the `--build-arg` value ends up in the image config and `docker history`;
 *  - `ARG NAME=default` with a literal secret default: kind `literal`, high (the default is in the file and
 *    in the build history);
 *  - `ARG NAME` (secret name, no literal default, not copied into ENV) in a shipped stage and referenced by a
 *    later RUN of that stage (`RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc`): kind
 *    `build-arg`, medium — builders record the stage's build arguments with their values in the history of
 *    each RUN (Dockerfile reference, "ARG": "not recommended to use build arguments to pass secrets … visible
 *    in the docker history"; BuildKit check SecretsUsedInArgOrEnv).
 * CIS Docker Benchmark 1.6.0 4.10 ("Ensure secrets are not stored in Dockerfiles"), R-S, paper §IV.5.
 * Values are never printed; their ranges are passed as `secretRanges`.
 */
import { defineRule } from './types.js';
import { classifySecretName, isSecretEnv } from './util/secrets.js';
import { shippedStages } from '../ingest/dockerfile/facts.js';
import type { DockerfileArg, DockerfileEnvVar, DockerfileImage } from '../ingest/dockerfile/index.js';
import type { Origin } from '../model/types.js';
import type { SourceRange } from '../model/source.js';

const rangeOf = (o: Origin | undefined): SourceRange[] => (o && o.kind === 'file' ? [{ file: o.file, start: o.start, end: o.end }] : []);

export default defineRule({
  meta: {
    id: 'BW-0103',
    slug: 'df-secret-in-env',
    title: 'Secret stored in a Dockerfile ENV or ARG',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['dockerfile'],
    description:
      'ENV values are stored in the image config and ARG values used in a build are recorded in the image history: anyone who can pull the image can read them (`docker inspect`, `docker history`). A secret written in the Dockerfile is also in its source repository.',
    remediation: {
      dockerfile:
        'RUN --mount=type=secret,id=aws,env=AWS_SECRET_ACCESS_KEY ./build.sh\n# build: docker build --secret id=aws,env=AWS_SECRET_ACCESS_KEY .\n# run: pass secrets at run time (Docker/Compose secrets mounted under /run/secrets)',
    },
    breaks: 'Code that reads the variable at run time must get it from the runtime environment or a secret file instead.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const shipped = new Set(shippedStages(img));
    const seen = new Set<number>();
    for (const stage of img.stages) {
      for (const e of stage.env as DockerfileEnvVar[]) {
        if (e.origin.kind !== 'file' || seen.has(e.origin.start)) continue;
        seen.add(e.origin.start);
        if (e.kind === 'literal') {
          if (!isSecretEnv(e.name, e.value ?? '')) continue;
          ctx.report({
            message: `ENV ${e.name} stores a literal secret in the image config`,
            at: e.origin,
            data: { name: e.name, kind: 'literal' },
            secretRanges: rangeOf(e.valueOrigin),
          });
        } else if (e.fromBuildArg && shipped.has(stage) && (classifySecretName(e.name) || classifySecretName(e.fromBuildArg))) {
          ctx.report({
            message: `ENV ${e.name} copies build argument ${e.fromBuildArg}: the --build-arg value is kept in the image config and history`,
            at: e.origin,
            severity: 'medium',
            data: { name: e.name, kind: 'build-arg' },
          });
        }
      }
    }
    // `ARG NPM_TOKEN` then `RUN … ${NPM_TOKEN} …` in a shipped stage: BuildKit and the classic builder record
    // the stage's build arguments with their values in the history of every RUN after the declaration
    // (`RUN |1 NPM_TOKEN=… /bin/sh -c …`, visible with `docker history`). An ARG copied into ENV is reported above.
    for (const stage of shipped) {
      const copied = new Set((stage.env as DockerfileEnvVar[]).map((e) => e.fromBuildArg).filter((n) => n !== undefined));
      for (const a of stage.args as DockerfileArg[]) {
        if (a.origin.kind !== 'file' || copied.has(a.value) || !classifySecretName(a.value)) continue;
        if (a.defaultValue !== undefined && a.defaultValue !== '' && !a.defaultValue.includes('$')) continue;
        const argAt = a.origin.start;
        const name = a.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const ref = new RegExp(`\\$(?:\\{${name}(?:[:}+-]|$)|${name}(?![A-Za-z0-9_]))`);
        const run = stage.instructions.find((i) => i.keyword === 'RUN' && i.range.start > argAt && ref.test(ctx.source?.text.slice(i.range.start, i.range.end) ?? ''));
        if (!run) continue;
        ctx.report({
          message: `ARG ${a.value} is used by a RUN: the --build-arg value is recorded in the image history (docker history)`,
          at: a.origin,
          severity: 'medium',
          data: { name: a.value, kind: 'build-arg' },
        });
      }
    }
    const args: DockerfileArg[] = [...((img as Partial<DockerfileImage>).globalArgs ?? []), ...img.stages.flatMap((s) => s.args as DockerfileArg[])];
    for (const a of args) {
      if (a.defaultValue === undefined || a.defaultOrigin?.kind !== 'file' || a.origin.kind !== 'file') continue;
      if (a.defaultValue.includes('$') || !isSecretEnv(a.value, a.defaultValue)) continue;
      ctx.report({
        message: `ARG ${a.value} has a literal secret default, kept in the Dockerfile and the build history`,
        at: { kind: 'file', file: a.origin.file, start: a.origin.start, end: a.defaultOrigin.end },
        data: { name: a.value, kind: 'literal' },
        secretRanges: rangeOf(a.defaultOrigin),
      });
    }
  },
});
