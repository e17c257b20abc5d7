import 'reflect-metadata';
import { HostModule } from '#host';
import { runHttpApp } from '#http';
import { EncoderModule } from './src/encoder.module.js';

await runHttpApp({
  name: 'encoder',
  defaultPort: 3001,
  module: (config) =>
    HostModule.build(config, { apps: [EncoderModule], database: false, encoder: 'in-process' }),
});
