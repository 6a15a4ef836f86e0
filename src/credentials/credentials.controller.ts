import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { CredentialsService } from './credentials.service';
import { CreateCredentialDto } from './dto/create-credential.dto';
import { CredentialResponseDto } from './dto/credential-response.dto';
import { UpdateCredentialDto } from './dto/update-credential.dto';

@ApiTags('credentials')
@ApiBearerAuth()
@Controller('api/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a credential (admin); secrets are write-only' })
  createCredential(@Body() dto: CreateCredentialDto): Promise<CredentialResponseDto> {
    return this.credentials.createCredential(dto);
  }

  @Get()
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'List credentials (secrets show only as "set")' })
  listCredentials(): Promise<CredentialResponseDto[]> {
    return this.credentials.listCredentials();
  }

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'Show a credential (secrets show only as "set")' })
  getCredential(@Param() { id }: UuidParamDto): Promise<CredentialResponseDto> {
    return this.credentials.getCredential(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a credential (admin); secrets left out are kept' })
  updateCredential(
    @Param() { id }: UuidParamDto,
    @Body() dto: UpdateCredentialDto,
  ): Promise<CredentialResponseDto> {
    return this.credentials.updateCredential(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a credential (admin); 409 while connections use it' })
  deleteCredential(@Param() { id }: UuidParamDto): Promise<void> {
    return this.credentials.deleteCredential(id);
  }
}
