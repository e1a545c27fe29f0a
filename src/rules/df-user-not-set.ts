/**
 * BW-0101 df-user-not-set (DF_NO_USER): the final stage of a Dockerfile, with what it inherits from the
 * stages it is built FROM, has no USER, so the image runs as its base image's default user — root for
 * most bases, always root for `scratch`. CIS Docker Benchmark 1.6.0 4.1 ("Ensure that a user for the
 * container has been created"), R-K, R-G5, paper §V.2.5. Earlier stages that are not shipped do not count.
 * Certainty is `unknown` when the chain starts from an external image (its own USER may be non-root);
 * distroless `:nonroot` and Chainguard (`cgr.dev/chainguard/*`, not `-dev`) bases (USER 65532 in the image config)
 * and Windows Nano Server bases (ContainerUser) are
 * reported at info. When the image uses gosu / su-exec / setpriv (an entrypoint that drops root at start, as in
 * the official redis and postgres images), the finding stays (the container starts as root; corpus EXPECTED.md,
 * redis) and the message says so, since adding USER breaks such an entrypoint.
 */
import { defineRule } from './types.js';
import { chainRoot, isExternalBase, shippedInstructions } from '../ingest/dockerfile/facts.js';
import type { ImageBuildSpec } from '../model/types.js';

/** Tools an entrypoint uses to drop root at start (tianon/gosu, ncopa/su-exec, util-linux setpriv/runuser, s6-setuidgid). */
const DROPPERS = /(?<![\w-])(gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst)(?![\w-])/;

/**
 * The privilege-dropping tool a shipped RUN, COPY, ENTRYPOINT or CMD of the image names (`gosu` in the redis and
 * postgres images, `su-exec` in Alpine ones, `setpriv`), if any: the entrypoint then probably starts as root and
 * switches to a user itself.
 */
