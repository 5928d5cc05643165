// Errors on the XML-API paths (signed URLs) come back as XML documents, not JSON.
import type { ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';

export class XmlError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string | undefined;
  readonly extra: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: string,
    extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'XmlError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.extra = extra;
  }
}

/** Escapes element text (quotes stay as they are, as in the service's ETag elements). */
export function escapeXmlText(text: string): string {
  return text.replace(/[<>&]/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function sendXmlError(res: ServerResponse, error: XmlError, head = false): void {
  let body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`;
  if (error.details !== undefined) body += `<Details>${escapeXml(error.details)}</Details>`;
  for (const [name, value] of Object.entries(error.extra)) body += `<${name}>${escapeXml(value)}</${name}>`;
  body += '</Error>';
  res.writeHead(error.status, {
    'content-type': 'application/xml; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}

/** The XML-API form of an error the shared (JSON-API) code raised. */
export function toXmlError(error: unknown, bucket: string, name?: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 404) {
    return error.message.startsWith('No such object')
      ? new XmlError(
          404,
          'NoSuchKey',
          'The specified key does not exist.',
          `No such object: ${bucket}/${name ?? ''}`,
        )
      : new XmlError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
  }
  if (error.status === 412) {
    return new XmlError(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold.',
    );
  }
  return new XmlError(
    error.status,
    error.status === 400 ? 'InvalidArgument' : 'InternalError',
    error.message,
  );
}
