// pointwise.ts's leadingArgs (a text scan used at import instead of parsing schemas) must agree
// with parseSchema on every schema: `npx tsx bench/bundle/leading_args_check.ts`.
import { SCHEMAS } from "../../src/ops/schemas.generated.js";
import { parseSchema } from "../../src/ops/schema.js";
import { leadingArgs } from "../../src/ops/impl/pointwise.js";

let bad = 0;
for (const [text] of SCHEMAS) {
  const s = parseSchema(text);
  const want = s.args.length < 2 ? null : [s.args[0]!.type.base, s.args[1]!.name];
  const got = leadingArgs(text);
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    bad++;
    console.log(`MISMATCH ${text}\n  parseSchema ${JSON.stringify(want)}\n  leadingArgs ${JSON.stringify(got)}`);
  }
}
console.log(`${SCHEMAS.length} schemas, ${bad} mismatches`);
process.exitCode = bad === 0 ? 0 : 1;
