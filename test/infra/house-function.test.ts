/**
 * The house function's runtime options that are decided by context rather than by the catalog:
 * source maps at load cost every cold start, so they are on only when a deploy asks for them.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HouseFunction, SOURCE_MAPS_CONTEXT } from '#infra/cloud/house-function';
import { NO_BUNDLING } from '../support/cdk';

function environmentWith(context: Record<string, unknown>): Record<string, unknown> {
  const app = new App({ context: { ...NO_BUNDLING, ...context } });
  const stack = new Stack(app, 'House');
  new HouseFunction(stack, 'Fn', {
    name: 'meta',
    entry: 'functions/meta/handler.ts',
    description: 'test',
  });
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  if (!fn) throw new Error('no function in the stack');
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('source maps', () => {
  it('are not read at load unless the deploy asks', () => {
    expect(environmentWith({}).NODE_OPTIONS).toBeUndefined();
    expect(environmentWith({ [SOURCE_MAPS_CONTEXT]: false }).NODE_OPTIONS).toBeUndefined();
  });

  it('are enabled by -c house:sourceMaps=true (a string on the command line, a boolean in cdk.json)', () => {
    expect(environmentWith({ [SOURCE_MAPS_CONTEXT]: 'true' }).NODE_OPTIONS).toBe('--enable-source-maps');
    expect(environmentWith({ [SOURCE_MAPS_CONTEXT]: true }).NODE_OPTIONS).toBe('--enable-source-maps');
    expect(environmentWith({ [SOURCE_MAPS_CONTEXT]: true }).SERVICE_NAME).toBe('meta');
  });
});
