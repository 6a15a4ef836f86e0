import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_SPOKE_ACTIONS } from '../src/spokes';
import { renderActionsDoc } from './actions-doc';

/** `npm run docs:actions`: writes docs/actions.md from the action catalog. */
const file = resolve(__dirname, '../../docs/actions.md');
writeFileSync(file, renderActionsDoc(ALL_SPOKE_ACTIONS));
process.stdout.write(`Wrote ${file} (${ALL_SPOKE_ACTIONS.length} actions)\n`);
