// The small bench tools' command lines: `--name value` options taken out of the arguments, the rest left (build paths).

/** Returns `take(name, fallback)`, which removes `--name value` from `args` and returns the value (or `fallback`). */
export function optionTaker(args) {
  return (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const [, value] = args.splice(i, 2);
    return value;
  };
}
