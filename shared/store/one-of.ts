/**
 * A filter that keeps items whose attribute is one of many values (a city's organizations as
 * hosts). DynamoDB's IN takes at most 100 operands, so longer lists are IN clauses joined by OR;
 * placeholders are short because a filter expression holds at most 4 KB, which with these still
 * fits some 500 values, more organizations than any one city registers.
 */
const IN_OPERANDS = 100;

export interface FilterPart {
  expression: string;
  names: Record<string, string>;
  values: Record<string, string>;
}

/** `attribute IN (...)` over `values` (at least one); `tag` names its placeholders (`:<tag>0`...). */
export function oneOf(attribute: string, values: readonly string[], tag = 'in'): FilterPart {
  if (values.length === 0) throw new Error(`oneOf(${attribute}) needs at least one value`);
  const name = `#${attribute}`;
  const placeholders: Record<string, string> = {};
  const clauses: string[] = [];
  for (let start = 0; start < values.length; start += IN_OPERANDS) {
    const chunk = values.slice(start, start + IN_OPERANDS).map((value, offset) => {
      const placeholder = `:${tag}${start + offset}`;
      placeholders[placeholder] = value;
      return placeholder;
    });
    clauses.push(`${name} IN (${chunk.join(', ')})`);
  }
  return { expression: `(${clauses.join(' OR ')})`, names: { [name]: attribute }, values: placeholders };
}
