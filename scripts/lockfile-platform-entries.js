#!/usr/bin/env node
/**
 * The package registry this project installs from serves only the Linux builds of some
 * platform-specific optional packages (e.g. @unrs/resolver-binding-*, pulled in by jest 30).
 * `npm install` then leaves them out of package-lock.json and `npm ci` refuses the lock.
 * This adds the entries npm itself would write for them (optional, with their os/cpu), so
 * `npm ci` skips them on this platform. Run it after every `npm install` that changes the lock.
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const PLATFORM = /-(android|darwin|freebsd|linux|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(eabi|gnueabihf|musleabihf|gnu|musl|msvc))?$/;

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    if (lock.packages[`${base}node_modules/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const match = PLATFORM.exec(name);
    if (!match) continue;
    const [, os, cpu, abi] = match;
    lock.packages[`node_modules/${name}`] = {
      version,
      ...(entry.dev && { dev: true }),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(abi && /musl/.test(abi) && { libc: ['musl'] }),
      ...(abi && /gnu/.test(abi) && { libc: ['glibc'] }),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: added ${added} platform entries\n`);
