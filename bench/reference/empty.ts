/**
 * The floor under the library bundles: a handler and nothing else, bundled by the house bundling
 * (its banner included), so that what a library adds is what its bundle takes beyond this one.
 */
export const handler = async () => ({ statusCode: 200, body: '{}' });
