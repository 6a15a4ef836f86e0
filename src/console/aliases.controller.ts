import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AliasesService } from '../aliases/aliases.service';
import { AddConnectionDto } from '../aliases/dto/add-connection.dto';
import { AliasDetailDto } from '../aliases/dto/alias-response.dto';
import { CreateAliasDto, UpdateAliasDto } from '../aliases/dto/create-alias.dto';
import { SPOKES } from '../spokes';
import { HubConfig } from '../config/hub-config';
import { ConnectionsService } from '../connections/connections.service';
import { SiteNamesService } from '../connections/site-names.service';
import { CredentialsService } from '../credentials/credentials.service';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AllowRoles } from '../identity/auth.decorators';
import type { BrowserSession } from '../identity/browser-sessions.service';
import { Role } from '../identity/role';
import { ConsoleController } from './console.decorators';
import { ALIAS_RULES, CONNECTION_RULES } from './form-fields';
import { formFailureOf, textField, validateAs } from './console-forms';
import { CurrentSession, FormBody } from './console-request';
import {
  connectionForm,
  connectionFromForm,
  enteredValues,
  newConnectionValues,
  newCredentialFromForm,
  validateConnectionForm,
} from './connection-form';
import { dropUndefined } from './credential-form';
import { noticesFor } from './notices';
import { OAuthConsent } from './oauth-consent';
import { SiteLookup } from './site-lookup';

const NEW_CONNECTION = 'connections/new.njk';

@ConsoleController('aliases')
export class ConsoleAliasesController {
  constructor(
    private readonly aliases: AliasesService,
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly siteLookup: SiteLookup,
    private readonly oauthConsent: OAuthConsent,
    private readonly config: HubConfig,
    private readonly siteNames: SiteNamesService,
  ) {}

  @Get()
  @AllowRoles(Role.Admin, Role.Designer)
  async listAliases(@Query('notice') notice: unknown, @Res() response: Response) {
    await this.renderTree(response, 200, { notices: noticesFor(notice), values: {} });
  }

  @Post()
  async createAlias(@Body() body: FormBody, @Res() response: Response) {
    try {
      const dto = await validateAs(CreateAliasDto, {
        name: textField(body, 'name') ?? '',
        spoke: textField(body, 'spoke'),
      });
      const alias = await this.aliases.createAlias(dto);
      response.redirect(303, `/aliases/${alias.id}?notice=alias-created`);
    } catch (error) {
      const failure = formFailureOf(error, ALIAS_RULES, body);
      await this.renderTree(response, failure.status, { failure, values: body });
    }
  }

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  async showAlias(
    @Param() { id }: UuidParamDto,
    @Query('tab') tab: unknown,
    @Query('notice') notice: unknown,
    @Res() response: Response,
  ) {
    await this.renderAlias(response, await this.aliases.getAlias(id), 200, {
      tab: tab === 'children' ? 'children' : 'connections',
      notices: noticesFor(notice),
    });
  }

  /** Renames the alias. Flows call aliases by name, which the form's hint says. */
  @Post(':id')
  async renameAlias(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const alias = await this.aliases.getAlias(id);
    try {
      const dto = await validateAs(UpdateAliasDto, { name: textField(body, 'name') ?? '' });
      await this.aliases.updateAlias(id, dto);
      response.redirect(303, `/aliases/${id}?notice=alias-renamed`);
    } catch (error) {
      const failure = formFailureOf(error, ALIAS_RULES, body);
      await this.renderAlias(response, alias, failure.status, {
        tab: 'connections',
        failure,
        values: body,
      });
    }
  }

  @Post(':id/delete')
  async deleteAlias(@Param() { id }: UuidParamDto, @Res() response: Response) {
    const alias = await this.aliases.getAlias(id);
    try {
      await this.aliases.deleteAlias(id);
      response.redirect(303, '/aliases?notice=alias-deleted');
    } catch (error) {
      const failure = formFailureOf(error);
      await this.renderAlias(response, alias, failure.status, { tab: 'connections', failure });
    }
  }

  /** "Add Connection" (`?child=1`: on a new child alias) or a connection on this alias itself. */
  @Get(':id/connections/new')
  async newConnection(
    @Param() { id }: UuidParamDto,
    @Query('child') child: unknown,
    @Res() response: Response,
  ) {
    const alias = await this.aliases.getAlias(id);
    const onChild = child === '1' && !alias.parentId;
    response.render(
      NEW_CONNECTION,
      await this.newConnectionModel(alias, onChild, {
        ...newConnectionValues(alias.spoke, !onChild && Boolean(alias.activeConnectionId)),
        ...(onChild ? { 'childAlias.name': `${alias.name}_` } : {}),
      }),
    );
  }

