import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { SPOKE_DEFINITIONS } from '../spokes';
import { ConsoleController } from './console.decorators';
import { formFailureOf, integerField, textField, validateAs } from './console-forms';
import type { FormBody } from './console-request';
import { dropUndefined } from './credential-form';
import { CONNECTION_SORTS, ConnectionSort, DashboardQueryDto } from './dashboard-query.dto';
import { DashboardService } from './dashboard.service';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  { value: 'attention', label: 'Needs attention' },
  { value: 'token', label: 'Needs an OAuth token' },
  { value: 'test_failed', label: 'Last test failed' },
  { value: 'untested', label: 'Never tested' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

const SPOKE_OPTIONS = [
  { value: '', label: 'Any spoke' },
  ...SPOKE_DEFINITIONS.map((spoke) => ({ value: spoke.name, label: spoke.title })),
];

@ConsoleController()
@AllowRoles(Role.Admin, Role.Designer)
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The connection list's search, filters, sort and page are a GET form: bookmarkable. */
  @Get()
  async showDashboard(@Query() query: FormBody, @Res() response: Response) {
    const values = {
      q: textField(query, 'q'),
      spoke: textField(query, 'spoke'),
      status: textField(query, 'status'),
      site: textField(query, 'site'),
      sort: textField(query, 'sort'),
      dir: textField(query, 'dir'),
    };
    const base = {
      title: 'Dashboard',
      nav: 'dashboard',
      values,
      statusOptions: STATUS_OPTIONS,
      spokeOptions: SPOKE_OPTIONS,
    };
    let dto: DashboardQueryDto;
    try {
      dto = await validateAs(
        DashboardQueryDto,
        dropUndefined({ ...values, page: integerField(query, 'page') }),
      );
    } catch (error) {
      const failure = formFailureOf(error);
      // The rest of the dashboard still helps; only the list's query was wrong.
      const dashboard = await this.dashboard.getDashboard({});
      response.status(failure.status).render('dashboard.njk', {
        ...base,
        ...dashboard,
        failure,
        ...linksFor({}, dashboard.list.page, dashboard.list.pages),
      });
      return;
    }
    const dashboard = await this.dashboard.getDashboard(dto);
    response.render('dashboard.njk', {
      ...base,
      ...dashboard,
      filtered: Boolean(dto.q || dto.spoke || dto.status || dto.site),
      ...linksFor(dto, dashboard.list.page, dashboard.list.pages),
    });
  }
}

/** Links that keep the list's search and filters: paging keeps the sort, sorting starts at page 1. */
function linksFor(query: DashboardQueryDto, page: number, pages: number) {
  const filters = dropUndefined({
    q: query.q,
    spoke: query.spoke,
    status: query.status,
    site: query.site,
  }) as Record<string, string>;
  const sort = query.sort ?? 'name';
  const dir = query.dir ?? 'asc';
  const href = (params: Record<string, string>) =>
    `/?${new URLSearchParams({ ...filters, ...params }).toString()}#connections-heading`;
  const pageHref = (target: number) =>
    href({ ...(query.sort ? { sort, dir } : {}), page: String(target) });
  const sortLinks = Object.fromEntries(
    CONNECTION_SORTS.map((key: ConnectionSort) => {
      const current = key === sort;
      const nextDir = current && dir === 'asc' ? 'desc' : 'asc';
      return [
        key,
        {
          href: href({ sort: key, dir: nextDir }),
          ariaSort: current ? (dir === 'asc' ? 'ascending' : 'descending') : undefined,
        },
      ];
    }),
  );
  return {
    sortLinks,
    pager: {
      first: page > 1 ? pageHref(1) : undefined,
      previous: page > 1 ? pageHref(page - 1) : undefined,
      next: page < pages ? pageHref(page + 1) : undefined,
      last: page < pages ? pageHref(pages) : undefined,
    },
  };
}
