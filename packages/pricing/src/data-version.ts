/**
 * Version of the bundled price data: the `@pydantic/genai-prices` release whose data ships in its
 * dist (the package exposes no version or data date at run time, and its `exports` map hides
 * `package.json`). `data-version.test.ts` fails when the installed release differs, so an upgrade
 * cannot leave this stale.
 */
export const BUNDLED_PRICES_PACKAGE = '@pydantic/genai-prices';
export const BUNDLED_PRICES_VERSION = '0.1.8';
export const BUNDLED_DATA_VERSION = `genai-prices@${BUNDLED_PRICES_VERSION}`;
/**
 * The bundled data's own date: when that release was published (npm registry `time` of
 * `@pydantic/genai-prices` 0.1.8, checked 2026-12-07 with `npm view @pydantic/genai-prices time`).
 * Update it with the version.
 */
export const BUNDLED_DATA_DATE = '2026-09-23T10:11:04.622Z';
