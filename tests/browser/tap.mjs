/* tests/browser/tap.mjs: the TAP that every browser scenario prints (run.sh
 * runs them one after the other against one desk and adds up their rows).
 * Rows are numbered from KC_TAP_START, so that the next script goes on where
 * this one stopped; the plan (1..N) is printed by the last one only, which
 * run.sh tells the others with KC_TAP_PLAN=0.  One module, so that the
 * scripts cannot drift apart in how a failure and its reason are printed. */

let n = Number(process.env.KC_TAP_START ?? '1') - 1;
let failed = 0;

/* Prints one row; a failed row is followed by its reason, 40 lines at most,
 * as TAP comments. */
export function ok(cond, what, diag) {
  n++;
  if (cond) console.log(`ok ${n} - ${what}`);
  else {
    failed++;
    console.log(`not ok ${n} - ${what}`);
    if (diag) for (const l of String(diag).split('\n').slice(0, 40)) console.log(`# ${l}`);
  }
  return cond;
}

/* Runs one step; an exception fails it (and says why) instead of the run.
 * The step returns nothing or true (passed), false, or {ok, diag}. */
export async function step(what, fn) {
  try {
    const r = await fn();
    if (r === undefined || r === true) return ok(true, what);
    if (r === false) return ok(false, what);
    return ok(r.ok, what, r.diag);
  } catch (e) {
    return ok(false, what, e.stack || e.message);
  }
}

/* Prints the plan unless KC_TAP_PLAN=0 says a later script will, and exits
 * 1 when a row failed. */
export function finish() {
  if ((process.env.KC_TAP_PLAN ?? '1') !== '0') console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}
