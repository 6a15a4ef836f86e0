import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { HubErrorFilter } from './common/hub-error.filter';
import { configureConsole } from './console/console-setup';
import { configureRequestBodies } from './common/request-body';
import { createValidationPipe } from './common/validation';
import { HubConfig } from './config/hub-config';
import { ApiTokensService } from './identity/api-tokens.service';
import { bearerTokenOf } from './identity/secrets';
import { createHubLogger, HubLogger } from './logging/hub-logger';
import { requestLogging } from './logging/request-logging';

/** Builds the hub exactly as it runs, for main.ts and for the end-to-end tests. */
export async function createHubApp(
  config: HubConfig,
  logger: HubLogger = createHubLogger(config),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bufferLogs: false,
  });
  // First, so that every answer, even one a later middleware sends, has its id and its line.
  app.use(requestLogging(logger.root));
  configureConsole(app, config);
  configureRequestBodies(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HubErrorFilter());
  app.enableShutdownHooks();
  // The rule "every /api route except the health check needs a token" covers the API description too.
  const apiTokens = app.get(ApiTokensService);
  app.use((request: Request, response: Response, next: NextFunction) => {
    // Express matches routes without regard to case (`/API/docs-json` is served too).
    if (!request.path.toLowerCase().startsWith('/api/docs')) return next();
    const token = bearerTokenOf(request.headers.authorization);
    void (token ? apiTokens.identify(token) : Promise.resolve(undefined)).then(
      (identity) => {
        if (identity) return next();
        response.status(401).json({
          statusCode: 401,
          error: 'unauthenticated',
          message: 'An API token is required: send Authorization: Bearer <token>',
        });
      },
      (error: unknown) => next(error),
    );
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Integration Hub')
      .setDescription('Credentials, connections, aliases and spoke actions for Atlassian')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A hub API token' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
