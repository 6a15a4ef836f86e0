import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiBody,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowRoles, CurrentIdentity } from '../identity/auth.decorators';
import type { HubIdentity } from '../identity/hub-identity';
import { Role } from '../identity/role';
import { RequestId } from '../logging/request-id';
import { ActionCatalog } from './action-catalog';
import { ActionsService, ExecutionResult } from './actions.service';
import { ActionDetailDto, ActionSummaryDto } from './dto/action-response.dto';
import { ActionFailureDto, ActionSuccessDto } from './dto/action-result.dto';
import type { OperationListing } from './action-definition';
import {
  ActionNameParamDto,
  ExecuteActionDto,
  OperationSearchQueryDto,
} from './dto/execute-action.dto';
import { parseExecuteBody } from './execute-body';

@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/actions')
@AllowRoles(Role.Admin, Role.Designer)
export class ActionsController {
  constructor(
    private readonly catalog: ActionCatalog,
    private readonly actions: ActionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The spoke action catalog' })
  listActions(): ActionSummaryDto[] {
    return this.catalog.listActions();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One action with its input and output JSON Schemas' })
  getAction(@Param() { name }: ActionNameParamDto): ActionDetailDto {
    return this.catalog.getAction(name);
  }

  @Get(':name/operations')
  @ApiOperation({
    summary:
      'The documented operations an operation action (jira.operation, jsm.operation) runs, with their parameters and scopes; `search` filters by words of the id, method or path',
  })
  listOperations(
    @Param() { name }: ActionNameParamDto,
    @Query() { search }: OperationSearchQueryDto,
  ): OperationListing[] {
    return this.catalog.listOperations(name, search);
  }

  @Post(':name/execute')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run an action through an alias: 200 with outputs, or 502 when Atlassian failed',
  })
  @ApiBody({ type: ExecuteActionDto })
  @ApiOkResponse({ type: ActionSuccessDto })
  @ApiBadGatewayResponse({
    type: ActionFailureDto,
    description: 'Atlassian answered with an error, or could not be reached',
  })
  @ApiInternalServerErrorResponse({
    description:
      'execution_not_recorded: the action ran but its execution could not be committed to the history; `outcome` holds what the 200 or 502 would have said',
  })
  async executeAction(
    // A plain string and an untyped body: the global class-validator pipe passes both by, and
    // parseExecuteBody checks the body with a compiled validator (an unknown name is a 404).
    @Param('name') name: string,
    @Body() body: unknown,
    @CurrentIdentity() identity: HubIdentity,
    @Res({ passthrough: true }) response: Response,
    @RequestId() requestId: string | undefined,
  ): Promise<ExecutionResult> {
    const { alias, inputs } = parseExecuteBody(body);
    const result = await this.actions.executeAction(name, alias, inputs, identity, requestId);
    if (result.status === 'error') response.status(502);
    return result;
  }
}
