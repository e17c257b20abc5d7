import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigValidationError, HttpConfig, loadAllConfig, type LoadedConfig } from '#config';
import { HealthService, MetricsRegistry, PinoNestLogger, createRootLogger } from '#observability';
import { ErrorFilter } from './error.filter.js';
import { setupOpenApi } from './openapi.js';
import { registerSecurityHeaders } from './security-headers.js';
import { createValidationPipe } from './validation.pipe.js';

export interface HttpAppSpec {
  /** Name in logs, metrics and /health: an app name or "all-in-one". */
  name: string;
  defaultPort: number;
  /** Builds the root module from validated config; may throw ConfigValidationError. */
  module: (config: LoadedConfig) => DynamicModule;
  /** Serve /docs and /docs-json (default true; in-process tests under Jest turn it off). */
  docs?: boolean;
}

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  logger: Logger;
  shutdown: (signal: string) => Promise<void>;
}

/** Creates the Nest application with our HTTP conventions, without listening. */
export async function createHttpApp(
  spec: HttpAppSpec,
  config: LoadedConfig,
  http: HttpConfig,
  logger: Logger,
) {
  const adapter = new FastifyAdapter({
    bodyLimit: http.bodyLimitBytes,
    logger: false,
    return503OnClosing: true,
    // Behind a proxy the operator runs, the client IP (rate limits, logs) comes from X-Forwarded-For.
    trustProxy: config.security.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(spec.module(config), adapter, {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  // Per-file byte limits are set where files are read (readImageUploads).
  await app.register(multipart, {
    limits: { fileSize: config.encoder.imageMaxBytes, files: config.encoder.maxImages },
  });
  if (config.security.corsOrigins.length > 0) {
    // Browsers on these origins may call the API; without CORS_ORIGINS only same-origin pages can.
    // Bearer tokens travel in Authorization, never in cookies, so credentials stay off.
    app.enableCors({
      origin: [...config.security.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      exposedHeaders: ['Retry-After', 'ETag'],
      maxAge: 600,
    });
  }
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(logger));
  instrumentRequests(app, spec.name, logger);
  app.get(HealthService).registerApp(spec.name);
  if (spec.docs !== false) setupOpenApi(app, spec.name);
  return app;
}

function instrumentRequests(app: NestFastifyApplication, appName: string, logger: Logger): void {
  const metrics = app.get(MetricsRegistry);
  const health = app.get(HealthService);
  const fastify = app.getHttpAdapter().getInstance();
  // Responses finished during a drain close their connection, so a keep-alive
  // client cannot hold the server open past the drain.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (health.isShuttingDown) void reply.header('Connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe(
      { app: appName, method: request.method, route, status_code: String(reply.statusCode) },
      seconds,
    );
    if (route !== '/metrics' && route !== '/health/live') {
      logger.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    }
    done();
  });
}

/**
 * Boots an app (or the all-in-one host): validates config first and exits
 * with the offending variable named, listens, and drains on SIGTERM/SIGINT:
 * readiness goes 503, the listener stops, in-flight requests and consumers
 * finish, then the process exits 0.
 */
export async function runHttpApp(spec: HttpAppSpec): Promise<RunningApp> {
  let config: LoadedConfig;
  let http: HttpConfig;
  try {
    config = loadAllConfig();
    http = new HttpConfig(spec.defaultPort);
  } catch (error) {
    exitOnStartError(spec.name, error);
  }
  const logger = createRootLogger(config.core.logLevel, { app: spec.name });
  let app: NestFastifyApplication;
  try {
    app = await createHttpApp(spec, config, http, logger);
    await app.listen({ port: http.port, host: http.host });
  } catch (error) {
    // Bad config or a start-up hook that failed (a dependency is down): say so and exit, no crash trace.
    exitOnStartError(spec.name, error, logger);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : http.port;
  const url = `http://${http.host === '0.0.0.0' ? '127.0.0.1' : http.host}:${port}`;
  logger.info({ url }, `${spec.name} listening on ${url}`);

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ signal }, 'shutting down: draining requests and consumers');
      app.get(HealthService).markShuttingDown();
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: config.core.shutdownTimeoutMs }, 'shutdown timed out; exiting');
        process.exit(1);
      }, config.core.shutdownTimeoutMs);
      timer.unref();
      await app.close();
      logger.info('shutdown complete');
    })();
    return closing;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { app, url, logger, shutdown };
}

function exitOnStartError(appName: string, error: unknown, logger?: Logger): never {
  const log = logger ?? createRootLogger('info', { app: appName });
  if (error instanceof ConfigValidationError) {
    log.fatal({ problems: error.problems }, error.message);
    process.stderr.write(`${error.message}\n`);
  } else {
    const reason = error instanceof Error ? error.message : String(error);
    log.fatal({ err: error }, `failed to start: ${reason}`);
    process.stderr.write(`${appName} failed to start: ${reason}\n`);
  }
  process.exit(1);
}
