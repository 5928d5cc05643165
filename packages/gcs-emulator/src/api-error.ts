// The JSON API's error model. Every failure a handler raises is an ApiError; the router renders it
// as {"error":{"code","message","errors":[{"message","domain":"global","reason"}]}} like
// storage.googleapis.com does, so SDK error mapping (err.code, err.errors[0].reason) works unchanged.

export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly locationType: string | undefined;
  readonly location: string | undefined;

  constructor(status: number, reason: string, message: string, location?: { type: string; name: string }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.locationType = location?.type;
    this.location = location?.name;
  }

  static bucketNotFound(): ApiError {
    return new ApiError(404, 'notFound', 'The specified bucket does not exist.');
  }

  static objectNotFound(bucket: string, name: string): ApiError {
    return new ApiError(404, 'notFound', `No such object: ${bucket}/${name}`);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'notFound', message);
  }

  static conditionNotMet(header = 'If-Match'): ApiError {
    return new ApiError(
      412,
      'conditionNotMet',
      'At least one of the pre-conditions you specified did not hold.',
      {
        type: 'header',
        name: header,
      },
    );
  }

  static notModified(): ApiError {
    return new ApiError(304, 'notModified', 'Not Modified');
  }

  static invalid(message: string): ApiError {
    return new ApiError(400, 'invalid', message);
  }

  static required(message: string): ApiError {
    return new ApiError(400, 'required', message);
  }

  static conflict(message: string): ApiError {
    return new ApiError(409, 'conflict', message);
  }

  static rangeNotSatisfiable(): ApiError {
    return new ApiError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.', {
      type: 'header',
      name: 'Range',
    });
  }

  static parseError(): ApiError {
    return new ApiError(400, 'parseError', 'Parse Error');
  }

  /** The body the real service sends for this error. */
  toBody(): { error: { code: number; message: string; errors: Record<string, string>[] } } {
    const detail: Record<string, string> = { message: this.message, domain: 'global', reason: this.reason };
    if (this.locationType !== undefined && this.location !== undefined) {
      detail.locationType = this.locationType;
      detail.location = this.location;
    }
    return { error: { code: this.status, message: this.message, errors: [detail] } };
  }
}
