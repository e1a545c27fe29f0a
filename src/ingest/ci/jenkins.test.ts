/**
 * Jenkins pipelines (./jenkins.ts; kind `ci`): `sh` steps, the Docker agent of a declarative pipeline and
 * `docker.image(…).inside/withRun` of a scripted one, at their own lines and columns (R-G5, R-G6, R-G9, R-S;
 * CIS Docker Benchmark 1.6.0 5.4, 5.5, 5.9, 5.15, 5.31, 4.1), through the engine.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { detectKind } from '../detect.js';
import { renderText } from '../../report/text.js';
import { groovyStrings, ingestJenkinsfile } from './jenkins.js';
import { SourceFile } from '../../model/source.js';

const JENKINSFILE = `// CI for the app
pipeline {
  agent {
    docker {
      image 'maven:3.9-eclipse-temurin-21'
      args '-v /var/run/docker.sock:/var/run/docker.sock -u root'
    }
  }
  stages {
    stage('Test') {
      steps {
        sh 'docker run --rm --privileged alpine:3.20 true'
        sh """
          docker run -d --name db \\\\
            -e MYSQL_ROOT_PASSWORD=\${env.DB_PASSWORD} \\\\
            --pid=host mysql:8
        """
        sh(script: "docker run --rm --cap-add SYS_ADMIN alpine:3.20 true", returnStdout: true)
        /* sh 'docker run --privileged commented-out' */
        script {
          docker.image('postgres:16').withRun('-e POSTGRES_PASSWORD=jenkins-secret-pw -p 5432:5432') { c ->
            docker.image('node:20').inside('--network host') {
              sh 'npm test'
            }
          }
        }
      }
    }
  }
}
`;
const KEY = ['BW-0001', 'BW-0002', 'BW-0005', 'BW-0013', 'BW-0015', 'BW-0016', 'BW-0026'];

describe('Jenkinsfile', () => {
  it('is detected by name', () => {
    expect(['Jenkinsfile', 'Jenkinsfile.prod', 'ci/deploy.jenkinsfile', 'jenkinsfile'].map((p) => detectKind(p, 'pipeline {}\n'))).toEqual(['ci', 'ci', 'ci', 'ci']);
    expect(detectKind('Jenkinsfile.md', '# notes\n')).toBe('markdown');
  });

  it('reads sh steps, the Docker agent with its args, and docker.image().withRun/inside, at their positions', async () => {
    const r = await auditSources([{ path: 'Jenkinsfile', text: JENKINSFILE }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 6]]);
    expect(r.findings.filter((f) => KEY.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      'BW-0013 6:13 maven:3.9-eclipse-temurin-21',
      'BW-0005 6:58 maven:3.9-eclipse-temurin-21',
      'BW-0001 12:29 alpine:3.20',
      'BW-0026 15:13 db',
      'BW-0016 16:13 db',
      'BW-0002 18:37 alpine:3.20',
      'BW-0026 21:48 postgres:16',
      'BW-0015 22:45 node:20',
    ]);
    // The agent and inside() run as the agent's user (unknown), not as the image's default user.
    expect(r.findings.filter((f) => f.ruleId === 'BW-0004' && f.target.name === 'node:20').map((f) => [f.severity, f.certainty])).toEqual([['low', 'unknown']]);
    // \${env.DB_PASSWORD} is Groovy's, filled in before the shell runs: a variable, not a literal secret.
    expect(r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => f.severity)).toEqual(['medium', 'high']);
    expect(renderText(r, { color: false })).not.toContain('jenkins-secret-pw');
  });

  it('finds string literals with their content ranges and skips comments', () => {
    const text = `sh 'a' // sh 'b'\n/* 'c' */ sh """x\n'y'"""\nsh "q\\"r"\n`;
    expect(groovyStrings(text).map((s) => [text.slice(s.start, s.end), s.quote])).toEqual([
      ['a', "'"],
      ["x\n'y'", '"""'],
      ['q\\"r', '"'],
    ]);
  });

  it('QA: an escaped quote inside a word (-e PASSWORD=\"pw\") keeps the word whole: the secret is found and masked, the image is the image', async () => {
    const text = 'pipeline { agent any; stages { stage("a") { steps {\n  sh "docker run -e PASSWORD=\\"hunter2pass\\" -e TOKEN=\\$CI_TOKEN alpine:3.20 true"\n} } } }\n';
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name} ${f.severity}`)).toEqual([
      '2:18 alpine:3.20 high',
      '2:46 alpine:3.20 medium',
    ]);
    expect(renderText(r, { color: false })).not.toContain('hunter2pass');
  });

  it('QA: reads sh steps with named arguments (label:, returnStatus:) before or after script:', async () => {
    const text = [
      'node {',
      "  sh label: 'unit', script: 'docker run --rm --privileged alpine:3.20 true'",
      "  sh(returnStatus: true, script: 'docker run --rm --pid=host alpine:3.20 true')",
      "  sh script: '''",
      '    docker run --rm \\',
      '      --cap-add SYS_ADMIN alpine:3.20 true',
      "  ''', label: 'x'",
      "  sh label: 'docker run --privileged only-a-label', script: 'make'",
      '}',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.containers)).toEqual([3]);
    expect(r.findings.filter((f) => KEY.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'BW-0001 2:46',
      'BW-0016 3:51',
      'BW-0002 6:7',
    ]);
  });

  it('QA: a bat step with Groovy-escaped Windows paths (C:\\\\data) is read without an input error', async () => {
    const text = "node {\n  bat 'docker run --rm -v C:\\\\data:C:\\\\data --privileged mcr.microsoft.com/windows/nanoserver:ltsc2022 dir'\n}\n";
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      '2:45 mcr.microsoft.com/windows/nanoserver:ltsc2022',
    ]);
  });

  it('QA: scripted docker on a variable (def db = docker.image/build) and +-concatenated args, secrets masked', async () => {
    const text = [
      'node {',
      "  def db = docker.image('mysql:8.0')",
      "  db.withRun('-e \"MYSQL_ROOT_PASSWORD=jenkins-db-pw\" -p 3306:3306') { c -> sh 'true' }",
      '  def app = docker.build("myorg/app:${env.BUILD_ID}")',
      "  app.inside('-u root -v /var/run/docker.sock:/var/run/docker.sock') { sh 'make' }",
      "  docker.image('nginx:1.25').withRun('-p 8080:80 ' +",
      "      '-v /etc:/host-etc:ro --pid=host') { c -> sh 'curl localhost:8080' }",
      "  docker.image('node:20').inside { sh 'npm test' }",
      "  notDocker.run('--privileged')",
      '}',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.containers)).toEqual([4]);
    expect(r.findings.filter((f) => [...KEY, 'BW-0005', 'BW-0011'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      'BW-0026 3:15 mysql:8.0',
      'BW-0005 5:15 myorg/app:${env.BUILD_ID}',
      'BW-0013 5:23 myorg/app:${env.BUILD_ID}',
      'BW-0011 7:8 nginx:1.25',
      'BW-0016 7:29 nginx:1.25',
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0004' && f.target.name === 'node:20').map((f) => `${f.location.startLine} ${f.certainty}`)).toEqual(['8 unknown']);
    expect(renderText(r, { color: false })).not.toContain('jenkins-db-pw');
  });

  it('QA: secrets assigned in Groovy (environment {}, def, withEnv) are masked; variables and credentials() stay readable', async () => {
    const text = [
      'pipeline {',
      '  agent any',
      '  environment {',
      "    API_KEY = 'jenkins-literal-api-key-123'",
      "    REGISTRY = credentials('dockerhub')",
      '  }',
      '  stages { stage("a") { steps { script {',
      "    def dbPassword = 'literal-groovy-db-pass'",
      "    env.API_TOKEN = 'scripted-env-token-123'",
      "    if (env.DB_PASSWORD == 'compare-only') { echo 'x' }",
      '    withEnv(["DB_PASSWORD=supersecret-withenv", "MODE=ci"]) {',
      '      sh "docker run --rm -e DB_PASSWORD=${dbPassword} --privileged alpine:3.20 true"',
      '    }',
      '  } } } }',
      '}',
      '',
    ].join('\n');
    const r = await ingestJenkinsfile(new SourceFile('Jenkinsfile', text), { env: {}, readFile: async () => undefined });
    expect(r.containers.length).toBe(1);
    expect((r.secretRanges ?? []).map((m) => text.slice(m.start, m.end))).toEqual(['jenkins-literal-api-key-123', 'literal-groovy-db-pass', 'scripted-env-token-123', 'supersecret-withenv']);
    const shown = renderText(await auditSources([{ path: 'Jenkinsfile', text }], { env: {} }), { color: false });
    expect(shown).toContain('DB_PASSWORD=*******************');
  });

  it('QA: the dockerfile agent runs its built image with args (run as the agent user), named by its Dockerfile', async () => {
    const text = [
      'pipeline {',
      '  agent {',
      '    dockerfile {',
      "      filename 'Dockerfile.build'",
      "      args '-v /tmp:/tmp --privileged'",
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0004', 'BW-0005'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name} ${f.certainty}`)).toEqual([
      'BW-0004 5:13 Dockerfile.build unknown',
      'BW-0001 5:26 Dockerfile.build definite',
    ]);
  });

  it('QA: a string cut off by the end of the file is one input error at its opening quote; what comes before is still read', async () => {
    const text = 'node {\n  sh "docker run --rm --privileged alpine:3.20 true"\n  sh \'docker run --privileged ';
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(["3:6 unterminated string literal: no closing ' before the end of the file"]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['2:23']);
  });
});

