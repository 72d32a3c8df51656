import { benchColdStart } from '/work/wt/coldstart/scripts/bench/cold-start';
const f = await benchColdStart(Number(process.argv[2] ?? 2));
console.log(JSON.stringify(f));
