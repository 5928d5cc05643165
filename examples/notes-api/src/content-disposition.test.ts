import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it('names a plain file in both forms', () => {
    expect(attachmentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
  });

  it('keeps quotes, backslashes, line breaks and non-ASCII out of the quoted fallback', () => {
    const header = attachmentDisposition('a"b\\c\r\nSet-Cookie: x=1;é.html');
    expect(header).toBe(
      `attachment; filename="a_b_c__Set-Cookie: x=1;_.html"; filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x%3D1%3B%C3%A9.html`,
    );
    expect(header).not.toMatch(/[\r\n]/);
  });

  it("percent-encodes the characters RFC 5987 leaves out of attr-char (' ( ) *)", () => {
    expect(attachmentDisposition("it's (1)*!.txt")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A!.txt`);
  });
});
