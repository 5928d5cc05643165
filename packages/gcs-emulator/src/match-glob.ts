// objects.list matchGlob: `**` crosses "/", `*` and `?` do not, `[...]` classes and `{a,b}` choices.

export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          pattern += '(?:.*/)?';
        } else pattern += '.*';
      } else pattern += '[^/]*';
    } else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) pattern += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        pattern += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (char === '{') {
      braces++;
      pattern += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      pattern += ')';
    } else if (char === ',' && braces > 0) pattern += '|';
    else pattern += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`, 's');
}
