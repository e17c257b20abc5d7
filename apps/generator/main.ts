import 'reflect-metadata';
import { HostModule } from '#host';
import { runHttpApp } from '#http';
import { GeneratorModule } from './src/generator.module.js';

await runHttpApp({
  name: 'generator',
  defaultPort: 3002,
  module: (config) =>
    HostModule.build(config, { apps: [GeneratorModule], database: false, generator: 'in-process' }),
});
