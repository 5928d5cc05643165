// Errors on the XML-API paths (signed URLs) come back as XML documents, not JSON.
import type { ServerResponse } from 'node:http';

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

function escapeXml(text: string): string {
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
