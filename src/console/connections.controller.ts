import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HubError } from '../common/hub-error';
import { UuidParamDto } from '../common/uuid-param.dto';
import { HubConfig } from '../config/hub-config';
import { ConnectionTesterService } from '../connections/connection-tester.service';
import { ConnectionsService } from '../connections/connections.service';
import { ConnectionResponseDto } from '../connections/dto/connection-response.dto';
import { UpdateConnectionDto } from '../connections/dto/update-connection.dto';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService } from '../credentials/credentials.service';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { DEFAULT_SCOPES } from '../spokes/spoke-scopes';
import { ConsoleController } from './console.decorators';
import { formFailureOf, validateAs } from './console-forms';
import type { FormBody } from './console-request';
import {
  connectionForm,
  connectionFromForm,
  connectionValues,
  enteredValues,
  sameScopes,
} from './connection-form';
import { noticesFor } from './notices';
import { SiteLookup } from './site-lookup';

const VIEW = 'connections/show.njk';

@ConsoleController('connections')
export class ConsoleConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly tester: ConnectionTesterService,
    private readonly siteLookup: SiteLookup,
    private readonly config: HubConfig,
  ) {}

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  async showConnection(
    @Param() { id }: UuidParamDto,
    @Query('notice') notice: unknown,
    @Query('scopes') scopes: unknown,
    @Res() response: Response,
  ) {
    const connection = await this.connections.getConnection(id);
    const notices = noticesFor(notice);
    if (scopes === 'reset') {
      notices.push({
        kind: 'warning',
        text: `Scopes were reset to the ${connection.spoke} spoke’s defaults, because this edit did not set them. To keep other scopes, enter them under OAuth scopes each time you save.`,
      });
    }
    if (notice === 'tested' && connection.lastTest) {
      notices.push(
        connection.lastTest.ok
          ? { kind: 'success', text: `Test passed. ${connection.lastTest.message}` }
          : { kind: 'warning', text: `Test failed. ${connection.lastTest.message}` },
      );
    }
    response.render(VIEW, await this.model(connection, connectionValues(connection), { notices }));
  }

  @Post(':id')
  async updateConnection(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const before = await this.connections.getConnection(id);
    try {
      if (body.intent === 'discover') {
        const { values, notices } = await this.siteLookup.fillConnectionUrl(body);
        return response.render(VIEW, await this.model(before, enteredValues(values), { notices }));
      }
      const saved = await this.saveConnection(id, before, body);
      // The notice only when the reset changed something: saving default scopes again is no news.
      const reset = saved.scopesReset && !sameScopes(before.scopes, saved.scopes);
      response.redirect(
        303,
        `/connections/${id}?notice=connection-saved${reset ? '&scopes=reset' : ''}`,
      );
    } catch (error) {
      const failure = formFailureOf(error);
      response
        .status(failure.status)
        .render(VIEW, await this.model(before, enteredValues(body), { failure }));
    }
  }

  /** Field errors of the DTO and the service are unprefixed; the form names inputs connection.*. */
  private async saveConnection(id: string, before: ConnectionResponseDto, body: FormBody) {
    try {
      const dto = await validateAs(UpdateConnectionDto, connectionFromForm(body, before.spoke));
      return await this.connections.updateConnection(id, dto);
    } catch (error) {
      throw error instanceof HubError ? error.withFieldPrefix('connection') : error;
    }
  }

  @Post(':id/test')
  async testConnection(@Param() { id }: UuidParamDto, @Res() response: Response) {
    await this.tester.testConnection(id);
    response.redirect(303, `/connections/${id}?notice=tested#test-result`);
  }

  @Post(':id/delete')
  async deleteConnection(@Param() { id }: UuidParamDto, @Res() response: Response) {
    const connection = await this.connections.getConnection(id);
    await this.connections.deleteConnection(id);
    response.redirect(303, `/aliases/${connection.aliasId}?notice=connection-deleted`);
  }

  private async model(
    connection: ConnectionResponseDto,
    values: Record<string, unknown>,
    extra: Record<string, unknown>,
  ) {
    const credentials = await this.credentials.listCredentials();
    const credential = credentials.find((candidate) => candidate.id === connection.credentialId);
    return {
      title: connection.name,
      nav: 'aliases',
      connection,
      credential,
      values,
      savedScopesDiffer: !sameScopes(connection.scopes, DEFAULT_SCOPES[connection.spoke]),
      form: connectionForm({
        atlassianApiUrl: this.config.atlassianApiUrl,
        credentials,
        spoke: connection.spoke,
        allowNewCredential: false,
        isOAuth: credential?.type === CredentialType.OAuth2,
      }),
      breadcrumbs: [
        { label: 'Aliases', href: '/aliases' },
        { label: connection.aliasName, href: `/aliases/${connection.aliasId}` },
        { label: connection.name },
      ],
      ...extra,
    };
  }
}
