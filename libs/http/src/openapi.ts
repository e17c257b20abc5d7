import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document at /docs-json and Swagger UI at /docs. */
export function setupOpenApi(app: NestFastifyApplication, appName: string): void {
  const config = new DocumentBuilder()
    .setTitle(`ShopLens ${appName}`)
    .setDescription('Multimodal e-commerce search. Write endpoints take the admin key as a Bearer token.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' }, 'admin')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
