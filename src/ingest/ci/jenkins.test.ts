/**
 * Jenkins pipelines (./jenkins.ts; kind `ci`): `sh` steps, the Docker agent of a declarative pipeline and
 * `docker.image(…).inside/withRun` of a scripted one, at their own lines and columns (R-G5, R-G6, R-G9, R-S;
 * CIS Docker Benchmark 1.6.0 5.4, 5.5, 5.9, 5.15, 5.31, 4.1), through the engine.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { detectKind } from '../detect.js';
import { renderText } from '../../report/text.js';
import { groovyStrings } from './jenkins.js';

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
});
