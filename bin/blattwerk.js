#!/usr/bin/env node
// Blattwerk runs its TypeScript sources directly on Node 22 (type stripping); refuse older Node clearly.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `blattwerk needs Node 22.18 or newer (this is ${process.version}); run it through npm (npm start, npx blattwerk), which uses the Node 22 the project installs.\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
