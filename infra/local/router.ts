/** Matches a request to the route table as API Gateway does: static segments win over parameters. */
import { ROUTES, type RouteDef } from '#shared/routes';

export interface RouteMatch {
  route: RouteDef;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
  parameterCount: number;
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const name = segment.match(/^\{(\w+)\}$/)?.[1];
      if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, parameterCount: names.length };
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly RouteDef[] = ROUTES) {
    this.compiled = routes.map(compile).sort((a, b) => a.parameterCount - b.parameterCount);
  }

  /** The route for `method path`, or undefined; throws URIError for a malformed %-escape. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const pathParameters = Object.fromEntries(
        names.map((name, index) => [name, decodeURIComponent(found[index + 1] as string)]),
      );
      return { route, pathParameters };
    }
    return undefined;
  }

  /** True when some route has this path with another method. */
  hasPath(path: string): boolean {
    return this.compiled.some(({ pattern }) => pattern.test(path));
  }
}
