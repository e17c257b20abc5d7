import 'reflect-metadata';
import { runHttpApp } from '#http';
import { allInOneModule } from './all-in-one.module.js';

/** All four apps in one process on embedded defaults: SQLite, in-process bus, models in process. */
await runHttpApp({ name: 'all-in-one', defaultPort: 3000, module: allInOneModule });
