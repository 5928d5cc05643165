// `Content-Disposition: attachment` for a download (RFC 6266): the browser saves the file rather
// than rendering it from this origin, whatever content type was uploaded. The name goes twice: a
// quoted ASCII fallback with anything unsafe in a quoted-string replaced, and `filename*` in
// RFC 5987's UTF-8 percent-encoding, which clients that know it prefer.
const ATTR_CHAR_EXTRAS = /['()*]/g; // left alone by encodeURIComponent, outside RFC 5987 attr-char

export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name.toWellFormed()).replace(
    ATTR_CHAR_EXTRAS,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
