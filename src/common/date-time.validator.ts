import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * An ISO 8601 date-time that JavaScript can also turn into a Date. class-validator's IsDateString
 * accepts ISO forms such as week dates (`2024-W01`) or basic format (`20240101`) that `new Date()`
 * cannot read, and an Invalid Date must never reach a query or a column. Strict: a day the month
 * does not have (2030-02-31) is refused rather than moved to the next month.
 */
export function IsDateTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isISO8601(value, { strict: true }) &&
          Number.isFinite(Date.parse(value)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO 8601 date-time such as 2026-11-26T12:00:00Z`,
      },
    },
    validationOptions,
  );
}
