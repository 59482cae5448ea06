// node src/cli.ts generate | check | queries [--json]
//   generate  write dashboards/generated/*.json from the TypeScript sources
//   check     exit 1 if dashboards/generated/ differs from what the sources produce
//   queries   print every panel query with macros and variables substituted (--json: as JSON, see PanelQuery)
import { checkGenerated, REGENERATE_HINT, writeGenerated } from './generate.js';
import { dashboardQueries } from './queries.js';

const [command, ...flags] = process.argv.slice(2);

switch (command) {
  case 'generate': {
    const changes = writeGenerated();
    console.log(changes.length ? changes.join('\n') : 'dashboards/generated/ is up to date');
    break;
  }
  case 'check': {
    const drift = checkGenerated();
    if (drift.length) {
      console.error(drift.map(({ file, problem }) => `${file}: ${problem}`).join('\n'));
      console.error(`dashboards/generated/ is out of date: ${REGENERATE_HINT}`);
      process.exitCode = 1;
    } else console.log('dashboards/generated/ is up to date');
    break;
  }
  case 'queries': {
    const queries = dashboardQueries();
    if (flags.includes('--json')) console.log(JSON.stringify(queries, null, 2));
    else
      for (const q of queries)
        console.log(
          `${q.dashboardUid} #${q.panelId} ${q.refId} [${q.instant ? 'instant' : 'range'}] ${q.panelTitle}\n  ${q.expr}${q.mayBeEmpty ? `\n  (may be empty: ${q.mayBeEmpty})` : ''}`,
        );
    break;
  }
  default:
    console.error('usage: node src/cli.ts generate | check | queries [--json]');
    process.exitCode = 2;
}
