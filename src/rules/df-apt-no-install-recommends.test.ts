import { ruleTester } from './tester.js';
import rule from './df-apt-no-install-recommends.js';

// R-K, CIS 1.6.0 4.3; corpus heredoc-copy-script-no-user line 7 has --no-install-recommends.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubuntu:20.04\nRUN apt-get update \\\n    && apt-get install -fy -qq --no-install-recommends ca-certificates curl \\\n    && apt-get clean \n' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
    { kind: 'dockerfile', code: 'FROM debian AS build\nRUN apt-get install -y gcc\nFROM scratch\n', name: 'builder stage' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN apk add curl && echo apt-get install x\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN apt-get update && apt-get -y install curl\n',
      errors: [{ line: 2, column: 23, endColumn: 41, severity: 'low', data: { command: 'apt-get install' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN sudo apt install \\\n  curl\n',
      errors: [{ line: 2, column: 5, endColumn: 21 }],
    },
  ],
});

// QA (real-world Dockerfiles): a CRLF Dockerfile continues lines like an LF one.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM debian:12\r\nRUN apt-get update && apt-get install -y \\\r\n      --no-install-recommends \\\r\n      curl\r\n', name: 'CRLF continuation before the option' }],
  invalid: [{ kind: 'dockerfile', code: 'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install -y \\\r\n      curl\r\n', name: 'CRLF, option missing', errors: [{ line: 3, column: 5, endColumn: 20, severity: 'low' }] }],
});

// QA round 9 (real-world Dockerfiles): base images that turn recommendations off once in apt.conf.d.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:22.04\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01norecommend \\\n && echo \'APT::Install-Suggests "0";\' >> /etc/apt/apt.conf.d/01norecommend\nRUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\n',
      name: 'apt.conf.d written by RUN',
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12 AS base\nCOPY <<EOF /etc/apt/apt.conf.d/99norecommends\nAPT::Install-Recommends "false";\nEOF\nFROM base\nRUN apt-get update && apt-get install -y curl\n',
      name: 'apt.conf.d written by a COPY heredoc in the parent stage',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01norecommend\nRUN apt-get install -y git\n',
      name: 'install before the configuration is written',
      errors: [{ line: 2, column: 23, endColumn: 38, severity: 'low' }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:22.04\nRUN echo \'APT::Install-Recommends "1";\' > /etc/apt/apt.conf.d/01recommend\nRUN apt-get install -y git\n',
      name: 'recommendations turned on',
      errors: [{ line: 3, column: 5, endColumn: 20 }],
    },
  ],
});

// QA r05: aptitude has its own flag, `-R` / `--without-recommends` (aptitude(8): "Do not treat recommendations as
// dependencies when installing new packages"), and refuses apt-get's `--no-install-recommends`; it also follows
// `APT::Install-Recommends`. The finding and its fix name aptitude's flag.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian:12\nRUN apt-get update && aptitude install -y -R vim && rm -rf /var/lib/apt/lists/*\nUSER 1000\n', name: 'aptitude -R (QA r05)' },
    { kind: 'dockerfile', code: 'FROM debian:12\nRUN aptitude --without-recommends install -y vim\n', name: 'aptitude --without-recommends before the action' },
    { kind: 'dockerfile', code: 'FROM debian:12\nRUN aptitude install -yR vim\n', name: 'aptitude -yR (short options in one word)' },
    { kind: 'dockerfile', code: 'FROM debian:12\nRUN aptitude -o APT::Install-Recommends=false install -y vim\n', name: 'aptitude with the apt option' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'aptitude without -R: the message and the fix name aptitude\'s flag',
      code: 'FROM debian:12\nRUN apt-get update && aptitude install -y vim\n',
      errors: [
        {
          line: 2,
          column: 23,
          endColumn: 39,
          severity: 'low',
          data: { command: 'aptitude install' },
          message: 'aptitude install without -R (--without-recommends)',
          remediation: 'RUN apt-get update && aptitude install -y -R <packages> && rm -rf /var/lib/apt/lists/*   # -R = --without-recommends (aptitude does not know --no-install-recommends)',
        },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'aptitude with apt-get\'s flag: aptitude refuses it, so it is no fix',
      code: 'FROM debian:12\nRUN aptitude install -y --no-install-recommends vim\n',
      errors: [{ line: 2, column: 5, endColumn: 21, data: { command: 'aptitude install' }, message: 'aptitude install without -R (--without-recommends); aptitude does not know --no-install-recommends (the build fails with it)' }],
    },
    {
      kind: 'dockerfile',
      name: 'apt-get keeps its own flag in the message and fix; -R means nothing to it',
      code: 'FROM debian:12\nRUN apt-get install -y -R vim\n',
      errors: [{ line: 2, column: 5, endColumn: 20, data: { command: 'apt-get install' }, message: 'apt-get install without --no-install-recommends', remediation: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*' }],
    },
  ],
});
