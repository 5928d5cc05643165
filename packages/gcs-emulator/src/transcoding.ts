// Decompressive transcoding: an object stored with Content-Encoding: gzip is gunzipped on the way
// out unless the request accepts gzip or the object's Cache-Control has no-transform (then it is
// served as stored, with Content-Encoding: gzip). A transcoded response has no Content-Length
// and ignores Range, as on the service.

/** Whether an Accept-Encoding header admits gzip (an explicit q=0 refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let wildcard = false;
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') wildcard = accepted;
  }
  return wildcard;
}

export function isGzipEncoded(contentEncoding: string | undefined): boolean {
  return contentEncoding?.trim().toLowerCase() === 'gzip';
}

export function servesDecompressed(
  object: { readonly contentEncoding?: string | undefined; readonly cacheControl?: string | undefined },
  acceptEncoding: string | undefined,
): boolean {
  if (!isGzipEncoded(object.contentEncoding)) return false;
  if (/(^|,)\s*no-transform\s*(,|$)/i.test(object.cacheControl ?? '')) return false;
  return !acceptsGzip(acceptEncoding);
}