export function rootDropper(img: ImageBuildSpec): string | undefined {
  for (const instr of shippedInstructions(img)) {
    if (!['RUN', 'COPY', 'ADD', 'ENTRYPOINT', 'CMD'].includes(instr.keyword)) continue;
    const m = DROPPERS.exec(instr.args);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * True for base images whose default user is the non-root uid 65532: distroless `:nonroot` tags
 * (`gcr.io/distroless/static:nonroot`, `…:debug-nonroot`; GoogleContainerTools/distroless, "nonroot") and Chainguard
 * Images (`cgr.dev/chainguard/*`, `USER 65532` in their config) except their `-dev` variants (they add a shell and
 * apk, and some start as root). Shared by BW-0101 and the Kubernetes/Compose rule BW-0004.
 */
export function defaultsToNonRoot(image: string): boolean {
  return /:(?:[\w.-]*-)?nonroot(?:-[\w.-]*)?(?:@|$)/.test(image) || /^cgr\.dev\/chainguard\/[\w.-]+(?::(?![\w.]*-dev(?:[-.@]|$))[\w.-]+)?(?:@|$)/.test(image);
}

/**
 * Base images without a shell or useradd (distroless `gcr.io/distroless/*`, Chainguard `cgr.dev/chainguard/*`):
 * `RUN groupadd … useradd …` fails there (no /bin/sh), so the fix is a numeric USER as for scratch.
 */
const SHELLLESS_BASE = /^(?:gcr\.io\/distroless|cgr\.dev\/chainguard)\//;

/** The fix for a distroless / Chainguard final stage: their built-in nonroot user, by number (no shell to run useradd). */
export const DISTROLESS_FIX = 'USER 65532:65532   # distroless and Chainguard images have no shell to run useradd: 65532 is their built-in nonroot user';

/** The fix for a final stage built FROM scratch: a numeric user, since scratch has no shell to run useradd. */
export const SCRATCH_FIX = 'USER 65532:65532   # scratch has no shell or /etc/passwd: a numeric uid:gid needs neither';

/**
 * Windows Server Core and Server base images (`mcr.microsoft.com/windows/servercore:ltsc2022`, `…/windows/server`,
 * `…/windows:…`, and the .NET Framework / IIS images tagged `…windowsservercore…`), whose default user is
 * ContainerAdministrator (Microsoft, "Windows container user accounts").
 */
const WINDOWS_BASE = /mcr\.microsoft\.com\/windows(?:\/(?:servercore|server))?(?::|@|$)|:[\w.-]*windowsservercore/i;

export default defineRule({
  meta: {
    id: 'BW-0101',
    slug: 'df-user-not-set',
    title: 'Dockerfile final stage sets no USER',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['dockerfile'],
    description:
      "The image's final stage sets no USER, so containers start as the base image's default user, which is root for most images (and always for scratch). Root in the container is root for the host kernel unless user namespaces remap it.",
    remediation: { dockerfile: 'RUN groupadd -r app && useradd -r -g app -u 10001 app\nUSER 10001:10001' },
    breaks: 'Processes that write to root-owned paths or bind ports below 1024 fail until those paths are chowned or the port is changed.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    const final = img.finalStage;
    if (final.user) return;
    const root = chainRoot(final);
    if (root.from.how === 'unresolved') {
      ctx.report({ message: `final stage sets no USER and its base image ${root.from.value} is not known: the base image's default user applies, usually root`, certainty: 'unknown', data: { image: root.from.value } });
      return;
    }
    if (!isExternalBase(root)) {
      // scratch has no shell and no /etc/passwd: `RUN useradd` cannot run there, and a user name cannot be looked
      // up unless a passwd file is copied in; a numeric uid:gid needs neither (Dockerfile reference, "USER").
      ctx.report({ message: 'final stage is built FROM scratch and sets no USER: it runs as root', data: { image: 'scratch' }, fix: SCRATCH_FIX });
      return;
    }
    const image = root.from.value;
    const dropper = rootDropper(img);
    // An entrypoint that drops root with gosu/su-exec still starts as root (corpus: the redis image must be
    // reported); say so, and that a USER would stop it from switching users, so the fix is not applied blindly.
    const dropNote = dropper
      ? ` (it uses ${dropper}: an entrypoint that drops root with it still starts as root, as does docker exec; a USER needs an entrypoint that no longer calls ${dropper})`
      : '';
    const nonroot = defaultsToNonRoot(image);
    // Windows Nano Server images (and the .NET `*-nanoserver-*` tags built on them) run as ContainerUser, not as
    // ContainerAdministrator (Microsoft, "Windows container user accounts"); Server Core ones run as the administrator.
    const nanoserver = /(?:\/nanoserver(?::|@|$)|:[\w.-]*nanoserver)/i.test(image);
    // Windows Server Core / Server images start as ContainerAdministrator; their non-administrator account is
    // ContainerUser (there is no useradd, and uids do not apply).
    const windows = !nanoserver && WINDOWS_BASE.test(image);
    // Alpine and BusyBox images have BusyBox's addgroup/adduser, not shadow-utils' groupadd/useradd.
    const busybox = BUSYBOX_BASE.test(image);
    ctx.report({
      message: nonroot
        ? `final stage sets no USER; base image ${image} defaults to a non-root user`
        : nanoserver
          ? `final stage sets no USER; Nano Server base image ${image} defaults to ContainerUser, not an administrator`
          : windows
            ? `final stage sets no USER: Windows base image ${image} defaults to ContainerAdministrator, the container's administrator`
            : `final stage sets no USER: the default user of base image ${image} applies, usually root${dropNote}`,
      certainty: 'unknown',
      severity: nonroot || nanoserver ? 'info' : undefined,
      data: { image },
      ...(windows || nanoserver ? { fix: 'USER ContainerUser' } : SHELLLESS_BASE.test(image) ? { fix: DISTROLESS_FIX } : busybox ? { fix: BUSYBOX_FIX } : {}),
    });
  },
});

/**
 * Base images whose user tools are BusyBox's (`addgroup`, `adduser`; no `groupadd`/`useradd`): `alpine`, `busybox`,
 * and the official images' `-alpine` variants (`node:20-alpine`, `python:3.12-alpine3.20`, `nginx:alpine`).
 */
const BUSYBOX_BASE = /(?:^|\/)(?:alpine|busybox)(?::|@|$)|:(?:[\w.-]*-)?alpine[\w.]*(?:@|$)/i;

/** The remediation for those: BusyBox adduser(1) `-S` system user, `-G` group, `-u` uid. */
const BUSYBOX_FIX = 'RUN addgroup -S -g 10001 app && adduser -S -G app -u 10001 app\nUSER 10001:10001';
