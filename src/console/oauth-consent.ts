import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { HubError, HubErrorCode } from '../common/hub-error';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService } from '../credentials/credentials.service';
import type { HubIdentity } from '../identity/hub-identity';
import { OAuthAuthorizationService } from '../oauth/oauth-authorization.service';
import { textField } from './console-forms';
import type { FormBody } from './console-request';
import { NEW_CREDENTIAL, newCredentialTypeOf } from './connection-form';

/** The console's side of "Save and Get OAuth Token": checked before the save, started after it. */
@Injectable()
export class OAuthConsent {
  constructor(
    private readonly authorization: OAuthAuthorizationService,
    private readonly credentials: CredentialsService,
  ) {}

  /**
   * Refuses the button before anything is saved when the form's credential (an existing one, or
   * the one made in place) is not OAuth 2.0. An unknown credential is left for the save to name.
   */
  async assertOAuthCredentialChosen(body: FormBody, savedCredentialId?: string): Promise<void> {
    const chosen = textField(body, 'connection.credentialId') ?? savedCredentialId;
    if (chosen === undefined) return;
    const type =
      chosen === NEW_CREDENTIAL ? newCredentialTypeOf(body) : await this.credentialTypeOf(chosen);
    if (type !== undefined && type !== CredentialType.OAuth2) {
      throw HubError.invalid(
        'connection.credentialId',
        'oauthCredential',
        'Save and Get OAuth Token needs an OAuth 2.0 credential: choose one, or use Save',
      );
    }
  }

  /**
   * Sends the browser to Atlassian's consent screen for a connection just saved. The flow comes
   * back to `returnTo`; if it cannot start, the error page says that the save did happen.
   */
  async redirectToConsent(
    response: Response,
    connectionId: string,
    startedBy: HubIdentity,
    returnTo: string,
  ): Promise<void> {
    try {
      const { authorizationUrl } = await this.authorization.startAuthorization(
        connectionId,
        startedBy,
        { returnTo },
      );
      response.redirect(303, authorizationUrl);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      throw new HubError(
        error.code,
        `The connection was saved, but Save and Get OAuth Token could not start: ${error.message}`,
        error.fieldErrors,
        error.details,
      );
    }
  }

  private async credentialTypeOf(id: string): Promise<CredentialType | undefined> {
    try {
      return (await this.credentials.getCredential(id)).type;
    } catch (error) {
      if (error instanceof HubError && error.code === HubErrorCode.NotFound) return undefined;
      throw error;
    }
  }
}
