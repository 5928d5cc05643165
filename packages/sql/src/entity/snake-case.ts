// Table, column and constraint names are snake_case. MikroORM's UnderscoreNamingStrategy does the
// same, but Stowage sets every name explicitly, so an ORM configured with another naming strategy
// cannot rename tables, and error mapping can turn a constraint name back into fields.
/** "BlogPost" → "blog_post", "createdAt" → "created_at", "line2Text" → "line2_text". */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
