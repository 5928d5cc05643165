// The contract's $like: % matches any run of characters, _ any one character, and every other
// character (backslash included) only itself. Used to work out which rows a pattern should match.
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}
