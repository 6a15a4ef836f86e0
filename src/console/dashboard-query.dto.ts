import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { OptionalField } from '../common/validation';
import { Spoke } from '../spokes/spoke';

export const CONNECTION_STATUS_FILTERS = [
  'attention',
  'token',
  'test_failed',
  'untested',
  'active',
  'inactive',
] as const;
export type ConnectionStatusFilter = (typeof CONNECTION_STATUS_FILTERS)[number];

export const CONNECTION_SORTS = ['name', 'alias', 'site', 'tested', 'status'] as const;
export type ConnectionSort = (typeof CONNECTION_SORTS)[number];

/** The dashboard's connection list: a GET form, so a filtered page can be bookmarked. */
export class DashboardQueryDto {
  @OptionalField()
  @IsString()
  @Length(0, 200, { message: 'Search must be at most 200 characters' })
  q?: string;

  @OptionalField()
  @IsIn(Object.values(Spoke), { message: 'Spoke must be one of the listed spokes' })
  spoke?: Spoke;

  @OptionalField()
  @IsIn(CONNECTION_STATUS_FILTERS, { message: 'Status must be one of the listed statuses' })
  status?: ConnectionStatusFilter;

  /** A cloud id, or `none` for OAuth connections still waiting for their site. */
  @OptionalField()
  @IsString()
  @Length(1, 36, { message: 'Site must be one of the listed sites' })
  site?: string;

  @OptionalField()
  @IsIn(CONNECTION_SORTS, { message: 'Sort must be name, alias, site, tested or status' })
  sort?: ConnectionSort;

  @OptionalField()
  @IsIn(['asc', 'desc'], { message: 'Order must be asc or desc' })
  dir?: 'asc' | 'desc';

  @OptionalField()
  @Type(() => Number)
  @IsInt({ message: 'Page must be a whole number' })
  @Min(1, { message: 'Page must be 1 or more' })
  @Max(1_000_000, { message: 'Page must be at most 1000000' })
  page?: number;
}
