import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { HttpConfig, loadAllConfig, type LoadedConfig } from '#config';
import { createHttpApp } from '#http';
import { httpClient } from './http.js';
import { quietLogger } from './services.js';

/**
 * Boots an app in this process with the given environment, as main.ts does,
 * listening on a free loopback port; tests talk to it with `api.inject`.
 */
export async function bootApp(
  name: string,
  module: (config: LoadedConfig) => DynamicModule,
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; url: string; api: ReturnType<typeof httpClient> }> {
  // The model under test can be switched from outside (ENCODER_MODEL=Xenova/clip-vit-base-patch32 npm test).
  const passThrough = Object.fromEntries(
    ['ENCODER_MODEL', 'ENCODER_DTYPE', 'GENERATOR_MODEL']
      .filter((k) => process.env[k])
      .map((k) => [k, process.env[k]!]),
  );
  const config = loadAllConfig({ ...passThrough, ...env });
  const http = new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' });
  const app = await createHttpApp({ name, defaultPort: 0, module, docs: false }, config, http, quietLogger());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return { app, url, api: httpClient(url) };
}
