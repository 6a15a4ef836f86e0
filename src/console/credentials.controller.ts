import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService } from '../credentials/credentials.service';
import { CreateCredentialDto } from '../credentials/dto/create-credential.dto';
import { UpdateCredentialDto } from '../credentials/dto/update-credential.dto';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { ConsoleController } from './console.decorators';
import { CREDENTIAL_RULES } from './form-fields';
import { renderFormFailure, validateAs } from './console-forms';
import type { FormBody } from './console-request';
import {
  CREDENTIAL_TYPES,
  credentialFromForm,
  credentialValues,
  isCredentialType,
} from './credential-form';
import { noticesFor } from './notices';

const FORM = 'credentials/form.njk';

@ConsoleController('credentials')
export class ConsoleCredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get()
  @AllowRoles(Role.Admin, Role.Designer)
  async listCredentials(@Query('notice') notice: unknown, @Res() response: Response) {
    response.render('credentials/list.njk', {
      title: 'Credentials',
      nav: 'credentials',
      credentials: await this.credentials.listCredentials(),
      types: CREDENTIAL_TYPES,
      notices: noticesFor(notice),
    });
  }

  @Get('new')
  newCredential(@Query('type') type: unknown, @Res() response: Response) {
    const chosen = isCredentialType(type) ? type : CredentialType.Basic;
    response.render(FORM, this.formModel(chosen, { values: {} }));
  }

  @Post()
  async createCredential(@Body() body: FormBody, @Res() response: Response) {
    const type = isCredentialType(body.type) ? body.type : CredentialType.Basic;
    try {
      const dto = await validateAs(CreateCredentialDto, credentialFromForm(body, type, '', false));
      const created = await this.credentials.createCredential(dto);
      response.redirect(303, `/credentials/${created.id}?notice=credential-created`);
    } catch (error) {
      renderFormFailure(response, FORM, this.formModel(type, { values: body }), error);
    }
  }

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  async showCredential(
    @Param() { id }: UuidParamDto,
    @Query('notice') notice: unknown,
    @Res() response: Response,
  ) {
    const credential = await this.credentials.getCredential(id);
    response.render(
      FORM,
      this.formModel(credential.type, {
        credential,
        values: credentialValues(credential),
        notices: noticesFor(notice),
      }),
    );
  }

  @Post(':id')
  async updateCredential(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const credential = await this.credentials.getCredential(id);
    try {
      const dto = await validateAs(
        UpdateCredentialDto,
        credentialFromForm(body, credential.type, '', true),
      );
      await this.credentials.updateCredential(id, dto);
      response.redirect(303, `/credentials/${id}?notice=credential-saved`);
    } catch (error) {
      renderFormFailure(
        response,
        FORM,
        this.formModel(credential.type, { credential, values: body }),
        error,
      );
    }
  }

  @Post(':id/delete')
  async deleteCredential(@Param() { id }: UuidParamDto, @Res() response: Response) {
    const credential = await this.credentials.getCredential(id);
    try {
      await this.credentials.deleteCredential(id);
      response.redirect(303, '/credentials?notice=credential-deleted');
    } catch (error) {
      renderFormFailure(
        response,
        FORM,
        this.formModel(credential.type, { credential, values: credentialValues(credential) }),
        error,
      );
    }
  }

  private formModel(type: CredentialType, model: Record<string, unknown>) {
    const editing = Boolean(model.credential);
    const typeInfo = CREDENTIAL_TYPES.find((entry) => entry.value === type)!;
    return {
      title: editing
        ? `Credential ${(model.credential as { name: string }).name}`
        : `New ${typeInfo.label} credential`,
      nav: 'credentials',
      type,
      typeInfo,
      types: CREDENTIAL_TYPES,
      formRules: CREDENTIAL_RULES,
      breadcrumbs: [
        { label: 'Credentials', href: '/credentials' },
        { label: editing ? (model.credential as { name: string }).name : 'New credential' },
      ],
      ...model,
    };
  }
}
