import { Body, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ConnectionsService } from '../connections/connections.service';
import type { BrowserSession } from '../identity/browser-sessions.service';
import { AddSitesDto, MoveConnectionsDto } from '../oauth/dto/add-sites.dto';
import { OAuthAuthorizationService } from '../oauth/oauth-authorization.service';
import { ConsoleController } from './console.decorators';
import { formFailureOf, multiField, validateAs } from './console-forms';
import { CurrentSession, FormBody } from './console-request';

const SITES_VIEW = 'oauth/sites.njk';

/** The console's OAuth routes besides the connection forms' Save and Get OAuth Token (admins). */
@ConsoleController('connections')
export class ConsoleConnectionOAuthController {
  constructor(
    private readonly authorization: OAuthAuthorizationService,
    private readonly connections: ConnectionsService,
  ) {}

  /** "Get OAuth Token again" after a refused flow: a new flow with the saved scopes, nothing saved. */
  @Post(':id/oauth/authorize')
  async authorizeConnection(
    @Param() { id }: UuidParamDto,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
  ) {
    const { authorizationUrl } = await this.authorization.startAuthorization(id, session.identity, {
      returnTo: `/connections/${id}`,
    });
    response.redirect(303, authorizationUrl);
  }

  /** Re-consent: the connections of the previous grant move to this connection's new one. */
  @Post(':id/oauth/move')
  async moveConnections(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const dto = await validateAs(MoveConnectionsDto, {
      connectionIds: multiField(body, 'connectionIds'),
    });
    await this.authorization.moveToGrantOf(id, dto.connectionIds);
    response.redirect(303, `/connections/${id}?notice=grant-moved`);
  }

  /**
   * "Create child alias + connection for the selected sites" of a multi-site grant. The answer
   * lists what was created (a reload would only be refused: the aliases exist by then).
   */
  @Post(':id/oauth/sites')
  async addSites(@Param() { id }: UuidParamDto, @Body() body: FormBody, @Res() response: Response) {
    const connection = await this.connections.getConnection(id);
    const model = {
      title: 'Child aliases for the other sites',
      nav: 'aliases',
      connection,
      breadcrumbs: [
        { label: 'Aliases', href: '/aliases' },
        { label: connection.aliasName, href: `/aliases/${connection.aliasId}` },
        { label: connection.name, href: `/connections/${id}` },
        { label: 'Other sites' },
      ],
    };
    try {
      const dto = await validateAs(AddSitesDto, { cloudIds: multiField(body, 'cloudIds') });
      const added = await this.authorization.addSites(id, dto.cloudIds);
      response.status(201).render(SITES_VIEW, { ...model, added });
    } catch (error) {
      const failure = formFailureOf(error);
      const sites = await this.authorization.otherSitesOf(id);
      response.status(failure.status).render(SITES_VIEW, { ...model, sites, failure });
    }
  }
}
