import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { inPart } from '../common/hub-error';
import { UuidParamDto } from '../common/uuid-param.dto';
import { HubConfig } from '../config/hub-config';
import { ConnectionTesterService } from '../connections/connection-tester.service';
import { ConnectionsService } from '../connections/connections.service';
import { ConnectionResponseDto } from '../connections/dto/connection-response.dto';
import { SiteNamesService } from '../connections/site-names.service';
import { UpdateConnectionDto } from '../connections/dto/update-connection.dto';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService } from '../credentials/credentials.service';
import { AllowRoles } from '../identity/auth.decorators';
import type { BrowserSession } from '../identity/browser-sessions.service';
import { Role } from '../identity/role';
import { DEFAULT_SCOPES } from '../spokes';
import { ConsoleController } from './console.decorators';
import { CONNECTION_RULES } from './form-fields';
import { checkboxField, formFailureOf, validateAs } from './console-forms';
import { CurrentSession, FormBody } from './console-request';
import {
  attributesField,
  connectionForm,
  connectionFromForm,
  connectionValues,
  enteredValues,
  sameScopes,
  scopeDiffOf,
  validateConnectionForm,
} from './connection-form';
import { noticesFor } from './notices';
import { OAuthConsent } from './oauth-consent';
import { SiteLookup } from './site-lookup';

const VIEW = 'connections/show.njk';
const DAY_MS = 24 * 60 * 60 * 1000;

@ConsoleController('connections')
export class ConsoleConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly tester: ConnectionTesterService,
    private readonly siteLookup: SiteLookup,
    private readonly oauthConsent: OAuthConsent,
    private readonly siteNames: SiteNamesService,
    private readonly config: HubConfig,
  ) {}

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  async showConnection(
    @Param() { id }: UuidParamDto,
    @Query('notice') notice: unknown,
    @Query('scopes') scopes: unknown,
    @Query('removed') removed: unknown,
    @Query('added') added: unknown,
    @Res() response: Response,
  ) {
    const connection = await this.connections.getConnection(id);
    const notices = noticesFor(notice);
    if (scopes === 'reset') {
      const tokenDiffers = connection.oauth?.status === 'scopes_changed';
      notices.push({
        kind: 'warning',
        text: `Scopes were reset to the ${connection.spoke} spoke’s defaults, because this edit did not set them.${scopeListText('Removed', removed)}${scopeListText('Added', added)} To keep other scopes, enter them under OAuth scopes or tick “Keep the saved scopes” when you save.${tokenDiffers ? ' The OAuth token was granted for other scopes (status scopes_changed): it keeps working for what was granted, and Save and Get OAuth Token gets a token with the new scopes.' : ''}`,
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

  /** Save, Find cloud id, or Save and Get OAuth Token (intent save-and-authorize). */
  @Post(':id')
  async updateConnection(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
  ) {
    const before = await this.connections.getConnection(id);
    const authorize = body.intent === 'save-and-authorize';
    let reset = '';
    // "Keep the saved scopes" saves with the scopes the connection has, whatever the field says.
    if (checkboxField(body, 'keepScopes')) body['connection.scopes'] = before.scopes.join('\n');
    try {
      if (body.intent === 'discover') {
        const { values, notices } = await this.siteLookup.fillConnectionUrl(body);
        // Focus returns to the field the lookup filled in.
        const extra = { notices, focusField: 'connection.url' };
        return response.render(VIEW, await this.model(before, enteredValues(values), extra));
      }
      if (authorize) await this.oauthConsent.assertOAuthCredentialChosen(body, before.credentialId);
      const saved = await this.saveConnection(id, before, body);
      // The notice only when the reset changed something: saving default scopes again is no news.
      if (saved.scopesReset && !sameScopes(before.scopes, saved.scopes)) {
        reset = resetQuery(before.scopes, saved.scopes);
      }
    } catch (error) {
      const failure = formFailureOf(error, CONNECTION_RULES, body);
      return response
        .status(failure.status)
        .render(VIEW, await this.model(before, enteredValues(body), { failure }));
    }
    if (authorize) {
      // Back from Atlassian, the connection page still says that this save reset the scopes.
      // (Only the marker: a return path is kept short, and the list is on the page before.)
      const returnTo = `/connections/${id}${reset ? '?scopes=reset' : ''}`;
      return this.oauthConsent.redirectToConsent(response, id, session.identity, returnTo);
    }
    response.redirect(303, `/connections/${id}?notice=connection-saved${reset ? `&${reset}` : ''}`);
  }

  /**
   * The attributes alone: an edit of nothing else keeps the scopes (and the OAuth token's match
   * with them), so values for actions can change without touching the record's other fields.
   */
  @Post(':id/attributes')
  async updateAttributes(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const before = await this.connections.getConnection(id);
    try {
      await inPart('connection', async () => {
        const dto = await validateAs(UpdateConnectionDto, {
          attributes: attributesField(body, 'connection.attributes') ?? {},
        });
        return this.connections.updateConnection(id, dto);
      });
    } catch (error) {
      const failure = formFailureOf(error);
      const values = { ...connectionValues(before), ...enteredValues(body) };
      return response
        .status(failure.status)
        .render(VIEW, await this.model(before, values, { failure }));
    }
    response.redirect(303, `/connections/${id}?notice=attributes-saved#attributes`);
  }

  /** Field errors of the DTO and the service are unprefixed; the form names inputs connection.*. */
  private async saveConnection(id: string, before: ConnectionResponseDto, body: FormBody) {
    const dto = await validateConnectionForm(
      UpdateConnectionDto,
      connectionFromForm(body, before.spoke),
      body,
      this.config.atlassianApiUrl,
      'connection',
    );
    return inPart('connection', () => this.connections.updateConnection(id, dto));
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
    const [credentials, hosts] = await Promise.all([
      this.credentials.listCredentials(),
      this.siteNames.hostsByCloudId(),
    ]);
    const credential = credentials.find((candidate) => candidate.id === connection.credentialId);
    return {
      title: connection.name,
      siteHost: connection.cloudId ? hosts.get(connection.cloudId) : undefined,
      nav: 'aliases',
      connection,
      credential,
      values,
      formRules: CONNECTION_RULES,
      scopeDiff: scopeDiffOf(connection.scopes, DEFAULT_SCOPES[connection.spoke]),
      // Whole days until the grant's consent ends (negative once it has); null without a grant.
      reconsentInDays: connection.oauth?.reconsentBy
        ? Math.floor((Date.parse(connection.oauth.reconsentBy) - Date.now()) / DAY_MS)
        : null,
      form: connectionForm({
        atlassianApiUrl: this.config.atlassianApiUrl,
        credentials,
        spoke: connection.spoke,
        allowNewCredential: false,
        attributesInForm: false,
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

/** The reset's changes, carried to the page after the redirect (scopes are not secret). */
function resetQuery(before: readonly string[], after: readonly string[]): string {
  const diff = scopeDiffOf(before, after);
  const query = new URLSearchParams({ scopes: 'reset' });
  if (diff?.removed.length) query.set('removed', diff.removed.join(' '));
  if (diff?.added.length) query.set('added', diff.added.join(' '));
  return query.toString();
}

function scopeListText(label: string, value: unknown): string {
  if (typeof value !== 'string') return '';
  const scopes = value.split(' ').filter((scope) => /^[A-Za-z0-9:._-]{1,100}$/.test(scope));
  return scopes.length ? ` ${label}: ${scopes.join(', ')}.` : '';
}
