import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { ActionCatalog } from '../actions/action-catalog';
import { ActionsService, ExecutionResult } from '../actions/actions.service';
import { ActionDetailDto } from '../actions/dto/action-response.dto';
import { ActionNameParamDto } from '../actions/dto/execute-action.dto';
import { AliasesService } from '../aliases/aliases.service';
import { ExecutionsService } from '../executions/executions.service';
import { SPOKES } from '../spokes';
import { HubError, HubErrorCode } from '../common/hub-error';
import type { BrowserSession } from '../identity/browser-sessions.service';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { RequestId } from '../logging/request-id';
import {
  formValuesOf,
  InputField,
  inputFieldsOf,
  inputsFromForm,
  actionFormRules,
  outputTableOf,
} from './action-form';
import { ConsoleController } from './console.decorators';
import { formFailureOf, textField } from './console-forms';
import { CurrentSession, FormBody } from './console-request';

const VIEW = 'actions/show.njk';

/** The spoke action catalog, and the Test action runner (designers may run actions too). */
@ConsoleController('actions')
@AllowRoles(Role.Admin, Role.Designer)
export class ConsoleActionsController {
  constructor(
    private readonly catalog: ActionCatalog,
    private readonly actions: ActionsService,
    private readonly aliases: AliasesService,
    private readonly executions: ExecutionsService,
  ) {}

  @Get()
  listActions(@Res() response: Response) {
    const actions = this.catalog
      .listActions()
      .map((summary) => this.catalog.getAction(summary.name));
    response.render('actions/list.njk', {
      title: 'Actions',
      nav: 'actions',
      groups: SPOKES.map((spoke) => ({
        spoke,
        actions: actions
          .filter((action) => action.spoke === spoke)
          .map((action) => ({ ...action, fields: inputFieldsOf(action.inputSchema) })),
      })).filter((group) => group.actions.length > 0),
    });
  }

  @Get(':name')
  async showAction(
    @Param() { name }: ActionNameParamDto,
    @Query('example') example: unknown,
    @Query('execution') executionId: unknown,
    @Res() response: Response,
  ) {
    const action = this.catalog.getAction(name);
    const fields = inputFieldsOf(action.inputSchema);
    let values: FormBody = example === '1' ? formValuesOf(fields, action.example) : {};
    if (executionId !== undefined) {
      // "Run again with these inputs" from the execution history: the form, filled in, not a run.
      if (typeof executionId !== 'string' || !isUUID(executionId)) {
        throw HubError.invalidFields([
          { field: 'execution', rule: 'isUuid', message: 'execution must be an execution id' },
        ]);
      }
      const id = executionId;
      const execution = await this.executions.getExecution(id);
      if (execution.action !== name) {
        throw HubError.invalidFields([
          { field: 'execution', rule: 'sameAction', message: `Execution ${id} ran another action` },
        ]);
      }
      const inputs = (execution.inputs ?? {}) as Record<string, unknown>;
      values = { ...formValuesOf(fields, inputs), alias: execution.alias };
    }
    response.render(VIEW, await this.model(action, fields, { values }));
  }

  @Post(':name/run')
  async runAction(
    @Param() { name }: ActionNameParamDto,
    @Body() body: FormBody,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
    @RequestId() requestId: string | undefined,
  ) {
    const action = this.catalog.getAction(name);
    const fields = inputFieldsOf(action.inputSchema);
    const alias = textField(body, 'alias') ?? '';
    try {
      const { inputs, errors } = inputsFromForm(fields, body);
      if (!alias) errors.push({ field: 'alias', rule: 'required', message: 'alias is required' });
      if (errors.length > 0) throw HubError.invalidFields(errors);
      const result = await this.actions.executeAction(
        name,
        alias,
        inputs,
        session.identity,
        requestId,
      );
      response.status(result.status === 'success' ? 200 : 502).render(
        VIEW,
        await this.model(action, fields, {
          values: body,
          result,
          outputTable: result.status === 'success' ? outputTableOf(result.outputs) : null,
        }),
      );
    } catch (error) {
      const failure = formFailureOf(error, actionFormRules(fields), body);
      // An execution that could not be recorded has no record to link to.
      const executionId =
        error instanceof HubError &&
        error.code !== HubErrorCode.ExecutionNotRecorded &&
        typeof error.details?.executionId === 'string'
          ? error.details.executionId
          : undefined;
      response
        .status(failure.status)
        .render(VIEW, await this.model(action, fields, { values: body, failure, executionId }));
    }
  }

  private async model(
    action: ActionDetailDto,
    fields: InputField[],
    extra: { values: FormBody; result?: ExecutionResult; [key: string]: unknown },
  ) {
    const aliases = (await this.aliases.listAliases()).filter(
      (alias) => alias.spoke === action.spoke,
    );
    return {
      title: action.title,
      nav: 'actions',
      action,
      fields,
      aliasOptions: [
        { value: '', label: 'Choose an alias…' },
        ...aliases.map((alias) => ({
          value: alias.name,
          label: alias.activeConnectionId ? alias.name : `${alias.name} (no active connection)`,
        })),
      ],
      breadcrumbs: [{ label: 'Actions', href: '/actions' }, { label: action.name }],
      chosenByField: chosenOptions(fields, extra.values),
      ...extra,
    };
  }
}

/**
 * The ticked boxes of each choices field, always as a list: one ticked box comes back from a form
 * as a plain string, and testing an option against a string would match its substrings.
 */
function chosenOptions(fields: InputField[], values: FormBody): Record<string, string[]> {
  const chosen: Record<string, string[]> = {};
  for (const field of fields) {
    if (field.kind !== 'choices') continue;
    chosen[field.name] = [values[field.name] ?? []]
      .flat()
      .filter((value): value is string => typeof value === 'string');
  }
  return chosen;
}