describe('Groovy interpolations in reports (qa8a)', () => {
  it('names an image written with ${params.TAG} as written, not as the shell variable it is read as', async () => {
    const text = 'node {\n  stage("run") {\n    sh "docker run --rm --pid=host registry.example.com/app:${params.TAG} check"\n  }\n}\n';
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ['BW-0016', 'BW-0027'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      'BW-0016 3:25 registry.example.com/app:${params.TAG}',
      'BW-0027 3:36 registry.example.com/app:${params.TAG}',
    ]);
  });
});

describe('Groovy interpolations in link messages (qa17)', () => {
  it('quotes --link ${c.id}:db of a scripted inside() as written', async () => {
    const text = "node {\n  docker.image('mysql:8.0').withRun('-p 3306:3306') { c ->\n    docker.image('mysql:8.0').inside(\"--link ${c.id}:db\") {\n      sh 'true'\n    }\n  }\n}\n";
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0032').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      "3:39 legacy link to ${c.id}:db: copies that container's environment in and needs the default bridge",
    ]);
  });
});

describe('dockerfile agent (qa17)', () => {
  it('is built from its Dockerfile, not pulled: no image-not-pinned finding with an "unset variable" message', async () => {
    const text = "pipeline {\n  agent {\n    dockerfile {\n      filename 'Dockerfile.build'\n      args '-u root:root --network host'\n    }\n  }\n  stages { stage('b') { steps { sh 'make' } } }\n}\n";
    const r = await auditSources([{ path: 'Jenkinsfile', text }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ['BW-0005', 'BW-0015', 'BW-0027'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      'BW-0005 5:13 Dockerfile.build',
      'BW-0015 5:26 Dockerfile.build',
    ]);
  });
});
