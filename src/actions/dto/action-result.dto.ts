import { ApiProperty } from '@nestjs/swagger';
import type { UpstreamFailure } from '../actions.service';

export class UpstreamFailureDto implements UpstreamFailure {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 400,
    description: "Atlassian's HTTP status; null when no answer came (network error, timeout)",
  })
  httpStatus: number | null;

  @ApiProperty({
    example:
      'Atlassian answered 400 to POST /rest/servicedeskapi/customer: An account already exists for this email',
    description: 'What happened and, for 401, 403, 404 and 429, what to fix',
  })
  message: string;

  @ApiProperty({
    type: Object,
    nullable: true,
    example: { errorMessages: ['An account already exists for this email'], errors: {} },
    description:
      "Always present. Atlassian's own errorMessages, errors, message, errorMessage and code when it answered a JSON object; null when its body was not one (an HTML page from a proxy, an empty body); {code} (e.g. ECONNRESET) when no answer came; {retryAfterSeconds, rateLimit} when a rate-limit hold outlasts the retry policy. rateLimit {reason, scope, endpoint?, issue?, retryAfterSeconds, resetAt?} names the limit that stopped the execution (also beside Atlassian's fields after a 429, or a 503 with Retry-After)",
  })
  details: unknown;
}

export class ActionSuccessDto {
  @ApiProperty({ enum: ['success'] })
  status: 'success';

  @ApiProperty({ format: 'uuid' })
  executionId: string;

  @ApiProperty({ type: Object, description: "Matches the action's output schema" })
  outputs: unknown;
}

export class ActionFailureDto {
  @ApiProperty({ enum: ['error'] })
  status: 'error';

  @ApiProperty({ format: 'uuid' })
  executionId: string;

  @ApiProperty({ type: UpstreamFailureDto })
  error: UpstreamFailureDto;
}
