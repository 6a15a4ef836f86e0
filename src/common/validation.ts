import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { FieldError, HubError } from './hub-error';

/** Unknown fields are refused, types are checked, and each broken rule is named with its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => HubError.invalidFields(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message:
        rule === 'whitelistValidation' ? `${field} is not a known field` : prefixed(field, message),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

// class-validator messages start with the property name; nested fields need the full path.
function prefixed(field: string, message: string): string {
  const dot = field.lastIndexOf('.');
  if (dot < 0) return message;
  const property = field.slice(dot + 1);
  return message.startsWith(property) ? `${field}${message.slice(property.length)}` : message;
}

/**
 * The field may be left out; null is not leaving it out. class-validator's IsOptional skips the
 * field's rules for null too, which let `{"name": null}` through to the services (and a NOT NULL
 * column) as a 500. With this, null meets the field's rules and fails them like any wrong type.
 * A field that really takes null says so with its own ValidateIf (see expiresAt).
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