  /** Save, Find cloud id, or Save and Get OAuth Token (intent save-and-authorize). */
  @Post(':id/connections')
  async addConnection(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
  ) {
    const alias = await this.aliases.getAlias(id);
    const onChild = body.mode === 'child' && !alias.parentId;
    const authorize = body.intent === 'save-and-authorize';
    let connectionId: string;
    try {
      if (body.intent === 'discover') {
        const { values, notices } = await this.siteLookup.fillConnectionUrl(body);
        const model = await this.newConnectionModel(alias, onChild, enteredValues(values));
        // Focus returns to the field the lookup filled in.
        return response.render(NEW_CONNECTION, { ...model, notices, focusField: 'connection.url' });
      }
      if (authorize) await this.oauthConsent.assertOAuthCredentialChosen(body);
      const dto = await validateConnectionForm(
        AddConnectionDto,
        dropUndefined({
          childAlias: onChild ? { name: textField(body, 'childAlias.name') ?? '' } : undefined,
          credential: newCredentialFromForm(body),
          connection: connectionFromForm(body, alias.spoke),
        }),
        body,
        this.config.atlassianApiUrl,
      );
      connectionId = (await this.aliases.addConnection(id, dto)).connection.id;
    } catch (error) {
      const failure = formFailureOf(error, CONNECTION_RULES, body);
      const model = await this.newConnectionModel(alias, onChild, enteredValues(body));
      return response.status(failure.status).render(NEW_CONNECTION, { ...model, failure });
    }
    if (authorize) {
      const returnTo = `/connections/${connectionId}`;
      return this.oauthConsent.redirectToConsent(
        response,
        connectionId,
        session.identity,
        returnTo,
      );
    }
    response.redirect(303, `/connections/${connectionId}?notice=connection-created`);
  }

  private async newConnectionModel(
    alias: AliasDetailDto,
    onChild: boolean,
    values: Record<string, unknown>,
  ) {
    return {
      title: onChild ? `Add Connection to ${alias.name}` : `New connection on ${alias.name}`,
      nav: 'aliases',
      alias,
      onChild,
      values,
      formRules: CONNECTION_RULES,
      form: connectionForm({
        atlassianApiUrl: this.config.atlassianApiUrl,
        credentials: await this.credentials.listCredentials(),
        spoke: alias.spoke,
        allowNewCredential: true,
        attributesInForm: true,
        isOAuth: false,
      }),
      breadcrumbs: [
        { label: 'Aliases', href: '/aliases' },
        { label: alias.name, href: `/aliases/${alias.id}` },
        { label: onChild ? 'Add Connection' : 'New connection' },
      ],
    };
  }

  private async renderTree(response: Response, status: number, model: Record<string, unknown>) {
    const [aliases, connections] = await Promise.all([
      this.aliases.listAliases(),
      this.connections.listConnections(),
    ]);
    const activeName = new Map(connections.filter((c) => c.active).map((c) => [c.aliasId, c.name]));
    const describe = (alias: (typeof aliases)[number]) => ({
      ...alias,
      activeConnectionName: activeName.get(alias.id),
    });
    const tree = aliases
      .filter((alias) => !alias.parentId)
      .map((parent) => ({
        ...describe(parent),
        children: aliases.filter((alias) => alias.parentId === parent.id).map(describe),
      }));
    response.status(status).render('aliases/list.njk', {
      title: 'Aliases',
      nav: 'aliases',
      tree,
      spokes: SPOKES.map((spoke) => ({ value: spoke, label: spoke })),
      formRules: ALIAS_RULES,
      ...model,
    });
  }

  private async renderAlias(
    response: Response,
    alias: AliasDetailDto,
    status: number,
    model: Record<string, unknown>,
  ) {
    const [credentials, hosts] = await Promise.all([
      this.credentials.listCredentials(),
      this.siteNames.hostsByCloudId(),
    ]);
    const credentialById = new Map(credentials.map((credential) => [credential.id, credential]));
    response.status(status).render('aliases/show.njk', {
      title: `Alias ${alias.name}`,
      nav: 'aliases',
      alias,
      values: { name: alias.name },
      formRules: ALIAS_RULES,
      rows: alias.connections.map((connection) => ({
        connection,
        credential: credentialById.get(connection.credentialId),
        siteHost: connection.cloudId ? hosts.get(connection.cloudId) : undefined,
      })),
      breadcrumbs: [
        { label: 'Aliases', href: '/aliases' },
        ...(alias.parentId
          ? [{ label: alias.parentName ?? 'Parent', href: `/aliases/${alias.parentId}` }]
          : []),
        { label: alias.name },
      ],
      ...model,
    });
  }
}
