// One jest project per workspace package. Workspace imports resolve to each package's
// sources, so tests never need a build; @swc/jest strips types (tsc -b checks them).
const fs = require('node:fs');
const path = require('node:path');

const packageDirs = ['libs', 'apps'].flatMap((group) =>
  fs
    .readdirSync(path.join(__dirname, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(group, entry.name))
    .filter((dir) => fs.existsSync(path.join(__dirname, dir, 'package.json'))),
);

const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

function projectFor(dir) {
  const custom = path.join(__dirname, dir, 'jest.project.js');
  const base = {
    displayName: path.basename(dir),
    rootDir: path.join(__dirname, dir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.(t|j)sx?$': swc },
    moduleNameMapper: {
      '^@wechat-bind/server/testing$': path.join(__dirname, 'apps/server/test/support/index.ts'),
      '^@wechat-bind/([^/]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    },
  };
  return fs.existsSync(custom) ? { ...base, ...require(custom) } : base;
}

/** @type {import('jest').Config} */
module.exports = {
  // The benchmark is no package, but its arithmetic (options, rounds, the judging) has tests.
  projects: [
    ...packageDirs.map(projectFor),
    { ...projectFor('bench'), testMatch: ['<rootDir>/*.test.ts'] },
  ],
  // A global option (jest ignores it inside a project): the server's end-to-end tests start
  // child processes, sandboxes and browsers, which can take longer than 5 s on a loaded machine.
  testTimeout: 30000,
};
