/** Deeper than any activity, card or catalogue record we take; stack-safe for every walker. */
export const MAX_JSON_DEPTH = 64;

/** True when parsed JSON nests arrays or objects more than `max` levels; walks without recursion. */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
