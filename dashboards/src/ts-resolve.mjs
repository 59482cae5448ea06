// Lets Node run this package's TypeScript sources directly (type stripping, no build step): a relative import
// written `./x.js` (the repository's convention, as emitted code would import it) resolves to `./x.ts` when there is
// no `./x.js`. Used by the package scripts: node --experimental-strip-types --import ./src/ts-resolve.mjs src/cli.ts
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
